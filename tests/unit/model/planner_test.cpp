// Table-driven tests of the planner: make_plan(), check_placement() and data_held().
//
// Inputs are built the way production builds them: each listed node's own view (NodeView),
// merged by merge_observations() with the desired seed, and a desired state parsed from JSON.
#include "model/planner.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/cluster_state.h"
#include "model/desired_state.h"
#include "model/node_view.h"
#include "model/plan.h"

namespace ejcluster::cluster {
namespace {

using enum StorageType;

using Nodes = std::vector<std::string>;
using TypeList = std::vector<std::pair<std::string, StorageType>>;
using Overrides = std::map<std::string, StorageType>;
using Rows = std::map<std::string, std::int64_t>;

const std::string n1 = "ejabberd1@h";
const std::string n2 = "ejabberd2@h";
const std::string n3 = "ejabberd3@h";
const std::string n4 = "ejabberd4@h";
const std::string n5 = "ejabberd5@h";
const std::string x9 = "ejabberd9@h";  // never listed

// ---------------------------------------------------------------------------------------------
// Observations

// A table as the cluster's schema places it.
struct Tab {
  std::string name;
  std::string kind;
  bool local_content = false;
  Copies copies;
};

// Storage type -> nodes, with all three types present and every list sorted (as Mnesia reports it).
Copies place(Copies given) {
  Copies out{{kRam, {}}, {kDisc, {}}, {kDiscOnly, {}}};
  for (auto& [type, nodes] : given) {
    std::sort(nodes.begin(), nodes.end());
    out[type] = nodes;
  }
  return out;
}

// ejabberd's tables with ejabberd's default types, every member holding every table.
std::vector<Tab> ejabberd_tables(const Nodes& members) {
  return {
      {"caps_features", "set", true, place({{kDiscOnly, members}})},
      {"muc_online_room", "ordered_set", false, place({{kRam, members}})},
      {"passwd", "set", false, place({{kDiscOnly, members}})},
      {"roster", "set", false, place({{kDiscOnly, members}})},
      {"schema", "set", false, place({{kDisc, members}})},
      {"session", "set", false, place({{kRam, members}})},
  };
}

std::vector<Tab> with_copies(std::vector<Tab> tables, const std::string& name, Copies copies) {
  for (Tab& tab : tables) {
    if (tab.name == name) tab.copies = place(std::move(copies));
  }
  return tables;
}

std::vector<Tab> with_table(std::vector<Tab> tables, Tab extra) {
  extra.copies = place(std::move(extra.copies));
  tables.push_back(std::move(extra));
  return tables;
}

Copy storage_of(const Copies& copies, const std::string& node) {
  for (const auto& [type, nodes] : copies) {
    if (std::find(nodes.begin(), nodes.end(), node) != nodes.end()) return type;
  }
  return std::nullopt;
}

// One node running Mnesia, with its view of its cluster. Its own copies have `rows` rows
// (0 unless given; the schema has 40, as on a real node); tables it does not hold have no size.
NodeView running_node(const std::string& node, Nodes db_nodes, Nodes running, const std::vector<Tab>& tables,
                             const Rows& rows = {}) {
  NodeView seen;
  seen.node = node;
  seen.mnesia = MnesiaState::kRunning;
  std::sort(db_nodes.begin(), db_nodes.end());
  std::sort(running.begin(), running.end());
  seen.db_nodes = std::move(db_nodes);
  seen.running_db_nodes = std::move(running);
  for (const Tab& tab : tables) {
    TableView table;
    table.name = tab.name;
    table.kind = tab.kind;
    table.local_content = tab.local_content;
    table.copies = tab.copies;
    table.local_storage = storage_of(tab.copies, node);
    if (table.local_storage) {
      auto given = rows.find(tab.name);
      table.local_size = given != rows.end() ? given->second : tab.name == "schema" ? 40 : 0;
    }
    seen.tables.push_back(std::move(table));
  }
  std::sort(seen.tables.begin(), seen.tables.end(), [](const TableView& a, const TableView& b) { return a.name < b.name; });
  seen.otp_release = "25";
  seen.mnesia_directory = "/var/lib/ejabberd/" + node;
  seen.applications = {{"ejabberd", "23.01"}, {"mnesia", "4.21.4"}};
  seen.placement_override_file = seen.mnesia_directory + "/ejabberd.schema";
  seen.placement_overrides = Overrides{};
  return seen;
}

NodeView standalone(const std::string& node, const Rows& rows = {}) {
  return running_node(node, {node}, {node}, ejabberd_tables({node}), rows);
}

// Every member running and seeing every member running.
std::vector<NodeView> cluster_of(const Nodes& members, const std::vector<Tab>& tables) {
  std::vector<NodeView> out;
  for (const std::string& node : members) out.push_back(running_node(node, members, members, tables));
  return out;
}

std::vector<NodeView> converged(const Nodes& members) { return cluster_of(members, ejabberd_tables(members)); }

// A node that answered but whose Mnesia is not running: it knows its db_nodes, no tables.
NodeView stopped(const std::string& node, Nodes db_nodes, MnesiaState mnesia = MnesiaState::kStopped) {
  NodeView seen;
  seen.node = node;
  seen.mnesia = mnesia;
  std::sort(db_nodes.begin(), db_nodes.end());
  seen.db_nodes = std::move(db_nodes);
  seen.otp_release = "25";
  seen.placement_overrides = Overrides{};
  return seen;
}

erl::ErlError not_started(const std::string& node) {
  return erl::ErlError{erl::ErlError::Kind::kNotRegistered, node, ""};
}

NodeView unreachable(const std::string& node) {
  NodeView seen;
  seen.node = node;
  seen.error = not_started(node);
  return seen;
}

std::vector<NodeView> plus(std::vector<NodeView> nodes, std::vector<NodeView> more) {
  for (auto& node : more) nodes.push_back(std::move(node));
  return nodes;
}

std::vector<NodeView> with_overrides(std::vector<NodeView> nodes,
                                            const std::map<std::string, Overrides>& by_node) {
  for (auto& node : nodes) {
    if (auto found = by_node.find(node.node); found != by_node.end()) node.placement_overrides = found->second;
  }
  return nodes;
}

// `node` answered, but its ejabberd.schema (placement_override_file) could not be read.
std::vector<NodeView> unreadable_overrides(std::vector<NodeView> nodes, const std::string& node) {
  for (auto& seen : nodes) {
    if (seen.node == node) seen.placement_overrides = std::nullopt;
  }
  return nodes;
}

std::vector<NodeView> replace(std::vector<NodeView> nodes, NodeView other) {
  for (auto& node : nodes) {
    if (node.node == other.node) node = other;
  }
  return nodes;
}

// ---------------------------------------------------------------------------------------------
// Desired state

std::string quoted_list(const Nodes& nodes) {
  std::string out = "[";
  for (std::size_t i = 0; i < nodes.size(); ++i) out += (i ? ", \"" : "\"") + nodes[i] + "\"";
  return out + "]";
}

// {"nodes": [...], <extra>}
std::string desired_json(const Nodes& nodes, const std::string& extra = "") {
  return "{\"nodes\": " + quoted_list(nodes) + ", \"cookie\": \"secret\"" + (extra.empty() ? "" : ", " + extra) + "}";
}

DesiredState parse(const std::string& json) {
  auto parsed = parse_desired_state(json);
  if (!parsed) {
    std::string errors;
    for (const auto& e : parsed.error()) errors += e.to_string() + "\n";
    FAIL("the test's desired state does not parse: " << json << "\n" << errors);
  }
  return *parsed;
}

// ---------------------------------------------------------------------------------------------
// Expected steps

const TypeList kFullJoin{{"schema", kDisc},          {"caps_features", kDiscOnly},
                         {"muc_online_room", kRam}, {"passwd", kDiscOnly},
                         {"roster", kDiscOnly},    {"session", kRam}};

Step join(const std::string& node, const std::string& via = n1, TypeList tables = kFullJoin) {
  return Step{.kind = StepKind::kJoin, .node = node, .via = via, .tables = std::move(tables)};
}
Step start(const std::string& node) { return Step{.kind = StepKind::kStartNode, .node = node, .via = node}; }

Step add(const std::string& node, const std::string& table, StorageType type, const std::string& via = n1) {
  return Step{.kind = StepKind::kAddTableCopy, .node = node, .via = via, .table = table, .type = type};
}
Step change(const std::string& node, const std::string& table, StorageType from, StorageType to,
            const std::string& via = n1) {
  return Step{.kind = StepKind::kChangeTableCopyType, .node = node, .via = via, .table = table, .type = to, .from_type = from};
}
Step del(const std::string& node, const std::string& table, StorageType from, const std::string& via = n1) {
  return Step{.kind = StepKind::kDelTableCopy, .node = node, .via = via, .table = table, .from_type = from};
}
// A member that is down is dropped as it is; a running one leaves, its copies (but the schema)
// deleted through Mnesia first.
Step remove_node(const std::string& node, bool node_running, TypeList tables = {}, const std::string& via = n1) {
  return Step{.kind = StepKind::kRemoveNode, .node = node, .via = via, .tables = std::move(tables), .node_running = node_running,
              .backup = node_running};
}
// The step, with the node's data saved first (a join that resets a node holding data).
Step backed_up(Step step) {
  step.backup = true;
  return step;
}

// What a member of a cluster of ejabberd_tables() holds, but the schema.
const TypeList kLeaveTables{{"caps_features", kDiscOnly}, {"muc_online_room", kRam},
                            {"passwd", kDiscOnly},        {"roster", kDiscOnly},
                            {"session", kRam}};
Step override_on(const std::string& node, TypeList tables) {
  return Step{.kind = StepKind::kSetPlacementOverride, .node = node, .via = node, .tables = std::move(tables)};
}

std::string word(Copy copy) { return copy ? std::string(to_string(*copy)) : "-"; }

// Every field, so that two renderings are equal exactly when the steps are.
std::string render(const Step& step) {
  std::string out = std::string(to_string(step.kind)) + " node=" + step.node + " via=" + step.via + " table=" + step.table +
                    " type=" + word(step.type) + " from=" + word(step.from_type) + " tables=[";
  for (std::size_t i = 0; i < step.tables.size(); ++i) {
    out += (i ? ", " : "") + step.tables[i].first + ":" + std::string(to_string(step.tables[i].second));
  }
  out += "]" + std::string(step.node_running ? " running" : " down") + " masters=[";
  for (std::size_t i = 0; i < step.masters.size(); ++i) out += (i ? ", " : "") + step.masters[i];
  return out + "]";
}

std::string render(const std::vector<Step>& steps) {
  std::string out;
  for (const Step& step : steps) out += render(step) + "\n";
  return out;
}

struct RefusalSpec {
  std::string op;
  std::string node;
  std::string table;
  std::vector<std::string> words;  // each must appear in the reason
};

struct PlanCase {
  const char* name;
  std::string json;
  std::function<std::vector<NodeView>()> observe;
  std::string seed;
  std::vector<Step> steps;
  std::vector<RefusalSpec> refused = {};
  std::vector<std::vector<std::string>> warnings = {};  // words each warning must contain
};

bool contains_all(const std::string& text, const std::vector<std::string>& words) {
  return std::all_of(words.begin(), words.end(), [&](const std::string& w) { return text.find(w) != std::string::npos; });
}

void check_plan(const PlanCase& c) {
  DesiredState desired = parse(c.json);
  ClusterState observed = merge_observations(c.observe(), desired.seed);
  Plan plan = make_plan(desired, observed);

  CHECK(plan.seed == c.seed);
  CHECK(render(plan.steps) == render(c.steps));
  CHECK(plan.steps == c.steps);

  std::string refusals;
  for (const Refusal& r : plan.refused) refusals += std::string(r.op()) + " " + r.node + " " + r.table + ": " + r.reason + "\n";
  INFO("refused:\n" << refusals);
  REQUIRE(plan.refused.size() == c.refused.size());
  for (std::size_t i = 0; i < c.refused.size(); ++i) {
    const Refusal& got = plan.refused[i];
    const RefusalSpec& want = c.refused[i];
    CHECK(got.op() == want.op);
    CHECK(got.node == want.node);
    CHECK(got.table == want.table);
    CHECK_MESSAGE(contains_all(got.reason, want.words), got.reason);
  }

  std::string warnings;
  for (const std::string& w : plan.warnings) warnings += w + "\n";
  INFO("warnings:\n" << warnings);
  REQUIRE(plan.warnings.size() == c.warnings.size());
  for (std::size_t i = 0; i < c.warnings.size(); ++i) CHECK_MESSAGE(contains_all(plan.warnings[i], c.warnings[i]), plan.warnings[i]);

  CHECK(plan.empty() == (c.steps.empty() && c.refused.empty()));
}

void run_cases(const std::vector<PlanCase>& cases) {
  for (const PlanCase& c : cases) {
    SUBCASE(c.name) { check_plan(c); }
  }
}

const Nodes trio{n1, n2, n3};
const Nodes four{n1, n2, n3, n4};

// ---------------------------------------------------------------------------------------------

TEST_CASE("planner: joins form and grow the cluster through the seed") {
  const std::vector<Tab> roster_disc = with_copies(ejabberd_tables(trio), "roster", {{kDisc, trio}});
  run_cases({
      {"fresh cluster: three standalone empty nodes join node 1, in the listed order",
       desired_json(trio),
       [] { return std::vector{standalone(n1), standalone(n2), standalone(n3)}; },
       n1,
       {join(n2), join(n3)}},
      {"a member whose disk was wiped (listed by the others, a fresh cluster of one itself): dropped, then joined",
       desired_json(trio),
       [] {
         const Nodes pair{n1, n2};
         return std::vector{running_node(n1, trio, pair, ejabberd_tables(trio)), running_node(n2, trio, pair, ejabberd_tables(trio)),
                            standalone(n3)};
       },
       n1,
       {remove_node(n3, false), join(n3)}},
      // Regression: each wiped member was dropped and joined in turn, and the first join failed
      // (merge_schema_failed, "Bad cookie in table definition") on the second one's stale entry,
      // run after run.
      {"two members whose disks were wiped: both stale entries are dropped before the first join",
       desired_json(trio),
       [] {
         const Nodes seed_only{n1};
         return std::vector{running_node(n1, trio, seed_only, ejabberd_tables(trio)), standalone(n2), standalone(n3)};
       },
       n1,
       {remove_node(n2, false), remove_node(n3, false), join(n2), join(n3)}},
      {"fresh cluster, plain Mnesia (app null): the same joins",
       desired_json(trio, "\"app\": null"),
       [] { return std::vector{standalone(n1), standalone(n2), standalone(n3)}; },
       n1,
       {join(n2), join(n3)}},
      {"fresh cluster listed as 3, 1, 2 without a seed: node 3 is the seed, the others join in the listed order",
       desired_json({n3, n1, n2}),
       [] { return std::vector{standalone(n1), standalone(n2), standalone(n3)}; },
       n3,
       {join(n1, n3), join(n2, n3)}},
      {"explicit seed 2: nodes 1 and 3 join through it",
       desired_json(trio, "\"seed\": \"" + n2 + "\""),
       [] { return std::vector{standalone(n1), standalone(n2), standalone(n3)}; },
       n2,
       {join(n1, n2), join(n3, n2)}},
      {"grow: a converged trio and a fourth standalone node: one join",
       desired_json(four),
       [] { return plus(converged(trio), {standalone(n4)}); },
       n1,
       {join(n4)}},
      {"the join copies the seed's types, including a type the seed was given",
       desired_json(four),
       [roster_disc] { return plus(cluster_of(trio, roster_disc), {standalone(n4)}); },
       n1,
       {join(n4, n1,
             {{"schema", kDisc},
              {"caps_features", kDiscOnly},
              {"muc_online_room", kRam},
              {"passwd", kDiscOnly},
              {"roster", kDisc},
              {"session", kRam}})}},
      {"grow with a requested type (app null): the joiner gets it in the join, members are retyped after",
       desired_json(four, R"("app": null, "tables": {"roster": {"type": "disc_copies"}})"),
       [] { return plus(converged(trio), {standalone(n4)}); },
       n1,
       {join(n4, n1,
             {{"schema", kDisc},
              {"caps_features", kDiscOnly},
              {"muc_online_room", kRam},
              {"passwd", kDiscOnly},
              {"roster", kDisc},
              {"session", kRam}}),
        change(n1, "roster", kDiscOnly, kDisc), change(n2, "roster", kDiscOnly, kDisc),
        change(n3, "roster", kDiscOnly, kDisc)}},
      {"a table the seed holds no copy of is neither copied in a join nor added to members",
       desired_json({n1, n5, n2}),
       [] {
         const Nodes pair{n1, n5};
         auto tables = with_table(ejabberd_tables(pair), {"offline_msg", "bag", false, {{kDiscOnly, {n5}}}});
         return plus(cluster_of(pair, tables), {standalone(n2)});
       },
       n1,
       {join(n2)}},
      {"ejabberd: a joining node's placement file is written before its join starts ejabberd again",
       desired_json(four),
       [roster_disc] {
         Overrides roster{{"roster", kDisc}};
         auto nodes = with_overrides(cluster_of(trio, roster_disc), {{n1, roster}, {n2, roster}, {n3, roster}});
         return plus(nodes, {standalone(n4)});
       },
       n1,
       {override_on(n4, {{"roster", kDisc}}),
        join(n4, n1,
             {{"schema", kDisc},
              {"caps_features", kDiscOnly},
              {"muc_online_room", kRam},
              {"passwd", kDiscOnly},
              {"roster", kDisc},
              {"session", kRam}})}},
      {"ejabberd, fresh cluster with a retype: each joiner's file before its join, the seed retyped after",
       desired_json(trio, R"("tables": {"roster": {"type": "disc_copies"}})"),
       [] { return std::vector{standalone(n1), standalone(n2), standalone(n3)}; },
       n1,
       {override_on(n2, {{"roster", kDisc}}),
        join(n2, n1,
             {{"schema", kDisc},
              {"caps_features", kDiscOnly},
              {"muc_online_room", kRam},
              {"passwd", kDiscOnly},
              {"roster", kDisc},
              {"session", kRam}}),
        override_on(n3, {{"roster", kDisc}}),
        join(n3, n1,
             {{"schema", kDisc},
              {"caps_features", kDiscOnly},
              {"muc_online_room", kRam},
              {"passwd", kDiscOnly},
              {"roster", kDisc},
              {"session", kRam}}),
        change(n1, "roster", kDiscOnly, kDisc), override_on(n1, {{"roster", kDisc}})}},
      {"a local_content table is joined with the seed's type, whatever is asked for it (app null)",
       desired_json(trio, R"("app": null, "tables": {"caps_features": {"type": "ram_copies"}})"),
       [] { return std::vector{standalone(n1), standalone(n2), standalone(n3)}; },
       n1,
       {join(n2), join(n3)}},
      {"disjoint clusters, every node listed and empty: the other cluster's nodes join the seed's",
       desired_json(four),
       [] {
         const Nodes left{n1, n2}, right{n3, n4};
         return plus(converged(left), converged(right));
       },
       n1,
       {join(n3), join(n4)}},
  });
}

TEST_CASE("planner: a join is refused where it could lose data or cannot be done") {
  const Rows some_data{{"passwd", 12}};
  run_cases({
      {"a node that holds data is not reset; the empty one joins",
       desired_json(trio, "\"seed\": \"" + n1 + "\""),
       [some_data] { return std::vector{standalone(n1), standalone(n2, some_data), standalone(n3)}; },
       n1,
       {join(n3)},
       {{"join", n2, "", {n2, "holds data", "passwd: 12 rows", "allow_data_loss"}}}},
      {"the refusal names every table with data and its rows",
       desired_json({n1, n2}, "\"seed\": \"" + n1 + "\""),
       [] { return std::vector{standalone(n1), standalone(n2, {{"passwd", 12}, {"roster", 30}, {"session", 500}})}; },
       n1,
       {},
       {{"join", n2, "", {"passwd: 12 rows, roster: 30 rows"}}}},
      {"a node with data is joined when allow_data_loss lists it",
       desired_json(trio, "\"seed\": \"" + n1 + "\", \"allow_data_loss\": [\"" + n2 + "\"]"),
       [some_data] { return std::vector{standalone(n1), standalone(n2, some_data), standalone(n3)}; },
       n1,
       {backed_up(join(n2)), join(n3)}},
      {"a node whose join is refused gets no placement file either",
       desired_json({n1, n2}, "\"seed\": \"" + n1 + R"(", "tables": {"roster": {"type": "disc_copies"}})"),
       [some_data] { return std::vector{standalone(n1), standalone(n2, some_data)}; },
       n1,
       {change(n1, "roster", kDiscOnly, kDisc), override_on(n1, {{"roster", kDisc}})},
       {{"join", n2, "", {"passwd: 12 rows"}}}},
      {"an explicit seed wins over a node with data, which is then refused",
       desired_json({n1, n2}, "\"seed\": \"" + n2 + "\""),
       [some_data] { return std::vector{standalone(n1, some_data), standalone(n2)}; },
       n2,
       {},
       {{"join", n1, "", {"passwd: 12 rows", "allow_data_loss"}}}},
      {"a node whose Mnesia is not running is started first; whether it may join is judged once it runs",
       desired_json(trio),
       [] { return std::vector{standalone(n1), stopped(n2, {n2}), standalone(n3)}; },
       n1,
       {start(n2), join(n3)},
       {},
       {{n2 + " is started first", "once it runs"}}},
      {"a node whose Mnesia is not running is joined when allow_data_loss lists it",
       desired_json({n1, n2}, "\"allow_data_loss\": [\"" + n2 + "\"]"),
       [] { return std::vector{standalone(n1), stopped(n2, {n2})}; },
       n1,
       {backed_up(join(n2))}},
      {"an unreachable node is refused with the error's message",
       desired_json(trio),
       [] { return std::vector{standalone(n1), standalone(n2), unreachable(n3)}; },
       n1,
       {join(n2)},
       {{"join", n3, "", {not_started(n3).reason(), "cannot be joined now"}}}},
      {"an unreachable node is refused even when allow_data_loss lists it",
       desired_json({n1, n2}, "\"allow_data_loss\": [\"" + n2 + "\"]"),
       [] { return std::vector{standalone(n1), unreachable(n2)}; },
       n1,
       {},
       {{"join", n2, "", {not_started(n2).reason()}}},
       {{n1 + " is the only listed node that runs", n2 + " does not answer", "stop " + n1 + ", start the other"}}},
      {"a member of another cluster whose other members are not listed is refused",
       desired_json(trio),
       [] {
         const Nodes other{n3, x9};
         return std::vector{standalone(n1), standalone(n2), running_node(n3, other, other, ejabberd_tables(other))};
       },
       n1,
       {join(n2)},
       {{"join", n3, "", {"another cluster", x9, "not listed"}}}},
      {"a member of another cluster whose other member is listed but does not answer is refused: it would keep a stale entry",
       desired_json(trio),
       [] {
         const Nodes other{n2, n3};
         return std::vector{standalone(n1), running_node(n2, other, {n2}, ejabberd_tables(other)), unreachable(n3)};
       },
       n1,
       {},
       {{"join", n2, "", {n2, "another cluster", n3, "do not answer"}},
        {"join", n3, "", {not_started(n3).reason(), "cannot be joined now"}}}},
  });
}

TEST_CASE("planner: seed choice") {
  run_cases({
      {"no seed given: the first listed node that holds data, though listed last",
       desired_json(trio),
       [] { return std::vector{standalone(n1), standalone(n2), standalone(n3, {{"roster", 7}})}; },
       n3,
       {join(n1, n3), join(n2, n3)}},
      {"no seed given and no data: the first listed node that answers with Mnesia running",
       desired_json(trio),
       [] { return std::vector{unreachable(n1), stopped(n2, {n2}), standalone(n3)}; },
       n3,
       {start(n2)},
       {{"join", n1, "", {not_started(n1).reason()}}},
       {{n2 + " is started first"}}},
      {"no seed given: a node whose Mnesia is stopped is passed over, though listed first",
       desired_json({n1, n2}, "\"allow_data_loss\": [\"" + n1 + "\"]"),
       [] { return std::vector{stopped(n1, {n1}), standalone(n2)}; },
       n2,
       {backed_up(join(n1, n2))}},
      {"an explicit seed that does not answer: no seed, a refusal, no steps",
       desired_json(trio, "\"seed\": \"" + n1 + "\""),
       [] { return std::vector{unreachable(n1), standalone(n2), standalone(n3)}; },
       "",
       {},
       {{"seed", n1, "", {"seed cannot be used", not_started(n1).reason()}}}},
      {"an explicit seed whose Mnesia is stopped: no seed this round, and the seed is started",
       desired_json(trio, "\"seed\": \"" + n2 + "\""),
       [] { return std::vector{standalone(n1), stopped(n2, {n2}, MnesiaState::kStopping), standalone(n3)}; },
       "",
       {start(n2)},
       {{"seed", n2, "", {"seed cannot be used", "Mnesia is not running on it", "stopping"}}},
       {{n2 + " is started first"}}},
      {"no listed node answers: no seed",
       desired_json(trio),
       [] { return std::vector{unreachable(n1), unreachable(n2), unreachable(n3)}; },
       "",
       {},
       {{"seed", "", "", {"no listed node answered"}}}},
  });
}

TEST_CASE("planner: a converged cluster gives an empty plan") {
  run_cases({
      {"converged trio, app ejabberd", desired_json(trio), [] { return converged(trio); }, n1, {}},
      {"converged trio, app null", desired_json(trio, "\"app\": null"), [] { return converged(trio); }, n1, {}},
      {"converged trio with an explicit seed", desired_json(trio, "\"seed\": \"" + n3 + "\""),
       [] { return converged(trio); }, n3, {}},
      {"converged trio, one member unreachable but placed as wanted: nothing to do", desired_json(trio),
       [] { return replace(converged(trio), unreachable(n3)); }, n1, {}},
      {"converged trio with a retype done and written everywhere",
       desired_json(trio, R"("tables": {"roster": {"type": "disc_copies"}})"),
       [] {
         auto nodes = cluster_of(trio, with_copies(ejabberd_tables(trio), "roster", {{kDisc, trio}}));
         Overrides roster{{"roster", kDisc}};
         return with_overrides(nodes, {{n1, roster}, {n2, roster}, {n3, roster}});
       },
       n1,
       {}},
  });
}

TEST_CASE("planner: table placement on members") {
  const TypeList roster_disc{{"roster", kDisc}};
  const Overrides roster_override{{"roster", kDisc}};
  const std::vector<Tab> roster_on_disc = with_copies(ejabberd_tables(trio), "roster", {{kDisc, trio}});
  run_cases({
      {"retype on a converged cluster (ejabberd): a change per member, then an override per member",
       desired_json(trio, R"("tables": {"roster": {"type": "disc_copies"}})"),
       [] { return converged(trio); },
       n1,
       {change(n1, "roster", kDiscOnly, kDisc), change(n2, "roster", kDiscOnly, kDisc),
        change(n3, "roster", kDiscOnly, kDisc), override_on(n1, roster_disc), override_on(n2, roster_disc),
        override_on(n3, roster_disc)}},
      {"retype with app null: no override steps",
       desired_json(trio, R"("app": null, "tables": {"roster": {"type": "disc_copies"}})"),
       [] { return converged(trio); },
       n1,
       {change(n1, "roster", kDiscOnly, kDisc), change(n2, "roster", kDiscOnly, kDisc),
        change(n3, "roster", kDiscOnly, kDisc)}},
      {"an override already written on a node is not written again",
       desired_json(trio, R"("tables": {"roster": {"type": "disc_copies"}})"),
       [roster_override] { return with_overrides(converged(trio), {{n2, roster_override}}); },
       n1,
       {change(n1, "roster", kDiscOnly, kDisc), change(n2, "roster", kDiscOnly, kDisc),
        change(n3, "roster", kDiscOnly, kDisc), override_on(n1, roster_disc),
        override_on(n3, roster_disc)}},
      {"an override with another type is rewritten",
       desired_json(trio, R"("tables": {"roster": {"type": "disc_copies"}})"),
       [roster_on_disc] {
         return with_overrides(cluster_of(trio, roster_on_disc), {{n1, {{"roster", kDisc}}},
                                                                  {n2, {{"roster", kDiscOnly}}},
                                                                  {n3, {{"roster", kDisc}}}});
       },
       n1,
       {override_on(n2, roster_disc)}},
      {"the seed's own overrides are copied to members that lack them (no request)",
       desired_json(trio),
       [roster_on_disc, roster_override] {
         return with_overrides(cluster_of(trio, roster_on_disc), {{n1, roster_override}, {n2, roster_override}});
       },
       n1,
       {override_on(n3, roster_disc)}},
      {"the seed's overrides are copied with app ejabberd only",
       desired_json(trio, "\"app\": null"),
       [roster_on_disc, roster_override] { return with_overrides(cluster_of(trio, roster_on_disc), {{n1, roster_override}}); },
       n1,
       {}},
      {"per node (app null): passwd on disc on nodes 1 and 2 only: two changes, then a delete",
       desired_json(trio, R"("app": null, "tables": {"passwd": {"disc_copies": [")" + n1 + "\", \"" + n2 + "\"]}}"),
       [] { return converged(trio); },
       n1,
       {change(n1, "passwd", kDiscOnly, kDisc), change(n2, "passwd", kDiscOnly, kDisc),
        del(n3, "passwd", kDiscOnly)}},
      {"per node (app null): adds come before changes, changes before deletes, whatever the node order",
       desired_json(trio, R"("app": null, "tables": {"passwd": {"disc_copies": [")" + n3 + "\", \"" + n2 + "\"]}}"),
       [] { return cluster_of(trio, with_copies(ejabberd_tables(trio), "passwd", {{kDiscOnly, {n1, n2}}})); },
       n1,
       {add(n3, "passwd", kDisc), change(n2, "passwd", kDiscOnly, kDisc),
        del(n1, "passwd", kDiscOnly)}},
      {"a missing copy is added with the seed's type",
       desired_json(trio),
       [] { return cluster_of(trio, with_copies(ejabberd_tables(trio), "roster", {{kDiscOnly, {n1, n3}}})); },
       n1,
       {add(n2, "roster", kDiscOnly)}},
      {"the schema is made a disc copy before any table is added",
       desired_json(trio, "\"app\": null"),
       [] {
         // Node 3 holds the schema in RAM and only RAM tables; node 2 lacks roster.
         auto tables = ejabberd_tables(trio);
         tables = with_copies(tables, "schema", {{kDisc, {n1, n2}}, {kRam, {n3}}});
         tables = with_copies(tables, "caps_features", {{kDiscOnly, {n1, n2}}});
         tables = with_copies(tables, "passwd", {{kDiscOnly, {n1, n2}}});
         tables = with_copies(tables, "roster", {{kDiscOnly, {n1}}});
         return cluster_of(trio, tables);
       },
       n1,
       {change(n3, "schema", kRam, kDisc), add(n2, "roster", kDiscOnly),
        add(n3, "passwd", kDiscOnly), add(n3, "roster", kDiscOnly)}},
      {"local_content tables are left to each node",
       desired_json(trio),
       [] { return cluster_of(trio, with_copies(ejabberd_tables(trio), "caps_features", {{kDiscOnly, {n1}}, {kRam, {n2}}})); },
       n1,
       {}},
      {"a member that does not answer gets no step: it is refused (app null)",
       desired_json(trio, R"("app": null, "tables": {"roster": {"type": "disc_copies"}})"),
       [] { return replace(converged(trio), unreachable(n3)); },
       n1,
       {change(n1, "roster", kDiscOnly, kDisc), change(n2, "roster", kDiscOnly, kDisc)},
       {{"change_table_copy_type", n3, "roster", {not_started(n3).reason()}}}},
      {"a member that does not answer: its change is refused, and no override is planned to back it (ejabberd)",
       desired_json(trio, R"("tables": {"roster": {"type": "disc_copies"}})"),
       [] { return replace(converged(trio), unreachable(n3)); },
       n1,
       {change(n1, "roster", kDiscOnly, kDisc), change(n2, "roster", kDiscOnly, kDisc),
        override_on(n1, roster_disc), override_on(n2, roster_disc)},
       {{"change_table_copy_type", n3, "roster", {not_started(n3).reason()}}}},
      {"a member whose Mnesia is down is started; its delete waits for the next round, the add elsewhere is planned (app null)",
       desired_json(trio, R"("app": null, "tables": {"passwd": {"disc_only_copies": [")" + n1 + "\", \"" + n3 + "\"]}}"),
       [] {
         auto nodes = cluster_of(trio, with_copies(ejabberd_tables(trio), "passwd", {{kDiscOnly, {n1, n2}}}));
         return replace(nodes, stopped(n2, trio));
       },
       n1,
       {start(n2), add(n3, "passwd", kDiscOnly)},
       {},
       {{n2 + " is started first"}}},
      {"retyping every copy off disc is refused: it would leave no disc replica (app null)",
       desired_json(trio, R"("app": null, "tables": {"passwd": {"type": "ram_copies"}})"),
       [] { return converged(trio); },
       n1,
       {},
       {{"change_table_copy_type", n1, "passwd", {"without a disc replica"}},
        {"change_table_copy_type", n2, "passwd", {"without a disc replica"}},
        {"change_table_copy_type", n3, "passwd", {"without a disc replica"}}}},
      {"deleting the only disc copy is refused; the other steps are planned (app null)",
       desired_json(trio, R"("app": null, "tables": {"passwd": {"ram_copies": [")" + n2 + "\", \"" + n3 + "\"]}}"),
       [] {
         return cluster_of(trio, with_copies(ejabberd_tables(trio), "passwd", {{kDisc, {n1}}, {kRam, {n2}}}));
       },
       n1,
       {add(n3, "passwd", kRam)},
       {{"del_table_copy", n1, "passwd", {"without a disc replica"}}}},
      {"per node (app null): disc and RAM swap places: the copy going to disc changes before the one leaving it",
       desired_json({n1, n2}, R"("app": null, "tables": {"passwd": {"ram_copies": [")" + n1 + "\"], \"disc_copies\": [\"" +
                                  n2 + "\"]}}"),
       [] {
         const Nodes pair{n1, n2};
         return cluster_of(pair, with_copies(ejabberd_tables(pair), "passwd", {{kDisc, {n1}}, {kRam, {n2}}}));
       },
       n1,
       {change(n2, "passwd", kRam, kDisc), change(n1, "passwd", kDisc, kRam)}},
      {"ejabberd: retyping every copy off disc is refused, and no override is written for the refused changes",
       desired_json(trio, R"("tables": {"passwd": {"type": "ram_copies"}})"),
       [] { return converged(trio); },
       n1,
       {},
       {{"change_table_copy_type", n1, "passwd", {"without a disc replica"}},
        {"change_table_copy_type", n2, "passwd", {"without a disc replica"}},
        {"change_table_copy_type", n3, "passwd", {"without a disc replica"}}}},
      {"ejabberd: a member whose ejabberd.schema could not be read is refused its override, not overwritten",
       desired_json(trio, R"("tables": {"roster": {"type": "disc_copies"}})"),
       [] { return unreadable_overrides(converged(trio), n2); },
       n1,
       {change(n1, "roster", kDiscOnly, kDisc), change(n2, "roster", kDiscOnly, kDisc),
        change(n3, "roster", kDiscOnly, kDisc), override_on(n1, roster_disc), override_on(n3, roster_disc)},
       {{"set_placement_override", n2, "", {"could not be read", "/var/lib/ejabberd/" + n2 + "/ejabberd.schema"}}}},
      {"ejabberd: an unreadable ejabberd.schema where nothing is to be written is no refusal",
       desired_json(trio),
       [] { return unreadable_overrides(converged(trio), n2); },
       n1,
       {}},
      // Regression (issue 11): a member that is down was refused its override beside the real
      // error, that it is down, although its file may well hold the override already.
      {"ejabberd: a member that is down gets no override refusal: that it did not answer is the error",
       desired_json(trio, R"("tables": {"roster": {"type": "disc_copies"}})"),
       [] {
         const Overrides roster{{"roster", kDisc}};
         auto nodes = with_overrides(
             cluster_of(trio, with_copies(ejabberd_tables(trio), "roster", {{kDisc, trio}})), {{n1, roster}, {n2, roster}});
         return replace(nodes, unreachable(n3));
       },
       n1,
       {}},
  });
}

