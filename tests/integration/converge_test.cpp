// `ejcluster plan` and `apply` against real ejabberd nodes, from the scenarios: form a
// 3-master cluster, rerun, lose and regain the first master, grow and shrink, keep a placement
// across restarts, refuse to reset a node that holds data. The cases run in file order on one
// sandbox and build on each other.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support/process.h"
#include "support/report_run.h"
#include "support/sandbox.h"

namespace ejcluster::testing {
namespace {

using nlohmann::json;

Sandbox& sandbox() {
  static Sandbox instance("ejcconv", 17522);
  return instance;
}

Run run(const std::string& command, const json& input) { return run_for_report(command, input); }

bool has_account(int node, const std::string& user) { return account_exists(sandbox(), node, user); }

std::vector<std::string> statuses(const json& report) {
  std::vector<std::string> out;
  for (const auto& action : report["actions"]) out.push_back(action["op"].get<std::string>() + ":" + action["status"].get<std::string>());
  return out;
}

// Every member holds every table (a master), with the seed's storage type.
void check_every_member_holds_every_table(const json& state, const std::vector<std::string>& members) {
  const std::string& seed = members.front();
  for (const auto& [table, placement] : state["tables"].items()) {
    CAPTURE(table);
    std::string seed_type;
    for (const char* type : {"ram_copies", "disc_copies", "disc_only_copies"}) {
      for (const auto& node : placement[type]) {
        if (node == seed) seed_type = type;
      }
    }
    REQUIRE_FALSE(seed_type.empty());
    json holders = placement[seed_type];
    CHECK(holders == json(members));
  }
}

}  // namespace

TEST_CASE("converge: plan on three standalone nodes shows two joins and touches nothing") {
  sandbox().start(3);
  REQUIRE(sandbox().ctl(1, {"register", "alice", "localhost", "alicepw"}).exit_code == 0);
  json desired = example_for("three-masters.json", sandbox());
  Run before = run("status", desired);
  Run plan = run("plan", desired);
  CHECK(plan.exit_code == 2);
  CHECK(statuses(plan.report) == std::vector<std::string>{"join:planned", "join:planned"});
  CHECK(plan.report["actions"][0]["node"] == sandbox().node(2));
  CHECK(plan.report["actions"][0]["via"] == sandbox().node(1));
  CHECK(plan.report["seed"] == sandbox().node(1));
  CHECK(plan.report["changed"] == false);
  Run after = run("status", desired);
  CHECK(after.report["clusters"].size() == 3);
  CHECK(after.report["clusters"] == before.report["clusters"]);
}

TEST_CASE("converge: apply makes three standalone nodes one 3-master cluster; the seed's user is on all three") {
  auto nodes = sandbox().nodes(3);
  Run apply = run("apply", example_for("three-masters.json", sandbox()));
  CHECK(apply.exit_code == 0);
  CHECK(apply.report["changed"] == true);
  CHECK(apply.report["converged"] == true);
  CHECK(statuses(apply.report) == std::vector<std::string>{"join:done", "join:done"});
  CHECK(apply.report["actions"][1]["ms"].get<int>() > 0);
  CHECK(apply.report["before"]["members"] == json::array({nodes[0]}));
  CHECK(apply.report["after"]["members"] == json(nodes));
  CHECK(apply.report["after"]["running"] == json(nodes));
  CHECK(apply.report["errors"].empty());
  check_every_member_holds_every_table(apply.report["after"], nodes);
  for (int node : {1, 2, 3}) {
    CAPTURE(node);
    CHECK(has_account(node, "alice"));
    CHECK(apply.report["after"]["nodes"][nodes[node - 1]]["app"]["running"] == true);
  }
}

TEST_CASE("converge: a second apply changes nothing, and plan has nothing to do") {
  json desired = example_for("three-masters.json", sandbox());
  Run again = run("apply", desired);
  CHECK(again.exit_code == 0);
  CHECK(again.report["changed"] == false);
  CHECK(again.report["converged"] == true);
  CHECK(again.report["actions"].empty());
  Run plan = run("plan", desired);
  CHECK(plan.exit_code == 0);
  CHECK(plan.report["actions"].empty());
}

TEST_CASE("converge: the first master is killed; the others serve; it comes back with what they wrote") {
  sandbox().kill_node(1);
  REQUIRE(sandbox().ctl(2, {"register", "bob", "localhost", "bobpw"}).exit_code == 0);
  CHECK(has_account(3, "bob"));
  json desired = example_for("three-masters.json", sandbox());
  Run while_down = run("apply", desired);
  CHECK(while_down.exit_code == 3);
  CHECK(while_down.report["unreachable"] == json::array({sandbox().node(1)}));
  CHECK(while_down.report["converged"] == false);
  // Each error names the node once (issue 13: "X did not answer: X: no node of that name ...").
  REQUIRE_FALSE(while_down.report["errors"].empty());
  for (const auto& error : while_down.report["errors"]) {
    std::string message = error["message"];
    CAPTURE(message);
    CHECK(message.find(sandbox().node(1)) == message.rfind(sandbox().node(1)));
  }

  sandbox().start_node(1);
  Run apply = run("apply", desired);
  CHECK(apply.exit_code == 0);
  CHECK(apply.report["converged"] == true);
  CHECK(apply.report["after"]["running"] == json(sandbox().nodes(3)));
  CHECK(has_account(1, "bob"));
}

TEST_CASE("converge: a fourth node joins, and leaves again with remove_absent") {
  sandbox().start(4);
  auto nodes = sandbox().nodes(4);
  json four = example_for("add-node.json", sandbox());
  // The plan says where it leads: the report's placement after the join.
  Run plan = run("plan", four);
  CHECK(plan.exit_code == 2);
  CHECK(plan.report["planned"]["members"] == json(nodes));
  CHECK(plan.report["planned"]["tables"]["passwd"].size() == 1);  // one storage type, on all four
  CHECK(plan.report["planned"]["tables"]["passwd"].begin()->size() == 4);
  // Apply for a person: each action with its result and time, and a summary that matches exit 0.
  ProcessResult grow = ejcluster("apply", four.dump(), {"--format", "text"});
  INFO(grow.out << grow.err);
  CHECK(grow.exit_code == 0);
  CHECK(grow.out.find("  + join " + nodes[3] + " via " + nodes[0]) != std::string::npos);
  CHECK(grow.out.find(" tables)  [done, ") != std::string::npos);
  CHECK(grow.out.ends_with("Apply: 1 done; the cluster is in the desired state.\n"));
  CHECK(run("status", four).report["members"] == json(nodes));
  CHECK(has_account(4, "alice"));

  json three = example_for("three-masters.json", sandbox());
  Run kept = run("apply", three);
  CHECK(kept.exit_code == 0);
  CHECK(kept.report["actions"].empty());
  REQUIRE(kept.report["warnings"].size() == 1);
  CHECK(kept.report["warnings"][0].get<std::string>().find(nodes[3] + " is a member of the cluster but not listed") == 0);

  three["remove_absent"] = true;
  Run shrink = run("apply", three);
  CHECK(shrink.exit_code == 0);
  CHECK(statuses(shrink.report) == std::vector<std::string>{"remove_node:done"});
  CHECK(shrink.report["actions"][0]["node_running"] == true);
  CHECK(shrink.report["after"]["members"] == json(sandbox().nodes(3)));
  // The node that left runs on its own, with an empty database.
  Run alone = run("status", {{"nodes", {nodes[3]}}, {"cookie_file", sandbox().cookie_file()}});
  CHECK(alone.exit_code == 0);
  CHECK(alone.report["members"] == json::array({nodes[3]}));
  CHECK(alone.report["nodes"][nodes[3]]["app"]["running"] == true);
  CHECK_FALSE(has_account(4, "alice"));
}

TEST_CASE("converge: placement.json retypes two tables, and the placement survives ejabberd restarts") {
  auto nodes = sandbox().nodes(3);
  json desired = example_for("placement.json", sandbox());
  Run apply = run("apply", desired);
  CHECK(apply.exit_code == 0);
  CHECK(apply.report["converged"] == true);
  const json& after = apply.report["after"]["tables"];
  CHECK(after["roster"]["disc_copies"] == json(nodes));
  CHECK(after["muc_room"]["disc_copies"] == json::array({nodes[0], nodes[1]}));
  CHECK(after["muc_room"]["ram_copies"] == json::array({nodes[2]}));
  int overrides = 0;
  for (const auto& action : apply.report["actions"]) overrides += action["op"] == "set_placement_override";
  CHECK(overrides == 3);

  for (int node : {3, 2}) {
    sandbox().stop_node(node);
    sandbox().start_node(node);
  }
  Run plan = run("plan", desired);
  CHECK(plan.exit_code == 0);
  CHECK(plan.report["actions"].empty());
  const json& restarted = plan.report["before"]["tables"];
  CHECK(restarted["roster"]["disc_copies"] == json(nodes));
  CHECK(restarted["muc_room"]["ram_copies"] == json::array({nodes[2]}));
}

TEST_CASE("converge: a placement that leaves an ejabberd member without a copy is refused as bad input") {
  auto nodes = sandbox().nodes(3);
  json desired = example_for("placement.json", sandbox());
  desired["tables"]["muc_room"] = {{"disc_copies", {nodes[0], nodes[1]}}};
  Run refused = run("apply", desired);
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("$.tables.muc_room: leaves a member without a copy of muc_room") != std::string::npos);
  CHECK(refused.report["errors"][0]["path"] == "$.tables.muc_room");
  Run unchanged = run("plan", example_for("placement.json", sandbox()));
  CHECK(unchanged.exit_code == 0);
}

