// PhaseClock: how long each phase of a run takes, and the round trips it makes to the nodes, for
// `--timings`. A phase ends at lap(name): what happened since the previous lap is that phase's.
//
// Per phase, the node that needed the most round trips is kept: nodes are asked in parallel, so
// under latency that node is the critical path; the sum over all nodes is kept beside it.
// One thread only (laps are taken between phases, never inside one).
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "erl/node_client.h"

namespace ejcluster::cluster {

struct PhaseTiming {
  std::string phase;
  double ms = 0;
  erl::RoundTrips most;  // the node with the most round trips in this phase
  int in_all = 0;        // every node's round trips together
};

class PhaseClock {
 public:
  // `client` may be null: phases without nodes (reading input) are timed before it exists.
  explicit PhaseClock(const erl::NodeClient* client = nullptr);

  void watch(const erl::NodeClient& client);  // count this client's round trips from now on
  void lap(std::string phase);
  // Every phase so far, then "total": the whole time since construction, with each node's round
  // trips over the whole run.
  std::vector<PhaseTiming> phases() const;

 private:
  using Clock = std::chrono::steady_clock;
  PhaseTiming since(std::string phase, Clock::time_point start, const std::map<std::string, erl::RoundTrips>& before) const;

  const erl::NodeClient* client_;
  Clock::time_point started_;
  Clock::time_point last_lap_;
  std::map<std::string, erl::RoundTrips> at_watch_;  // what the client had made before we watched it
  std::map<std::string, erl::RoundTrips> at_last_lap_;
  std::vector<PhaseTiming> phases_;
};

// `clock` may be null (a caller that does not time): then nothing happens.
inline void lap(PhaseClock* clock, std::string phase) {
  if (clock) clock->lap(std::move(phase));
}

}  // namespace ejcluster::cluster
