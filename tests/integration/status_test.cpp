// `ejcluster status` against three real ejabberd nodes: standalone, clustered, one stopped, a
// wrong cookie. The test cases run in file order and share one sandbox.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "erl/cookie.h"
#include "erl/ei_node_client.h"
#include "support/process.h"
#include "support/sandbox.h"
#include "support/test_paths.h"

namespace ejcluster::testing {
namespace {

using nlohmann::json;

Sandbox& sandbox() {
  static Sandbox instance("ejcstatus", 17222);
  return instance;
}


ProcessResult status(const std::string& input, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"status"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_process(kEjclusterBinary, args, input);
}

// mnesia:table_info(Table, Item) on `node`, asked directly rather than through ejcluster's query.
erl::Term table_info(erl::NodeClient& client, const std::string& node, const std::string& table, const char* item) {
  auto name = erl::NodeName::parse(node);
  REQUIRE(name);
  auto reply = client.call(*name, "mnesia", "table_info", {erl::Term::atom(table), erl::Term::atom(item)},
                           std::chrono::seconds(5));
  REQUIRE_MESSAGE(reply, (reply ? "" : reply.error().message()));
  return *reply;
}

std::vector<std::string> atoms(const erl::Term& list) {
  std::vector<std::string> out;
  for (const auto& item : *list.list_elements()) out.push_back(*item.atom_name());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("status: three standalone nodes are seen as three clusters") {
  sandbox().start(3);
  auto nodes = sandbox().nodes(3);
  ProcessResult result = status(desired_json(nodes, sandbox().cookie_file()));
  INFO(result.err);
  CHECK(result.exit_code == 0);
  json report = json::parse(result.out);
  REQUIRE(report["clusters"].size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(report["clusters"][i]["members"] == json::array({nodes[i]}));
    CHECK(report["clusters"][i]["running"] == json::array({nodes[i]}));
    CHECK(report["nodes"][nodes[i]]["reachable"] == true);
    CHECK(report["nodes"][nodes[i]]["mnesia"] == "yes");
    CHECK(report["nodes"][nodes[i]]["app"]["running"] == true);
    CHECK(report["nodes"][nodes[i]]["app"]["version"].get<std::string>().rfind("23.", 0) == 0);
  }
  // The top level describes the first listed node's cluster.
  CHECK(report["members"] == json::array({nodes[0]}));
  CHECK(report["tables"]["passwd"]["type"] == "set");
  CHECK(report["tables"]["schema"]["disc_copies"] == json::array({nodes[0]}));
  CHECK(report["unreachable"].empty());
  CHECK(result.out.find(read_first_line(sandbox().cookie_file())) == std::string::npos);
}

TEST_CASE("status: --format text shows each cluster and node") {
  auto nodes = sandbox().nodes(3);
  ProcessResult result = status(desired_json(nodes, sandbox().cookie_file()), {"--format", "text"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("cluster 3 of 3") != std::string::npos);
  for (const auto& node : nodes) CHECK(result.out.find(node) != std::string::npos);
  CHECK(result.out.find("roster") != std::string::npos);
}

TEST_CASE("status: a clustered node set matches mnesia:table_info on every node") {
  auto nodes = sandbox().nodes(3);
  for (int i : {2, 3}) {
    ProcessResult joined = sandbox().ctl(i, {"join_cluster", nodes[0]});
    REQUIRE_MESSAGE(joined.exit_code == 0, (joined.out + joined.err));
  }
  ProcessResult result = status(desired_json(nodes, sandbox().cookie_file()));
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  json report = json::parse(result.out);
  REQUIRE(report["clusters"].size() == 1);
  CHECK(report["members"] == json(nodes));
  CHECK(report["running"] == json(nodes));
  CHECK(report["disagreements"].empty());

  auto resolved = erl::resolve_cookie({.inline_value = std::nullopt, .file = sandbox().cookie_file(), .home = std::nullopt});
  REQUIRE(resolved);
  erl::EiNodeClient client(resolved->cookie, std::chrono::seconds(5));
  REQUIRE(report["tables"].size() > 20);
  for (const auto& [table, placement] : report["tables"].items()) {
    CAPTURE(table);
    // The schema's lists, as the first node's Mnesia reports them.
    for (const char* type : {"ram_copies", "disc_copies", "disc_only_copies"}) {
      CHECK(json(atoms(table_info(client, nodes[0], table, type))) == placement[type]);
    }
    CHECK(*table_info(client, nodes[0], table, "type").atom_name() == placement["type"].get<std::string>());
    // Each node's own copy, as that node reports it.
    for (const auto& node : nodes) {
      CAPTURE(node);
      std::string reported = "unknown";
      for (const char* type : {"ram_copies", "disc_copies", "disc_only_copies"}) {
        const auto& holders = placement[type];
        if (std::find(holders.begin(), holders.end(), node) != holders.end()) reported = type;
      }
      CHECK(*table_info(client, node, table, "storage_type").atom_name() == reported);
    }
  }
}

TEST_CASE("status: --timings counts each node's connection and its one query, after the report") {
  auto nodes = sandbox().nodes(3);
  ProcessResult result = status(desired_json(nodes, sandbox().cookie_file()), {"--timings"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(json::parse(result.out)["members"] == json(nodes));  // the report on stdout is untouched
  // Every node connected once (epmd 2, TCP 1, handshake 2) and was asked once, in parallel.
  const std::string per_node = "round trips: 6 to one node (5 connecting), 18 in all";
  std::istringstream lines(result.err);
  std::map<std::string, std::string> phase;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("timing: ", 0) == 0) phase[line.substr(8, line.find(' ', 8) - 8)] = line;
  }
  CHECK(phase.size() == 4);
  CHECK(phase["observe"].find(per_node) != std::string::npos);
  CHECK(phase["total"].find(per_node) != std::string::npos);
  CHECK(phase["read_input"].find("round trips") == std::string::npos);
  CHECK(phase["report"].find(" ms") != std::string::npos);
}

TEST_CASE("status: a wrong cookie is named as such, exit 3, and never printed") {
  auto nodes = sandbox().nodes(3);
  const std::string wrong = "ejcluster-wrong-cookie-7731";
  ProcessResult result = status(json{{"nodes", nodes}, {"cookie", wrong}}.dump());
  CHECK(result.exit_code == 3);
  CHECK(result.err.find(nodes[0] + ": the node rejected the cookie") != std::string::npos);
  json report = json::parse(result.out);
  CHECK(report["nodes"][nodes[1]]["error"]["kind"] == "cookie_rejected");
  CHECK(report["unreachable"].size() == 3);
  for (const std::string& secret : {wrong, read_first_line(sandbox().cookie_file())}) {
    CHECK(result.out.find(secret) == std::string::npos);
    CHECK(result.err.find(secret) == std::string::npos);
  }
}

TEST_CASE("status: a stopped node is reported unreachable with exit 3, the others still seen") {
  auto nodes = sandbox().nodes(3);
  sandbox().stop_node(3);
  ProcessResult result = status(desired_json(nodes, sandbox().cookie_file()));
  CHECK(result.exit_code == 3);
  CHECK(result.err.find(nodes[2] + ": no node of that name is registered in epmd") != std::string::npos);
  json report = json::parse(result.out);
  CHECK(report["unreachable"] == json::array({nodes[2]}));
  CHECK(report["nodes"][nodes[2]]["reachable"] == false);
  CHECK(report["nodes"][nodes[2]]["error"]["kind"] == "not_registered");
  // Still a member of the cluster (its schema entry stays), no longer running.
  CHECK(report["members"] == json(nodes));
  CHECK(report["running"] == json::array({nodes[0], nodes[1]}));
}

TEST_CASE("status: bad input is refused with exit 1 before any node is asked") {
  ProcessResult result = status(R"({"nodes": ["nonode"], "bogus": 1})");
  CHECK(result.exit_code == 1);
  CHECK(result.err.find("$.bogus: unknown key") != std::string::npos);
  CHECK(result.err.find("$.nodes[0]") != std::string::npos);
  CHECK(json::parse(result.out)["errors"].size() == 2);
}

}  // namespace ejcluster::testing
