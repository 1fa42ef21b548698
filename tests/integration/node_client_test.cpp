// The client layer against real nodes (plain Erlang with Mnesia, through mnesiasandbox):
// RemoteEvaluator's one-round-trip evaluation, and EiNodeClient used from several threads at once.
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "erl/ei_node_client.h"
#include "erl/remote_eval.h"
#include "support/sandbox.h"
#include "support/test_paths.h"

namespace ejcluster::testing {
namespace {

using namespace std::chrono_literals;
using erl::ErlError;
using erl::NodeName;
using erl::Term;

Sandbox& sandbox() {
  static Sandbox instance("ejcclient", 0, kMnesiaSandboxScript);
  return instance;
}

erl::Cookie sandbox_cookie() {
  std::ifstream in(sandbox().cookie_file());
  std::stringstream text;
  text << in.rdbuf();
  std::string value = text.str();
  return erl::Cookie(value.substr(0, value.find_last_not_of(" \n") + 1));
}

NodeName node(int index) { return *NodeName::parse(sandbox().node(index)); }

}  // namespace

TEST_CASE("node client: an expression is evaluated with its bindings, and the reply is its value alone") {
  sandbox().start(2);
  erl::EiNodeClient client(sandbox_cookie(), 2000ms);
  erl::RemoteEvaluator evaluator(client);
  auto value = evaluator.evaluate(node(1), "Y = X + 1, {Y, node(), Text}.", 5000ms,
                                  {{"Text", Term::binary("h\xc3\xa9")}, {"X", Term::integer(41)}});
  REQUIRE(value.has_value());
  CHECK(*value == Term::tuple({Term::integer(42), Term::atom(sandbox().node(1)), Term::binary("h\xc3\xa9")}));

  // Source text that is not ASCII reaches the scanner as characters, not bytes.
  auto text = evaluator.evaluate(node(1), "length(\"h\xc3\xa9\").", 5000ms);
  REQUIRE(text.has_value());
  CHECK(*text == Term::integer(2));
}

TEST_CASE("node client: a syntax error comes back as badrpc naming the error, and the client stays usable") {
  sandbox().start(2);
  erl::EiNodeClient client(sandbox_cookie(), 2000ms);
  erl::RemoteEvaluator evaluator(client);
  auto broken = evaluator.evaluate(node(1), "Y = .", 5000ms);
  REQUIRE_FALSE(broken.has_value());
  CHECK(broken.error().kind == ErlError::Kind::kBadRpc);
  CHECK(broken.error().node == sandbox().node(1));
  CHECK(broken.error().detail.find("syntax error") != std::string::npos);

  auto fine = evaluator.evaluate(node(1), "ok.", 5000ms);
  REQUIRE(fine.has_value());
  CHECK(fine->is_atom("ok"));
}

TEST_CASE("node client: threads call different nodes at once, and each gets its own node's answers") {
  sandbox().start(2);
  erl::EiNodeClient client(sandbox_cookie(), 2000ms);
  erl::RemoteEvaluator evaluator(client);
  constexpr int kCallsPerThread = 30;
  std::vector<int> wrong(2, 0), failed(2, 0);
  {
    std::vector<std::jthread> threads;
    for (int index = 1; index <= 2; ++index) {
      threads.emplace_back([&, index] {
        for (int call = 0; call < kCallsPerThread; ++call) {
          // A short sleep on the node keeps the two calls in flight together.
          auto answer = evaluator.evaluate(node(index), "timer:sleep(2), {node(), N}.", 5000ms, {{"N", Term::integer(call)}});
          if (!answer) {
            ++failed[index - 1];
          } else if (!(*answer == Term::tuple({Term::atom(sandbox().node(index)), Term::integer(call)}))) {
            ++wrong[index - 1];
          }
        }
      });
    }
  }
  CHECK(failed == std::vector<int>{0, 0});
  CHECK(wrong == std::vector<int>{0, 0});
}

TEST_CASE("node client: while one node answers slowly, a call to another node is not held up") {
  sandbox().start(2);
  erl::EiNodeClient client(sandbox_cookie(), 2000ms);
  erl::RemoteEvaluator evaluator(client);
  REQUIRE(evaluator.evaluate(node(2), "ok.", 5000ms).has_value());  // connected before the clock starts

  std::jthread slow([&] { (void)evaluator.evaluate(node(1), "timer:sleep(1500), ok.", 5000ms); });
  std::this_thread::sleep_for(100ms);
  auto start = std::chrono::steady_clock::now();
  auto quick = evaluator.evaluate(node(2), "ok.", 5000ms);
  auto took = std::chrono::steady_clock::now() - start;
  REQUIRE(quick.has_value());
  CHECK(took < 1000ms);  // a bound far above one call's few ms: it only tells waiting from not
}

}  // namespace ejcluster::testing
