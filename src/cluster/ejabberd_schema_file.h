// Where ejabberd reads a node's per-node placement file, as Erlang: the expressions bind File to
// $EJABBERD_MNESIA_SCHEMA/ejabberd.schema, or to ejabberd.schema in the Mnesia directory
// (ejabberd_mnesia:schema_path/0). Spliced into every query that reads or writes the file, so
// that they all agree on it.
#pragma once

#include <string_view>

namespace ejcluster::cluster {

inline constexpr std::string_view kBindSchemaFile = R"ERL(
Dir = case os:getenv("EJABBERD_MNESIA_SCHEMA") of false -> mnesia:system_info(directory); P -> P end,
File = filename:join(Dir, "ejabberd.schema"),
)ERL";

}  // namespace ejcluster::cluster
