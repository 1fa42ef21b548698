// Placement: who the members are and which nodes hold each table in which storage type. What a
// person compares before and after a plan (Ansible's diff, Terraform's attributes), without row
// counts or the rest of the observed state.
//
// planned_placement() is pure: the placement the plan's steps lead to when each does what it says,
// so faces show what a plan will do without simulating it themselves.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/cluster_state.h"
#include "model/plan.h"

namespace ejcluster::cluster {

struct Placement {
  std::vector<std::string> members;  // sorted
  std::vector<std::string> running;  // sorted
  // table -> storage type -> nodes (sorted); only storage types that have copies
  std::map<std::string, Copies> tables;

  bool operator==(const Placement&) const = default;
};

// The placement of the seed's cluster as observed (the first cluster of `state`; empty if none).
Placement placement_of(const ClusterState& state);

// What `steps` make of `before`: joins and removals change the members, table steps and joins the
// copies, start_node the running members. Overrides, heals and forced loads change neither.
Placement planned_placement(Placement before, const std::vector<Step>& steps);

}  // namespace ejcluster::cluster
