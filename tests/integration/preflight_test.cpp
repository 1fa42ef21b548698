// The pre-flight checks against real ejabberd nodes made to differ: a node whose ejabberd.yml serves
// another virtual host, and a node whose Mnesia directory is a tmpfs too small for the seed's disc
// tables. Each join is refused before the node's schema is touched, with the check in the report;
// once the difference is gone, apply converges. (Version skew is faked at the observation seam,
// tests/unit/cluster/preflight_test.cpp: this machine has one ejabberd.)
#include <doctest/doctest.h>

#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "erl/cookie.h"
#include "erl/ei_node_client.h"
#include "erl/remote_eval.h"
#include "support/process.h"
#include "support/sandbox.h"

namespace ejcluster::testing {
namespace {

using nlohmann::json;

Sandbox& sandbox() {
  static Sandbox instance("ejcpre", 18922);
  return instance;
}

std::string nodes_json(int count) { return desired_json(sandbox().nodes(count), sandbox().cookie_file()); }

const json* check_of(const json& report, const std::string& name, const std::string& node) {
  for (const json& check : report["checks"]) {
    if (check["check"] == name && check["node"] == node) return &check;
  }
  return nullptr;
}

// Applies nodes 1..count and expects the join of `node` refused by `check`: exit 3, the refusal on
// stderr, the check failed in the report. Its detail.
std::string refused_by(const std::string& check, const std::string& node, int count) {
  ProcessResult run = ejcluster("apply", nodes_json(count));
  INFO(run.err);
  CHECK(run.exit_code == 3);
  CHECK(run.err.find("refused join on " + node + ": pre-flight " + check + ": ") != std::string::npos);
  json report = json::parse(run.out);
  const json* found = check_of(report, check, node);
  REQUIRE(found);
  CHECK((*found)["status"] == "failed");
  return (*found)["detail"];
}

std::vector<std::string> members_seen_by(int index) {
  json status = json::parse(ejcluster("status", desired_json({sandbox().node(index)}, sandbox().cookie_file())).out);
  return status["members"].get<std::vector<std::string>>();
}

// Evaluates `source` on node `index`, through a client of our own.
erl::Term evaluate(int index, const std::string& source) {
  auto cookie = erl::resolve_cookie(erl::CookieSource{.file = sandbox().cookie_file()});
  REQUIRE(cookie);
  erl::EiNodeClient client(cookie->cookie, std::chrono::seconds(5));
  erl::RemoteEvaluator evaluator(client);
  auto node = erl::NodeName::parse(sandbox().node(index));
  REQUIRE(node);
  auto reply = evaluator.evaluate(*node, source, std::chrono::seconds(60));
  REQUIRE_MESSAGE(reply, (reply ? "" : reply.error().message()));
  return *reply;
}

}  // namespace

TEST_CASE("preflight: a node that serves another virtual host is not joined; serving the same, it is") {
  sandbox().start(2);
  sandbox().start_node_with(3, {"EJSANDBOX_HOSTS=example.org"});
  std::string node3 = sandbox().node(3);
  CHECK(refused_by("virtual_hosts", node3, 3) == node3 + " serves example.org and the seed " + sandbox().node(1) +
                                                     " localhost: a cluster's members serve the same hosts (ejabberd.yml's hosts)");
  CHECK(members_seen_by(3) == std::vector<std::string>{node3});  // its schema untouched
  // Node 2 serves the same host: it joined.
  CHECK(members_seen_by(2) == std::vector<std::string>{sandbox().node(1), sandbox().node(2)});

  sandbox().stop_node(3);
  sandbox().start_node(3);  // serving localhost again
  ProcessResult joined = ejcluster("apply", nodes_json(3));
  INFO(joined.err);
  CHECK(joined.exit_code == 0);
  CHECK(members_seen_by(3).size() == 3);
}

TEST_CASE("preflight: a node whose Mnesia directory has no room for the seed's disc tables is refused, with both sizes") {
  // 8 MB in a disc table on the cluster, dumped to its files (the seed's accounting reads them).
  evaluate(1, R"(
    {atomic, ok} = mnesia:create_table(bulk, [{disc_copies, mnesia:system_info(running_db_nodes)}]),
    Data = crypto:strong_rand_bytes(1000),
    [ok = mnesia:dirty_write({bulk, I, Data}) || I <- lists:seq(1, 8000)],
    dumped = mnesia:dump_log(), ok.)");
  std::string node4 = sandbox().node(4);
  std::string spool = sandbox().node_dir(4) + "/spool";
  std::filesystem::create_directories(spool);
  REQUIRE_MESSAGE(::mount("tmpfs", spool.c_str(), "tmpfs", 0, "size=4m") == 0, std::strerror(errno));
  struct Unmount {
    std::string path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{spool};
  sandbox().start_node(4);

  std::string detail = refused_by("disk_space", node4, 4);
  CHECK(detail.rfind(node4 + " has ", 0) == 0);
  // 8,000 rows of 1,000 bytes: more than 7.6 MiB in the seed's files; the tmpfs has 4 MiB in all.
  CHECK(detail.find(" free in " + spool + " and the copies need ") != std::string::npos);
  double needed = std::stod(detail.substr(detail.find("need ") + 5));
  CHECK(needed > 7.6);
  CHECK(detail.find(" MiB (the seed's disc tables)") != std::string::npos);
  CHECK(members_seen_by(4) == std::vector<std::string>{node4});
  sandbox().stop_node(4);
}

}  // namespace ejcluster::testing
