// Running ejcluster for its JSON report, and reading back what ejabberd holds: shared by the
// integration tests that change clusters. Header-only: it uses doctest's assertions, and each test
// binary has its own doctest.
#pragma once

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "sandbox.h"

namespace ejcluster::testing {

struct Run {
  int exit_code;
  nlohmann::json report;
  std::string err;
};

// `ejcluster <command>` with `desired` on stdin; the test fails unless stdout is JSON.
inline Run run_for_report(const std::string& command, const nlohmann::json& desired) {
  ProcessResult result = ejcluster(command, desired.dump());
  INFO(command << " stderr:\n" << result.err);
  nlohmann::json report;
  REQUIRE_NOTHROW(report = nlohmann::json::parse(result.out));
  return {result.exit_code, report, result.err};
}

// Asks the node's database (registered_users), not check_account: ejabberd caches
// authentication answers outside its application, so they outlive a reset of the node.
inline bool account_exists(Sandbox& sandbox, int node, const std::string& user) {
  ProcessResult users = sandbox.ctl(node, {"registered_users", "localhost"});
  REQUIRE_MESSAGE(users.exit_code == 0, users.out);
  return ("\n" + users.out).find("\n" + user + "\n") != std::string::npos;
}

}  // namespace ejcluster::testing
