// The observed cluster as attribute values: members, running, unreachable, placement.
#pragma once

#include <string>

#include "model/cluster_state.h"
#include "model/placement.h"
#include "value.h"

namespace ejcluster::tf {

// Sets "members", "running" and "placement" of `object` from `placement`. placement is a map from
// table name to where its copies are, in as few words as it takes: the storage type alone when
// every member holds the table so ("disc_copies"), else the members per type
// ("disc_copies: a@h, b@h; ram_copies: c@h"). So a member added to a cluster of masters changes
// no table's entry, and a drift shows as the one table it touches.
void set_placement(Value& object, const cluster::Placement& placement);

// set_placement() of the seed's cluster as observed (or of the first listed node that answered,
// ejcluster status's choice), and "unreachable".
void set_observed(Value& object, const cluster::ClusterState& state);

// Whether any listed node answered.
bool any_reachable(const cluster::ClusterState& state);

}  // namespace ejcluster::tf
