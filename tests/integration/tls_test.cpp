// ejcluster against real ejabberd nodes that run Erlang distribution over TLS and demand a client
// certificate (tests/sandbox/tlscerts makes the CA and certificates; ejsandbox with
// EJSANDBOX_DIST_OPTFILE starts the nodes with -proto_dist inet_tls). The cases run in file order
// and share the sandboxes: status, apply forming a 3-master cluster, the rerun, a killed master
// rejoining, and then each way a TLS connection fails, each with its own message, exit 3, within
// the connect timeout.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <chrono>
#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "support/process.h"
#include "support/sandbox.h"
#include "support/test_paths.h"

namespace ejcluster::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

const std::string& certs() {
  static const std::string dir = [] {
    std::string path = "/tmp/ejcluster-test-ejctls-certs";
    ProcessResult made = run_process(kTlsCertsScript, {path, "localhost"});
    if (made.exit_code != 0) throw std::runtime_error("tlscerts failed: " + made.err);
    return path;
  }();
  return dir;
}

Sandbox& tls_nodes() {
  static Sandbox instance("ejctls", 18222, kSandboxScript, {"EJSANDBOX_DIST_OPTFILE=" + certs() + "/dist.optfile"});
  return instance;
}

// A node whose certificate names another host (from the right CA).
Sandbox& wrong_host_node() {
  static Sandbox instance("ejctlsw", 18322, kSandboxScript, {"EJSANDBOX_DIST_OPTFILE=" + certs() + "/wrong-host.optfile"});
  return instance;
}

// A node with plain distribution.
Sandbox& plain_node() {
  static Sandbox instance("ejctlsp", 18422);
  return instance;
}

json tls_settings(const std::string& cert = "client", const std::string& ca = "ca") {
  json tls = {{"cacertfile", certs() + "/" + ca + ".pem"}};
  if (!cert.empty()) {
    tls["certfile"] = certs() + "/" + cert + ".pem";
    tls["keyfile"] = certs() + "/" + cert + ".key";
  }
  return tls;
}

std::string desired(const std::vector<std::string>& nodes, const std::string& cookie_file, const json& tls) {
  json document = {{"nodes", nodes}, {"cookie_file", cookie_file}, {"timeouts_ms", {{"connect", 3000}}}};
  if (!tls.is_null()) document["tls"] = tls;
  return document.dump();
}

struct Timed {
  ProcessResult result;
  std::chrono::milliseconds took;
};

Timed timed(const std::string& command, const std::string& input) {
  auto start = Clock::now();
  ProcessResult result = ejcluster(command, input);
  return {result, std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start)};
}

// `ejcluster status` on `input` fails as a person is told it does: exit 3, `message` on stderr,
// within `limit`.
void check_status_fails(const std::string& input, const std::string& message, std::chrono::milliseconds limit) {
  Timed run = timed("status", input);
  INFO(run.result.err);
  CHECK(run.result.exit_code == 3);
  CHECK(run.result.err.find(message) != std::string::npos);
  CHECK(run.took < limit);
}

