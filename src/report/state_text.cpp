#include "report/state_text.h"
#include "util/join.h"

#include <algorithm>
#include <sstream>

namespace ejcluster::report {
namespace {

std::string joined(const std::vector<std::string>& items) { return items.empty() ? "-" : util::join(items); }

std::string padded(const std::string& text, std::size_t width) {
  return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

// The storage type as a short column value.
std::string short_type(cluster::Copy copy) {
  if (!copy) return "-";
  switch (*copy) {
    case cluster::StorageType::kDisc: return "disc";
    case cluster::StorageType::kRam: return "ram";
    case cluster::StorageType::kDiscOnly: return "disc_only";
  }
  return "-";
}

void write_cluster(std::ostringstream& out, const cluster::Cluster& cluster, std::size_t number, std::size_t count) {
  out << "cluster " << number << " of " << count << "\n";
  out << "  members: " << joined(cluster.members) << "\n";
  out << "  running: " << joined(cluster.running) << "\n";
  if (cluster.partitioned()) {
    out << "  PARTITIONED: the members run in " << cluster.sides.size() << " sides that do not see each other:";
    for (const auto& side : cluster.sides) out << " [" << joined(side) << "]";
    out << "\n";
  }
  if (!cluster.waiting.empty()) {
    out << "  WAITING FOR TABLES: " << joined(cluster.waiting) << "; went down last: "
        << (cluster.went_down_last.empty() ? "unknown" : joined(cluster.went_down_last)) << "\n";
  }
  if (cluster.tables.empty()) return;
  std::size_t name_width = 5;
  for (const auto& [name, placement] : cluster.tables) name_width = std::max(name_width, name.size());
  std::vector<std::string> columns = cluster.members;
  out << "  " << padded("table", name_width + 1) << padded("kind", 12);
  for (const auto& node : columns) out << padded(node, std::max<std::size_t>(node.size(), 10) + 1);
  out << "rows\n";
  for (const auto& [name, placement] : cluster.tables) {
    std::string kind = placement.kind + (placement.local_content ? "*" : "");
    out << "  " << padded(name, name_width + 1) << padded(kind, 12);
    for (const auto& node : columns) {
      out << padded(short_type(placement.storage_on(node)), std::max<std::size_t>(node.size(), 10) + 1);
    }
    std::int64_t rows = 0;
    for (const auto& [node, size] : placement.size) rows = std::max(rows, size);
    out << rows << "\n";
  }
  out << "  (* local_content: each node keeps its own contents; rows: the largest copy)\n";
}

}  // namespace

std::string state_to_text(const cluster::ClusterState& state, const std::optional<std::string>& app) {
  std::ostringstream out;
  for (std::size_t i = 0; i < state.clusters.size(); ++i) {
    write_cluster(out, state.clusters[i], i + 1, state.clusters.size());
    out << "\n";
  }
  out << "nodes\n";
  for (const auto& node : state.nodes) {
    out << "  " << padded(node.node, 28);
    if (!node.reachable()) {
      out << "UNREACHABLE: " << node.error->message() << "\n";
      continue;
    }
    out << "mnesia " << padded(std::string(to_string(node.mnesia)), 9) << "otp " << padded(node.otp_release, 4);
    if (app) {
      auto found = node.applications.find(*app);
      out << *app << " "
          << (found != node.applications.end() ? found->second + " running"
              : node.applications_known         ? "not running"
                                                : "busy (starting?)");
    }
    if (!node.waiting_for_tables.empty()) out << "  waiting for " << node.waiting_for_tables.size() << " tables";
    out << "\n";
  }
  if (!state.disagreements.empty()) {
    out << "\ndisagreements\n";
    for (const auto& line : state.disagreements) out << "  " << line << "\n";
  }
  return out.str();
}

}  // namespace ejcluster::report
