// A real netsplit: three ejabberd nodes, each in its own network namespace (tests/sandbox/netsandbox:
// veth pairs on a bridge, long node names on the namespace addresses). Node 3's link is cut while
// both sides take writes, then restored: ejcluster reports the partition, refuses to touch the
// cluster without heal_partitions, and with it rolls node 3 back to the seed's side.
// Where namespaces cannot be made, the first case fails and says so. The cases run in file order.
#include <doctest/doctest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "support/backup_file.h"
#include "support/net_sandbox.h"
#include "support/process.h"
#include "support/report_run.h"
#include "support/sandbox.h"
#include "support/test_paths.h"

namespace ejcluster::testing {
namespace {

using nlohmann::json;

NetSandbox& hosts() {
  static NetSandbox instance("ejcpart", "10.78.0");
  return instance;
}

ProcessResult netsandbox(const std::vector<std::string>& args) { return hosts().run(args); }

void checked(std::vector<std::string> args) {
  ProcessResult result = netsandbox(args);
  INFO("netsandbox " << args.front() << ":\n" << result.out << result.err);
  REQUIRE(result.exit_code == 0);
}

std::string node(int index) { return hosts().node(index); }

std::vector<std::string> nodes(std::initializer_list<int> indices) {
  std::vector<std::string> out;
  for (int index : indices) out.push_back(node(index));
  return out;
}

json desired(std::vector<std::string> members, json extra = json::object()) {
  json out = {{"nodes", members}, {"cookie_file", hosts().cookie_file()}};
  out.update(extra);
  return out;
}

bool has_account(int index, const std::string& user) {
  ProcessResult users = netsandbox({"ctl", std::to_string(index), "registered_users", "localhost"});
  REQUIRE_MESSAGE(users.exit_code == 0, users.out << users.err);
  return lists_user(users.out, user);
}

void register_user(int index, const std::string& user) {
  ProcessResult done = netsandbox({"ctl", std::to_string(index), "register", user, "localhost", "secret"});
  REQUIRE_MESSAGE(done.exit_code == 0, done.out << done.err);
}

}  // namespace

TEST_CASE("partition: three nodes in their own network namespaces form one cluster") {
  ProcessResult up = netsandbox({"up", "3"});
  INFO("netsandbox up:\n" << up.out << up.err);
  REQUIRE_MESSAGE(up.exit_code == 0, "network namespaces could not be created here (ip netns, veth, bridge; root needed)");
  checked({"start", "3"});
  Run formed = run_for_report("apply", desired(nodes({1, 2, 3})));
  INFO(formed.err);
  REQUIRE(formed.exit_code == 0);
  CHECK(formed.report["after"]["members"] == json(nodes({1, 2, 3})));
  register_user(1, "before_split");
}

TEST_CASE("partition: node 3 is cut off; both sides take writes") {
  checked({"cut", "3"});
  // Node 3 is declared down after net_ticktime (10 s here); until then writes wait for it.
  status_until(desired(nodes({1, 2})), [](const json& s) { return s["running"] == json(nodes({1, 2})); },
               "nodes 1 and 2 running without 3");
  register_user(1, "side_of_the_seed");
  register_user(3, "side_cut_off");
  CHECK(has_account(3, "side_cut_off"));
  CHECK_FALSE(has_account(1, "side_cut_off"));
}

TEST_CASE("partition: after the link is back, status shows two sides; plan and apply refuse without heal_partitions") {
  checked({"heal", "3"});
  json state = status_until(desired(nodes({1, 2, 3})), [](const json& s) { return s["unreachable"].empty(); },
                            "node 3 answering");
  CHECK(state["partitioned"] == true);
  CHECK(state["sides"] == json::array({nodes({1, 2}), nodes({3})}));

  ProcessResult text = ejcluster("status", desired(nodes({1, 2, 3})).dump(), {"--format", "text"});
  CHECK(text.out.find("PARTITIONED") != std::string::npos);

  for (const char* command : {"plan", "apply"}) {
    CAPTURE(command);
    Run refused = run_for_report(command, desired(nodes({1, 2, 3})));
    CHECK(refused.exit_code == 3);
    REQUIRE(refused.report["actions"].size() == 1);
    CHECK(refused.report["actions"][0]["op"] == "heal_partition");
    CHECK(refused.report["actions"][0]["node"] == node(3));
    CHECK(refused.report["actions"][0]["status"] == "refused");
    CHECK(refused.report["actions"][0]["reason"].get<std::string>().find("heal_partitions") != std::string::npos);
    CHECK(refused.report["changed"] == false);
  }
  CHECK(has_account(3, "side_cut_off"));  // nothing was touched
}

TEST_CASE("partition: heal_partitions rolls node 3 back to the seed's side; the seed's writes are everywhere") {
  Run healed = run_for_report("apply", desired(nodes({1, 2, 3}), {{"heal_partitions", true}}));
  INFO(healed.err);
  CHECK(healed.exit_code == 0);
  CHECK(healed.report["converged"] == true);
  CHECK(healed.report["rolled_back"] == json::array({node(3)}));
  // What node 3 wrote on its own was saved on its host before the restart dropped it.
  REQUIRE(healed.report["backups"].size() == 1);
  const json& backup = healed.report["backups"][0];
  CHECK(backup["node"] == node(3));
  CHECK(backup["op"] == "heal_partition");
  CHECK(backup["kind"] == "mnesia_backup");
  CHECK(backup["bytes"].get<std::int64_t>() > 0);
  const std::string path = backup["path"].get<std::string>();
  CHECK(path.rfind("/var/lib/ejcluster/backups/" + node(3) + "/", 0) == 0);
  CHECK(file_mode(path) == 0600);
  CHECK(backup_records(path, "passwd").find("<<\"side_cut_off\">>") != std::string::npos);
  // And the report says what was dropped: the user registered on node 3 alone, by key.
  const json& heal = healed.report["actions"][0];
  REQUIRE(heal["op"] == "heal_partition");
  json passwd;
  for (const json& table : heal["dropped"]) {
    if (table["table"] == "passwd") passwd = table;
  }
  INFO(heal.dump());
  REQUIRE(passwd.is_object());
  CHECK(passwd["missing"] == 1);
  CHECK(passwd["differing"] == 0);
  CHECK(passwd["first_missing"] == json::array({R"({<<"side_cut_off">>,<<"localhost">>})"}));
  CHECK(healed.report["after"]["partitioned"] == false);
  CHECK(healed.report["after"]["running"] == json(nodes({1, 2, 3})));
  for (int index : {1, 2, 3}) {
    CAPTURE(index);
    CHECK(has_account(index, "before_split"));
    CHECK(has_account(index, "side_of_the_seed"));
    CHECK_FALSE(has_account(index, "side_cut_off"));  // written on the lost side
  }
  // converged means every member serves: each runs Mnesia and ejabberd, seeing all three.
  for (const auto& [name, view] : healed.report["after"]["nodes"].items()) {
    CAPTURE(name);
    CHECK(view["running_db_nodes"] == json(nodes({1, 2, 3})));
    CHECK(view["app"]["running"] == true);
  }
  Run again = run_for_report("plan", desired(nodes({1, 2, 3})));
  CHECK(again.exit_code == 0);
}

TEST_CASE("partition: after the heal, status agrees whichever node it asks first") {
  for (const auto& order : {nodes({1, 2, 3}), nodes({3, 1, 2}), nodes({2, 3, 1})}) {
    CAPTURE(order.front());
    Run seen = run_for_report("status", desired(order));
    CHECK(seen.exit_code == 0);
    CHECK(seen.report["members"] == json(nodes({1, 2, 3})));
    CHECK(seen.report["running"] == json(nodes({1, 2, 3})));
    CHECK(seen.report["partitioned"] == false);
    CHECK(seen.report["disagreements"].empty());
    CHECK(seen.report["clusters"].size() == 1);
    CHECK(seen.report["tables"]["passwd"]["size"][node(3)] == seen.report["tables"]["passwd"]["size"][node(1)]);
  }
}

}  // namespace ejcluster::testing
