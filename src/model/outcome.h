// Outcome: what a run of `plan` or `apply` found, planned, did and verified. A plain value that
// converge() fills and every face reads (the CLI's report, the Terraform provider); turning it
// into JSON or text is report/'s job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/cluster_state.h"
#include "model/desired_state.h"
#include "model/plan.h"
#include "model/preflight.h"

namespace ejcluster::cluster {

enum class Mode { kPlan, kApply };

// What a node saved of its own data before a step dropped some (cluster/node_backup.h).
struct NodeBackup {
  enum class Kind { kMnesiaBackup, kDirectoryCopy };
  std::string node;
  std::string path;  // on the node's host; empty: the node had no Mnesia directory, nothing to save
  std::int64_t bytes = 0;
  Kind kind = Kind::kMnesiaBackup;
};

std::string_view to_string(NodeBackup::Kind kind);

// What a heal dropped of one table on the node it rolled back (cluster/dropped_records.h).
struct DroppedRecords {
  std::string table;
  std::int64_t missing = 0;    // records the seed's side lacks
  std::int64_t differing = 0;  // keys the seed's side holds with another value
  std::vector<std::string> first_missing{};    // their keys, printed; the first few
  std::vector<std::string> first_differing{};
};

struct ActionResult {
  enum class Status { kPlanned, kDone, kFailed, kSkipped };
  Step step;
  Status status = Status::kPlanned;
  std::int64_t ms = 0;
  std::string error{};  // kFailed: the call and the Erlang reason
  std::optional<NodeBackup> backup{};  // taken before the step dropped data (step.backup)
  std::vector<DroppedRecords> dropped{};  // heal: what the node held that the seed's side did not
};

std::string_view to_string(ActionResult::Status status);

struct Outcome {
  Mode mode = Mode::kPlan;
  ClusterState before;
  std::optional<ClusterState> after;  // apply, once anything ran
  Plan plan;
  std::vector<Check> checks;  // pre-flight, before any step: a failed one refused the joins it endangers
  std::vector<ActionResult> actions;
  std::vector<InputError> input_errors;  // placement the cluster's tables rule out: nothing ran
  bool changed = false;                  // apply: a step was done
  bool converged = false;                // the cluster (after apply, or as observed) is as desired
  std::vector<std::string> errors;       // failed steps, refusals, unreachable nodes, in words
};

}  // namespace ejcluster::cluster
