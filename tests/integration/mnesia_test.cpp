// `"app": null`: ejcluster on plain Erlang nodes running Mnesia (no ejabberd), through
// tests/sandbox/mnesiasandbox. Node 1 holds a disc table kv (100 rows) and a ram table cache.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/backup_file.h"
#include "support/process.h"
#include "support/sandbox.h"
#include "support/test_paths.h"

namespace ejcluster::testing {
namespace {

using nlohmann::json;

Sandbox& sandbox() {
  static Sandbox instance("ejcmnesia", 0, kMnesiaSandboxScript);
  return instance;
}

json desired() {
  return {{"nodes", sandbox().nodes(3)}, {"app", nullptr}, {"cookie_file", sandbox().cookie_file()}};
}

json run(const std::string& command, const json& input, int expected_exit) {
  ProcessResult result = ejcluster(command, input.dump());
  INFO(command << " stderr:\n" << result.err);
  CHECK(result.exit_code == expected_exit);
  return json::parse(result.out);
}

std::string eval(int node, const std::string& expression) {
  ProcessResult result = sandbox().eval(node, expression);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  return result.out.substr(0, result.out.find_last_not_of('\n') + 1);
}

// Where these tests' nodes keep their backups (not the machine's /var/lib/ejcluster/backups).
std::string backup_dir() { return sandbox().dir() + "/backups"; }

// The nodes listed, with backups under backup_dir().
json desired_of(std::vector<std::string> nodes, json extra = json::object()) {
  json out = {{"nodes", std::move(nodes)}, {"app", nullptr}, {"cookie_file", sandbox().cookie_file()},
              {"backup_dir", backup_dir()}};
  out.update(extra);
  return out;
}

// The report's one backup, checked against the file it names.
json only_backup(const json& report, const std::string& node, const std::string& op) {
  REQUIRE(report["backups"].size() == 1);
  json backup = report["backups"][0];
  CHECK(backup["node"] == node);
  CHECK(backup["op"] == op);
  CHECK(backup["kind"] == "mnesia_backup");
  const std::string path = backup["path"].get<std::string>();
  CHECK(path.rfind(backup_dir() + "/" + node + "/", 0) == 0);
  CHECK(file_mode(path) == 0600);
  CHECK(backup["bytes"].get<std::int64_t>() == static_cast<std::int64_t>(std::filesystem::file_size(path)));
  return backup;
}

// README "Backups": the backup's records of kv that the cluster lacks, written back on `node`.
std::string restore_missing_kv(int node, const std::string& path) {
  return eval(node, "{ok, Records} = mnesia:traverse_backup(\"" + path +
                        "\", mnesia_backup, dummy, read_only, fun(Item, Acc) when element(1, Item) =:= kv -> "
                        "{[], [Item | Acc]}; (_, Acc) -> {[], Acc} end, []), "
                        "length([mnesia:dirty_write(R) || R <- Records, mnesia:dirty_read(kv, element(2, R)) =:= []]).");
}

}  // namespace

TEST_CASE("mnesia: plain Mnesia nodes with app null become one cluster holding every table") {
  sandbox().start(3);
  sandbox().seed(1);
  json plan = run("plan", desired(), 2);
  REQUIRE(plan["actions"].size() == 2);
  CHECK(plan["actions"][0]["op"] == "join");
  CHECK(plan["actions"][0]["tables"] == json{{"schema", "disc_copies"}, {"kv", "disc_copies"}, {"cache", "ram_copies"}});

  json apply = run("apply", desired(), 0);
  CHECK(apply["converged"] == true);
  CHECK(apply["after"]["members"] == json(sandbox().nodes(3)));
  for (int node : {1, 2, 3}) {
    CAPTURE(node);
    CHECK(eval(node, "mnesia:wait_for_tables([kv, cache], 5000).") == "ok");
    CHECK(eval(node, "mnesia:table_info(kv, storage_type).") == "disc_copies");
    CHECK(eval(node, "mnesia:table_info(cache, storage_type).") == "ram_copies");
    CHECK(eval(node, "length(mnesia:dirty_all_keys(kv)).") == "100");
  }
  for (const auto& action : apply["actions"]) CHECK(action["op"] == "join");  // no ejabberd.schema here
}

TEST_CASE("mnesia: a second apply changes nothing") {
  json again = run("apply", desired(), 0);
  CHECK(again["changed"] == false);
  CHECK(again["actions"].empty());
}

TEST_CASE("mnesia: with app null a table can live on some members only, and it stays so after a restart") {
  auto nodes = sandbox().nodes(3);
  json placed = desired();
  placed["tables"] = {{"kv", {{"disc_copies", {nodes[0], nodes[1]}}}}};
  json apply = run("apply", placed, 0);
  REQUIRE(apply["actions"].size() == 1);
  CHECK(apply["actions"][0]["op"] == "del_table_copy");
  CHECK(apply["actions"][0]["node"] == nodes[2]);
  CHECK(apply["after"]["tables"]["kv"]["disc_copies"] == json::array({nodes[0], nodes[1]}));
  CHECK(eval(3, "mnesia:table_info(kv, storage_type).") == "unknown");
  CHECK(eval(3, "length(mnesia:dirty_all_keys(kv)).") == "100");  // read from the other members

  sandbox().stop_node(3);
  sandbox().start_node(3);
  run("plan", placed, 0);
  // Without the request the default (every member holds every table) adds it back.
  json back = run("plan", desired(), 2);
  REQUIRE(back["actions"].size() == 1);
  CHECK(back["actions"][0]["op"] == "add_table_copy");
  CHECK(back["actions"][0]["node"] == nodes[2]);
}

TEST_CASE("mnesia: a backup that cannot be written stops a removal before anything is dropped") {
  auto nodes = sandbox().nodes(3);
  for (const std::string& where : {std::string("/proc/ejcluster-backups"), sandbox().node_dir(3) + "/db/backups"}) {
    CAPTURE(where);
    json report = run("apply", desired_of({nodes[0], nodes[1]}, {{"remove_absent", true}, {"backup_dir", where}}), 3);
    REQUIRE(report["actions"].size() == 1);
    CHECK(report["actions"][0]["op"] == "remove_node");
    CHECK(report["actions"][0]["backs_up"] == true);
    CHECK(report["actions"][0]["status"] == "failed");
    const std::string error = report["actions"][0]["error"].get<std::string>();
    CHECK(error.find("backup under " + where + " before remove_node on " + nodes[2]) != std::string::npos);
    if (where.rfind("/proc", 0) != 0) CHECK(error.find("inside_mnesia_directory") != std::string::npos);
    CHECK(report["backups"].empty());
    CHECK(report["after"]["members"] == json(nodes));  // still a member, nothing deleted
    CHECK(eval(3, "mnesia:system_info(is_running).") == "yes");
  }
}

TEST_CASE("mnesia: a running member's removal leaves a backup on its host, and a record is restored from it") {
  auto nodes = sandbox().nodes(3);
  run("apply", desired_of(nodes), 0);  // node 3 holds kv again: its backup saves what it holds
  eval(1, "mnesia:dirty_write({kv, 500, <<\"kept_by_3\">>}).");
  json report = run("apply", desired_of({nodes[0], nodes[1]}, {{"remove_absent", true}}), 0);
  REQUIRE(report["actions"].size() == 1);
  CHECK(report["actions"][0]["op"] == "remove_node");
  json backup = only_backup(report, nodes[2], "remove_node");
  CHECK(report["actions"][0]["backup"]["path"] == backup["path"]);
  CHECK(backup_records(backup["path"], "kv").find("{kv,500,<<\"kept_by_3\">>}") != std::string::npos);

  // The record is lost from the cluster afterwards, then written back from node 3's backup.
  eval(1, "mnesia:dirty_delete(kv, 500).");
  CHECK(restore_missing_kv(1, backup["path"]) == "1");
  CHECK(eval(2, "mnesia:dirty_read(kv, 500).") == "[{kv,500,<<\"kept_by_3\">>}]");
}

TEST_CASE("mnesia: a join with allow_data_loss saves the node's own data first, and a record is restored from it") {
  auto nodes = sandbox().nodes(3);
  sandbox().seed(3);  // alone since its removal: its own schema and kv
  eval(3, "mnesia:dirty_write({kv, 1000, <<\"only_on_3\">>}).");
  json refused = run("plan", desired_of(nodes), 3);
  CHECK(refused["actions"][0]["status"] == "refused");

  json report = run("apply", desired_of(nodes, {{"allow_data_loss", {nodes[2]}}}), 0);
  REQUIRE(report["actions"].size() >= 1);
  CHECK(report["actions"][0]["op"] == "join");
  CHECK(report["actions"][0]["backs_up"] == true);
  json backup = only_backup(report, nodes[2], "join");
  CHECK(eval(1, "mnesia:dirty_read(kv, 1000).") == "[]");  // the join dropped it from node 3

  CHECK(restore_missing_kv(1, backup["path"]) == "1");
  for (int node : {1, 2, 3}) CHECK(eval(node, "mnesia:dirty_read(kv, 1000).") == "[{kv,1000,<<\"only_on_3\">>}]");
  CHECK(run("apply", desired_of(nodes), 0)["changed"] == false);
}

}  // namespace ejcluster::testing
