// ClusterState: the clusters that the listed nodes form, merged from their own views.
//
// Two nodes are in one cluster when each lists the other in its db_nodes. Where the members of
// one cluster tell different stories (membership, running nodes, placement), the difference is
// kept as a disagreement: a partition or a half-finished join shows up there, not hidden.
// merge_observations() is pure.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/node_view.h"

namespace ejcluster::cluster {

struct TablePlacement {
  std::string kind;  // set | ordered_set | bag
  bool local_content = false;
  Copies copies;  // storage type -> nodes, sorted
  std::map<std::string, std::int64_t> size;                // node -> rows in its own copy

  // `node`'s copy (nullopt: it holds none).
  Copy storage_on(const std::string& node) const;
};

struct Cluster {
  std::vector<std::string> members;  // db_nodes, sorted
  std::vector<std::string> running;  // running_db_nodes, sorted
  std::map<std::string, TablePlacement> tables;
  std::vector<std::string> observed_via;  // the listed nodes whose views made this picture

  // The members that answered with Mnesia running, grouped by whom they count as running. More
  // than one side is a partition: each side runs without the others, and Mnesia never merges
  // them again by itself. Each side sorted, sides in the order of their first node.
  std::vector<std::vector<std::string>> sides;
  // After a full outage: the members whose Mnesia waits for tables, and the members that went
  // down after all of them as far as their records tell (the one to start first: it loads from
  // its own disc).
  std::vector<std::string> waiting;
  std::vector<std::string> went_down_last;

  bool partitioned() const { return sides.size() > 1; }
  // The side `node` is on; empty when it is on none (not running Mnesia, not answering).
  std::vector<std::string> side_of(const std::string& node) const;
};

struct ClusterState {
  std::vector<NodeView> nodes;  // one per listed node, in the listed order
  std::vector<Cluster> clusters;       // clusters[0] holds the preferred node when it answered
  std::vector<std::string> unreachable;
  std::vector<std::string> disagreements;

  bool all_reachable() const { return unreachable.empty(); }
  // The view of listed node `node`, or null when it is not listed.
  const NodeView* view_of(const std::string& node) const;
};

// Groups the observations into clusters. `preferred` (the seed) picks which cluster comes first;
// without it, the cluster of the first listed node that answered does.
ClusterState merge_observations(std::vector<NodeView> nodes, const std::optional<std::string>& preferred);

// Frees each node's own table views (NodeView::tables), which planning reads and reports do
// not (they show the merged clusters). With a thousand tables the views are megabytes, and the
// report is built while they would otherwise still be held.
void forget_table_views(ClusterState& state);

}  // namespace ejcluster::cluster
