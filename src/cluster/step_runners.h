// The runners of each kind of step. Each checks every reply and stops at the first failure,
// leaving the node in the most recoverable state it can (its application running again).
#pragma once

#include <string>

#include "cluster/step_context.h"
#include "cluster/step_error.h"
#include "model/plan.h"

namespace ejcluster::cluster {

StepOutcome run_join(StepContext& context, const Step& step);
StepOutcome run_table_step(StepContext& context, const Step& step);  // add, change, del
StepOutcome run_remove_node(StepContext& context, const Step& step);
StepOutcome run_set_placement_override(StepContext& context, const Step& step);
StepOutcome run_start_node(StepContext& context, const Step& step);
StepOutcome run_heal_partition(StepContext& context, const Step& step);
StepOutcome run_force_load(StepContext& context, const Step& step);

// The Erlang expression run_set_placement_override evaluates (binding `Overrides`).
extern const std::string kPlacementOverrideWrite;
// The Erlang expression run_heal_partition evaluates (binding `Timeout`): waits for every table
// the node holds (the list is only known on the node).
extern const char* const kWaitForLocalTables;

}  // namespace ejcluster::cluster