TEST_CASE("planner: members that are not listed") {
  const std::vector<Tab> four_tables = ejabberd_tables(four);
  run_cases({
      {"shrink without remove_absent: a warning, no step",
       desired_json(trio),
       [] { return converged(four); },
       n1,
       {},
       {},
       {{n4, "not listed", "remove_absent"}}},
      {"shrink with remove_absent: the running member leaves, after every other step",
       desired_json(trio, R"("app": null, "remove_absent": true, "tables": {"roster": {"type": "disc_copies"}})"),
       [] { return converged(four); },
       n1,
       {change(n1, "roster", kDiscOnly, kDisc), change(n2, "roster", kDiscOnly, kDisc),
        change(n3, "roster", kDiscOnly, kDisc), remove_node(n4, true, kLeaveTables)}},
      {"a dead member that no reachable member sees running is dropped",
       desired_json(trio, R"("remove_absent": true)"),
       [four_tables] {
         std::vector<NodeView> out;
         for (const auto& node : trio) out.push_back(running_node(node, four, trio, four_tables));
         return out;
       },
       n1,
       {remove_node(n4, false)}},
      {"a member down for the seed but running for another member is not dropped",
       desired_json(trio, R"("remove_absent": true)"),
       [four_tables] {
         return std::vector{running_node(n1, four, trio, four_tables), running_node(n2, four, four, four_tables),
                            running_node(n3, four, trio, four_tables)};
       },
       n1,
       {},
       {{"remove_node", n4, "", {"down for the seed", "running for " + n2}}}},
      {"a member that holds the only disc copy of a table is not removed",
       desired_json(trio, R"("remove_absent": true)"),
       [] {
         auto tables = with_table(ejabberd_tables(four), {"offline_msg", "bag", false, {{kDiscOnly, {n4}}}});
         return cluster_of(four, tables);
       },
       n1,
       {},
       {{"remove_node", n4, "", {"last disc replica", "offline_msg"}}}},
      {"two members not listed share the only disc copies of a table: the first is removed, the second refused",
       desired_json(trio, R"("remove_absent": true)"),
       [] {
         const Nodes five{n1, n2, n3, n4, n5};
         auto tables = with_table(ejabberd_tables(five), {"offline_msg", "bag", false, {{kDiscOnly, {n4, n5}}}});
         return cluster_of(five, tables);
       },
       n1,
       {remove_node(n4, true,
                    {{"caps_features", kDiscOnly},
                     {"muc_online_room", kRam},
                     {"offline_msg", kDiscOnly},
                     {"passwd", kDiscOnly},
                     {"roster", kDiscOnly},
                     {"session", kRam}})},
       {{"remove_node", n5, "", {"last disc replica", "offline_msg"}}}},
      {"two members not listed: one leaves, the dead one is dropped, in member order",
       desired_json({n1, n2}, R"("remove_absent": true)"),
       [] {
         const Nodes all{n1, n2, n3, n4};
         const Nodes up{n1, n2, n4};
         auto tables = ejabberd_tables(all);
         return std::vector{running_node(n1, all, up, tables), running_node(n2, all, up, tables)};
       },
       n1,
       {remove_node(n3, false), remove_node(n4, true, kLeaveTables)}},
      {"whether a member runs is the seed's view, not the first listed node's: down for the seed, running for node 2",
       desired_json({n2, n1, n3}, "\"seed\": \"" + n1 + R"(", "remove_absent": true)"),
       [four_tables] {
         return std::vector{running_node(n2, four, four, four_tables), running_node(n1, four, trio, four_tables),
                            running_node(n3, four, trio, four_tables)};
       },
       n1,
       {},
       {{"remove_node", n4, "", {"down for the seed", "running for " + n2}}}},
      {"the same with the seed listed first",
       desired_json(trio, "\"seed\": \"" + n1 + R"(", "remove_absent": true)"),
       [four_tables] {
         return std::vector{running_node(n1, four, trio, four_tables), running_node(n2, four, four, four_tables),
                            running_node(n3, four, trio, four_tables)};
       },
       n1,
       {},
       {{"remove_node", n4, "", {"down for the seed", "running for " + n2}}}},
      {"running for the seed, down for a node listed before it: it leaves",
       desired_json({n2, n1, n3}, "\"seed\": \"" + n1 + R"(", "remove_absent": true)"),
       [four_tables] {
         return std::vector{running_node(n2, four, trio, four_tables), running_node(n1, four, four, four_tables),
                            running_node(n3, four, trio, four_tables)};
       },
       n1,
       {remove_node(n4, true, kLeaveTables)}},
      {"running for the seed listed first, down for the others: it leaves",
       desired_json(trio, "\"seed\": \"" + n1 + R"(", "remove_absent": true)"),
       [four_tables] {
         return std::vector{running_node(n1, four, four, four_tables), running_node(n2, four, trio, four_tables),
                            running_node(n3, four, trio, four_tables)};
       },
       n1,
       {remove_node(n4, true, kLeaveTables)}},
      {"two members not listed share the only copies of a RAM table: the first is removed, the second refused",
       desired_json(trio, R"("remove_absent": true)"),
       [] {
         const Nodes five{n1, n2, n3, n4, n5};
         return cluster_of(five, with_copies(ejabberd_tables(five), "session", {{kRam, {n4, n5}}}));
       },
       n1,
       {remove_node(n4, true, kLeaveTables)},
       {{"remove_node", n5, "", {"the only copy of session"}}}},
      {"a removal never deletes a table: the only member holding a RAM table is not removed",
       desired_json(trio, R"("remove_absent": true)"),
       [] { return cluster_of(four, with_copies(ejabberd_tables(four), "session", {{kRam, {n4}}})); },
       n1,
       {},
       {{"remove_node", n4, "", {"the only copy of session"}}}},
      {"a member whose removal is refused keeps its copies: the other holder of its table may leave",
       desired_json(trio, R"("remove_absent": true)"),
       [] {
         // offline_msg is on disc on nodes 4 and 5 only; node 4 is down for the seed but running
         // for node 2, so it stays, and with it a disc replica of offline_msg.
         const Nodes five{n1, n2, n3, n4, n5};
         const Nodes up_but_4{n1, n2, n3, n5};
         auto tables = with_table(ejabberd_tables(five), {"offline_msg", "bag", false, {{kDiscOnly, {n4, n5}}}});
         return std::vector{running_node(n1, five, up_but_4, tables), running_node(n2, five, five, tables),
                            running_node(n3, five, up_but_4, tables)};
       },
       n1,
       {remove_node(n5, true,
                    {{"caps_features", kDiscOnly},
                     {"muc_online_room", kRam},
                     {"offline_msg", kDiscOnly},
                     {"passwd", kDiscOnly},
                     {"roster", kDiscOnly},
                     {"session", kRam}})},
       {{"remove_node", n4, "", {"down for the seed", "running for " + n2}}}},
  });
}

