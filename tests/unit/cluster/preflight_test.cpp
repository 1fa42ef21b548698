// The pre-flight checks end to end against FakeCluster: converge() gathers the facts of a plan's
// joins, judges them (model/preflight), and a failed check refuses the join before any step runs.
// Versions, space, hosts and reachability are made to differ through the fake's pictures: the
// observation seam.
#include "cluster/converge.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "../support/desired_json.h"
#include "../support/doctest_printers.h"
#include "../support/expected_calls.h"
#include "../support/fake_cluster.h"
#include "cluster/preflight_facts.h"

namespace ejcluster::cluster {
namespace {

using testing::FakeCluster;
using testing::table_on;

const std::string n1 = "ejabberd1@h";
const std::string n2 = "ejabberd2@h";
const std::string n3 = "ejabberd3@h";

// {n1, n2} running ejabberd 23.01 with a disc table of 50 rows and a ram table; n3 fresh, alike.
void cluster_and_newcomer(FakeCluster& fake) {
  fake.add_cluster({n1, n2}, {{"roster", table_on("set", {{"disc_copies", {n1, n2}}}, 50)},
                              {"session", table_on("set", {{"ram_copies", {n1, n2}}}, 7)}});
  fake.add_node(n3);
  for (const auto& node : {n1, n2, n3}) fake.node(node).applications["ejabberd"] = "23.01";
}

const Check* find_check(const Outcome& outcome, const std::string& name, const std::string& node) {
  for (const Check& check : outcome.checks) {
    if (check.name == name && check.node == node) return &check;
  }
  return nullptr;
}

// The join of n3 is refused, with the failed check named in the reason; nothing was changed.
void check_join_refused(FakeCluster& fake, const Outcome& outcome, const std::string& check, const std::string& words) {
  CHECK(outcome.actions.empty());
  REQUIRE(outcome.plan.refused.size() == 1);
  CHECK(outcome.plan.refused[0].step == StepKind::kJoin);
  CHECK(outcome.plan.refused[0].node == n3);
  INFO(outcome.plan.refused[0].reason);
  CHECK(outcome.plan.refused[0].reason.find("pre-flight " + check + ": ") == 0);
  CHECK(outcome.plan.refused[0].reason.find(words) != std::string::npos);
  const Check* failed = find_check(outcome, check, n3);
  REQUIRE(failed);
  CHECK(failed->status == Check::Status::kFailed);
  CHECK_FALSE(outcome.converged);
  // Nothing but the lock and its release: no step ran.
  for (const std::string& action : fake.actions()) {
    CHECK(action.find(" mnesia:") == std::string::npos);
    CHECK(action.find(" application:") == std::string::npos);
  }
  CHECK(fake.node(n3).db_nodes == std::set<std::string>{n3});
}

}  // namespace

TEST_CASE("preflight: a join of like nodes passes every check, each listed with what it saw") {
  FakeCluster fake;
  cluster_and_newcomer(fake);
  Outcome outcome = converge(fake, testing::desired_state({n1, n2, n3}), Mode::kApply, {});
  CHECK(outcome.converged);
  const Check* versions = find_check(outcome, "versions", n3);
  REQUIRE(versions);
  CHECK(versions->detail == n3 + " runs OTP 25, ejabberd 23.01, the seed " + n1 + " OTP 25, ejabberd 23.01");
  const Check* space = find_check(outcome, "disk_space", n3);
  REQUIRE(space);
  CHECK(space->status == Check::Status::kPassed);
  CHECK(find_check(outcome, "reaches_seed", n3)->status == Check::Status::kPassed);
  CHECK(find_check(outcome, "virtual_hosts", n3)->detail == "both serve localhost");
  CHECK(find_check(outcome, "reachable", "")->status == Check::Status::kPassed);
}

TEST_CASE("preflight: different ejabberd versions are not joined unless allow_version_skew says so") {
  FakeCluster fake;
  cluster_and_newcomer(fake);
  fake.node(n3).applications["ejabberd"] = "24.12";
  Outcome refused = converge(fake, testing::desired_state({n1, n2, n3}), Mode::kApply, {});
  check_join_refused(fake, refused, "versions", n3 + " runs OTP 25, ejabberd 24.12, the seed " + n1 +
                                                    " OTP 25, ejabberd 23.01: different ejabberd versions");

  Outcome allowed = converge(fake, testing::desired_state({n1, n2, n3}, R"("allow_version_skew": true)"), Mode::kApply, {});
  CHECK(allowed.converged);
  CHECK(find_check(allowed, "versions", n3)->detail.find("allowed by allow_version_skew") != std::string::npos);
}

TEST_CASE("preflight: OTP releases more than two apart are not joined; two apart are") {
  FakeCluster fake;
  cluster_and_newcomer(fake);
  fake.node(n3).otp_release = "28";
  check_join_refused(fake, converge(fake, testing::desired_state({n1, n2, n3}), Mode::kApply, {}), "versions",
                     "OTP releases more than 2 apart");
  fake.node(n3).otp_release = "27";
  CHECK(converge(fake, testing::desired_state({n1, n2, n3}), Mode::kApply, {}).converged);
}

TEST_CASE("preflight: a joining node without room for the seed's disc tables is refused, with both numbers") {
  FakeCluster fake;
  cluster_and_newcomer(fake);
  // The roster's 50 rows take 5,000 bytes by the seed's accounting; session is ram, schema empty.
  fake.node(n3).free_kib = 4;
  fake.node(n3).directory = "/var/lib/ejabberd";
  check_join_refused(fake, converge(fake, testing::desired_state({n1, n2, n3}), Mode::kPlan, {}), "disk_space",
                     n3 + " has 4.0 KiB free in /var/lib/ejabberd and the copies need 4.9 KiB (the seed's disc tables)");
}

TEST_CASE("preflight: a node that serves other virtual hosts is not joined") {
  FakeCluster fake;
  cluster_and_newcomer(fake);
  fake.node(n3).hosts = {"example.org"};
  check_join_refused(fake, converge(fake, testing::desired_state({n1, n2, n3}), Mode::kApply, {}), "virtual_hosts",
                     n3 + " serves example.org and the seed " + n1 + " localhost");
}

TEST_CASE("preflight: a joining node that cannot reach the seed is refused before its schema is deleted") {
  FakeCluster fake;
  cluster_and_newcomer(fake);
  fake.node(n3).reaches_others = false;
  Outcome outcome = converge(fake, testing::desired_state({n1, n2, n3}), Mode::kApply, {});
  check_join_refused(fake, outcome, "reaches_seed", n3 + " cannot reach " + n1 + " ({connect,4370,ehostunreach})");
  CHECK(fake.node(n3).disc_schema);  // never deleted
}

TEST_CASE("preflight: with dist_port the seed is reached on that port, and the check says so, not epmd") {
  FakeCluster fake;
  cluster_and_newcomer(fake);
  DesiredState desired = testing::desired_state({n1, n2, n3});
  desired.dist_port = 5210;
  Outcome plan = converge(fake, desired, Mode::kPlan, {});
  const Check* reach = find_check(plan, "reaches_seed", n3);
  REQUIRE(reach);
  CHECK(reach->detail == n3 + " reaches " + n1 + " (its distribution port 5210 (dist_port))");
  fake.node(n3).reaches_others = false;
  Outcome refused = converge(fake, desired, Mode::kPlan, {});
  reach = find_check(refused, "reaches_seed", n3);
  REQUIRE(reach);
  CHECK(reach->detail.find("reach its distribution port 5210 (dist_port)") != std::string::npos);
  CHECK(reach->detail.find("epmd") == std::string::npos);
}

TEST_CASE("preflight: plain Mnesia nodes have no virtual hosts to compare; their OTP is checked") {
  FakeCluster fake;
  fake.add_cluster({n1, n2}, {{"kv", table_on("set", {{"disc_copies", {n1, n2}}}, 5)}}, std::nullopt);
  fake.add_node(n3, std::nullopt);
  fake.node(n3).otp_release = "22";
  Outcome outcome = converge(fake, testing::desired_state({n1, n2, n3}, R"("app": null)"), Mode::kPlan, {});
  CHECK_FALSE(find_check(outcome, "virtual_hosts", n3));
  CHECK(find_check(outcome, "versions", n3)->detail == n3 + " runs OTP 22, the seed " + n1 +
                                                           " OTP 25: OTP releases more than 2 apart (set allow_version_skew to join them anyway)");
}

TEST_CASE("preflight: a fact a node cannot give leaves its check not run, and the join goes ahead") {
  FakeCluster fake;
  cluster_and_newcomer(fake);
  fake.fail_next(n3, "eval", "free_space", std::unexpected(erl::ErlError{erl::ErlError::Kind::kBadRpc, n3, "enoent"}));
  Outcome outcome = converge(fake, testing::desired_state({n1, n2, n3}), Mode::kApply, {});
  CHECK(outcome.converged);
  const Check* space = find_check(outcome, "disk_space", n3);
  REQUIRE(space);
  CHECK(space->status == Check::Status::kNotRun);
  CHECK(space->detail.find("could not be read") != std::string::npos);
}

TEST_CASE("preflight: df's output is read for the space it says is available") {
  CHECK(df_available_kib("Filesystem     1024-blocks    Used Available Capacity Mounted on\n"
                         "/dev/vda         101445540 9336444  87593032      10% /\n") == 87593032);
  CHECK_FALSE(df_available_kib("df: /nope: No such file or directory\n"));
  CHECK_FALSE(df_available_kib("Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/x 1 2 lots 0% /\n"));
}

}  // namespace ejcluster::cluster
