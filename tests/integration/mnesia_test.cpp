// `"app": null`: ejcluster on plain Erlang nodes running Mnesia (no ejabberd), through
// tests/sandbox/mnesiasandbox. Node 1 holds a disc table kv (100 rows) and a ram table cache.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

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

}  // namespace ejcluster::testing
