#include "cluster/node_start.h"

#include "cluster/checked_call.h"
#include "cluster/reply_checks.h"

namespace ejcluster::cluster {

StepOutcome start_mnesia(StepContext& context, const erl::NodeName& node) {
  const auto rpc = context.desired.timeouts.rpc;
  if (!context.desired.app) return checked_call(context, node, "mnesia", "start", {}, rpc, is_ok, "mnesia:start()");
  return checked_call(context, node, "application", "start", {erl::Term::atom("mnesia"), erl::Term::atom("permanent")},
                      rpc, is_ok, "application:start(mnesia, permanent)");
}

StepOutcome start_serving(StepContext& context, const erl::NodeName& node) {
  const auto& app = context.desired.app;
  if (!app) return start_mnesia(context, node);
  return checked_call(context, node, "application", "ensure_all_started", {erl::Term::atom(*app)},
                      context.desired.timeouts.table_sync + context.desired.timeouts.rpc, is_ok_tuple,
                      "application:ensure_all_started(" + *app + ")");
}

}  // namespace ejcluster::cluster
