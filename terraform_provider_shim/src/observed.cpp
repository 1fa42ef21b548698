#include "observed.h"

#include "report/state_json.h"

namespace ejcluster::tf {

void set_observed(Value& object, const cluster::ClusterState& state, const std::optional<std::string>& app) {
  nlohmann::ordered_json json = report::state_to_json(state, app);
  object["members"] = Value(json["members"]);
  object["running"] = Value(json["running"]);
  object["unreachable"] = Value(json["unreachable"]);
  // Placement only: the storage types that have copies, without row counts (they change with
  // every message) and without empty lists (a plan shows the whole old value when it changes).
  nlohmann::ordered_json placement = nlohmann::ordered_json::object();
  for (const auto& [table, entry] : json["tables"].items()) {
    nlohmann::ordered_json copies = nlohmann::ordered_json::object();
    for (const char* type : cluster::kStorageTypes) {
      if (!entry[type].empty()) copies[type] = entry[type];
    }
    placement[table] = std::move(copies);
  }
  object["placement"] = placement.dump();
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
