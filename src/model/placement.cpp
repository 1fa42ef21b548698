#include "model/placement.h"

#include <algorithm>

namespace ejcluster::cluster {
namespace {

void add_sorted(std::vector<std::string>& nodes, const std::string& node) {
  auto at = std::lower_bound(nodes.begin(), nodes.end(), node);
  if (at == nodes.end() || *at != node) nodes.insert(at, node);
}

void erase(std::vector<std::string>& nodes, const std::string& node) { std::erase(nodes, node); }

// Takes `node`'s copy of `table` away (every table when `table` is empty).
void drop_copy(Placement& placement, const std::string& node, const std::string& table = {}) {
  for (auto& [name, copies] : placement.tables) {
    if (!table.empty() && name != table) continue;
    for (auto& [type, nodes] : copies) erase(nodes, node);
    std::erase_if(copies, [](const auto& entry) { return entry.second.empty(); });
  }
}

void put_copy(Placement& placement, const std::string& node, const std::string& table, Copy copy) {
  drop_copy(placement, node, table);
  if (copy) add_sorted(placement.tables[table][*copy], node);
}

}  // namespace

Placement placement_of(const ClusterState& state) {
  Placement out;
  if (state.clusters.empty()) return out;
  const Cluster& cluster = state.clusters.front();
  out.members = cluster.members;
  out.running = cluster.running;
  for (const auto& [name, table] : cluster.tables) {
    auto& copies = out.tables[name];
    for (const auto& [type, nodes] : table.copies) {
      if (!nodes.empty()) copies[type] = nodes;
    }
  }
  return out;
}

Placement planned_placement(Placement placement, const std::vector<Step>& steps) {
  for (const Step& step : steps) {
    switch (step.kind) {
      case StepKind::kJoin:
        add_sorted(placement.members, step.node);
        add_sorted(placement.running, step.node);
        for (const auto& [table, type] : step.tables) put_copy(placement, step.node, table, type);
        break;
      case StepKind::kAddTableCopy:
      case StepKind::kChangeTableCopyType: put_copy(placement, step.node, step.table, step.type); break;
      case StepKind::kDelTableCopy: drop_copy(placement, step.node, step.table); break;
      case StepKind::kRemoveNode:
        erase(placement.members, step.node);
        erase(placement.running, step.node);
        drop_copy(placement, step.node);
        break;
      case StepKind::kStartNode: add_sorted(placement.running, step.node); break;
      case StepKind::kSetPlacementOverride:
      case StepKind::kHealPartition:
      case StepKind::kForceLoad: break;
    }
  }
  return placement;
}

}  // namespace ejcluster::cluster
