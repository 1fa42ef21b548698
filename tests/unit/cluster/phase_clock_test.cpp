// PhaseClock over a client whose round trips the test sets: each lap takes what happened since the
// previous one, the busiest node is the phase's critical path, and the total spans every phase.
#include "cluster/phase_clock.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

namespace ejcluster::cluster {
namespace {

// Answers no call: only its round-trip counts matter here.
class CountingClient : public erl::NodeClient {
 public:
  std::expected<erl::Term, erl::ErlError> call(const erl::NodeName& node, std::string_view, std::string_view,
                                               const std::vector<erl::Term>&, std::chrono::milliseconds) override {
    return std::unexpected(erl::ErlError{erl::ErlError::Kind::kProtocol, node.full(), "not for calls"});
  }
  std::map<std::string, erl::RoundTrips> round_trips() const override { return trips; }
  std::map<std::string, erl::RoundTrips> trips;
};

TEST_CASE("phase_clock: a phase counts the round trips since the last lap, the busiest node first") {
  CountingClient client;
  PhaseClock clock;
  clock.lap("read_input");
  clock.watch(client);
  client.trips["a@h"] = {.connecting = 5, .calls = 1};
  client.trips["b@h"] = {.connecting = 5, .calls = 2};
  clock.lap("observe");
  client.trips["a@h"].calls += 3;  // a is busier now, b made none
  clock.lap("lock");

  auto phases = clock.phases();
  REQUIRE(phases.size() == 4);
  CHECK(phases[0].phase == "read_input");
  CHECK(phases[0].in_all == 0);
  CHECK(phases[1].phase == "observe");
  CHECK(phases[1].most.total() == 7);
  CHECK(phases[1].most.connecting == 5);
  CHECK(phases[1].in_all == 13);
  CHECK(phases[2].phase == "lock");
  CHECK(phases[2].most.total() == 3);
  CHECK(phases[2].most.connecting == 0);
  CHECK(phases[2].in_all == 3);
  CHECK(phases[3].phase == "total");
  CHECK(phases[3].most.total() == 9);  // a: 5 connecting + 4 calls over the whole run
  CHECK(phases[3].in_all == 16);
  CHECK(phases[3].ms >= phases[1].ms);
}

TEST_CASE("phase_clock: round trips made before watch() are not counted") {
  CountingClient client;
  client.trips["a@h"] = {.connecting = 5, .calls = 1};
  PhaseClock clock;
  clock.watch(client);
  client.trips["a@h"].calls += 1;
  clock.lap("observe");
  CHECK(clock.phases()[0].in_all == 1);
  CHECK(clock.phases()[1].in_all == 1);  // the total too
}

TEST_CASE("phase_clock: a clock without a client times phases and counts nothing") {
  PhaseClock clock;
  clock.lap("read_input");
  lap(nullptr, "ignored");  // callers that do not time pass no clock
  auto phases = clock.phases();
  REQUIRE(phases.size() == 2);
  CHECK(phases[1].phase == "total");
  CHECK(phases[1].in_all == 0);
}

}  // namespace
}  // namespace ejcluster::cluster
