#include "observed.h"

#include "util/join.h"

namespace ejcluster::tf {
namespace {

std::string where_held(const cluster::Copies& copies, const std::vector<std::string>& members) {
  if (copies.size() == 1 && copies.begin()->second == members) return std::string(to_string(copies.begin()->first));
  std::vector<std::string> parts;
  for (cluster::StorageType type : cluster::kStorageTypes) {
    auto found = copies.find(type);
    if (found != copies.end()) parts.push_back(std::string(to_string(type)) + ": " + util::join(found->second));
  }
  return util::join(parts, "; ");
}

}  // namespace

void set_placement(Value& object, const cluster::Placement& placement) {
  object["members"] = Value(placement.members);
  object["running"] = Value(placement.running);
  Value tables = Value::object();
  for (const auto& [table, copies] : placement.tables) {
    if (!copies.empty()) tables[table] = where_held(copies, placement.members);
  }
  object["placement"] = std::move(tables);
}

void set_observed(Value& object, const cluster::ClusterState& state) {
  set_placement(object, cluster::placement_of(state));
  object["unreachable"] = Value(state.unreachable);
}

bool any_reachable(const cluster::ClusterState& state) {
  for (const auto& node : state.nodes) {
    if (node.reachable()) return true;
  }
  return false;
}

}  // namespace ejcluster::tf
