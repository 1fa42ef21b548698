// Starting a listed node's Mnesia and application again. ejabberd starts Mnesia itself (and waits
// for its tables), so for ejabberd nodes only the application is started.
#include "cluster/step_runners.h"

namespace ejcluster::cluster {

StepOutcome run_start_node(StepContext& context, const Step& step) {
  using erl::Term;
  const auto& app = context.desired.app;
  const auto rpc = context.desired.timeouts.rpc;
  if (context.progress) context.progress("  " + step.node + ": start " + (app ? *app : std::string("mnesia")));
  if (!app) return checked_call(context, step.node, "mnesia", "start", {}, rpc, is_ok, "mnesia:start()");
  if (auto done = checked_call(context, step.node, "application", "ensure_all_started", {Term::atom(*app)},
                               context.desired.timeouts.table_sync + rpc,
                               is_ok_tuple,
                               "application:ensure_all_started(" + *app + ")");
      !done) {
    return done;
  }
  return checked_call(context, step.node, "mnesia", "system_info", {Term::atom("is_running")}, rpc,
                      [](const Term& r) { return r.is_atom("yes"); }, "mnesia:system_info(is_running)");
}

}  // namespace ejcluster::cluster
