// Starting what a node serves: Mnesia alone, or the application (which starts Mnesia as its
// dependency). The one place that knows how each is started, for every runner that restarts a node.
#pragma once

#include <string>

#include "erl/node_name.h"
#include "cluster/step_context.h"
#include "cluster/step_error.h"

namespace ejcluster::cluster {

// Starts Mnesia on `node`. On an application's node it runs as a permanent application, as when
// the node boots, so that the application then starts on top of it as it is: mnesia:start() would
// make it temporary, and restarting it to fix that would load every table again from the other
// members, as long as the copy itself on a large database.
StepOutcome start_mnesia(StepContext& context, const erl::NodeName& node);

// Starts the application (ensure_all_started, which waits for its tables: allowed as long as a
// table sync) or, on a plain Mnesia node, Mnesia.
StepOutcome start_serving(StepContext& context, const erl::NodeName& node);

}  // namespace ejcluster::cluster
