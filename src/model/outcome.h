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

struct ActionResult {
  enum class Status { kPlanned, kDone, kFailed, kSkipped };
  Step step;
  Status status = Status::kPlanned;
  std::int64_t ms = 0;
  std::string error{};  // kFailed: the call and the Erlang reason
  std::optional<NodeBackup> backup{};  // taken before the step dropped data (step.backup)
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
