// Observing one node: a single round trip that returns the node's Mnesia view as a snapshot.
#pragma once

#include <chrono>
#include <expected>
#include <string>

#include "model/node_view.h"
#include "erl/remote_eval.h"

namespace ejcluster::cluster {

// Asks `node` for its view. Never fails: an unreachable node comes back with `error` set.
NodeView query_node(erl::RemoteEvaluator& evaluator, const erl::NodeName& node,
                             std::chrono::milliseconds timeout);

// Reads the reply of the observation query (the map that kNodeViewQuery returns). Pure: the
// unit tests feed it terms built by hand.
std::expected<NodeView, std::string> decode_node_view(const std::string& node, const erl::Term& reply);

// The Erlang expression that query_node evaluates on each node.
extern const std::string kNodeViewQuery;

}  // namespace ejcluster::cluster
