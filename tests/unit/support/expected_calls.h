// The calls the step runners are expected to make, shared by the tests that check them in order.
#pragma once

#include <string>
#include <vector>

namespace ejcluster::testing {

// The calls a join of `node` through `via` makes (FakeCluster's Call::text), in order, for a
// cluster of ejabberd nodes with the tables schema, roster (disc) and session (ram).
inline std::vector<std::string> join_calls(const std::string& node, const std::string& via) {
  return {
      node + " application:stop(ejabberd)",
      node + " mnesia:stop()",
      node + " mnesia:delete_schema([" + node + "])",
      node + " application:start(mnesia,permanent)",
      node + " mnesia:change_config(extra_db_nodes,[" + via + "])",
      node + " mnesia:change_table_copy_type(schema," + node + ",disc_copies)",
      node + " mnesia:add_table_copy(roster," + node + ",disc_copies)",
      node + " mnesia:add_table_copy(session," + node + ",ram_copies)",
      node + " mnesia:wait_for_tables([schema,roster,session],600000)",
      node + " application:ensure_all_started(ejabberd)",
      node + " application:which_applications()",
  };
}

}  // namespace ejcluster::testing
