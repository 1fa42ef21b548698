// Starting a listed node's Mnesia and application again. ejabberd starts Mnesia itself (and waits
// for its tables), so for ejabberd nodes only the application is started.
#include "cluster/checked_call.h"
#include "cluster/reply_checks.h"
#include "cluster/node_start.h"
#include "cluster/step_runners.h"

namespace ejcluster::cluster {

StepOutcome run_start_node(StepContext& context, const Step& step) {
  using erl::Term;
  const auto& app = context.desired.app;
  const auto rpc = context.desired.timeouts.rpc;
  auto node = step_node(step.node);
  if (!node) return std::unexpected(node.error());
  if (context.progress) context.progress("  " + step.node + ": start " + (app ? *app : std::string("mnesia")));
  if (!app) return start_mnesia(context, *node);
  if (auto done = start_serving(context, *node); !done) return done;
  return checked_call(context, *node, "mnesia", "system_info", {Term::atom("is_running")}, rpc,
                      [](const Term& r) { return r.is_atom("yes"); }, "mnesia:system_info(is_running)");
}

}  // namespace ejcluster::cluster