TEST_CASE("converge: a node that holds data of its own is not reset unless allow_data_loss names it") {
  sandbox().start(5);
  auto nodes = sandbox().nodes(5);
  REQUIRE(sandbox().ctl(5, {"register", "carol", "localhost", "carolpw"}).exit_code == 0);
  json desired = example_for("placement.json", sandbox());  // the placement the cluster has now
  desired["nodes"].push_back(nodes[4]);
  desired["tables"]["muc_room"]["disc_copies"].push_back(nodes[4]);

  Run refused = run("apply", desired);
  INFO(refused.report["actions"].dump());
  CHECK(refused.exit_code == 3);
  CHECK(refused.report["changed"] == false);
  REQUIRE(refused.report["actions"].size() == 1);
  CHECK(refused.report["actions"][0]["status"] == "refused");
  CHECK(refused.report["actions"][0]["node"] == nodes[4]);
  CHECK(refused.report["actions"][0]["reason"].get<std::string>().find("holds data that joining would delete (last_activity: 1 rows, passwd: 1 rows)") !=
        std::string::npos);
  CHECK(has_account(5, "carol"));
  Run alone = run("status", {{"nodes", {nodes[4]}}, {"cookie_file", sandbox().cookie_file()}});
  CHECK(alone.report["members"] == json::array({nodes[4]}));

  desired["allow_data_loss"] = {nodes[4]};
  Run allowed = run("apply", desired);
  INFO(allowed.report["actions"].dump() << allowed.report["errors"].dump());
  CHECK(allowed.exit_code == 0);
  CHECK(statuses(allowed.report) == std::vector<std::string>{"set_placement_override:done", "join:done"});
  CHECK(has_account(5, "alice"));
  CHECK_FALSE(has_account(5, "carol"));
}

}  // namespace ejcluster::testing
