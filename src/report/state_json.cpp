#include "report/state_json.h"

namespace ejcluster::report {
namespace {

using json = nlohmann::ordered_json;

// The table maps are filled from std::maps (keys unique and already in order): sized first
// (object_for; growing them was most of the report's time at 1,040 tables), and each key added
// without looking for it, since operator[] searches the vector (a million string compares).
void append_new_key(json& object, const std::string& key, json value) {
  object.get_ref<json::object_t&>().emplace_back(key, std::move(value));
}

json tables_to_json(const std::map<std::string, cluster::TablePlacement>& tables) {
  json out = object_for(tables.size());
  for (const auto& [name, placement] : tables) {
    json entry;
    for (cluster::StorageType type : cluster::kStorageTypes) {
      auto found = placement.copies.find(type);
      entry[to_string(type)] = found == placement.copies.end() ? json::array() : json(found->second);
    }
    entry["type"] = placement.kind;
    entry["local_content"] = placement.local_content;
    entry["size"] = placement.size;
    append_new_key(out, name, std::move(entry));
  }
  return out;
}

// Room for the state's own keys too (state_to_json adds them to the first cluster's object).
constexpr std::size_t kStateKeys = 16;

json cluster_to_json(const cluster::Cluster& cluster) {
  json out = object_for(kStateKeys);
  out["members"] = cluster.members;
  out["running"] = cluster.running;
  out["tables"] = tables_to_json(cluster.tables);
  out["partitioned"] = cluster.partitioned();
  out["sides"] = cluster.sides;
  out["waiting_for_tables"] = cluster.waiting;
  out["went_down_last"] = cluster.went_down_last;
  out["observed_via"] = cluster.observed_via;
  return out;
}

json node_to_json(const cluster::NodeView& node, const std::optional<std::string>& app) {
  json out;
  out["reachable"] = node.reachable();
  if (!node.reachable()) {
    out["error"] = {{"kind", erl::to_string(node.error->kind)}, {"message", node.error->message()}};
    return out;
  }
  out["mnesia"] = to_string(node.mnesia);
  out["db_nodes"] = node.db_nodes;
  out["running_db_nodes"] = node.running_db_nodes;
  out["otp_release"] = node.otp_release;
  out["mnesia_dir"] = node.mnesia_directory;
  out["waiting_for_tables"] = node.waiting_for_tables;
  if (app) {
    auto found = node.applications.find(*app);
    out["app"] = {{"name", *app},
                  {"running", found != node.applications.end() ? json(true)
                              : node.applications_known            ? json(false)
                                                                   : json(nullptr)},  // controller busy
                  {"version", found == node.applications.end() ? json(nullptr) : json(found->second)}};
  }
  return out;
}

}  // namespace

json state_to_json(const cluster::ClusterState& state, const std::optional<std::string>& app) {
  json out = json::object();
  if (!state.clusters.empty()) {
    out = cluster_to_json(state.clusters.front());
    out.erase("observed_via");
  } else {
    out = cluster_to_json(cluster::Cluster{});
    out.erase("observed_via");
  }
  out["clusters"] = json::array();
  for (const auto& cluster : state.clusters) out["clusters"].push_back(cluster_to_json(cluster));
  out["nodes"] = json::object();
  for (const auto& node : state.nodes) out["nodes"][node.node] = node_to_json(node, app);
  out["unreachable"] = state.unreachable;
  out["disagreements"] = state.disagreements;
  return out;
}

json status_report(const cluster::ClusterState& state, const std::optional<std::string>& app) {
  json report = object_for(kStateKeys + 1);
  report["mode"] = "status";
  // Moved in, not copied (update() would copy).
  json observed = state_to_json(state, app);
  for (auto& [key, value] : observed.items()) report[key] = std::move(value);
  return report;
}

json placement_to_json(const cluster::Placement& placement) {
  json tables = object_for(placement.tables.size());
  for (const auto& [name, copies] : placement.tables) {
    json entry = json::object();
    for (cluster::StorageType type : cluster::kStorageTypes) {
      if (auto found = copies.find(type); found != copies.end()) entry[to_string(type)] = found->second;
    }
    append_new_key(tables, name, std::move(entry));
  }
  return {{"members", placement.members}, {"running", placement.running}, {"tables", std::move(tables)}};
}

json object_for(std::size_t keys) {
  json object = json::object();
  object.get_ref<json::object_t&>().reserve(keys);
  return object;
}

}  // namespace ejcluster::report
