// converge(): observe, plan, (apply, verify) — the whole of `ejcluster plan` and `apply`, for every
// face. The result holds everything the report shows; turning it into JSON is report/'s job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cluster/cluster_state.h"
#include "cluster/desired_state.h"
#include "cluster/plan.h"
#include "cluster/step_context.h"
#include "erl/node_client.h"

namespace ejcluster::cluster {

enum class Mode { kPlan, kApply };

struct ActionResult {
  enum class Status { kPlanned, kDone, kFailed, kSkipped };
  Step step;
  Status status = Status::kPlanned;
  std::int64_t ms = 0;
  std::string error{};  // kFailed: the call and the Erlang reason
};

std::string_view to_string(ActionResult::Status status);

struct Outcome {
  Mode mode = Mode::kPlan;
  ClusterState before;
  std::optional<ClusterState> after;  // apply, once anything ran
  Plan plan;
  std::vector<ActionResult> actions;
  std::vector<InputError> input_errors;  // placement the cluster's tables rule out: nothing ran
  bool changed = false;                  // apply: a step was done
  bool converged = false;                // the cluster (after apply, or as observed) is as desired
  std::vector<std::string> errors;       // failed steps, refusals, unreachable nodes, in words
};

// Plan mode never changes anything. Apply runs the plan's steps in order and stops at the first
// failure (the rest are reported as skipped), then observes again to verify.
Outcome converge(erl::NodeClient& client, const DesiredState& desired, Mode mode, const ProgressSink& progress);

}  // namespace ejcluster::cluster
