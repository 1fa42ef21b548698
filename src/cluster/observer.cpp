#include "cluster/observer.h"

#include "cluster/node_observer.h"
#include "erl/remote_eval.h"

namespace ejcluster::cluster {

ClusterState observe_cluster(erl::NodeClient& client, const DesiredState& desired) {
  erl::RemoteEvaluator evaluator(client);
  std::vector<NodeObservation> observations;
  observations.reserve(desired.nodes.size());
  for (const erl::NodeName& node : desired.nodes) {
    observations.push_back(observe_node(evaluator, node, desired.timeouts.rpc));
  }
  return merge_observations(std::move(observations), desired.seed);
}

}  // namespace ejcluster::cluster
