// The observed state as a table for people (`--format text`).
#pragma once

#include <optional>
#include <string>

#include "model/cluster_state.h"

namespace ejcluster::report {

std::string state_to_text(const cluster::ClusterState& state, const std::optional<std::string>& app);

}  // namespace ejcluster::report
