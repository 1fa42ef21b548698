// converge() end to end against FakeCluster: observe, lock, plan, apply in rounds, verify.
// The assertions read what converge() reports (Outcome) and the calls it made, in order.
#include "cluster/converge.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "../support/desired_json.h"
#include "../support/doctest_printers.h"
#include "../support/expected_calls.h"
#include "../support/fake_cluster.h"

namespace ejcluster::cluster {
namespace {

using testing::FakeCluster;
using testing::join_calls;
using testing::table_on;
using Texts = std::vector<std::string>;
using Status = ActionResult::Status;

const std::string n1 = "ejabberd1@h";
const std::string n2 = "ejabberd2@h";
const std::string n3 = "ejabberd3@h";
const std::string n4 = "ejabberd4@h";

// {n1, n2} running ejabberd with a disc table that holds rows and a ram table.
void two_node_cluster(FakeCluster& fake) {
  fake.add_cluster({n1, n2}, {{"roster", table_on("set", {{"disc_copies", {n1, n2}}}, 5)},
                              {"session", table_on("set", {{"ram_copies", {n1, n2}}})}});
}

Texts concat(std::vector<Texts> parts) {
  Texts out;
  for (auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

std::string lock_call(const std::string& host, const std::vector<std::string>& nodes) {
  std::string listed;
  for (const auto& node : nodes) listed += (listed.empty() ? "" : ",") + node;
  return host + " eval:lock_holder(CNode=ejcluster_test@localhost,Nodes=[" + listed + "],WaitMs=600000)";
}

std::string release_call(const std::string& host) { return host + " erlang:send(<0.100.0>,release)"; }

// How often `node` was observed after the last step's last call (the verify's looks; the lock is
// released after them).
int views_after_last_step(const FakeCluster& fake, const std::string& node) {
  auto calls = fake.calls();
  int views = 0;
  for (const auto& call : calls) {
    if (call.what() != "eval:node_view" && call.what() != "erlang:send") {
      views = 0;
    } else if (call.what() == "eval:node_view" && call.node == node) {
      ++views;
    }
  }
  return views;
}

std::vector<StepKind> kinds(const Outcome& outcome) {
  std::vector<StepKind> out;
  for (const auto& action : outcome.actions) out.push_back(action.step.kind);
  return out;
}

std::vector<Status> statuses(const Outcome& outcome) {
  std::vector<Status> out;
  for (const auto& action : outcome.actions) out.push_back(action.status);
  return out;
}

bool any_contains(const Texts& texts, const std::string& part) {
  return std::any_of(texts.begin(), texts.end(), [&](const std::string& t) { return t.find(part) != std::string::npos; });
}

TEST_CASE("converge: plan mode observes every node once and changes nothing") {
  FakeCluster fake;
  two_node_cluster(fake);
  fake.add_node(n3);
  Outcome outcome = converge(fake, testing::desired_state({n1, n2, n3}), Mode::kPlan, {});

  CHECK(fake.actions() == Texts{});  // no lock, no step: only observations and the pre-flight reads
  // Three observations; the join's pre-flight: ping, free space and hosts on n3, table sizes and hosts on n1.
  CHECK(fake.calls().size() == 3 + 5);
  CHECK(outcome.checks.size() == 5);  // reachable, and for n3's join: versions, reaches_seed, disk_space, virtual_hosts
  CHECK(std::all_of(outcome.checks.begin(), outcome.checks.end(), [](const Check& c) { return c.status == Check::Status::kPassed; }));
  CHECK(outcome.mode == Mode::kPlan);
  CHECK(outcome.plan.seed == n1);
  REQUIRE(kinds(outcome) == std::vector<StepKind>{StepKind::kJoin});
  CHECK(outcome.actions[0].step.node == n3);
  CHECK(outcome.actions[0].step.via == n1);
  CHECK(statuses(outcome) == std::vector<Status>{Status::kPlanned});
  CHECK_FALSE(outcome.changed);
  CHECK_FALSE(outcome.converged);
  CHECK_FALSE(outcome.after.has_value());
  CHECK(outcome.errors.empty());
}

TEST_CASE("converge: plan mode on a converged cluster reports converged") {
  FakeCluster fake;
  two_node_cluster(fake);
  Outcome outcome = converge(fake, testing::desired_state({n1, n2}), Mode::kPlan, {});
  CHECK(outcome.actions.empty());
  CHECK(outcome.converged);
  CHECK(fake.actions() == Texts{});
}

TEST_CASE("converge: apply joins a fresh node into a two-node cluster and verifies it") {
  FakeCluster fake;
  two_node_cluster(fake);
  fake.add_node(n3);
  Texts progress;
  Outcome outcome = converge(fake, testing::desired_state({n1, n2, n3}), Mode::kApply,
                             [&](std::string_view line) { progress.emplace_back(line); });

  CHECK(fake.actions() == concat({{lock_call(n1, {n1, n2, n3})}, join_calls(n3, n1), {release_call(n1)}}));
  CHECK_FALSE(fake.lock_held());
  CHECK(outcome.mode == Mode::kApply);
  REQUIRE(kinds(outcome) == std::vector<StepKind>{StepKind::kJoin});
  CHECK(statuses(outcome) == std::vector<Status>{Status::kDone});
  CHECK(outcome.actions[0].error.empty());
  CHECK(outcome.changed);
  CHECK(outcome.converged);
  CHECK(outcome.errors.empty());
  REQUIRE(outcome.after.has_value());
  REQUIRE(outcome.after->clusters.size() == 1);
  CHECK(outcome.after->clusters[0].members == Texts{n1, n2, n3});
  CHECK(outcome.after->clusters[0].running == Texts{n1, n2, n3});
  CHECK(outcome.after->clusters[0].tables.at("roster").storage_on(n3) == StorageType::kDisc);
  CHECK(outcome.after->disagreements.empty());
  // Before the apply the cluster had two members; the report keeps that picture.
  CHECK(outcome.before.clusters[0].members == Texts{n1, n2});
  CHECK(any_contains(progress, "taking the cluster lock"));
  CHECK(any_contains(progress, "[1/1]"));
}

TEST_CASE("converge: a second apply after a join has nothing to do") {
  FakeCluster fake;
  two_node_cluster(fake);
  fake.add_node(n3);
  auto desired = testing::desired_state({n1, n2, n3});
  REQUIRE(converge(fake, desired, Mode::kApply, {}).converged);
  fake.clear_calls();
  Outcome again = converge(fake, desired, Mode::kApply, {});
  CHECK(again.actions.empty());
  CHECK(again.converged);
  CHECK_FALSE(again.changed);
  // The lock is still taken (and released): another apply could have changed the cluster.
  CHECK(fake.actions() == Texts{lock_call(n1, {n1, n2, n3}), "ejabberd1@h erlang:send(<0.101.0>,release)"});
}

TEST_CASE("converge: a stopped member is started first, and the next round plans what it needs") {
  FakeCluster fake;
  fake.add_cluster({n1, n2}, {{"roster", table_on("set", {{"disc_only_copies", {n1, n2}}}, 3)}}, std::nullopt);
  fake.stop_node(n2);
  auto desired = testing::desired_state({n1, n2}, R"("app": null, "tables": {"roster": {"type": "disc_copies"}})");
  Outcome outcome = converge(fake, desired, Mode::kApply, {});

  REQUIRE(kinds(outcome) == std::vector<StepKind>{StepKind::kStartNode, StepKind::kChangeTableCopyType,
                                                  StepKind::kChangeTableCopyType});
  CHECK(outcome.actions[0].step.node == n2);
  CHECK(outcome.actions[1].step.node == n1);
  CHECK(outcome.actions[2].step.node == n2);  // planned in round two, once n2 ran
  CHECK(statuses(outcome) == std::vector<Status>{Status::kDone, Status::kDone, Status::kDone});
  CHECK(fake.actions() == Texts{
                              lock_call(n1, {n1, n2}),
                              n2 + " mnesia:start()",
                              n1 + " mnesia:change_table_copy_type(roster," + n1 + ",disc_copies)",
                              n1 + " mnesia:change_table_copy_type(roster," + n2 + ",disc_copies)",
                              release_call(n1),
                          });
  CHECK(outcome.changed);
  CHECK(outcome.converged);
  REQUIRE(outcome.after.has_value());
  CHECK(outcome.after->clusters[0].tables.at("roster").copies.at(StorageType::kDisc) == Texts{n1, n2});
}

TEST_CASE("converge: verify looks again when a view lags behind the change") {
  FakeCluster fake;
  two_node_cluster(fake);
  fake.add_node(n3);
  fake.lag_view(n1, 1);  // n1 answers once more as it was before the join
  Outcome outcome = converge(fake, testing::desired_state({n1, n2, n3}), Mode::kApply, {});

  CHECK(outcome.converged);
  CHECK(outcome.errors.empty());
  CHECK(statuses(outcome) == std::vector<Status>{Status::kDone});
  // The first verify saw the stale view and looked again.
  CHECK(views_after_last_step(fake, n1) == 2);
  CHECK(views_after_last_step(fake, n3) == 2);
  REQUIRE(outcome.after.has_value());
  CHECK(outcome.after->clusters[0].members == Texts{n1, n2, n3});
}

TEST_CASE("converge: a view that never catches up leaves the apply unconverged after five looks") {
  FakeCluster fake;
  two_node_cluster(fake);
  fake.add_node(n3);
  fake.lag_view(n1, 100);
  Outcome outcome = converge(fake, testing::desired_state({n1, n2, n3}), Mode::kApply, {});

  CHECK(statuses(outcome) == std::vector<Status>{Status::kDone});
  CHECK(outcome.changed);
  CHECK_FALSE(outcome.converged);
  CHECK(views_after_last_step(fake, n3) == 5);
  REQUIRE(outcome.after.has_value());
  CHECK_FALSE(outcome.after->disagreements.empty());
}

TEST_CASE("converge: a refused lock runs nothing, and the error names the lock") {
  FakeCluster fake;
  two_node_cluster(fake);
  fake.add_node(n3);
  fake.refuse_lock();
  Outcome outcome = converge(fake, testing::desired_state({n1, n2, n3}), Mode::kApply, {});

  CHECK(fake.actions() == Texts{lock_call(n1, {n1, n2, n3})});
  CHECK(outcome.actions.empty());
  CHECK_FALSE(outcome.changed);
  CHECK_FALSE(outcome.converged);
  CHECK_FALSE(outcome.after.has_value());
  REQUIRE(outcome.errors.size() == 1);
  CHECK(outcome.errors[0].find("cluster lock") != std::string::npos);
  CHECK(outcome.errors[0].find("timeouts_ms.lock") != std::string::npos);
  CHECK(outcome.errors[0].find("nothing was changed") != std::string::npos);
}

TEST_CASE("converge: a lock host that fails to answer runs nothing, and the error names it") {
  FakeCluster fake;
  two_node_cluster(fake);
  fake.add_node(n3);
  fake.fail_next(n1, "eval", "lock_holder",
                 std::unexpected(erl::ErlError{erl::ErlError::Kind::kConnectionLost, n1, "while waiting for a reply"}));
  Outcome outcome = converge(fake, testing::desired_state({n1, n2, n3}), Mode::kApply, {});

  CHECK(fake.actions() == Texts{lock_call(n1, {n1, n2, n3})});
  CHECK(outcome.actions.empty());
  REQUIRE(outcome.errors.size() == 1);
  CHECK(outcome.errors[0].find("cannot take the cluster lock on " + n1) != std::string::npos);
  CHECK(outcome.errors[0].find("connection was lost") != std::string::npos);
}

TEST_CASE("converge: a failing step is failed with its error, the rest skipped, and nothing converged") {
  FakeCluster fake;
  two_node_cluster(fake);
  fake.add_node(n3);
  fake.add_node(n4);
  // Mnesia on n3 does not connect to the seed.
  fake.fail_next(n3, "mnesia", "change_config", erl::Term::tuple({erl::Term::atom("ok"), erl::Term::list({})}));
  Outcome outcome = converge(fake, testing::desired_state({n1, n2, n3, n4}), Mode::kApply, {});

  REQUIRE(kinds(outcome) == std::vector<StepKind>{StepKind::kJoin, StepKind::kJoin});
  CHECK(outcome.actions[0].step.node == n3);
  CHECK(outcome.actions[1].step.node == n4);
  CHECK(statuses(outcome) == std::vector<Status>{Status::kFailed, Status::kSkipped});
  CHECK(outcome.actions[0].error == "mnesia:change_config(extra_db_nodes, ...) on " + n3 + ": {ok,[]}");
  CHECK(outcome.actions[1].error.empty());
  CHECK_FALSE(outcome.changed);
  CHECK_FALSE(outcome.converged);
  REQUIRE(outcome.after.has_value());  // observed again, to report what the failure left
  REQUIRE_FALSE(outcome.errors.empty());
  CHECK(outcome.errors[0].find("failed: mnesia:change_config(extra_db_nodes, ...) on " + n3) != std::string::npos);
  // Up to the failure, then the recovery restarts n3; n4 is never touched; the lock is released.
  Texts expected = join_calls(n3, n1);
  expected.resize(5);
  CHECK(fake.actions() == concat({{lock_call(n1, {n1, n2, n3, n4})},
                                  expected,
                                  {n3 + " mnesia:stop()", n3 + " application:ensure_all_started(ejabberd)"},
                                  {release_call(n1)}}));
  // n3 serves again, on its own.
  CHECK(outcome.after->nodes[2].mnesia_running());
  CHECK(outcome.after->nodes[2].applications.count("ejabberd") == 1);
}

TEST_CASE("converge: an unreachable listed node is reported, and apply does what it can") {
  FakeCluster fake;
  two_node_cluster(fake);
  fake.add_node(n3);
  fake.set_reachable(n3, false);
  Outcome outcome = converge(fake, testing::desired_state({n1, n2, n3}), Mode::kApply, {});

  CHECK(outcome.actions.empty());
  CHECK_FALSE(outcome.converged);
  CHECK(fake.actions() == Texts{lock_call(n1, {n1, n2}), release_call(n1)});  // the lock skips n3
  CHECK(outcome.before.unreachable == Texts{n3});
  CHECK(any_contains(outcome.errors, n3 + ": no node of that name is registered"));
  CHECK(any_contains(outcome.errors, "refused join on " + n3));
}

// Regression (issue 11): with the seed's application and Mnesia stopped by hand, apply started
// them, the next round planned nothing, and the run exited 0 ("converged") with the first round's
// "refused seed ... Mnesia is not running" in its errors and no seed named.
TEST_CASE("converge: an exit-0 apply after starting the seed holds no refusal or error, and names the seed") {
  FakeCluster fake;
  two_node_cluster(fake);
  fake.stop_node(n1);
  auto desired = testing::desired_state({n1, n2}, R"("seed": "ejabberd1@h")");
  Outcome outcome = converge(fake, desired, Mode::kApply, {});

  REQUIRE(kinds(outcome) == std::vector<StepKind>{StepKind::kStartNode});
  CHECK(outcome.actions[0].step.node == n1);
  CHECK(outcome.actions[0].status == Status::kDone);
  CHECK(outcome.converged);
  CHECK(outcome.plan.refused.empty());
  CHECK(outcome.errors.empty());
  CHECK(outcome.plan.seed == n1);
}

}  // namespace
}  // namespace ejcluster::cluster
