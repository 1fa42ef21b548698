// A full outage restarted in the wrong order, on real ejabberd nodes: the members that come back
// wait for the one that went down last. ejcluster names it, changes nothing until told, and with
// force_load_from brings the cluster back from the named member. The cases run in file order.
#include <doctest/doctest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/process.h"
#include "support/report_run.h"
#include "support/sandbox.h"

namespace ejcluster::testing {
namespace {

using nlohmann::json;

Sandbox& sandbox() {
  static Sandbox instance("ejcout", 19022);
  return instance;
}

json desired(std::vector<std::string> nodes, json extra = json::object()) {
  json out = {{"nodes", nodes}, {"cookie_file", sandbox().cookie_file()}};
  out.update(extra);
  return out;
}

Run run(const std::string& command, const json& input) { return run_for_report(command, input); }

bool has_account(int node, const std::string& user) { return account_exists(sandbox(), node, user); }

void register_user(int node, const std::string& user) {
  ProcessResult done = sandbox().ctl(node, {"register", user, "localhost", "secret"});
  REQUIRE_MESSAGE(done.exit_code == 0, done.out);
}

}  // namespace

TEST_CASE("outage: a cluster whose members went down one after another, the third last") {
  sandbox().start(3);
  Run formed = run("apply", desired(sandbox().nodes(3)));
  REQUIRE(formed.exit_code == 0);
  register_user(1, "before_outage");
  sandbox().stop_node(1);
  sandbox().stop_node(2);
  register_user(3, "written_last");  // only node 3 has this: it went down last
  sandbox().stop_node(3);
}

TEST_CASE("outage: nodes 1 and 2 come back first; status says they wait, and that node 3 went down last") {
  sandbox().launch_node(1);
  sandbox().launch_node(2);
  // Their VMs take a few seconds to boot before Mnesia answers and waits.
  json state = status_until(desired(sandbox().nodes(3)),
                            [](const json& s) { return s["waiting_for_tables"] == json(sandbox().nodes(2)); },
                            "nodes 1 and 2 waiting for tables");
  CHECK(state["went_down_last"] == json::array({sandbox().node(3)}));
  CHECK(state["partitioned"] == false);
  CHECK(state["nodes"][sandbox().node(1)]["waiting_for_tables"].size() > 0);
  CHECK(state["nodes"][sandbox().node(1)]["app"]["running"] != true);

  ProcessResult text = ejcluster("status", desired(sandbox().nodes(3)).dump(), {"--format", "text"});
  CHECK(text.exit_code == 3);  // node 3 is down
  CHECK(text.out.find("WAITING FOR TABLES: " + sandbox().node(1) + ", " + sandbox().node(2) +
                      "; went down last: " + sandbox().node(3)) != std::string::npos);
}

TEST_CASE("outage: without force_load_from, plan and apply refuse, name the way out, and change nothing") {
  for (const char* command : {"plan", "apply"}) {
    CAPTURE(command);
    Run refused = run(command, desired(sandbox().nodes(2)));
    CHECK(refused.exit_code == 3);
    REQUIRE(refused.report["actions"].size() == 2);
    for (const auto& action : refused.report["actions"]) {
      CHECK(action["op"] == "force_load");
      CHECK(action["status"] == "refused");
      std::string reason = action["reason"];
      CHECK(reason.find(sandbox().node(3) + " went down after them") != std::string::npos);
      CHECK(reason.find("force_load_from") != std::string::npos);
    }
    CHECK(refused.report["changed"] == false);
  }
  json still = run("status", desired(sandbox().nodes(3))).report;
  CHECK(still["waiting_for_tables"] == json(sandbox().nodes(2)));
}

TEST_CASE("outage: force_load_from node 2 brings nodes 1 and 2 back; what node 3 wrote last is lost") {
  Run loaded = run("apply", desired(sandbox().nodes(2), {{"force_load_from", sandbox().node(2)}}));
  INFO(loaded.err);
  CHECK(loaded.exit_code == 0);
  CHECK(loaded.report["converged"] == true);
  REQUIRE(loaded.report["actions"].size() >= 1);
  CHECK(loaded.report["actions"][0]["op"] == "force_load");
  CHECK(loaded.report["actions"][0]["node"] == sandbox().node(2));
  CHECK(loaded.report["actions"][0]["status"] == "done");
  CHECK(loaded.report["after"]["waiting_for_tables"] == json::array());
  for (int node : {1, 2}) {
    CAPTURE(node);
    CHECK(has_account(node, "before_outage"));
    CHECK_FALSE(has_account(node, "written_last"));
  }
}

TEST_CASE("outage: node 3 comes back into the running cluster, and all three agree") {
  sandbox().start_node(3);
  Run again = run("apply", desired(sandbox().nodes(3)));
  INFO(again.err);
  CHECK(again.exit_code == 0);
  CHECK(again.report["converged"] == true);
  for (int node : {1, 2, 3}) {
    CAPTURE(node);
    CHECK(has_account(node, "before_outage"));
    CHECK_FALSE(has_account(node, "written_last"));
  }
}

}  // namespace ejcluster::testing
