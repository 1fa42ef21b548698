// The observed state as JSON: the "before"/"after" shape of the report (README "The report").
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "model/cluster_state.h"
#include "model/placement.h"

namespace ejcluster::report {

// `app` is the application whose state each node entry shows (nullopt: none).
nlohmann::ordered_json state_to_json(const cluster::ClusterState& state, const std::optional<std::string>& app);

// The whole report of `ejcluster status`: {"mode": "status", ...state_to_json}. Consumes `state`'s
// JSON as it goes (with many tables it is megabytes).
nlohmann::ordered_json status_report(const cluster::ClusterState& state, const std::optional<std::string>& app);

// {"members": [...], "running": [...], "tables": {table: {storage type: [nodes]}}}, storage types
// in Mnesia's order (ram, disc, disc_only) and only those with copies.
nlohmann::ordered_json placement_to_json(const cluster::Placement& placement);

// An empty object with room for `keys` keys. An ordered_json object is a vector of (const key,
// value) pairs: growing it copies every pair, value and all (a const key cannot be moved), so one
// that will hold large values is sized before they go in.
nlohmann::ordered_json object_for(std::size_t keys);

}  // namespace ejcluster::report
