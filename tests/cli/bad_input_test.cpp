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

// The cases, shared with the JSON Schema's test (tests/cli/schema_test.py), and one too large to keep
// in a file.
std::vector<Case> cases() {
  std::ifstream file(EJCLUSTER_BAD_INPUTS);
  REQUIRE_MESSAGE(file.good(), "cannot read " << EJCLUSTER_BAD_INPUTS);
  json data = json::parse(file);
  std::vector<Case> out;
  for (const json& entry : data["cases"]) {
    std::string input = entry.contains("extra") ? with(entry["extra"].get<std::string>()) + entry.value("suffix", "")
                                                : entry["input"].get<std::string>();
    out.push_back({entry["name"].get<std::string>(), std::move(input), entry["where"].get<std::string>()});
  }
  std::string big(10 * 1024 * 1024, 'x');
  out.push_back({"a 10 MB input", with(R"("padding": ")" + big + "\""), "$.padding"});
  return out;
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
