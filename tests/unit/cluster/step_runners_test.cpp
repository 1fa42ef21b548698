// The step runners against FakeCluster: for each, the calls it makes in order, what the cluster
// looks like afterwards (read back through query_node, as converge() reads it), and for every
// call, that an unexpected reply fails the step with an error naming the call and the node, and
// which recovery calls follow.
#include "cluster/step_runners.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../support/desired_json.h"
#include "../support/doctest_printers.h"
#include "../support/expected_calls.h"
#include "../support/fake_cluster.h"
#include "cluster/node_query.h"

namespace ejcluster::cluster {
namespace {

using enum StorageType;

using erl::Term;
using testing::FakeCluster;
using testing::table_on;
using Texts = std::vector<std::string>;
using namespace std::chrono_literals;

const std::string n1 = "ejabberd1@h";
const std::string n2 = "ejabberd2@h";
const std::string n3 = "ejabberd3@h";
// How a failed backup names its call, before the step and " on <node>".
const std::string kBackupLabel = "backup under /var/lib/ejcluster/backups before ";

// A runner's world: the fake, an evaluator over it, the desired state, and the progress lines.
struct Bench {
  explicit Bench(const std::string& extra = "") : desired(testing::desired_state({n1, n2, n3}, extra)) {}
  FakeCluster fake;
  erl::RemoteEvaluator evaluator{fake};
  DesiredState desired;
  Texts progress;
  StepContext context{fake, evaluator, desired, [this](std::string_view line) { progress.emplace_back(line); }};