std::vector<std::vector<std::string>> clusters(const json& report) {
  std::vector<std::vector<std::string>> out;
  for (const auto& cluster : report["clusters"]) out.push_back(cluster["members"].get<std::vector<std::string>>());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("tls: status over TLS sees three standalone nodes") {
  tls_nodes().start(3);
  auto nodes = tls_nodes().nodes(3);
  ProcessResult result = ejcluster("status", desired(nodes, tls_nodes().cookie_file(), tls_settings()));
  INFO(result.err);
  CHECK(result.exit_code == 0);
  json report = json::parse(result.out);
  CHECK(report["clusters"].size() == 3);
  CHECK(report["unreachable"].empty());
}

TEST_CASE("tls: the nodes refuse plain distribution, and ejcluster says they speak TLS") {
  auto nodes = tls_nodes().nodes(1);
  check_status_fails(desired(nodes, tls_nodes().cookie_file(), nullptr),
                     nodes[0] + ": the node speaks TLS distribution (-proto_dist inet_tls): give tls", std::chrono::milliseconds(3000));
}

TEST_CASE("tls: apply forms a 3-master cluster over TLS; plan and a rerun change nothing") {
  auto nodes = tls_nodes().nodes(3);
  std::string input = desired(nodes, tls_nodes().cookie_file(), tls_settings());
  ProcessResult applied = ejcluster("apply", input);
  INFO(applied.err);
  REQUIRE(applied.exit_code == 0);
  CHECK(json::parse(applied.out)["changed"] == true);
  json status = json::parse(ejcluster("status", input).out);
  CHECK(clusters(status) == std::vector<std::vector<std::string>>{nodes});
  // ejabberd's own view, through a control VM that speaks TLS too.
  ProcessResult listed = tls_nodes().ctl(3, {"list_cluster"});
  CHECK(listed.out.find(nodes[0]) != std::string::npos);

  ProcessResult plan = ejcluster("plan", input);
  CHECK(plan.exit_code == 0);
  ProcessResult again = ejcluster("apply", input);
  CHECK(again.exit_code == 0);
  CHECK(json::parse(again.out)["changed"] == false);
}

TEST_CASE("tls: two applies at once take turns under the lock") {
  auto nodes = tls_nodes().nodes(3);
  tls_nodes().wipe_node(3);
  tls_nodes().start_node(3);
  std::string input = desired(nodes, tls_nodes().cookie_file(), tls_settings());
  std::vector<ProcessResult> both = run_ejcluster_at_once("apply", input, 2);
  const ProcessResult &a = both[0], &b = both[1];
  INFO(a.err << b.err);
  CHECK(a.exit_code == 0);
  CHECK(b.exit_code == 0);
  CHECK(int(json::parse(a.out)["changed"] == true) + int(json::parse(b.out)["changed"] == true) == 1);
  CHECK(clusters(json::parse(ejcluster("status", input).out)) == std::vector<std::vector<std::string>>{nodes});
}

TEST_CASE("tls: the first master killed, the others serve; it restarts and apply converges") {
  auto nodes = tls_nodes().nodes(3);
  std::string input = desired(nodes, tls_nodes().cookie_file(), tls_settings());
  tls_nodes().kill_node(1);
  ProcessResult registered = tls_nodes().ctl(2, {"register", "alice", "localhost", "secret"});
  CHECK(registered.exit_code == 0);
  json status = json::parse(ejcluster("status", input).out);
  CHECK(status["running"].size() == 2);
  tls_nodes().start_node(1);
  ProcessResult applied = ejcluster("apply", input);
  INFO(applied.err);
  CHECK(applied.exit_code == 0);
  CHECK(json::parse(ejcluster("status", input).out)["running"].size() == 3);
  CHECK(tls_nodes().ctl(1, {"registered_users", "localhost"}).out.find("alice") != std::string::npos);
}

TEST_CASE("tls: each failure has its own message, exit 3, within the connect timeout") {
  auto node = tls_nodes().nodes(1);
  const std::string& cookie = tls_nodes().cookie_file();
  struct Case {
    const char* what;
    std::string input;
    std::string message;
  };
  json no_cert = tls_settings("");
  std::vector<Case> cases = {
      {"no client certificate", desired(node, cookie, no_cert),
       node[0] + ": the node refused our TLS certificate (certificate required; we have no certificate to show"},
      {"a client certificate from another CA", desired(node, cookie, tls_settings("other")),
       node[0] + ": the node refused our TLS certificate (unknown CA)"},
      {"the node's certificate from a CA we do not trust", desired(node, cookie, tls_settings("client", "other-ca")),
       node[0] + ": the node's TLS certificate is not trusted (self-signed certificate in certificate chain)"},
      {"a wrong cookie over TLS",
       json{{"nodes", node}, {"cookie", "NOTTHECOOKIE"}, {"tls", tls_settings()}}.dump(),
       node[0] + ": the node rejected the cookie"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    check_status_fails(c.input, c.message, std::chrono::milliseconds(3000));
  }
}

TEST_CASE("tls: a node whose certificate names another host is not trusted") {
  wrong_host_node().start(1);
  auto node = wrong_host_node().nodes(1);
  check_status_fails(desired(node, wrong_host_node().cookie_file(), tls_settings()),
                     node[0] + ": the node's TLS certificate is not trusted (hostname mismatch)", std::chrono::milliseconds(3000));
  wrong_host_node().wipe_all();
}

TEST_CASE("tls: tls given and the node speaks plain distribution: said within the connect timeout") {
  plain_node().start(1);
  auto node = plain_node().nodes(1);
  check_status_fails(desired(node, plain_node().cookie_file(), tls_settings()),
                     node[0] + ": no TLS answer to our hello within 3000 ms: the node may not use TLS distribution",
                     std::chrono::milliseconds(4500));
  plain_node().wipe_all();
}

TEST_CASE("tls: a private key that other users may read is refused as bad input, touching nothing") {
  std::string loose = certs() + "/loose.key";
  std::filesystem::copy_file(certs() + "/client.key", loose, std::filesystem::copy_options::overwrite_existing);
  ::chmod(loose.c_str(), 0644);
  json tls = tls_settings();
  tls["keyfile"] = loose;
  ProcessResult run = ejcluster("apply", desired(tls_nodes().nodes(3), tls_nodes().cookie_file(), tls));
  CHECK(run.exit_code == 1);
  CHECK(run.err.find("$.tls.keyfile: the private key " + loose + " may be read by other users (mode 0644): chmod o-rwx it") !=
        std::string::npos);
  std::filesystem::remove(loose);
}

}  // namespace ejcluster::testing
