#include "model/cluster_state.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace ejcluster::cluster {
namespace {

using enum StorageType;

using Nodes = std::vector<std::string>;

Copies copies(Nodes ram, Nodes disc, Nodes disc_only = {}) {
  std::sort(ram.begin(), ram.end());
  std::sort(disc.begin(), disc.end());
  std::sort(disc_only.begin(), disc_only.end());
  return {{kRam, ram}, {kDisc, disc}, {kDiscOnly, disc_only}};
}

// One node's view of a table; the node's own copy type is read from `placement` unless given.
TableView table(const std::string& name, const std::string& self, const Copies& placement, std::optional<std::int64_t> size,
                std::optional<Copy> local_storage = std::nullopt, const std::string& kind = "set") {
  TableView view;
  view.name = name;
  view.kind = kind;
  view.copies = placement;
  if (local_storage) {
    view.local_storage = *local_storage;
  } else {
    view.local_storage = std::nullopt;
    for (const auto& [type, nodes] : placement) {
      if (std::find(nodes.begin(), nodes.end(), self) != nodes.end()) view.local_storage = type;
    }
  }
  view.local_size = size;
  return view;
}

// A node running Mnesia with the given view of its cluster.
NodeView running(const std::string& node, Nodes db_nodes, Nodes running_nodes, std::vector<TableView> tables = {}) {
  NodeView observation;
  observation.node = node;
  observation.mnesia = MnesiaState::kRunning;
  std::sort(db_nodes.begin(), db_nodes.end());
  std::sort(running_nodes.begin(), running_nodes.end());
  observation.db_nodes = std::move(db_nodes);
  observation.running_db_nodes = std::move(running_nodes);
  std::sort(tables.begin(), tables.end(), [](const TableView& a, const TableView& b) { return a.name < b.name; });
  observation.tables = std::move(tables);
  observation.otp_release = "25";
  return observation;
}

NodeView standalone(const std::string& node) {
  return running(node, {node}, {node}, {table("schema", node, copies({}, {node}), 1)});
}

NodeView unreachable(const std::string& node) {
  NodeView observation;
  observation.node = node;
  observation.error = erl::ErlError{erl::ErlError::Kind::kNoEpmd, node, "connection refused"};
  return observation;
}

// Three nodes a@h, b@h, c@h that form one healthy cluster holding roster on disc everywhere.
std::vector<NodeView> healthy_trio() {
  const Nodes all{"a@h", "b@h", "c@h"};
  const Copies roster = copies({}, all);
  const Copies session = copies(all, {});
  const Copies schema = copies({}, all);
  std::vector<NodeView> out;
  std::int64_t rows = 10;
  for (const std::string& node : all) {
    out.push_back(running(node, all, all,
                          {table("schema", node, schema, 3), table("roster", node, roster, rows, std::nullopt, "bag"),
                           table("session", node, session, rows + 100)}));
    ++rows;
  }
  return out;
}

std::string all_disagreements(const ClusterState& state) {
  std::string out;
  for (const std::string& d : state.disagreements) out += d + "\n";
  return out;
}

bool has_disagreement(const ClusterState& state, const std::vector<std::string>& parts) {
  return std::any_of(state.disagreements.begin(), state.disagreements.end(), [&](const std::string& d) {
    return std::all_of(parts.begin(), parts.end(), [&](const std::string& p) { return d.find(p) != std::string::npos; });
  });
}

TEST_CASE("cluster_state: three standalone nodes are three clusters, in the listed order") {
  ClusterState state = merge_observations({standalone("b@h"), standalone("a@h"), standalone("c@h")}, std::nullopt);
  REQUIRE(state.clusters.size() == 3);
  CHECK(state.clusters[0].members == Nodes{"b@h"});
  CHECK(state.clusters[1].members == Nodes{"a@h"});
  CHECK(state.clusters[2].members == Nodes{"c@h"});
  CHECK(state.clusters[0].observed_via == Nodes{"b@h"});
  CHECK(state.clusters[0].running == Nodes{"b@h"});
  REQUIRE(state.clusters[0].tables.count("schema") == 1);
  CHECK(state.clusters[0].tables.at("schema").storage_on("b@h") == kDisc);
  CHECK(state.disagreements.empty());
  CHECK(state.unreachable.empty());
  CHECK(state.all_reachable());
  REQUIRE(state.nodes.size() == 3);
  CHECK(state.nodes[0].node == "b@h");
  CHECK(state.nodes[2].node == "c@h");
}

TEST_CASE("cluster_state: the preferred node's cluster comes first, the rest keep the listed order") {
  struct Row {
    std::optional<std::string> preferred;
    std::vector<Nodes> order;
  };
  const Row rows[] = {
      {std::nullopt, {{"a@h"}, {"b@h"}, {"c@h"}, {"d@h"}}},
      {"a@h", {{"a@h"}, {"b@h"}, {"c@h"}, {"d@h"}}},
      {"c@h", {{"c@h"}, {"a@h"}, {"b@h"}, {"d@h"}}},
      {"d@h", {{"d@h"}, {"a@h"}, {"b@h"}, {"c@h"}}},
      {"z@h", {{"a@h"}, {"b@h"}, {"c@h"}, {"d@h"}}},  // not a listed node: no effect
  };
  for (const Row& row : rows) {
    CAPTURE(row.preferred.value_or("(none)"));
    ClusterState state =
        merge_observations({standalone("a@h"), standalone("b@h"), standalone("c@h"), standalone("d@h")}, row.preferred);
    REQUIRE(state.clusters.size() == row.order.size());
    for (std::size_t i = 0; i < row.order.size(); ++i) CHECK(state.clusters[i].members == row.order[i]);
  }
}

TEST_CASE("cluster_state: the preferred node picks its whole cluster, even when listed last") {
  const Nodes pair{"b@h", "c@h"};
  ClusterState state = merge_observations(
      {standalone("a@h"), running("b@h", pair, pair), running("c@h", pair, pair)}, std::string("c@h"));
  REQUIRE(state.clusters.size() == 2);
  CHECK(state.clusters[0].members == pair);
  CHECK(state.clusters[0].observed_via == pair);
  CHECK(state.clusters[1].members == Nodes{"a@h"});
}

TEST_CASE("cluster_state: three nodes that list each other are one cluster") {
  ClusterState state = merge_observations(healthy_trio(), std::nullopt);
  REQUIRE(state.clusters.size() == 1);
  const Cluster& cluster = state.clusters[0];
  CHECK(cluster.members == Nodes{"a@h", "b@h", "c@h"});
  CHECK(cluster.running == Nodes{"a@h", "b@h", "c@h"});
  CHECK(cluster.observed_via == Nodes{"a@h", "b@h", "c@h"});
  CHECK_MESSAGE(state.disagreements.empty(), all_disagreements(state));

  REQUIRE(cluster.tables.size() == 3);
  const TablePlacement& roster = cluster.tables.at("roster");
  CHECK(roster.kind == "bag");
  CHECK_FALSE(roster.local_content);
  CHECK(roster.copies.at(kDisc) == Nodes{"a@h", "b@h", "c@h"});
  CHECK(roster.copies.at(kRam).empty());
  // Each node reports the rows of its own copy.
  CHECK(roster.size == std::map<std::string, std::int64_t>{{"a@h", 10}, {"b@h", 11}, {"c@h", 12}});
  CHECK(cluster.tables.at("session").size ==
        std::map<std::string, std::int64_t>{{"a@h", 110}, {"b@h", 111}, {"c@h", 112}});
  CHECK(cluster.tables.at("session").copies.at(kRam) == Nodes{"a@h", "b@h", "c@h"});
}

TEST_CASE("cluster_state: a node without a size for its copy has no size entry") {
  auto nodes = healthy_trio();
  REQUIRE(nodes[1].tables[0].name == "roster");  // b@h's tables, sorted: roster, schema, session
  nodes[1].tables[0].local_size.reset();
  ClusterState state = merge_observations(nodes, std::nullopt);
  REQUIRE(state.clusters.size() == 1);
  CHECK(state.clusters[0].tables.at("roster").size == std::map<std::string, std::int64_t>{{"a@h", 10}, {"c@h", 12}});
}

TEST_CASE("cluster_state: local_content is carried into the placement") {
  const Nodes all{"a@h", "b@h"};
  TableView bosh_a = table("bosh", "a@h", copies(all, {}), 0);
  bosh_a.local_content = true;
  TableView bosh_b = table("bosh", "b@h", copies(all, {}), 2);
  bosh_b.local_content = true;
  ClusterState state = merge_observations({running("a@h", all, all, {bosh_a}), running("b@h", all, all, {bosh_b})},
                                          std::nullopt);
  REQUIRE(state.clusters.size() == 1);
  CHECK(state.clusters[0].tables.at("bosh").local_content);
}

TEST_CASE("cluster_state: an unreachable node is listed as such and observed through no cluster") {
  auto nodes = healthy_trio();
  nodes[1] = unreachable("b@h");
  ClusterState state = merge_observations(nodes, std::nullopt);
  CHECK(state.unreachable == Nodes{"b@h"});
  CHECK_FALSE(state.all_reachable());
  REQUIRE(state.clusters.size() == 1);
  CHECK(state.clusters[0].observed_via == Nodes{"a@h", "c@h"});
  // The others still name it as a member: that is what their schema says.
  CHECK(state.clusters[0].members == Nodes{"a@h", "b@h", "c@h"});
  CHECK(state.clusters[0].tables.at("roster").size.count("b@h") == 0);
  CHECK_MESSAGE(state.disagreements.empty(), all_disagreements(state));
  REQUIRE(state.nodes.size() == 3);
  CHECK_FALSE(state.nodes[1].reachable());
}

TEST_CASE("cluster_state: all nodes unreachable gives no cluster") {
  ClusterState state = merge_observations({unreachable("a@h"), unreachable("b@h")}, std::string("a@h"));
  CHECK(state.clusters.empty());
  CHECK(state.unreachable == Nodes{"a@h", "b@h"});
}

TEST_CASE("cluster_state: an unreachable preferred node leaves the first answering node's cluster first") {
  ClusterState state =
      merge_observations({unreachable("a@h"), standalone("b@h"), standalone("c@h")}, std::string("a@h"));
  REQUIRE(state.clusters.size() == 2);
  CHECK(state.clusters[0].members == Nodes{"b@h"});
  CHECK(state.clusters[1].members == Nodes{"c@h"});
}

TEST_CASE("cluster_state: a one-sided listing is a disagreement naming both nodes") {
  // a@h lists b@h, but b@h (say, wiped and restarted) knows only itself.
  ClusterState state =
      merge_observations({running("a@h", {"a@h", "b@h"}, {"a@h"}), standalone("b@h")}, std::nullopt);
  REQUIRE(state.clusters.size() == 2);  // not one cluster: membership must be mutual
  CHECK(state.clusters[0].members == Nodes{"a@h", "b@h"});
  CHECK(state.clusters[1].members == Nodes{"b@h"});
  REQUIRE(state.disagreements.size() == 1);
  CHECK(state.disagreements[0] == "a@h lists b@h as a member, but b@h does not list a@h");

  // The same when the lister comes second.
  ClusterState reversed =
      merge_observations({standalone("b@h"), running("a@h", {"a@h", "b@h"}, {"a@h"})}, std::nullopt);
  CHECK_MESSAGE(has_disagreement(reversed, {"a@h lists b@h", "b@h does not list a@h"}), all_disagreements(reversed));
}

TEST_CASE("cluster_state: nodes that know nothing of each other are not a disagreement") {
  ClusterState state = merge_observations({standalone("a@h"), standalone("b@h")}, std::nullopt);
  CHECK(state.disagreements.empty());
}

TEST_CASE("cluster_state: differing running_db_nodes (a partition) is a disagreement") {
  const Nodes all{"a@h", "b@h", "c@h"};
  // All three still list each other, but a@h and {b@h, c@h} no longer see each other running.
  ClusterState state = merge_observations(
      {running("a@h", all, {"a@h"}), running("b@h", all, {"b@h", "c@h"}), running("c@h", all, {"b@h", "c@h"})},
      std::nullopt);
  REQUIRE(state.clusters.size() == 1);
  CHECK(state.clusters[0].members == all);
  CHECK_MESSAGE(has_disagreement(state, {"running_db_nodes differ", "a@h", "[a@h]", "b@h", "[b@h, c@h]"}),
                all_disagreements(state));
  CHECK_MESSAGE(has_disagreement(state, {"running_db_nodes differ", "c@h"}), all_disagreements(state));
}

TEST_CASE("cluster_state: differing db_nodes inside one cluster is a disagreement") {
  // a-b and b-c list each other; a and c do not know each other: one cluster through b.
  ClusterState state = merge_observations({running("a@h", {"a@h", "b@h"}, {"a@h", "b@h"}),
                                           running("b@h", {"a@h", "b@h", "c@h"}, {"a@h", "b@h", "c@h"}),
                                           running("c@h", {"b@h", "c@h"}, {"b@h", "c@h"})},
                                          std::nullopt);
  REQUIRE(state.clusters.size() == 1);
  CHECK(state.clusters[0].observed_via == Nodes{"a@h", "b@h", "c@h"});
  CHECK_MESSAGE(has_disagreement(state, {"db_nodes differ", "a@h lists [a@h, b@h]", "b@h lists [a@h, b@h, c@h]"}),
                all_disagreements(state));
  CHECK_MESSAGE(has_disagreement(state, {"db_nodes differ", "c@h lists [b@h, c@h]"}), all_disagreements(state));
}

TEST_CASE("cluster_state: differing placement of a table is a disagreement") {
  const Nodes all{"a@h", "b@h"};
  ClusterState state = merge_observations(
      {running("a@h", all, all, {table("roster", "a@h", copies({}, all), 5)}),
       running("b@h", all, all, {table("roster", "b@h", copies({"b@h"}, {"a@h"}), 5, kDisc)})},
      std::nullopt);
  REQUIRE(state.clusters.size() == 1);
  CHECK_MESSAGE(has_disagreement(state, {"placement of table roster differs", "a@h", "b@h"}), all_disagreements(state));
  // The picture is the first running member's.
  CHECK(state.clusters[0].tables.at("roster").copies.at(kDisc) == all);
}

TEST_CASE("cluster_state: a table that one member has and another lacks is a disagreement") {
  const Nodes all{"a@h", "b@h"};
  ClusterState state = merge_observations(
      {running("a@h", all, all, {}), running("b@h", all, all, {table("muc_room", "b@h", copies({}, all), 1)})},
      std::nullopt);
  CHECK_MESSAGE(has_disagreement(state, {"table muc_room exists on b@h but not on a@h"}), all_disagreements(state));
}

TEST_CASE("cluster_state: a node whose own copy disagrees with the schema is reported") {
  const Nodes all{"a@h", "b@h"};
  const Copies schema_says = copies({}, all);
  struct Row {
    const char* name;
    Copy b_local_storage;
    std::vector<std::string> parts;
  };
  const Row rows[] = {
      {"other type", kRam, {"table roster: b@h holds a ram_copies copy, the schema says disc_copies"}},
      {"no copy", std::nullopt, {"table roster: b@h holds no copy, the schema says disc_copies"}},
  };
  for (const Row& row : rows) {
    INFO("row: " << std::string(row.name));
    ClusterState state = merge_observations(
        {running("a@h", all, all, {table("roster", "a@h", schema_says, 1)}),
         running("b@h", all, all, {table("roster", "b@h", schema_says, 1, row.b_local_storage)})},
        std::nullopt);
    CHECK_MESSAGE(has_disagreement(state, row.parts), all_disagreements(state));
    CHECK(state.disagreements.size() == 1);
  }

  // A copy the schema does not place.
  ClusterState extra = merge_observations(
      {running("a@h", all, all, {table("roster", "a@h", copies({}, {"a@h"}), 1)}),
       running("b@h", all, all, {table("roster", "b@h", copies({}, {"a@h"}), 1, kDisc)})},
      std::nullopt);
  CHECK_MESSAGE(has_disagreement(extra, {"table roster: b@h holds a disc_copies copy, the schema says none"}),
                all_disagreements(extra));
}

TEST_CASE("cluster_state: members with Mnesia stopped add membership but no running view") {
  const Nodes all{"a@h", "b@h"};
  NodeView stopped;
  stopped.node = "a@h";
  stopped.mnesia = MnesiaState::kStopped;
  stopped.db_nodes = all;
  ClusterState state = merge_observations(
      {stopped, running("b@h", all, {"b@h"}, {table("roster", "b@h", copies({}, all), 9)})}, std::nullopt);
  REQUIRE(state.clusters.size() == 1);
  const Cluster& cluster = state.clusters[0];
  CHECK(cluster.members == all);
  CHECK(cluster.running == Nodes{"b@h"});
  CHECK(cluster.observed_via == all);
  CHECK(cluster.tables.at("roster").size == std::map<std::string, std::int64_t>{{"b@h", 9}});
  CHECK_MESSAGE(state.disagreements.empty(), all_disagreements(state));
}

TEST_CASE("cluster_state: a node that never ran Mnesia is a cluster of itself") {
  NodeView fresh;
  fresh.node = "a@h";
  fresh.mnesia = MnesiaState::kStopped;
  ClusterState state = merge_observations({fresh}, std::nullopt);
  REQUIRE(state.clusters.size() == 1);
  CHECK(state.clusters[0].members == Nodes{"a@h"});
  CHECK(state.clusters[0].running.empty());
  CHECK(state.clusters[0].tables.empty());
}

TEST_CASE("cluster_state: storage_on() names the type of a node's copy, or nothing") {
  TablePlacement placement;
  placement.copies = copies({"c@h"}, {"a@h", "b@h"}, {"d@h"});
  struct Row {
    const char* node;
    Copy type;
  };
  const Row rows[] = {{"a@h", kDisc},
                      {"b@h", kDisc},
                      {"c@h", kRam},
                      {"d@h", kDiscOnly},
                      {"e@h", std::nullopt},
                      {"", std::nullopt}};
  for (const Row& row : rows) {
    CAPTURE(std::string(row.node));
    CHECK(placement.storage_on(row.node) == row.type);
  }
  CHECK_FALSE(TablePlacement{}.storage_on("a@h").has_value());
}

}  // namespace
}  // namespace ejcluster::cluster

