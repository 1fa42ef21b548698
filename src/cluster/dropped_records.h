// What a heal drops: before a node off the seed's side restarts from the seed's side, its disc
// tables are compared with the seed's (README "Backups"). Records it holds that the seed lacks
// (by key for set and ordered_set, by whole object for bag) and keys whose values differ are
// counted per table, with the first few keys printed; all of them are in the node's backup.
// RAM tables (sessions, routes) are rebuilt by ejabberd and not compared.
#pragma once

#include <expected>
#include <vector>

#include "cluster/step_context.h"
#include "cluster/step_error.h"
#include "erl/node_name.h"
#include "model/outcome.h"

namespace ejcluster::cluster {

// How many keys of each kind a table's entry names; the counts are whole.
inline constexpr int kDroppedKeysShown = 10;

// Compares `node`'s disc tables with `winner`'s, reading the winner's over distribution from the
// node (so the work is proportional to the tables' size). Tables that match are left out.
std::expected<std::vector<DroppedRecords>, StepError> compare_with_winner(StepContext& context, const erl::NodeName& node,
                                                                         const std::string& winner);

// The Erlang expression it evaluates (binding Winner, Limit, Timeout), for tests.
extern const char* const kDroppedRecordsQuery;

}  // namespace ejcluster::cluster
