// Observing the listed nodes and merging their views into a ClusterState.
#pragma once

#include "model/cluster_state.h"
#include "model/desired_state.h"
#include "erl/remote_eval.h"

namespace ejcluster::cluster {

// Asks every node of `desired` for its view, all nodes at once (connect and rpc timeouts from the
// desired state), and merges the answers. Unreachable nodes are part of the result, not an error.
ClusterState observe_cluster(erl::RemoteEvaluator& evaluator, const DesiredState& desired);

// The same through a client of its own (for one-shot callers such as `status`).
ClusterState observe_cluster(erl::NodeClient& client, const DesiredState& desired);

}  // namespace ejcluster::cluster
