// Bad input to the real ejcluster binary: every case exits 1 within a second, names what is wrong
// (the JSON path or the file) on stderr and in the report, and observes no node (the report has
// no "before"). Runs `apply`, the command that would change things.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/sandbox.h"

namespace ejcluster::testing {
namespace {

using nlohmann::json;

struct Case {
  std::string name;
  std::string input;
  std::string where;  // a path or word the message must name
};

// A cookie file that is fine, so that the cases below fail on what they test.
const std::string kCookieFile = [] {
  std::string path = "/tmp/ejcluster-bad-input-cookie";
  std::ofstream(path) << "SOMECOOKIE\n";
  ::chmod(path.c_str(), 0400);
  return path;
}();

std::string with(const std::string& extra) {
  return R"({"nodes": ["a@h", "b@h"], "cookie_file": ")" + kCookieFile + "\"" + (extra.empty() ? "" : ", " + extra) + "}";
}

std::vector<Case> cases() {
  std::string big(10 * 1024 * 1024, 'x');
  std::string dir = "/tmp";
  return {
      {"empty stdin", "", "no input"},
      {"only white space", " \n\t ", "no input"},
      {"not JSON", "nodes: [a@h]", "not valid JSON"},
      {"truncated JSON", R"({"nodes": ["a@h")", "not valid JSON"},
      {"truncated inside a string", R"({"nodes": ["a@)", "not valid JSON"},
      {"trailing garbage", with("") + " {}", "not valid JSON"},
      {"an array", R"(["a@h"])", "must be a JSON object"},
      {"a string", R"("a@h")", "must be a JSON object"},
      {"null", "null", "must be a JSON object"},
      {"a number too large", with(R"("timeouts_ms": {"rpc": 1e999})"), "number overflow"},
      {"unknown key", with(R"("nodez": 1)"), "$.nodez"},
      {"unknown key in a table", with(R"("tables": {"roster": {"type": "disc_copies", "size": 3}})"), "$.tables.roster.size"},
      {"unknown timeout", with(R"("timeouts_ms": {"connct": 5})"), "$.timeouts_ms.connct"},
      {"nodes missing", R"({"cookie": "c"})", "$.nodes"},
      {"nodes not an array", R"({"nodes": "a@h", "cookie": "c"})", "$.nodes"},
      {"nodes empty", R"({"nodes": [], "cookie": "c"})", "$.nodes"},
      {"node not a string", R"({"nodes": ["a@h", 7], "cookie": "c"})", "$.nodes[1]"},
      {"node without @", R"({"nodes": ["ah"], "cookie": "c"})", "$.nodes[0]"},
      {"node with two @", R"({"nodes": ["a@h@i"], "cookie": "c"})", "$.nodes[0]"},
      {"node with an empty name", R"({"nodes": ["@h"], "cookie": "c"})", "$.nodes[0]"},
      {"node with an empty host", R"({"nodes": ["a@"], "cookie": "c"})", "$.nodes[0]"},
      {"node with a space", R"({"nodes": ["a b@h"], "cookie": "c"})", "$.nodes[0]"},
      {"node host with ..", R"({"nodes": ["a@h..x"], "cookie": "c"})", "$.nodes[0]"},
      {"duplicate node", R"({"nodes": ["a@h", "a@h"], "cookie": "c"})", "$.nodes[1]"},
      {"short and long names mixed", R"({"nodes": ["a@h", "b@h.example.com"], "cookie": "c"})", "mixes short and long"},
      {"seed not a member", with(R"("seed": "z@h")"), "$.seed"},
      {"seed not a string", with(R"("seed": ["a@h"])"), "$.seed"},
      {"cookie and cookie_file", with(R"("cookie": "c")"), "$.cookie"},
      {"cookie not a string", R"({"nodes": ["a@h"], "cookie": 42})", "$.cookie"},
      {"cookie empty", R"({"nodes": ["a@h"], "cookie": ""})", "$.cookie"},
      {"cookie with a control character", R"({"nodes": ["a@h"], "cookie": "a\u0001b"})", "control character"},
      {"cookie file missing", R"({"nodes": ["a@h"], "cookie_file": "/nonexistent/ejcluster/cookie"})", "/nonexistent/ejcluster/cookie"},
      {"cookie file a directory", R"({"nodes": ["a@h"], "cookie_file": ")" + dir + "\"}", "is a directory"},
      {"tables not an object", with(R"("tables": ["roster"])"), "$.tables"},
      {"table with nothing", with(R"("tables": {"roster": {}})"), "$.tables.roster"},
      {"unknown storage type", with(R"("tables": {"roster": {"type": "tape_copies"}})"), "$.tables.roster.type"},
      {"type and lists", with(R"("tables": {"roster": {"type": "disc_copies", "ram_copies": ["a@h"]}})"), "$.tables.roster.ram_copies"},
      {"placed node not a member", with(R"("tables": {"roster": {"disc_copies": ["a@h", "z@h"]}})"), "$.tables.roster.disc_copies[1]"},
      {"node placed twice", with(R"("app": null, "tables": {"roster": {"disc_copies": ["a@h"], "ram_copies": ["a@h"]}})"), "more than one storage type"},
      {"ejabberd member left without a copy", with(R"("tables": {"roster": {"disc_copies": ["a@h"]}})"), "every member holds every table"},
      {"schema off disc", with(R"("tables": {"schema": {"type": "ram_copies"}})"), "$.tables.schema"},
      {"remove_absent not a boolean", with(R"("remove_absent": "yes")"), "$.remove_absent"},
      {"app a number", with(R"("app": 1)"), "$.app"},
      {"app empty", with(R"("app": "")"), "$.app"},
      {"allow_data_loss not an array", with(R"("allow_data_loss": "b@h")"), "$.allow_data_loss"},
      {"allow_data_loss not a member", with(R"("allow_data_loss": ["z@h"])"), "$.allow_data_loss[0]"},
      {"allow_data_loss the seed", with(R"("seed": "a@h", "allow_data_loss": ["a@h"])"), "$.allow_data_loss[0]"},
      {"timeout zero", with(R"("timeouts_ms": {"connect": 0})"), "$.timeouts_ms.connect"},
      {"timeout negative", with(R"("timeouts_ms": {"rpc": -5})"), "$.timeouts_ms.rpc"},
      {"timeout with a fraction", with(R"("timeouts_ms": {"rpc": 1.5})"), "$.timeouts_ms.rpc"},
      {"timeout a string", with(R"("timeouts_ms": {"table_sync": "10s"})"), "$.timeouts_ms.table_sync"},
      {"timeout over a day", with(R"("timeouts_ms": {"lock": 86400001})"), "$.timeouts_ms.lock"},
      {"timeout absurdly large", with(R"("timeouts_ms": {"connect": 18446744073709551615})"), "$.timeouts_ms.connect"},
      {"timeout too large says so", with(R"("timeouts_ms": {"connect": 18446744073709551615})"), "is too large"},
      {"timeout past 64 bits is too large, not a fraction", with(R"("timeouts_ms": {"rpc": 99999999999999999999})"),
       "$.timeouts_ms.rpc: is too large"},
      {"a 10 MB input", with(R"("padding": ")" + big + "\""), "$.padding"},
  };
}

}  // namespace

