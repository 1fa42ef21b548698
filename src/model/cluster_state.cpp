#include "model/cluster_state.h"
#include "util/join.h"

#include <algorithm>
#include <numeric>
#include <set>

namespace ejcluster::cluster {

Copy TablePlacement::storage_on(const std::string& node) const {
  for (const auto& [type, nodes] : copies) {
    if (std::binary_search(nodes.begin(), nodes.end(), node)) return type;
  }
  return std::nullopt;
}

std::vector<std::string> Cluster::side_of(const std::string& node) const {
  for (const auto& side : sides) {
    if (std::binary_search(side.begin(), side.end(), node)) return side;
  }
  return {};
}

namespace {

std::string join(const std::vector<std::string>& items) { return "[" + util::join(items) + "]"; }

bool lists(const NodeView& observer, const std::string& node) {
  return std::binary_search(observer.db_nodes.begin(), observer.db_nodes.end(), node);
}

// Union-find over indices into the observations.
class Groups {
 public:
  explicit Groups(std::size_t size) : parent_(size) { std::iota(parent_.begin(), parent_.end(), 0); }
  std::size_t root(std::size_t i) { return parent_[i] == i ? i : parent_[i] = root(parent_[i]); }
  void unite(std::size_t a, std::size_t b) { parent_[root(b)] = root(a); }

