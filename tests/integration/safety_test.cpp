// Safety against real ejabberd nodes: concurrent applies (the cluster lock), and the cookie kept
// off command lines. The cases run in file order on one sandbox.
#include <doctest/doctest.h>

#include <sys/types.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "support/process.h"
#include "support/sandbox.h"
#include "support/test_paths.h"

namespace ejcluster::testing {
namespace {

using nlohmann::json;

Sandbox& sandbox() {
  static Sandbox instance("ejcsafe", 17922);
  return instance;
}

}  // namespace

TEST_CASE("safety: four applies started at once on three standalone nodes make two joins in total") {
  sandbox().start(3);
  std::vector<ProcessResult> results = run_ejcluster_at_once("apply", example_for("three-masters.json", sandbox()).dump(), 4);

  int joins = 0;
  for (const auto& result : results) {
    INFO(result.err);
    CHECK(result.exit_code == 0);
    json report = json::parse(result.out);
    CHECK(report["converged"] == true);
    for (const auto& action : report["actions"]) {
      CHECK(action["status"] == "done");
      joins += action["op"] == "join";
    }
    CHECK(result.err.find("taking the cluster lock") != std::string::npos);
  }
  CHECK(joins == 2);
}

TEST_CASE("safety: plan and status take no lock") {
  const std::string desired = example_for("three-masters.json", sandbox()).dump();
  for (const char* command : {"plan", "status"}) {
    ProcessResult result = ejcluster(command, desired);
    CHECK(result.exit_code == 0);
    CHECK(result.err.find("cluster lock") == std::string::npos);
  }
}

TEST_CASE("safety: the cookie is never on a command line, not even while ejcluster runs") {
  // An inline cookie travels on stdin; a running ejcluster's /proc/<pid>/cmdline must not hold it.
  const std::string cookie = read_first_line(sandbox().cookie_file());
  json desired = example_for("three-masters.json", sandbox());
  desired.erase("cookie_file");
  desired["cookie"] = cookie;
  std::atomic<bool> done{false};
  std::vector<std::string> command_lines;
  std::thread watcher([&] {
    while (!done) {
      for (const auto& line : command_lines_of("ejcluster")) command_lines.push_back(line);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  for (int i = 0; i < 5; ++i) CHECK(ejcluster("apply", desired.dump()).exit_code == 0);
  done = true;
  watcher.join();
  CHECK_FALSE(command_lines.empty());
  for (const auto& line : command_lines) CHECK(line.find(cookie) == std::string::npos);
}

namespace {

// What must survive every crash: the accounts and one roster item, as node `index` reads them.
std::string data_on(int index) {
  ProcessResult users = sandbox().ctl(index, {"registered_users", "localhost"});
  ProcessResult roster = sandbox().ctl(index, {"get_roster", "alice", "localhost"});
  return users.out + "|" + roster.out;
}

ProcessResult apply_with_fault(const std::string& point, const json& desired) {
  return run_process("/usr/bin/env", {"EJCLUSTER_FAULT=" + point, kEjclusterBinary, "apply"}, desired.dump());
}

json converge(const json& desired) {
  ProcessResult result = ejcluster("apply", desired.dump());
  INFO(result.err);
  CHECK(result.exit_code == 0);
  json report = json::parse(result.out);
  CHECK(report["converged"] == true);
  return report;
}

}  // namespace

TEST_CASE("safety: after a crash at any point of a join, the next apply converges and loses nothing") {
  REQUIRE(sandbox().ctl(1, {"register", "alice", "localhost", "pw1"}).exit_code == 0);
  REQUIRE(sandbox().ctl(1, {"register", "bob", "localhost", "pw2"}).exit_code == 0);
  REQUIRE(sandbox().ctl(1, {"add_rosteritem", "alice", "localhost", "bob", "localhost", "Bob", "friends", "both"}).exit_code == 0);
  const std::string before = data_on(1);
  REQUIRE(before.find("bob") != std::string::npos);
  json four = example_for("add-node.json", sandbox());
  json three = example_for("three-masters.json", sandbox());
  three["remove_absent"] = true;
  for (const char* point : {"join:app_stopped", "join:mnesia_stopped", "join:schema_deleted", "join:mnesia_started",
                            "join:attached", "join:some_tables_copied", "join:tables_copied", "join:tables_loaded"}) {
    CAPTURE(point);
    sandbox().start(4);
    ProcessResult crashed = apply_with_fault(point, four);
    REQUIRE(crashed.exit_code == 70);
    CHECK(crashed.err.find(std::string("fault injected at ") + point) != std::string::npos);
    json recovered = converge(four);
    CHECK(recovered["after"]["members"] == json(sandbox().nodes(4)));
    CHECK(data_on(4) == before);
    CHECK(data_on(1) == before);
    converge(three);  // node 4 leaves again for the next point
  }
}

TEST_CASE("safety: after a crash at any point of a removal, the next apply converges and loses nothing") {
  const std::string before = data_on(1);
  json four = example_for("add-node.json", sandbox());
  json three = example_for("three-masters.json", sandbox());
  three["remove_absent"] = true;
  for (const char* point : {"remove:app_stopped", "remove:copies_deleted", "remove:mnesia_stopped", "remove:dropped",
                            "remove:schema_deleted"}) {
    CAPTURE(point);
    converge(four);
    ProcessResult crashed = apply_with_fault(point, three);
    REQUIRE(crashed.exit_code == 70);
    json recovered = converge(three);
    CHECK(recovered["after"]["members"] == json(sandbox().nodes(3)));
    CHECK(data_on(1) == before);
    CHECK(data_on(3) == before);
  }
  // And the node that left can join again.
  json back = converge(four);
  CHECK(back["after"]["members"] == json(sandbox().nodes(4)));
  CHECK(data_on(4) == before);
}

TEST_CASE("safety: a lock whose holder was killed is released within seconds") {
  json four = example_for("add-node.json", sandbox());
  json three = example_for("three-masters.json", sandbox());
  three["remove_absent"] = true;
  // The crash (like kill -9) happens while the lock is held; the next apply must not wait for it.
  REQUIRE(apply_with_fault("remove:app_stopped", three).exit_code == 70);
  three["timeouts_ms"] = {{"lock", 5000}};
  auto start = std::chrono::steady_clock::now();
  converge(three);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("safety: a member whose disk was wiped rejoins: its stale entry is dropped first, nothing is lost") {
  const std::string before = data_on(1);
  json three = example_for("three-masters.json", sandbox());
  sandbox().wipe_node(3);
  sandbox().start_node(3);  // a fresh, empty ejabberd under the old name
  ProcessResult plan = ejcluster("plan", three.dump());
  CHECK(plan.exit_code == 2);
  json planned = json::parse(plan.out);
  REQUIRE(planned["actions"].size() == 2);
  CHECK(planned["actions"][0]["op"] == "remove_node");
  CHECK(planned["actions"][0]["node_running"] == false);
  CHECK(planned["actions"][1]["op"] == "join");
  json applied = converge(three);
  CHECK(applied["after"]["members"] == json(sandbox().nodes(3)));
  CHECK(data_on(3) == before);
  CHECK(data_on(1) == before);
}

// Regression (issue 15): with two members wiped, each apply dropped the first one's stale entry,
// then its join failed in change_config (merge_schema_failed, "Bad cookie in table definition") on
// the second one's entry, and apply exited 3 for ever.
TEST_CASE("safety: two members whose disks were wiped rejoin: both stale entries go before the first join") {
  const std::string before = data_on(1);
  json three = example_for("three-masters.json", sandbox());
  sandbox().wipe_node(2);
  sandbox().wipe_node(3);
  sandbox().start_node(2);
  sandbox().start_node(3);
  json planned = json::parse(ejcluster("plan", three.dump()).out);
  std::vector<std::string> ops;
  for (const auto& action : planned["actions"]) ops.push_back(action["op"].get<std::string>() + " " + action["node"].get<std::string>());
  CHECK(ops == std::vector<std::string>{"remove_node " + sandbox().node(2), "remove_node " + sandbox().node(3),
                                        "join " + sandbox().node(2), "join " + sandbox().node(3)});
  json applied = converge(three);
  CHECK(applied["after"]["members"] == json(sandbox().nodes(3)));
  CHECK(data_on(2) == before);
  CHECK(data_on(3) == before);
}

// A member dropped while down rejoins by itself when it boots with its old disk (ejabberd 23.01):
// the removal says so, and the next apply with remove_absent removes it again.
TEST_CASE("safety: a member dropped while down and booted with its old disk comes back; apply removes it again") {
  json two = example_for("three-masters.json", sandbox());
  two["nodes"] = sandbox().nodes(2);
  two["remove_absent"] = true;
  sandbox().stop_node(3);
  json dropped = converge(two);
  REQUIRE(dropped["actions"].size() == 1);
  CHECK(dropped["actions"][0]["op"] == "remove_node");
  CHECK(dropped["actions"][0]["warning"].get<std::string>().find(sandbox().node(3) + " was dropped while it was down") == 0);
  CHECK(dropped["after"]["members"] == json(sandbox().nodes(2)));

  sandbox().start_node(3);  // its old Mnesia directory, which still lists the others
  json seen = json::parse(ejcluster("status", desired_json({sandbox().node(1)}, sandbox().cookie_file())).out);
  CHECK(seen["members"] == json(sandbox().nodes(3)));  // the ghost: back, with every table copy
  json again = converge(two);
  CHECK(again["after"]["members"] == json(sandbox().nodes(2)));
}

}  // namespace ejcluster::testing
