// The planner: a pure function from (desired, observed) to a Plan. No I/O, no clock.
//
// What it plans, in this order (README "Plan and apply"):
// 1. joins, one at a time, through the seed, for listed nodes outside the seed's cluster;
// 2. table copies added, retyped and deleted on current members until every member holds every
//    table with the seed's storage type, or what `tables` asks for;
// 3. placement overrides written where ejabberd reads them at boot (app != null);
// 4. with `remove_absent`, removal of members that are not listed.
// Guards refuse instead of planning: a reset of a node that holds data (unless allowed), the last
// disc replica of a table, the seed's own removal, a dead node's removal that not every reachable
// member agrees is down, any step on a node that did not answer.
#pragma once

#include <string>
#include <vector>

#include "model/cluster_state.h"
#include "model/desired_state.h"
#include "model/plan.h"

namespace ejcluster::cluster {

Plan make_plan(const DesiredState& desired, const ClusterState& observed);

// Checks the requested placement against the tables as the seed's cluster has them (kind,
// local_content, disc replicas); `seed` is the plan's. Like parse_desired_state's checks these are
// input errors: exit 1, nothing touched.
std::vector<InputError> check_placement(const DesiredState& desired, const ClusterState& observed,
                                        const std::string& seed);

// Rows in `node`'s own copies of persistent, shared tables: what a reset of the node would lose.
// Table name -> rows, only tables with rows.
std::map<std::string, std::int64_t> data_held(const NodeView& node);

}  // namespace ejcluster::cluster
