#include "model/node_view.h"

namespace ejcluster::cluster {

std::string_view to_string(MnesiaState state) {
  switch (state) {
    case MnesiaState::kRunning: return "yes";
    case MnesiaState::kStopped: return "no";
    case MnesiaState::kStarting: return "starting";
    case MnesiaState::kStopping: return "stopping";
  }
  return "no";
}

MnesiaState parse_mnesia_state(std::string_view word) {
  if (word == "yes") return MnesiaState::kRunning;
  if (word == "starting") return MnesiaState::kStarting;
  if (word == "stopping") return MnesiaState::kStopping;
  return MnesiaState::kStopped;
}

}  // namespace ejcluster::cluster