namespace ejcluster::cluster {

TEST_CASE("cluster_state: members that do not count each other as running are sides of a partition") {
  const Nodes all{"a@h", "b@h", "c@h"};
  ClusterState state = merge_observations({running("a@h", all, {"a@h", "b@h"}), running("b@h", all, {"a@h", "b@h"}),
                                           running("c@h", all, {"c@h"})},
                                          std::nullopt);
  REQUIRE(state.clusters.size() == 1);
  const Cluster& cluster = state.clusters[0];
  CHECK(cluster.partitioned());
  CHECK(cluster.sides == std::vector<Nodes>{{"a@h", "b@h"}, {"c@h"}});
  CHECK(cluster.side_of("c@h") == Nodes{"c@h"});
  CHECK(cluster.side_of("a@h") == Nodes{"a@h", "b@h"});
  CHECK(cluster.side_of("x@h").empty());
}

TEST_CASE("cluster_state: a healthy cluster, or one seen half way through a join, is one side") {
  CHECK_FALSE(merge_observations(healthy_trio(), std::nullopt).clusters[0].partitioned());
  CHECK(merge_observations(healthy_trio(), std::nullopt).clusters[0].sides.size() == 1);
  const Nodes all{"a@h", "b@h", "c@h"};
  // c counts a as running, a does not count c yet: one side.
  ClusterState lagging = merge_observations({running("a@h", all, {"a@h", "b@h"}), running("b@h", all, {"a@h", "b@h"}),
                                             running("c@h", all, {"a@h", "c@h"})},
                                            std::nullopt);
  CHECK_FALSE(lagging.clusters[0].partitioned());
  // A member whose Mnesia is stopped is on no side.
  NodeView stopped = running("c@h", all, {});
  stopped.mnesia = MnesiaState::kStopped;
  ClusterState one_down = merge_observations({running("a@h", all, {"a@h", "b@h"}), running("b@h", all, {"a@h", "b@h"}), stopped},
                                             std::nullopt);
  CHECK(one_down.clusters[0].sides == std::vector<Nodes>{{"a@h", "b@h"}});
}

TEST_CASE("cluster_state: after a full outage the waiting members and the one that went down last are named") {
  const Nodes all{"a@h", "b@h", "c@h"};
  auto waiting = [&](const std::string& node, Nodes saw_down) {
    NodeView seen = running(node, all, {"a@h", "b@h"}, {table("roster", node, copies({}, all), std::nullopt)});
    seen.tables[0].loaded = false;
    seen.waiting_for_tables = {"roster"};
    seen.saw_down = std::move(saw_down);
    return seen;
  };
  // a went down first (b saw it), then b, then c: c went down last.
  ClusterState state = merge_observations({waiting("a@h", {}), waiting("b@h", {"a@h"}), unreachable("c@h")}, std::nullopt);
  REQUIRE(state.clusters.size() == 1);
  CHECK(state.clusters[0].waiting == Nodes{"a@h", "b@h"});
  CHECK(state.clusters[0].went_down_last == Nodes{"c@h"});

  // If a had seen c go down, c was not last: nobody can be named.
  ClusterState unknown = merge_observations({waiting("a@h", {"c@h"}), waiting("b@h", {"a@h"}), unreachable("c@h")}, std::nullopt);
  CHECK(unknown.clusters[0].waiting == Nodes{"a@h", "b@h"});
  CHECK(unknown.clusters[0].went_down_last.empty());

  // A table that only running members hold is being loaded: nobody waits.
  NodeView loading = running("a@h", {"a@h"}, {"a@h"}, {table("roster", "a@h", copies({}, {"a@h"}), std::nullopt)});
  loading.tables[0].loaded = false;
  ClusterState busy = merge_observations({loading}, std::nullopt);
  CHECK(busy.clusters[0].waiting.empty());
}

}  // namespace ejcluster::cluster
