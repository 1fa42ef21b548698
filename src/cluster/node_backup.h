// Backups taken on a node before a step drops its data (README "Backups"). The node writes them
// itself, on its own host, under backup_dir/<node>/:
// - with Mnesia running, a Mnesia backup of every table the node holds (a checkpoint of its local
//   tables written by mnesia:backup_checkpoint): read it with mnesia:traverse_backup, restore
//   records from it with mnesia:restore or by writing them back;
// - with Mnesia stopped, a copy of the files in its Mnesia directory, as they were.
#pragma once

#include <expected>
#include <string>

#include "cluster/step_context.h"
#include "cluster/step_error.h"
#include "erl/node_name.h"
#include "model/outcome.h"
#include "model/plan.h"

namespace ejcluster::cluster {

// Saves `node`'s data before step `op` drops it. A failure names the node and why (the directory
// cannot be made, lies inside the Mnesia directory, the checkpoint failed): nothing may be
// dropped then. A node with no Mnesia directory at all has nothing to save: `bytes` is 0, `path`
// empty.
std::expected<NodeBackup, StepError> back_up_node(StepContext& context, const erl::NodeName& node, std::string_view op);

// What a step runner calls before it drops data: when step.backup is set, the node's data is
// saved and the backup put in context.backup (for the report); the error stops the step.
StepOutcome back_up_before(StepContext& context, const erl::NodeName& node, const Step& step);

// The Erlang expressions back_up_node evaluates (binding `Dir` and `Op`, binaries), for tests.
extern const std::string kMnesiaBackupExpression;
extern const std::string kDirectoryCopyExpression;

}  // namespace ejcluster::cluster
