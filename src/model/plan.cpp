#include "model/plan.h"
#include "util/join.h"

namespace ejcluster::cluster {

std::string_view to_string(StepKind kind) {
  switch (kind) {
    case StepKind::kJoin: return "join";
    case StepKind::kAddTableCopy: return "add_table_copy";
    case StepKind::kChangeTableCopyType: return "change_table_copy_type";
    case StepKind::kDelTableCopy: return "del_table_copy";
    case StepKind::kRemoveNode: return "remove_node";
    case StepKind::kSetPlacementOverride: return "set_placement_override";
    case StepKind::kStartNode: return "start_node";
    case StepKind::kHealPartition: return "heal_partition";
    case StepKind::kForceLoad: return "force_load";
  }
  return "unknown";
}

bool ends_round(StepKind kind) {
  return kind == StepKind::kStartNode || kind == StepKind::kHealPartition || kind == StepKind::kForceLoad;
}

std::string describe_tables(const std::vector<std::pair<std::string, StorageType>>& tables) {
  return util::join(tables, ", ", [](const auto& entry) { return entry.first + ": " + std::string(to_string(entry.second)); });
}

namespace {

std::string word(Copy copy) { return copy ? std::string(to_string(*copy)) : "none"; }

}  // namespace

std::optional<std::string> caution(const Step& step) {
  if (step.kind != StepKind::kRemoveNode || step.node_running) return std::nullopt;
  return step.node + " was dropped while it was down: if it boots later with its old Mnesia directory, it rejoins "
         "the cluster by itself; wipe that directory before it boots, or run apply again (remove_absent removes it again)";
}

namespace {

std::string describe_action(const Step& step) {
  switch (step.kind) {
    case StepKind::kJoin:
      return "join " + step.node + " via " + step.via + " (resets its Mnesia schema; copies " +
             std::to_string(step.tables.size()) + " tables)";
    case StepKind::kAddTableCopy:
      return "add_table_copy " + step.table + " on " + step.node + " as " + word(step.type);
    case StepKind::kChangeTableCopyType:
      return "change_table_copy_type " + step.table + " on " + step.node + ": " + word(step.from_type) + " -> " + word(step.type);
    case StepKind::kDelTableCopy:
      return "del_table_copy " + step.table + " on " + step.node + " (was " + word(step.from_type) + ")";
    case StepKind::kRemoveNode:
      return "remove_node " + step.node + (step.node_running ? " (it leaves and restarts alone)" : " (down: dropped from the schema)");
    case StepKind::kStartNode:
      return "start_node " + step.node + " (Mnesia and the application)";
    case StepKind::kHealPartition:
      return "heal_partition " + step.node + " (rolled back to the seed's side: " + util::join(step.masters) +
             "; what it wrote since the split is dropped, kept in a backup)";
    case StepKind::kForceLoad:
      return "force_load on " + step.node + " (" + std::to_string(step.tables.size()) +
             " tables loaded from its own disc as they are)";
    case StepKind::kSetPlacementOverride:
      return "set_placement_override on " + step.node + " (" + describe_tables(step.tables) + ")";
  }
  return "?";
}

}  // namespace

std::string describe(const Step& step) {
  std::string line = describe_action(step);
  // A heal says it already; the others drop what they reset or delete after saving it.
  if (step.backup && step.kind != StepKind::kHealPartition) line += ", after a backup of its data";
  return line;
}

std::string describe(const Refusal& refusal) {
  return "refused " + std::string(refusal.op()) + (refusal.table.empty() ? "" : " " + refusal.table) +
         (refusal.node.empty() ? "" : " on " + refusal.node) + ": " + refusal.reason;
}

}  // namespace ejcluster::cluster
