// Running ejcluster for its JSON report, and reading back what ejabberd holds: shared by the
// integration tests that change clusters. Header-only: it uses doctest's assertions, and each test
// binary has its own doctest.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

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

// `ejcluster status` of `desired`, every half second until `done` holds for its report (up to a
// minute); the test fails, naming `what` and showing the last report, if it never does.
inline nlohmann::json status_until(const nlohmann::json& desired, const std::function<bool(const nlohmann::json&)>& done,
                                   const std::string& what) {
  nlohmann::json state;
  for (int attempt = 0; attempt < 120; ++attempt) {
    state = run_for_report("status", desired).report;
    if (done(state)) return state;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  FAIL("never saw " << what << ":\n" << state.dump(2));
  return state;
}

// Whether `ejabberdctl registered_users` printed `user` (one name a line).
inline bool lists_user(const std::string& registered_users, const std::string& user) {
  return ("\n" + registered_users).find("\n" + user + "\n") != std::string::npos;
}

// Asks the node's database (registered_users), not check_account: ejabberd caches
// authentication answers outside its application, so they outlive a reset of the node.
inline bool account_exists(Sandbox& sandbox, int node, const std::string& user) {
  ProcessResult users = sandbox.ctl(node, {"registered_users", "localhost"});
  REQUIRE_MESSAGE(users.exit_code == 0, users.out);
  return lists_user(users.out, user);
}

}  // namespace ejcluster::testing