  NodeView view(const std::string& node) { return query_node(evaluator, *erl::NodeName::parse(node), 1s); }
  // The calls made since the last reset, without observations.
  Texts calls() { return fake.actions(); }
};

const Term kBadReply = Term::tuple({Term::atom("error"), Term::atom("injected")});
const erl::ErlError kLost{erl::ErlError::Kind::kConnectionLost, "", "while waiting for a reply"};

erl::ErlError lost_on(const std::string& node) {
  erl::ErlError error = kLost;
  error.node = node;
  return error;
}

Texts first(Texts texts, std::size_t count) {
  texts.resize(count);
  return texts;
}

Texts concat(Texts a, const Texts& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// One call of a runner: the recorded call, how errors name it, and the calls that follow its failure.
struct Point {
  std::string node, module, function;
  std::string label;  // as the error names it, before " on <node>"
  Texts recovery;
  int skip = 0;  // calls of the same function answered as usual before this one
};

// Fails each call of `points` in turn (with `reply`) on a fresh bench built by `setup`, runs the
// step, and checks the error and the calls: those up to the failing one, then its recovery.
template <typename Setup, typename Run>
void check_every_failure(const std::vector<Point>& points, const Texts& calls, Setup setup, Run run,
                         const testing::Reply& reply, std::size_t from = 0) {
  REQUIRE(points.size() == calls.size());
  for (std::size_t i = from; i < points.size(); ++i) {
    const Point& point = points[i];
    CAPTURE(point.label);
    Bench bench;
    setup(bench);
    bench.fake.fail_next(point.node, point.module, point.function, reply, 1, point.skip);
    StepOutcome outcome = run(bench);
    REQUIRE_FALSE(outcome.has_value());
    CHECK(outcome.error().call == point.label + " on " + point.node);
    CHECK(outcome.error().reason == (reply ? reply->to_string() : reply.error().message()));
    CHECK(outcome.error().message().find(point.node) != std::string::npos);
    CHECK(bench.calls() == concat(first(calls, i + 1), point.recovery));
  }
}

// ---------------------------------------------------------------------------------------------
// join

void cluster_and_fresh_node(Bench& bench) {
  bench.fake.add_cluster({n1, n2}, {{"roster", table_on("set", {{"disc_copies", {n1, n2}}}, 5)},
                                    {"session", table_on("set", {{"ram_copies", {n1, n2}}})}});
  bench.fake.add_node(n3);
}

const Texts kJoinCalls = testing::join_calls(n3, n1);

const Step kJoinN3{.kind = StepKind::kJoin,
                   .node = n3,
                   .via = n1,
                   .tables = {{"schema", kDisc}, {"roster", kDisc}, {"session", kRam}}};


TEST_CASE("join_step: the calls in order, and the node is a member afterwards") {
  Bench bench;
  cluster_and_fresh_node(bench);
  REQUIRE(run_join(bench.context, kJoinN3).has_value());
  CHECK(bench.calls() == kJoinCalls);

  NodeView joined = bench.view(n3);
  CHECK(joined.db_nodes == Texts{n1, n2, n3});
  CHECK(joined.running_db_nodes == Texts{n1, n2, n3});
  CHECK(joined.applications.count("ejabberd") == 1);
  NodeView seed = bench.view(n1);
  CHECK(seed.db_nodes == Texts{n1, n2, n3});
  for (const TableView& table : seed.tables) {
    CAPTURE(table.name);
    CHECK(table.copies.at(table.name == "session" ? kRam : kDisc) == Texts{n1, n2, n3});
  }
  CHECK(bench.progress.front() == "  " + n3 + ": stop ejabberd");
}

TEST_CASE("join_step: a copy that is already there counts as made") {
  Bench bench;
  cluster_and_fresh_node(bench);
  bench.fake.fail_next(n3, "mnesia", "add_table_copy",
                       Term::tuple({Term::atom("aborted"), Term::tuple({Term::atom("already_exists"), Term::atom("roster"),
                                                                       Term::atom(n3)})}));
  CHECK(run_join(bench.context, kJoinN3).has_value());
  CHECK(bench.calls() == kJoinCalls);
}

// Before the schema is deleted only the application is started again; after it, Mnesia (started
// alone) is stopped first so that the application starts it as its dependency.
const Texts kRestartApp = {n3 + " application:ensure_all_started(ejabberd)"};
const Texts kRestartAll = {n3 + " mnesia:stop()", n3 + " application:ensure_all_started(ejabberd)"};

const std::vector<Point> kJoinPoints = {
    {n3, "application", "stop", "application:stop(ejabberd)", {}},
    {n3, "mnesia", "stop", "mnesia:stop", kRestartApp},
    {n3, "mnesia", "delete_schema", "mnesia:delete_schema([" + n3 + "])", kRestartApp},
    {n3, "application", "start", "application:start(mnesia, permanent)", kRestartAll},
    {n3, "mnesia", "change_config", "mnesia:change_config(extra_db_nodes, ...)", kRestartAll},
    {n3, "mnesia", "change_table_copy_type", "mnesia:change_table_copy_type(schema, ...)", kRestartAll},
    {n3, "mnesia", "add_table_copy", "mnesia:add_table_copy(roster, ...)", kRestartAll},
    {n3, "mnesia", "add_table_copy", "mnesia:add_table_copy(session, ...)", kRestartAll, 1},
    {n3, "mnesia", "wait_for_tables", "mnesia:wait_for_tables([schema,roster,session], ...)", kRestartAll},
    {n3, "application", "ensure_all_started", "application:ensure_all_started(ejabberd)", kRestartAll},
    {n3, "application", "which_applications", "application:which_applications", kRestartAll},
};

TEST_CASE("join_step: every unexpected reply fails the join, naming the call and node, and restarts the node") {
  const std::vector<Point>& points = kJoinPoints;
  const Texts& calls = kJoinCalls;
  auto run = [](Bench& bench) { return run_join(bench.context, kJoinN3); };
  SUBCASE("a reply it does not accept") { check_every_failure(points, calls, cluster_and_fresh_node, run, kBadReply); }
  SUBCASE("a call that fails in the client") {
    check_every_failure(points, calls, cluster_and_fresh_node, run, std::unexpected(lost_on(n3)));
  }
}

TEST_CASE("join_step: the second table's copy failing stops the join after the first") {
  Bench bench;
  cluster_and_fresh_node(bench);
  // fail_next answers the first add_table_copy (roster) as Mnesia would, and the second with an error.
  bench.fake.fail_next(n3, "mnesia", "add_table_copy", Term::tuple({Term::atom("atomic"), Term::atom("ok")}));
  bench.fake.fail_next(n3, "mnesia", "add_table_copy", kBadReply);
  StepOutcome outcome = run_join(bench.context, kJoinN3);
  REQUIRE_FALSE(outcome.has_value());
  CHECK(outcome.error().message() == "mnesia:add_table_copy(session, ...) on " + n3 + ": {error,injected}");
  CHECK(bench.calls() == concat(first(kJoinCalls, 8), kRestartAll));
}

TEST_CASE("join_step: a failed join leaves the node serving on its own") {
  Bench bench;
  cluster_and_fresh_node(bench);
  bench.fake.fail_next(n3, "mnesia", "change_config", Term::tuple({Term::atom("ok"), Term::list({})}));
  REQUIRE_FALSE(run_join(bench.context, kJoinN3).has_value());
  NodeView node = bench.view(n3);
  CHECK(node.mnesia_running());
  CHECK(node.applications.count("ejabberd") == 1);
  CHECK(node.db_nodes == Texts{n3});
  CHECK(bench.view(n1).db_nodes == Texts{n1, n2});
}

// A node that holds data (allow_data_loss) is saved after its application stops, before its
// schema goes: as a Mnesia backup while Mnesia runs, as a copy of its files once it is stopped.
TEST_CASE("join_step: a node that holds data is saved first, and a failed backup stops the join with the node serving") {
  Step join = kJoinN3;
  join.backup = true;
  const Texts saved = {n3 + " mnesia:system_info(is_running)",
                       n3 + R"( eval:mnesia_backup(Dir=<<"/var/lib/ejcluster/backups">>,Op=<<"join">>))"};
  SUBCASE("saved, then joined") {
    Bench bench;
    cluster_and_fresh_node(bench);
    REQUIRE(run_join(bench.context, join).has_value());
    CHECK(bench.calls() == concat(concat(first(kJoinCalls, 1), saved), Texts(kJoinCalls.begin() + 1, kJoinCalls.end())));
    REQUIRE(bench.context.backup.has_value());
    CHECK(bench.context.backup->node == n3);
    CHECK(bench.context.backup->path == "/var/lib/ejcluster/backups/" + n3 + "/join.mnesia-backup");
    CHECK(bench.context.backup->kind == NodeBackup::Kind::kMnesiaBackup);
    CHECK(bench.context.backup->bytes > 0);
  }
  SUBCASE("Mnesia stopped: its files are copied") {
    Bench bench;
    cluster_and_fresh_node(bench);
    bench.fake.fail_next(n3, "mnesia", "system_info", Term::atom("no"));
    REQUIRE(run_join(bench.context, join).has_value());
    CHECK(bench.calls()[2] == n3 + R"( eval:directory_copy(Dir=<<"/var/lib/ejcluster/backups">>,Op=<<"join">>))");
    REQUIRE(bench.context.backup.has_value());
    CHECK(bench.context.backup->kind == NodeBackup::Kind::kDirectoryCopy);
  }
  SUBCASE("the backup fails: nothing is deleted, the application runs again") {
    Bench bench;
    cluster_and_fresh_node(bench);
    const Term refused = Term::tuple({Term::atom("error"), Term::atom("eacces")});
    bench.fake.fail_next(n3, "eval", "mnesia_backup", refused);
    StepOutcome outcome = run_join(bench.context, join);
    REQUIRE_FALSE(outcome.has_value());
    CHECK(outcome.error().message() == kBackupLabel + "join on " + n3 + ": {error,eacces}");
    CHECK(bench.calls() == concat(concat(first(kJoinCalls, 1), saved), kRestartApp));
    CHECK_FALSE(bench.context.backup.has_value());
    CHECK(bench.view(n3).applications.count("ejabberd") == 1);
  }
  SUBCASE("Mnesia starting or stopping: no backup can be had, and the join stops") {
    Bench bench;
    cluster_and_fresh_node(bench);
    bench.fake.fail_next(n3, "mnesia", "system_info", Term::atom("stopping"));
    StepOutcome outcome = run_join(bench.context, join);
    REQUIRE_FALSE(outcome.has_value());
    CHECK(outcome.error().reason == "stopping");
    CHECK(bench.calls() == concat(concat(first(kJoinCalls, 1), first(saved, 1)), kRestartApp));
  }
}

TEST_CASE("join_step: on plain Mnesia nodes no application is stopped or started") {
  Bench bench(R"("app": null)");
  bench.fake.add_cluster({n1, n2}, {{"roster", table_on("set", {{"disc_copies", {n1, n2}}})}}, std::nullopt);
  bench.fake.add_node(n3, std::nullopt);
  Step join{.kind = StepKind::kJoin, .node = n3, .via = n1, .tables = {{"schema", kDisc}, {"roster", kDisc}}};
  REQUIRE(run_join(bench.context, join).has_value());
  CHECK(bench.calls() == Texts{
                             n3 + " mnesia:stop()",
                             n3 + " mnesia:delete_schema([" + n3 + "])",
                             n3 + " mnesia:start()",
                             n3 + " mnesia:change_config(extra_db_nodes,[" + n1 + "])",
                             n3 + " mnesia:change_table_copy_type(schema," + n3 + ",disc_copies)",
                             n3 + " mnesia:add_table_copy(roster," + n3 + ",disc_copies)",
                             n3 + " mnesia:wait_for_tables([schema,roster],600000)",
                         });
  CHECK(bench.view(n3).db_nodes == Texts{n1, n2, n3});
}

TEST_CASE("join_step: a disc copy before the schema is on disc fails as Mnesia fails it") {
  Bench bench;
  cluster_and_fresh_node(bench);
  Step join = kJoinN3;
  join.tables.erase(join.tables.begin());  // no schema step
  StepOutcome outcome = run_join(bench.context, join);
  REQUIRE_FALSE(outcome.has_value());
  CHECK(outcome.error().message() == "mnesia:add_table_copy(roster, ...) on " + n3 + ": {aborted,{has_no_disc," + n3 + "}}");
}

// ---------------------------------------------------------------------------------------------
// table steps

void three_node_cluster(Bench& bench) {
  bench.fake.add_cluster({n1, n2, n3}, {{"roster", table_on("set", {{"disc_copies", {n1, n2}}}, 5)},
                                        {"session", table_on("set", {{"ram_copies", {n1, n2, n3}}})}});
}

TEST_CASE("table_steps: add, change and delete run through the via node, and every member sees them") {
  Bench bench;
  three_node_cluster(bench);
  Step add{.kind = StepKind::kAddTableCopy, .node = n3, .via = n1, .table = "roster", .type = kDisc};
  Step change{.kind = StepKind::kChangeTableCopyType, .node = n2, .via = n1, .table = "roster", .type = kDiscOnly,
              .from_type = kDisc};
  Step del{.kind = StepKind::kDelTableCopy, .node = n3, .via = n1, .table = "session", .from_type = kRam};
  REQUIRE(run_table_step(bench.context, add).has_value());
  REQUIRE(run_table_step(bench.context, change).has_value());
  REQUIRE(run_table_step(bench.context, del).has_value());
  CHECK(bench.calls() == Texts{
                             n1 + " mnesia:add_table_copy(roster," + n3 + ",disc_copies)",
                             n1 + " mnesia:change_table_copy_type(roster," + n2 + ",disc_only_copies)",
                             n1 + " mnesia:del_table_copy(session," + n3 + ")",
                         });
  for (const std::string& node : {n1, n2, n3}) {
    CAPTURE(node);
    NodeView view = bench.view(node);
    REQUIRE(view.tables.size() == 3);
    const TableView& roster = view.tables[0];
    CHECK(roster.copies.at(kDisc) == Texts{n1, n3});
    CHECK(roster.copies.at(kDiscOnly) == Texts{n2});
    CHECK(view.tables[2].copies.at(kRam) == Texts{n1, n2});
  }
}

TEST_CASE("table_steps: a reply other than {atomic, ok} fails the step, naming the call and the via node") {
  Bench bench;
  three_node_cluster(bench);
  Step add{.kind = StepKind::kAddTableCopy, .node = n3, .via = n1, .table = "nosuch", .type = kDisc};
  StepOutcome outcome = run_table_step(bench.context, add);
  REQUIRE_FALSE(outcome.has_value());
  CHECK(outcome.error().message() == "mnesia:add_table_copy(nosuch, " + n3 + ", disc_copies) on " + n1 +
                                         ": {aborted,{no_exists,nosuch}}");

  Step del{.kind = StepKind::kDelTableCopy, .node = n3, .via = n1, .table = "roster", .from_type = kDisc};
  outcome = run_table_step(bench.context, del);  // n3 holds no roster copy
  REQUIRE_FALSE(outcome.has_value());
  CHECK(outcome.error().message() == "mnesia:del_table_copy(roster, " + n3 + ") on " + n1 + ": {aborted,{no_exists,roster," + n3 + "}}");

  bench.fake.set_reachable(n1, false);
  Step change{.kind = StepKind::kChangeTableCopyType, .node = n2, .via = n1, .table = "roster", .type = kRam,
              .from_type = kDisc};
  outcome = run_table_step(bench.context, change);
  REQUIRE_FALSE(outcome.has_value());
  CHECK(outcome.error().call == "mnesia:change_table_copy_type(roster, " + n2 + ", ram_copies) on " + n1);
  CHECK(outcome.error().reason.find(n1 + ": no node of that name is registered") == 0);
}

TEST_CASE("table_steps: a step of another kind is refused without a call") {
  Bench bench;
  three_node_cluster(bench);
  StepOutcome outcome = run_table_step(bench.context, Step{.kind = StepKind::kJoin, .node = n3, .via = n1});
  REQUIRE_FALSE(outcome.has_value());
  CHECK(outcome.error().reason == "not a table step: join");
  CHECK(bench.calls().empty());
}

// ---------------------------------------------------------------------------------------------
// remove

const Step kRemoveRunning{.kind = StepKind::kRemoveNode,
                          .node = n3,
                          .via = n1,
                          .tables = {{"session", kRam}},
                          .node_running = true,
                          .backup = true};

const Texts kRemoveCalls = {
    n3 + " application:stop(ejabberd)",
    n3 + " mnesia:system_info(is_running)",
    n3 + R"( eval:mnesia_backup(Dir=<<"/var/lib/ejcluster/backups">>,Op=<<"remove_node">>))",
    n1 + " mnesia:del_table_copy(session," + n3 + ")",
    n3 + " mnesia:stop()",
    n1 + " mnesia:del_table_copy(schema," + n3 + ")",
    n3 + " mnesia:delete_schema([" + n3 + "])",
    n3 + " application:ensure_all_started(ejabberd)",
};

// Until the cluster drops it, a failed leave starts the node again, still a member.
const Texts kRemoveRecovery = {n3 + " application:ensure_all_started(ejabberd)"};

const std::vector<Point> kRemovePoints = {
    {n3, "application", "stop", "application:stop(ejabberd)", kRemoveRecovery},
    {n3, "mnesia", "system_info", kBackupLabel + "remove_node", kRemoveRecovery},
    {n3, "eval", "mnesia_backup", kBackupLabel + "remove_node", kRemoveRecovery},
    {n1, "mnesia", "del_table_copy", "mnesia:del_table_copy(session, " + n3 + ")", kRemoveRecovery},
    {n3, "mnesia", "stop", "mnesia:stop()", kRemoveRecovery},
    {n1, "mnesia", "del_table_copy", "mnesia:del_table_copy(schema, " + n3 + ")", kRemoveRecovery, 1},
    {n3, "mnesia", "delete_schema", "mnesia:delete_schema([" + n3 + "])", {}},
    {n3, "application", "ensure_all_started", "application:ensure_all_started(ejabberd)", {}},
};

TEST_CASE("remove_step: a running member leaves and starts again on its own") {
  Bench bench;
  three_node_cluster(bench);
  REQUIRE(run_remove_node(bench.context, kRemoveRunning).has_value());
  CHECK(bench.calls() == kRemoveCalls);
  CHECK(bench.view(n1).db_nodes == Texts{n1, n2});
  CHECK(bench.view(n2).running_db_nodes == Texts{n1, n2});
  NodeView left = bench.view(n3);
  CHECK(left.db_nodes == Texts{n3});
  CHECK(left.mnesia_running());
  CHECK(left.applications.count("ejabberd") == 1);
}

TEST_CASE("remove_step: a member that is down is only dropped from the schema") {
  Bench bench;
  three_node_cluster(bench);
  bench.fake.stop_node(n3);
  Step drop{.kind = StepKind::kRemoveNode, .node = n3, .via = n1, .node_running = false};
  REQUIRE(run_remove_node(bench.context, drop).has_value());
  CHECK(bench.calls() == Texts{n1 + " mnesia:del_table_copy(schema," + n3 + ")"});
  CHECK(bench.view(n1).db_nodes == Texts{n1, n2});
}

TEST_CASE("remove_step: every unexpected reply stops the removal, naming the call and node, and restarts a member") {
  auto run = [](Bench& bench) { return run_remove_node(bench.context, kRemoveRunning); };
  SUBCASE("a reply it does not accept (application:stop accepts any)") {
    check_every_failure(kRemovePoints, kRemoveCalls, three_node_cluster, run, kBadReply, 1);
  }
  SUBCASE("a call that fails in the client") {
    // The error names the node the call went to; fail_next answers as that node would.
    for (std::size_t i = 0; i < kRemovePoints.size(); ++i) {
      CAPTURE(kRemovePoints[i].label);
      Bench bench;
      three_node_cluster(bench);
      bench.fake.fail_next(kRemovePoints[i].node, kRemovePoints[i].module, kRemovePoints[i].function,
                           std::unexpected(lost_on(kRemovePoints[i].node)), 1, kRemovePoints[i].skip);
      StepOutcome outcome = run(bench);
      REQUIRE_FALSE(outcome.has_value());
      CHECK(outcome.error().call == kRemovePoints[i].label + " on " + kRemovePoints[i].node);
      CHECK(outcome.error().reason == lost_on(kRemovePoints[i].node).message());
      CHECK(bench.calls() == concat(first(kRemoveCalls, i + 1), kRemovePoints[i].recovery));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// placement override

const Step kOverride{.kind = StepKind::kSetPlacementOverride,
                     .node = n2,
                     .via = n2,
                     .tables = {{"roster", kDisc}, {"session", kRam}}};

TEST_CASE("override_step: the entries are written in one evaluation on the node") {
  Bench bench;
  three_node_cluster(bench);
  REQUIRE(run_set_placement_override(bench.context, kOverride).has_value());
  CHECK(bench.calls() == Texts{n2 + " eval:placement_override_write(Overrides=[{roster,disc_copies},{session,ram_copies}])"});
  NodeView node = bench.view(n2);
  REQUIRE(node.placement_overrides.has_value());
  CHECK(*node.placement_overrides == std::map<std::string, StorageType>{{"roster", kDisc}, {"session", kRam}});
  CHECK(bench.progress == Texts{"  " + n2 + ": write ejabberd.schema: roster: disc_copies, session: ram_copies"});
}

TEST_CASE("override_step: a write that fails names the file's entries and the node") {
  Bench bench;
  three_node_cluster(bench);
  SUBCASE("the evaluation fails on the node") {
    bench.fake.node(n2).overrides.reset();  // the file cannot be read
    StepOutcome outcome = run_set_placement_override(bench.context, kOverride);
    REQUIRE_FALSE(outcome.has_value());
    CHECK(outcome.error().call == "write ejabberd.schema (roster: disc_copies, session: ram_copies) on " + n2);
    CHECK(outcome.error().reason.find(n2 + ": badrpc") == 0);
  }
  SUBCASE("the node does not answer") {
    bench.fake.set_reachable(n2, false, erl::ErlError::Kind::kConnectionRefused);
    StepOutcome outcome = run_set_placement_override(bench.context, kOverride);
    REQUIRE_FALSE(outcome.has_value());
    CHECK(outcome.error().reason.find(n2 + ": connection refused") == 0);
  }
}

// ---------------------------------------------------------------------------------------------
// start

TEST_CASE("start_step: the application is started, then Mnesia is confirmed running") {
  Bench bench;
  three_node_cluster(bench);
  bench.fake.stop_node(n2);
  Step start{.kind = StepKind::kStartNode, .node = n2, .via = n2};
  REQUIRE(run_start_node(bench.context, start).has_value());
  CHECK(bench.calls() == Texts{n2 + " application:ensure_all_started(ejabberd)", n2 + " mnesia:system_info(is_running)"});
  NodeView node = bench.view(n2);
  CHECK(node.mnesia_running());
  CHECK(node.applications.count("ejabberd") == 1);
  CHECK(bench.view(n1).running_db_nodes == Texts{n1, n2, n3});
}

TEST_CASE("start_step: an unexpected reply fails the start, naming the call and node") {
  Bench bench;
  three_node_cluster(bench);
  bench.fake.stop_node(n2);
  Step start{.kind = StepKind::kStartNode, .node = n2, .via = n2};
  SUBCASE("the application does not start") {
    bench.fake.fail_next(n2, "application", "ensure_all_started", kBadReply);
    StepOutcome outcome = run_start_node(bench.context, start);
    REQUIRE_FALSE(outcome.has_value());
    CHECK(outcome.error().message() == "application:ensure_all_started(ejabberd) on " + n2 + ": {error,injected}");
    CHECK(bench.calls() == Texts{n2 + " application:ensure_all_started(ejabberd)"});
  }
  SUBCASE("Mnesia does not run afterwards") {
    bench.fake.fail_next(n2, "mnesia", "system_info", Term::atom("no"));
    StepOutcome outcome = run_start_node(bench.context, start);
    REQUIRE_FALSE(outcome.has_value());
    CHECK(outcome.error().message() == "mnesia:system_info(is_running) on " + n2 + ": no");
  }
  SUBCASE("the node does not answer") {
    bench.fake.set_reachable(n2, false);
    StepOutcome outcome = run_start_node(bench.context, start);
    REQUIRE_FALSE(outcome.has_value());
    CHECK(outcome.error().call == "application:ensure_all_started(ejabberd) on " + n2);
  }
}

TEST_CASE("start_step: on a plain Mnesia node, Mnesia alone is started") {
  Bench bench(R"("app": null)");
  bench.fake.add_cluster({n1, n2, n3}, {}, std::nullopt);
  bench.fake.stop_node(n2);
  Step start{.kind = StepKind::kStartNode, .node = n2, .via = n2};
  REQUIRE(run_start_node(bench.context, start).has_value());
  CHECK(bench.calls() == Texts{n2 + " mnesia:start()"});
  CHECK(bench.view(n2).mnesia_running());
  bench.fake.fail_next(n2, "mnesia", "start", kBadReply);
  StepOutcome outcome = run_start_node(bench.context, start);
  REQUIRE_FALSE(outcome.has_value());
  CHECK(outcome.error().message() == "mnesia:start() on " + n2 + ": {error,injected}");
}

// ---------------------------------------------------------------------------------------------
// heal

// n3 runs apart from n1 and n2: each side counts only itself as running.
void partitioned(Bench& bench) {
  three_node_cluster(bench);
  bench.fake.node(n1).running_db_nodes = {n1, n2};
  bench.fake.node(n2).running_db_nodes = {n1, n2};
  bench.fake.node(n3).running_db_nodes = {n3};
}

const Step kHeal{.kind = StepKind::kHealPartition, .node = n3, .via = n1, .masters = {n1, n2}, .backup = true};

const Texts kHealCalls = {
    n3 + " application:stop(ejabberd)",
    n3 + " mnesia:system_info(is_running)",
    n3 + R"( eval:mnesia_backup(Dir=<<"/var/lib/ejcluster/backups">>,Op=<<"heal_partition">>))",
    n3 + " eval:dropped_records(Limit=10,Timeout=600000,Winner=" + n1 + ")",
    n3 + " mnesia:set_master_nodes([" + n1 + "," + n2 + "])",
    n3 + " mnesia:stop()",
    n3 + " application:start(mnesia,permanent)",
    n3 + " eval:wait_for_local_tables(Timeout=600000)",
    n3 + " mnesia:set_master_nodes([])",
    n3 + " application:ensure_all_started(ejabberd)",
};

// After a failure: the application (and Mnesia with it) started again, master nodes cleared.
const Texts kHealRecovery = {n3 + " application:ensure_all_started(ejabberd)", n3 + " mnesia:set_master_nodes([])"};

const std::vector<Point> kHealPoints = {
    {n3, "application", "stop", "application:stop(ejabberd)", {}},
    {n3, "mnesia", "system_info", kBackupLabel + "heal_partition", kHealRecovery},
    {n3, "eval", "mnesia_backup", kBackupLabel + "heal_partition", kHealRecovery},
    {n3, "eval", "dropped_records", "comparing its disc tables with " + n1 + "'s", kHealRecovery},
    {n3, "mnesia", "set_master_nodes", "mnesia:set_master_nodes([" + n1 + "," + n2 + "])", kHealRecovery},
    {n3, "mnesia", "stop", "mnesia:stop", kHealRecovery},
    {n3, "application", "start", "application:start(mnesia, permanent)", kHealRecovery},
    {n3, "eval", "wait_for_local_tables", "mnesia:wait_for_tables", kHealRecovery},
    {n3, "mnesia", "set_master_nodes", "mnesia:set_master_nodes([])", kHealRecovery, 1},
    {n3, "application", "ensure_all_started", "application:ensure_all_started(ejabberd)", kHealRecovery},
};

TEST_CASE("heal_step: the node restarts loading from the seed's side, and the sides are one again") {
  Bench bench;
  partitioned(bench);
  REQUIRE(run_heal_partition(bench.context, kHeal).has_value());
  CHECK(bench.calls() == kHealCalls);
  CHECK(bench.view(n1).running_db_nodes == Texts{n1, n2, n3});
  CHECK(bench.view(n3).running_db_nodes == Texts{n1, n2, n3});
  CHECK(bench.view(n3).applications.count("ejabberd") == 1);
}

TEST_CASE("heal_step: every unexpected reply fails the heal, naming the call and node, and restarts the node") {
  auto run = [](Bench& bench) { return run_heal_partition(bench.context, kHeal); };
  const std::vector<Point>& points = kHealPoints;
  const Texts& calls = kHealCalls;
  SUBCASE("a reply it does not accept (application:stop accepts any)") {
    check_every_failure(points, calls, partitioned, run, kBadReply, 1);
  }
  SUBCASE("a call that fails in the client") {
    check_every_failure(points, calls, partitioned, run, std::unexpected(lost_on(n3)));
  }
}

TEST_CASE("heal_step: what the node holds that the seed's side lacks is taken from its tables before the restart") {
  Bench bench;
  partitioned(bench);
  auto keys = [](std::vector<std::string> texts) {
    std::vector<Term> out;
    for (const auto& text : texts) out.push_back(Term::binary(text));
    return Term::list(std::move(out));
  };
  bench.fake.fail_next(n3, "eval", "dropped_records",
                       Term::list({Term::tuple({Term::atom("passwd"), Term::integer(12), Term::integer(1),
                                                keys({R"({<<"bob">>,<<"localhost">>})"}), keys({R"({<<"ann">>,<<"localhost">>})"})}),
                                   Term::tuple({Term::atom("roster"), Term::integer(0), Term::integer(0), keys({}), keys({})})}));
  REQUIRE(run_heal_partition(bench.context, kHeal).has_value());
  REQUIRE(bench.context.dropped.size() == 1);  // a table that matches is left out
  CHECK(bench.context.dropped[0].table == "passwd");
  CHECK(bench.context.dropped[0].missing == 12);
  CHECK(bench.context.dropped[0].differing == 1);
  CHECK(bench.context.dropped[0].first_missing == Texts{R"({<<"bob">>,<<"localhost">>})"});
  CHECK(bench.context.dropped[0].first_differing == Texts{R"({<<"ann">>,<<"localhost">>})"});
}

TEST_CASE("heal_step: clearing the master nodes failing is a failure too") {
  Bench bench;
  partitioned(bench);
  bench.fake.fail_next(n3, "mnesia", "set_master_nodes", Term::atom("ok"));  // the first, accepted
  bench.fake.fail_next(n3, "mnesia", "set_master_nodes", kBadReply);
  StepOutcome outcome = run_heal_partition(bench.context, kHeal);
  REQUIRE_FALSE(outcome.has_value());
  CHECK(outcome.error().message() == "mnesia:set_master_nodes([]) on " + n3 + ": {error,injected}");
  CHECK(bench.calls() == concat(first(kHealCalls, 9), kHealRecovery));
}

// ---------------------------------------------------------------------------------------------
// force load

// After a full outage n1 came back first and waits for roster, which n2 (still down) also holds.
void waiting_after_outage(Bench& bench) {
  three_node_cluster(bench);
  bench.fake.stop_node(n2);
  bench.fake.node(n1).tables["roster"].loaded = false;
}

const Step kForceLoad{.kind = StepKind::kForceLoad, .node = n1, .via = n1, .tables = {{"roster", kDisc}, {"session", kRam}}};

TEST_CASE("force_load_step: each table is force-loaded, then waited for") {
  Bench bench;
  waiting_after_outage(bench);
  REQUIRE(bench.view(n1).waiting_for_tables == Texts{"roster"});
  REQUIRE(run_force_load(bench.context, kForceLoad).has_value());
  CHECK(bench.calls() == Texts{
                             n1 + " mnesia:force_load_table(roster)",
                             n1 + " mnesia:force_load_table(session)",
                             n1 + " mnesia:wait_for_tables([roster,session],600000)",
                         });
  CHECK(bench.view(n1).waiting_for_tables.empty());
}

TEST_CASE("force_load_step: an unexpected reply fails the load, naming the call and node") {
  Bench bench;
  waiting_after_outage(bench);
  SUBCASE("force_load_table") {
    Step load = kForceLoad;
    load.tables.insert(load.tables.begin(), {"nosuch", kDisc});
    StepOutcome outcome = run_force_load(bench.context, load);
    REQUIRE_FALSE(outcome.has_value());
    CHECK(outcome.error().message() == "mnesia:force_load_table(nosuch) on " + n1 + ": {error,{no_exists,nosuch}}");
    CHECK(bench.calls() == Texts{n1 + " mnesia:force_load_table(nosuch)"});
  }
  SUBCASE("wait_for_tables") {
    bench.fake.fail_next(n1, "mnesia", "wait_for_tables",
                         Term::tuple({Term::atom("timeout"), Term::list({Term::atom("roster")})}));
    StepOutcome outcome = run_force_load(bench.context, kForceLoad);
    REQUIRE_FALSE(outcome.has_value());
    CHECK(outcome.error().message() == "mnesia:wait_for_tables on " + n1 + ": {timeout,[roster]}");
  }
  SUBCASE("the node does not answer") {
    bench.fake.set_reachable(n1, false, erl::ErlError::Kind::kTimeout);
    StepOutcome outcome = run_force_load(bench.context, kForceLoad);
    REQUIRE_FALSE(outcome.has_value());
    CHECK(outcome.error().call == "mnesia:force_load_table(roster) on " + n1);
    CHECK(outcome.error().reason.find(n1 + ": timed out") == 0);
  }
}

}  // namespace
}  // namespace ejcluster::cluster
