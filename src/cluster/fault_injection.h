// Fault injection for crash tests: with EJCLUSTER_FAULT=<point> in the environment, ejcluster
// dies at that point (_exit(70), no clean-up, connections dropped: as if killed), so that tests
// can check that the next apply recovers. Points are named "<step>:<what is done>", e.g.
// "join:schema_deleted"; README "Safety" lists them. Without the variable this does nothing.
#pragma once

#include <string_view>

namespace ejcluster::cluster {

void fault_point(std::string_view point);

}  // namespace ejcluster::cluster