 private:
  std::vector<std::size_t> parent_;
};

std::map<std::string, TablePlacement> placement_from(const NodeView& view) {
  std::map<std::string, TablePlacement> tables;
  for (const TableView& table : view.tables) {
    TablePlacement& placement = tables[table.name];
    placement.kind = table.kind;
    placement.local_content = table.local_content;
    placement.copies = table.copies;
  }
  return tables;
}

bool runs(const NodeView& observer, const std::string& node) {
  return std::binary_search(observer.running_db_nodes.begin(), observer.running_db_nodes.end(), node);
}

// Two members are on one side when either counts the other as running: a side ends only where
// neither does, which is what a partition leaves (and not a view lagging behind a join).
void find_sides(const std::vector<const NodeView*>& members, Cluster& cluster) {
  std::vector<const NodeView*> running;
  for (const NodeView* member : members) {
    if (member->mnesia_running()) running.push_back(member);
  }
  Groups groups(running.size());
  for (std::size_t a = 0; a < running.size(); ++a) {
    for (std::size_t b = a + 1; b < running.size(); ++b) {
      if (runs(*running[a], running[b]->node) || runs(*running[b], running[a]->node)) groups.unite(a, b);
    }
  }
  std::map<std::size_t, std::vector<std::string>> by_root;
  for (std::size_t i = 0; i < running.size(); ++i) by_root[groups.root(i)].push_back(running[i]->node);
  for (auto& [root, side] : by_root) {
    std::sort(side.begin(), side.end());
    cluster.sides.push_back(std::move(side));
  }
  std::sort(cluster.sides.begin(), cluster.sides.end());
}

// Whether `member` waits for a table that a member who is not running holds: Mnesia then waits
// for that member to come back (after a full outage, for the one that went down last). A table
// that only running members hold is merely being loaded.
bool blocked(const NodeView& member, const std::set<std::string>& running) {
  for (const TableView& table : member.tables) {
    if (table.loaded) continue;
    for (const auto& [type, holders] : table.copies) {
      for (const auto& holder : holders) {
        if (!running.count(holder)) return true;
      }
    }
  }
  return false;
}

// A member that no running member saw go down was still up when they went down: it went down
// last (or has not gone down at all, but then it would answer).
void find_waiting(const std::vector<const NodeView*>& members, Cluster& cluster) {
  std::set<std::string> running;
  for (const NodeView* member : members) {
    if (member->mnesia_running()) running.insert(member->node);
  }
  for (const NodeView* member : members) {
    if (member->mnesia_running() && blocked(*member, running)) cluster.waiting.push_back(member->node);
  }
  std::sort(cluster.waiting.begin(), cluster.waiting.end());
  if (cluster.waiting.empty()) return;
  for (const auto& candidate : cluster.members) {
    if (running.count(candidate)) continue;
    bool seen_down = std::any_of(members.begin(), members.end(), [&](const NodeView* member) {
      return member->mnesia_running() &&
             std::binary_search(member->saw_down.begin(), member->saw_down.end(), candidate);
    });
    if (!seen_down) cluster.went_down_last.push_back(candidate);
  }
}

Cluster build_cluster(const std::vector<const NodeView*>& members, std::vector<std::string>& disagreements) {
  Cluster cluster;
  const NodeView& first = *members.front();
  cluster.members = first.db_nodes.empty() ? std::vector<std::string>{first.node} : first.db_nodes;
  const NodeView* running_view = nullptr;
  for (const NodeView* member : members) {
    cluster.observed_via.push_back(member->node);
    if (member->db_nodes != first.db_nodes) {
      disagreements.push_back("db_nodes differ: " + first.node + " lists " + join(first.db_nodes) + ", " +
                              member->node + " lists " + join(member->db_nodes));
    }
    if (!member->mnesia_running()) continue;
    if (!running_view) {
      running_view = member;
      cluster.running = member->running_db_nodes;
      cluster.tables = placement_from(*member);
      continue;
    }
    if (member->running_db_nodes != running_view->running_db_nodes) {
      disagreements.push_back("running_db_nodes differ: " + running_view->node + " sees " +
                              join(running_view->running_db_nodes) + ", " + member->node + " sees " +
                              join(member->running_db_nodes));
    }
    for (const TableView& table : member->tables) {
      auto known = cluster.tables.find(table.name);
      if (known == cluster.tables.end()) {
        disagreements.push_back("table " + table.name + " exists on " + member->node + " but not on " + running_view->node);
      } else if (known->second.copies != table.copies) {
        disagreements.push_back("placement of table " + table.name + " differs between " + running_view->node +
                                " and " + member->node);
      }
    }
  }
  // Each node reports the rows of its own copy, and the type of its own copy, which must match
  // where the schema places it.
  for (const NodeView* member : members) {
    for (const TableView& table : member->tables) {
      auto known = cluster.tables.find(table.name);
      if (known == cluster.tables.end()) continue;
      if (table.local_size) known->second.size[member->node] = *table.local_size;
      Copy placed = known->second.storage_on(member->node);
      if (placed != table.local_storage) {
        disagreements.push_back(
            "table " + table.name + ": " + member->node + " holds " +
            (table.local_storage ? "a " + std::string(to_string(*table.local_storage)) + " copy" : "no copy") +
            ", the schema says " + (placed ? std::string(to_string(*placed)) : "none"));
      }
    }
  }
  find_sides(members, cluster);
  find_waiting(members, cluster);
  return cluster;
}

}  // namespace

void forget_table_views(ClusterState& state) {
  for (NodeView& node : state.nodes) std::vector<TableView>().swap(node.tables);
}

ClusterState merge_observations(std::vector<NodeView> nodes, const std::optional<std::string>& preferred) {
  ClusterState state;
  state.nodes = std::move(nodes);
  const auto& all = state.nodes;

  Groups groups(all.size());
  for (std::size_t a = 0; a < all.size(); ++a) {
    if (!all[a].reachable()) {
      state.unreachable.push_back(all[a].node);
      continue;
    }
    for (std::size_t b = a + 1; b < all.size(); ++b) {
      if (!all[b].reachable()) continue;
      bool a_lists_b = lists(all[a], all[b].node), b_lists_a = lists(all[b], all[a].node);
      if (a_lists_b && b_lists_a) {
        groups.unite(a, b);
      } else if (a_lists_b != b_lists_a) {
        const auto& lister = a_lists_b ? all[a] : all[b];
        const auto& other = a_lists_b ? all[b] : all[a];
        state.disagreements.push_back(lister.node + " lists " + other.node + " as a member, but " + other.node +
                                      " does not list " + lister.node);
      }
    }
  }

  // Clusters in the order of their first listed node, the preferred node's cluster first.
  std::vector<std::size_t> roots;
  std::map<std::size_t, std::vector<const NodeView*>> members_by_root;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (!all[i].reachable()) continue;
    std::size_t root = groups.root(i);
    if (!members_by_root.count(root)) roots.push_back(root);
    members_by_root[root].push_back(&all[i]);
  }
  if (preferred) {
    auto holds_preferred = [&](std::size_t root) {
      const auto& members = members_by_root[root];
      return std::any_of(members.begin(), members.end(), [&](const NodeView* n) { return n->node == *preferred; });
    };
    std::stable_partition(roots.begin(), roots.end(), holds_preferred);
  }
  for (std::size_t root : roots) state.clusters.push_back(build_cluster(members_by_root[root], state.disagreements));
  return state;
}

const NodeView* ClusterState::view_of(const std::string& node) const {
  for (const NodeView& view : nodes) {
    if (view.node == node) return &view;
  }
  return nullptr;
}

}  // namespace ejcluster::cluster
