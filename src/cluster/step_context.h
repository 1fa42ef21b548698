// StepContext: what every step runner is given: the client to call nodes with, the evaluator for
// multi-call expressions, the desired state (app, timeouts) and the progress sink. Borrowed for
// the length of one converge(); runners hold no state of their own between steps, and the
// backup a step took is taken from here into its ActionResult.
#pragma once

#include "cluster/progress_sink.h"
#include "erl/node_client.h"
#include "erl/remote_eval.h"
#include "model/desired_state.h"
#include "model/outcome.h"

namespace ejcluster::cluster {

struct StepContext {
  erl::NodeClient& client;
  erl::RemoteEvaluator& evaluator;
  const DesiredState& desired;
  ProgressSink progress;
  std::optional<NodeBackup> backup{};  // what the current step saved before it dropped data
  std::vector<DroppedRecords> dropped{};  // what the current heal dropped, per table
};

}  // namespace ejcluster::cluster