TEST_CASE("bad input: every case exits 1 within a second, names the problem, and contacts no node") {
  const auto all = cases();
  CHECK(all.size() >= 40);
  for (const Case& c : all) {
    CAPTURE(c.name);
    auto start = std::chrono::steady_clock::now();
    ProcessResult result = ejcluster("apply", c.input);
    auto took = std::chrono::steady_clock::now() - start;
    CHECK(result.exit_code == 1);
    CHECK(took < std::chrono::seconds(1));
    CHECK_MESSAGE(result.err.find(c.where) != std::string::npos, result.err);
    json report;
    REQUIRE_NOTHROW(report = json::parse(result.out));
    CHECK(report["mode"] == "apply");
    CHECK(report["changed"] == false);
    CHECK(!report["errors"].empty());
    CHECK_FALSE(report.contains("before"));  // nothing was observed
  }
}

TEST_CASE("bad input: usage errors exit 1 too") {
  CHECK(run_process(kEjclusterBinary, {}).exit_code == 1);
  CHECK(run_process(kEjclusterBinary, {"frobnicate"}).exit_code == 1);
  CHECK(run_process(kEjclusterBinary, {"apply", "--format", "yaml"}).exit_code == 1);
  CHECK(run_process(kEjclusterBinary, {"apply", "--file", "/nonexistent/desired.json"}).exit_code == 1);
  ProcessResult help = run_process(kEjclusterBinary, {"--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("apply") != std::string::npos);
}

// The command line without rough edges (issue 13): each as a person meets it.
TEST_CASE("bad input: --help shows the format's words, and only the words are taken") {
  ProcessResult help = run_process(kEjclusterBinary, {"apply", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--format json|text") != std::string::npos);
  CHECK(help.out.find("ENUM") == std::string::npos);
  for (const char* word : {"1", "0", "yaml"}) {
    CAPTURE(word);
    ProcessResult result = run_process(kEjclusterBinary, {"plan", "--format", word});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("--format: '" + std::string(word) + "' is not a format: use json or text") != std::string::npos);
  }
}

TEST_CASE("bad input: an unknown or missing subcommand is named, with the ones there are") {
  ProcessResult bogus = run_process(kEjclusterBinary, {"bogus"});
  CHECK(bogus.exit_code == 1);
  CHECK(bogus.err == "error: unknown subcommand 'bogus': use status, plan or apply (ejcluster --help)\n");
  ProcessResult none = run_process(kEjclusterBinary, {});
  CHECK(none.exit_code == 1);
  CHECK(none.err.find("status, plan or apply") != std::string::npos);
}

TEST_CASE("bad input: a cookie file that others can read gets a warning") {
  std::string path = "/tmp/ejcluster-bad-input-open-cookie";
  std::ofstream(path) << "SOMECOOKIE\n";
  ::chmod(path.c_str(), 0644);
  ProcessResult result = ejcluster("status", R"({"nodes": ["ejcnobody@localhost"], "cookie_file": ")" + path + "\"}");
  CHECK(result.exit_code == 3);  // the node does not exist; the warning came first
  CHECK(result.err.find("warning: cookie file " + path + " can be read by group or others") != std::string::npos);
  CHECK(result.err.find("SOMECOOKIE") == std::string::npos);
}

}  // namespace ejcluster::testing
