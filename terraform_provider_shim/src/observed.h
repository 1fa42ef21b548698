// The observed cluster as attribute values: members, running, unreachable, placement (JSON).
#pragma once

#include <optional>
#include <string>

#include "model/cluster_state.h"
#include "value.h"

namespace ejcluster::tf {

// Sets "members", "running", "unreachable" and "placement" of `object` from `state`: the cluster
// of the seed, or of the first listed node that answered (ejcluster status's choice). placement
// is {"table": {"disc_copies": ["a@h", ...], ...}}, with only the storage types in use.
void set_observed(Value& object, const cluster::ClusterState& state);

// Whether any listed node answered.
bool any_reachable(const cluster::ClusterState& state);

// The report of an apply as `last_report` keeps it: ejcluster's report without "before" and
// "after" (members, running and placement hold the state) and without each join's table list.
nlohmann::ordered_json report_summary(nlohmann::ordered_json report);

}  // namespace ejcluster::tf
