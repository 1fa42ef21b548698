#include "observed.h"

#include "report/state_json.h"

namespace ejcluster::tf {

void set_observed(Value& object, const cluster::ClusterState& state) {
  // Placement only: no row counts (they change with every message) and no empty lists (a plan
  // shows the whole old value when it changes).
  nlohmann::ordered_json placement = report::placement_to_json(cluster::placement_of(state));
  object["members"] = Value(placement["members"]);
  object["running"] = Value(placement["running"]);
  object["unreachable"] = Value(state.unreachable);
  object["placement"] = placement["tables"].dump();
}

bool any_reachable(const cluster::ClusterState& state) {
  for (const auto& node : state.nodes) {
    if (node.reachable()) return true;
  }
  return false;
}

nlohmann::ordered_json report_summary(nlohmann::ordered_json report) {
  report.erase("before");
  report.erase("after");
  for (auto& action : report["actions"]) {
    if (action["op"] == "join") action.erase("tables");
  }
  return report;
}

}  // namespace ejcluster::tf