// ---------------------------------------------------------------------------------------------

struct ErrorSpec {
  std::string path;
  std::vector<std::string> words;
};

struct PlacementCase {
  const char* name;
  std::string json;
  std::function<std::vector<NodeView>()> observe;
  std::vector<ErrorSpec> errors;
  std::string seed = {};  // when given: the plan's seed, whose cluster the request is checked against
};

TEST_CASE("planner: check_placement finds requests Mnesia or ejabberd cannot keep") {
  const std::vector<PlacementCase> cases{
      {"a valid retype", desired_json(trio, R"("tables": {"roster": {"type": "disc_copies"}})"), [] { return converged(trio); }, {}},
      {"a RAM table on one node only (app null): not persistent, nothing to keep",
       desired_json(trio, R"("app": null, "tables": {"session": {"ram_copies": [")" + n1 + "\"]}}"),
       [] { return converged(trio); },
       {}},
      {"an unknown table", desired_json(trio, R"("tables": {"offline_msg": {"type": "disc_copies"}})"),
       [] { return converged(trio); }, {{"$.tables.offline_msg", {"no table offline_msg"}}}},
      {"a local_content table", desired_json(trio, R"("tables": {"caps_features": {"type": "ram_copies"}})"),
       [] { return converged(trio); }, {{"$.tables.caps_features", {"local_content"}}}},
      {"an ordered_set as disc_only_copies", desired_json(trio, R"("tables": {"muc_online_room": {"type": "disc_only_copies"}})"),
       [] { return converged(trio); }, {{"$.tables.muc_online_room", {"ordered_set", "disc_only_copies"}}}},
      {"an ordered_set as disc_only_copies on one node",
       desired_json(trio, R"("tables": {"muc_online_room": {"disc_only_copies": [")" + n1 + "\"], \"ram_copies\": [\"" + n2 +
                              "\", \"" + n3 + "\"]}}"),
       [] { return converged(trio); },
       {{"$.tables.muc_online_room", {"ordered_set"}}}},
      {"a persistent table put in RAM everywhere", desired_json(trio, R"("tables": {"passwd": {"type": "ram_copies"}})"),
       [] { return converged(trio); }, {{"$.tables.passwd", {"disc replica"}}}},
      {"a persistent table left on no disc by per-node lists (app null)",
       desired_json(trio, R"("app": null, "tables": {"passwd": {"ram_copies": [")" + n1 + "\"]}}"),
       [] { return converged(trio); },
       {{"$.tables.passwd", {"disc replica"}}}},
      {"every problem at once, by table name",
       desired_json(trio, R"("tables": {"passwd": {"type": "ram_copies"}, "caps_features": {"type": "disc_copies"}, "offline_msg": {"type": "disc_copies"}})"),
       [] { return converged(trio); },
       {{"$.tables.caps_features", {"local_content"}}, {"$.tables.offline_msg", {"no table"}}, {"$.tables.passwd", {"disc replica"}}}},
      {"checked against the explicit seed's cluster",
       desired_json({n1, n2, n3}, "\"seed\": \"" + n2 + "\", \"tables\": {\"roster\": {\"type\": \"disc_copies\"}}"),
       [] {
         // Node 1 is a bare Mnesia node without ejabberd's tables; nodes 2 and 3 are a cluster.
         const Nodes one{n1}, pair{n2, n3};
         auto bare = running_node(n1, one, one, {{"schema", "set", false, place({{kDisc, one}})}});
         return plus({bare}, converged(pair));
       },
       {}},
      {"checked against the plan's seed without a seed given: the node with data, not the first listed (app null)",
       desired_json(trio, R"("app": null, "tables": {"passwd": {"type": "disc_copies"}})"),
       [] {
         // Node 1 is a bare Mnesia node holding only a schema; nodes 2 and 3 are a cluster, and
         // node 2 holds passwd rows, so it is the seed.
         const Nodes one{n1}, pair{n2, n3};
         auto bare = running_node(n1, one, one, {{"schema", "set", false, place({{kDisc, one}})}});
         auto tables = ejabberd_tables(pair);
         return std::vector{bare, running_node(n2, pair, pair, tables, {{"passwd", 12}}), running_node(n3, pair, pair, tables)};
       },
       {},
       n2},
      {"an empty disc_only_copies list asks for no disc_only copy of an ordered_set (app null)",
       desired_json(trio, R"("app": null, "tables": {"muc_online_room": {"ram_copies": [")" + n1 + "\", \"" + n2 + "\", \"" +
                              n3 + "\"], \"disc_only_copies\": []}}"),
       [] { return converged(trio); },
       {}},
  };
  for (const PlacementCase& c : cases) {
    SUBCASE(c.name) {
      DesiredState desired = parse(c.json);
      ClusterState observed = merge_observations(c.observe(), desired.seed);
      std::string seed = make_plan(desired, observed).seed;
      if (!c.seed.empty()) CHECK(seed == c.seed);
      std::vector<InputError> errors = check_placement(desired, observed, seed);
      std::string all;
      for (const auto& e : errors) all += e.to_string() + "\n";
      INFO("errors:\n" << all);
      REQUIRE(errors.size() == c.errors.size());
      for (std::size_t i = 0; i < errors.size(); ++i) {
        CHECK(errors[i].path == c.errors[i].path);
        CHECK_MESSAGE(contains_all(errors[i].message, c.errors[i].words), errors[i].message);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------

TableView view(const std::string& name, Copy local_storage, std::optional<std::int64_t> rows,
               bool local_content = false) {
  TableView table;
  table.name = name;
  table.kind = "set";
  table.local_content = local_content;
  table.local_storage = local_storage;
  table.local_size = rows;
  return table;
}

TEST_CASE("planner: data_held counts rows of the node's own persistent, shared copies") {
  struct Row {
    const char* name;
    std::vector<TableView> tables;
    Rows held;
  };
  const std::vector<Row> rows{
      {"a disc_copies table with rows", {view("muc_room", kDisc, 3)}, {{"muc_room", 3}}},
      {"a disc_only_copies table with rows", {view("passwd", kDiscOnly, 12)}, {{"passwd", 12}}},
      {"the schema is not data", {view("schema", kDisc, 40)}, {}},
      {"a local_content table is each node's own", {view("caps_features", kDiscOnly, 9, true)}, {}},
      {"a RAM table is lost at every restart anyway", {view("session", kRam, 500)}, {}},
      {"a copy with no rows", {view("roster", kDiscOnly, 0)}, {}},
      {"a table the node holds no copy of", {view("roster", std::nullopt, 5)}, {}},
      {"a copy whose size is unknown", {view("roster", kDiscOnly, std::nullopt)}, {}},
      {"a fresh ejabberd node holds nothing",
       standalone(n1).tables,
       {}},
      {"a node with data: only the counted tables",
       {view("caps_features", kDiscOnly, 2, true), view("muc_online_room", kRam, 4),
        view("passwd", kDiscOnly, 12), view("roster", kDisc, 30), view("schema", kDisc, 40),
        view("vcard", kDiscOnly, 0)},
       {{"passwd", 12}, {"roster", 30}}},
  };
  for (const Row& row : rows) {
    SUBCASE(row.name) {
      NodeView node = standalone(n1);
      node.tables = row.tables;
      CHECK(data_held(node) == row.held);
    }
  }
}

}  // namespace
}  // namespace ejcluster::cluster

namespace ejcluster::cluster {
namespace {

// n1 and n2 run together; n3 runs alone: each side counts only itself as running.
std::vector<NodeView> split_trio() {
  const auto tables = ejabberd_tables(trio);
  return {running_node(n1, trio, {n1, n2}, tables), running_node(n2, trio, {n1, n2}, tables),
          running_node(n3, trio, {n3}, tables)};
}

// After a full outage n1 and n2 are back and wait for their disc tables; n3 (down) went last:
// n2 saw n1 go down, and neither saw n3 go down.
std::vector<NodeView> waiting_trio() {
  const auto tables = ejabberd_tables(trio);
  std::vector<NodeView> out{running_node(n1, trio, {n1, n2}, tables), running_node(n2, trio, {n1, n2}, tables),
                                   unreachable(n3)};
  for (auto& node : {&out[0], &out[1]}) {
    for (TableView& table : node->tables) {
      if (table.name != "schema" && (table.local_storage == kDiscOnly || table.local_storage == kDisc)) {
        table.loaded = false;
        node->waiting_for_tables.push_back(table.name);
      }
    }
    node->applications.erase("ejabberd");
    node->applications_known = false;  // ejabberd's start is blocked on the tables
  }
  out[1].saw_down = {n1};
  return out;
}

Step heal(const std::string& node, Nodes masters) {
  return Step{.kind = StepKind::kHealPartition, .node = node, .via = n1, .masters = std::move(masters), .backup = true};
}

}  // namespace

TEST_CASE("planner: a partition is healed only when asked, from the seed's side") {
  run_cases({
      {"without heal_partitions the nodes off the seed's side are refused, and nothing else is planned",
       desired_json(four), [] { return plus(split_trio(), {standalone(n4)}); }, n1, {},
       {{"heal_partition", n3, "", {"partitioned", "heal_partitions", "ejabberd1@h, ejabberd2@h", "lost"}}}},
      {"with heal_partitions the other side restarts from the seed's side", desired_json(trio, "\"heal_partitions\": true"),
       split_trio, n1, {heal(n3, {n1, n2})}},
      {"the seed picks the winning side", desired_json(trio, "\"heal_partitions\": true, \"seed\": \"ejabberd3@h\""),
       split_trio, n3, {Step{.kind = StepKind::kHealPartition, .node = n1, .via = n3, .masters = {n3}, .backup = true},
                        Step{.kind = StepKind::kHealPartition, .node = n2, .via = n3, .masters = {n3}, .backup = true}}},
      {"a cluster whose views merely lag (one side counts the other) is not split", desired_json(trio),
       [] {
         const auto tables = ejabberd_tables(trio);
         return std::vector<NodeView>{running_node(n1, trio, trio, tables), running_node(n2, trio, trio, tables),
                                             running_node(n3, trio, {n1, n3}, tables)};
       },
       n1, {}},
  });
}

TEST_CASE("planner: after a full outage tables are force-loaded only from the node the operator names") {
  auto force = [](const std::string& node) {
    return Step{.kind = StepKind::kForceLoad, .node = node, .via = node,
                .tables = {{"caps_features", kDiscOnly}, {"passwd", kDiscOnly},
                           {"roster", kDiscOnly}}};
  };
  run_cases({
      {"without force_load_from the waiting nodes are refused, naming who went down last", desired_json(trio),
       waiting_trio, n1, {},
       {{"force_load", n1, "", {"waits for tables", "passwd", "ejabberd3@h went down after them", "force_load_from"}},
        {"force_load", n2, "", {"waits for tables", "ejabberd3@h went down after them"}}}},
      // Regression (issue 15): the member that went down last was wiped and started alone; the
      // advice still said to start it.
      {"the member that went down last runs alone and empty: the advice is force_load_from, not to start it",
       desired_json(trio),
       [] {
         auto nodes = waiting_trio();
         nodes[2] = standalone(n3);
         return nodes;
       },
       n1, {},
       {{"force_load", n1, "", {"ejabberd3@h went down after them", "runs now on its own with a fresh schema",
                                "starting nothing will help. Set \"force_load_from\""}},
        {"force_load", n2, "", {"runs now on its own"}}}},
      {"with force_load_from the named node loads its own copies", desired_json(trio, "\"force_load_from\": \"ejabberd2@h\""),
       waiting_trio, n1, {force(n2)}, {}, {{"forcing ejabberd2@h", "ejabberd3@h went down after them"}}},
      {"force_load_from naming a node that does not wait is refused",
       desired_json(trio, "\"force_load_from\": \"ejabberd3@h\""), waiting_trio, n1, {},
       {{"force_load", n3, "", {"not waiting", "ejabberd1@h, ejabberd2@h"}}}},
      {"tables that only running members hold are loading, not waiting", desired_json({n1, n2}),
       [] {
         auto nodes = waiting_trio();
         nodes.pop_back();  // n3 is no member here
         const Nodes pair{n1, n2};
         const auto tables = ejabberd_tables(pair);
         for (auto& node : nodes) {
           node = running_node(node.node, pair, pair, tables);
           node.tables[0].loaded = false;  // caps_features, held by n1 and n2 only
           node.waiting_for_tables = {"caps_features"};
         }
         return nodes;
       },
       n1, {}},
  });
}

}  // namespace ejcluster::cluster

namespace ejcluster::cluster {
namespace {

// Regression (issue 13): "refused join on X: X did not answer: X: no node of that name ..." named
// the node three times.
TEST_CASE("planner: a refusal for a node that did not answer names it once") {
  DesiredState desired = parse(desired_json(trio));
  ClusterState observed = merge_observations({standalone(n1), standalone(n2), unreachable(n3)}, desired.seed);
  Plan plan = make_plan(desired, observed);
  REQUIRE(plan.refused.size() == 1);
  const std::string& reason = plan.refused[0].reason;
  CAPTURE(reason);
  CHECK(reason.find("it did not answer: no node of that name") == 0);
  CHECK(reason.find(n3) == std::string::npos);
  const std::string line = describe(plan.refused[0]);
  CHECK(line.find(n3) == line.rfind(n3));  // once, in "on <node>"
}

}  // namespace
}  // namespace ejcluster::cluster

namespace ejcluster::cluster {

TEST_CASE("planner: the only node up runs alone and empty while the others are down: the warning names the wiped member") {
  DesiredState desired = parse(desired_json(trio));
  ClusterState observed = merge_observations({unreachable(n1), unreachable(n2), standalone(n3)}, desired.seed);
  Plan plan = make_plan(desired, observed);
  CHECK(plan.seed == n3);
  REQUIRE(plan.warnings.size() == 1);
  CAPTURE(plan.warnings[0]);
  CHECK(plan.warnings[0].find(n3 + " is the only listed node that runs, alone and with no data, and ejabberd1@h, ejabberd2@h do not answer") == 0);
  CHECK(plan.warnings[0].find("stop " + n3 + ", start the others (they load their data)") != std::string::npos);
  // With the others up, or with data on it, there is nothing to say.
  CHECK(make_plan(desired, merge_observations({standalone(n1), standalone(n2), standalone(n3)}, desired.seed)).warnings.empty());
}

TEST_CASE("plan: a member dropped while down carries a caution that says what to do; one that leaves does not") {
  Step dropped{.kind = StepKind::kRemoveNode, .node = "ejabberd3@h", .via = "ejabberd1@h", .node_running = false};
  auto warning = caution(dropped);
  REQUIRE(warning);
  CHECK(warning->find("ejabberd3@h was dropped while it was down") == 0);
  CHECK(warning->find("wipe that directory before it boots, or run apply again") != std::string::npos);
  Step leaves = dropped;
  leaves.node_running = true;
  CHECK_FALSE(caution(leaves));
  CHECK_FALSE(caution(Step{.kind = StepKind::kJoin, .node = "ejabberd3@h", .via = "ejabberd1@h"}));
}

}  // namespace ejcluster::cluster
