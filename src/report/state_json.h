// The observed state as JSON: the "before"/"after" shape of the report (README "The report").
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "model/cluster_state.h"

namespace ejcluster::report {

// `app` is the application whose state each node entry shows (nullopt: none).
nlohmann::ordered_json state_to_json(const cluster::ClusterState& state, const std::optional<std::string>& app);

}  // namespace ejcluster::report
