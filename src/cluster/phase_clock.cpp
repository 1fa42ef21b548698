#include "cluster/phase_clock.h"

namespace ejcluster::cluster {

PhaseClock::PhaseClock(const erl::NodeClient* client)
    : client_(client), started_(Clock::now()), last_lap_(started_) {
  if (client_) at_watch_ = at_last_lap_ = client_->round_trips();
}

void PhaseClock::watch(const erl::NodeClient& client) {
  client_ = &client;
  at_watch_ = at_last_lap_ = client.round_trips();
}

PhaseTiming PhaseClock::since(std::string phase, Clock::time_point start,
                              const std::map<std::string, erl::RoundTrips>& before) const {
  PhaseTiming timing{.phase = std::move(phase)};
  timing.ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  if (!client_) return timing;
  for (const auto& [node, now] : client_->round_trips()) {
    erl::RoundTrips made = now;
    if (auto earlier = before.find(node); earlier != before.end()) {
      made.connecting -= earlier->second.connecting;
      made.calls -= earlier->second.calls;
    }
    timing.in_all += made.total();
    if (made.total() > timing.most.total()) timing.most = made;
  }
  return timing;
}

void PhaseClock::lap(std::string phase) {
  phases_.push_back(since(std::move(phase), last_lap_, at_last_lap_));
  last_lap_ = Clock::now();
  if (client_) at_last_lap_ = client_->round_trips();
}

std::vector<PhaseTiming> PhaseClock::phases() const {
  std::vector<PhaseTiming> all = phases_;
  all.push_back(since("total", started_, at_watch_));
  return all;
}

}  // namespace ejcluster::cluster
