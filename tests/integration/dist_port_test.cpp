// Nodes that run without epmd: three ejabberd nodes in network namespaces of their own (one host
// each, tests/sandbox/netsandbox), started with ERL_DIST_PORT, and no epmd in any namespace.
// ejcluster reaches them only with dist_port, forms one cluster of them, and names a wrong port.
// The cases run in file order.
#include <doctest/doctest.h>

#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/net_sandbox.h"
#include "support/process.h"
#include "support/report_run.h"
#include "support/test_paths.h"

namespace ejcluster::testing {
namespace {

using nlohmann::json;

const std::string kPrefix = "ejcdp";
constexpr int kDistPort = 5210;

NetSandbox& hosts() {
  static NetSandbox instance(kPrefix, "10.82.0",
                             {"NETSANDBOX_DIST_PORT=" + std::to_string(kDistPort), "NETSANDBOX_PORT_BASE=19222"});
  return instance;
}

ProcessResult netsandbox(const std::vector<std::string>& args) { return hosts().run(args); }
std::string node(int index) { return hosts().node(index); }

json desired(std::optional<int> port) {
  json out = {{"nodes", {node(1), node(2), node(3)}}, {"cookie_file", hosts().cookie_file()}};
  if (port) out["dist_port"] = *port;
  return out;
}

}  // namespace

TEST_CASE("dist_port: three nodes with ERL_DIST_PORT and no epmd start, one host each") {
  ProcessResult up = netsandbox({"up", "3"});
  REQUIRE_MESSAGE(up.exit_code == 0, "network namespaces could not be created here: " << up.out << up.err);
  ProcessResult started = netsandbox({"start", "3"});
  REQUIRE_MESSAGE(started.exit_code == 0, started.out << started.err);
  for (int i = 1; i <= 3; ++i) {
    ProcessResult epmd = run_process("/usr/sbin/ip", {"netns", "exec", kPrefix + "-" + std::to_string(i), "/usr/bin/epmd", "-names"});
    CHECK_MESSAGE(epmd.out.find("name " + kPrefix) == std::string::npos, "node " << i << " is in an epmd: " << epmd.out);
  }
}

TEST_CASE("dist_port: without it the nodes cannot be found; with it they are reached directly") {
  Run lost = run_for_report("status", desired(std::nullopt));
  CHECK(lost.exit_code == 3);
  CHECK(lost.report["unreachable"].size() == 3);

  ProcessResult seen = ejcluster("status", desired(kDistPort).dump(), {"--timings"});
  INFO(seen.err);
  CHECK(seen.exit_code == 0);
  CHECK(json::parse(seen.out)["clusters"].size() == 3);
  // No epmd on the way: TCP connect and the handshake's two exchanges, then the query.
  CHECK(seen.err.find("timing: observe") != std::string::npos);
  CHECK(seen.err.find("round trips: 4 to one node (3 connecting), 12 in all") != std::string::npos);
}

TEST_CASE("dist_port: apply forms one cluster of three masters, and a rerun changes nothing") {
  Run formed = run_for_report("apply", desired(kDistPort));
  INFO(formed.err);
  REQUIRE(formed.exit_code == 0);
  CHECK(formed.report["changed"] == true);
  CHECK(formed.report["after"]["members"] == json({node(1), node(2), node(3)}));
  CHECK(formed.report["after"]["tables"]["passwd"]["disc_only_copies"].size() == 3);
  Run again = run_for_report("plan", desired(kDistPort));
  CHECK(again.exit_code == 0);
  CHECK(again.report["actions"].empty());
}

TEST_CASE("dist_port: a port the nodes do not listen on is named, with what must hold") {
  Run wrong = run_for_report("status", desired(kDistPort + 1));
  CHECK(wrong.exit_code == 3);
  CHECK(wrong.report["unreachable"].size() == 3);
  CHECK(wrong.err.find(node(1) + ": connection refused (on port 5211 (dist_port): does the node run with "
                       "ERL_DIST_PORT=5211?)") != std::string::npos);
}

}  // namespace ejcluster::testing
