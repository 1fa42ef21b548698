#include "cluster/observe_cluster.h"

#include <thread>
#include <vector>

#include "cluster/node_query.h"

namespace ejcluster::cluster {

ClusterState observe_cluster(erl::RemoteEvaluator& evaluator, const DesiredState& desired) {
  std::vector<NodeView> observations(desired.nodes.size());
  {
    // One thread per node: each mostly waits for its node (connect, Mnesia's answer), so the
    // whole takes about as long as the slowest node instead of the sum of all of them.
    std::vector<std::jthread> readers;
    readers.reserve(desired.nodes.size());
    for (std::size_t i = 0; i < desired.nodes.size(); ++i) {
      readers.emplace_back([&, i] { observations[i] = query_node(evaluator, desired.nodes[i], desired.timeouts.rpc); });
    }
  }  // the jthreads join here
  return merge_observations(std::move(observations), desired.seed);
}

ClusterState observe_cluster(erl::NodeClient& client, const DesiredState& desired) {
  erl::RemoteEvaluator evaluator(client);
  return observe_cluster(evaluator, desired);
}

}  // namespace ejcluster::cluster
