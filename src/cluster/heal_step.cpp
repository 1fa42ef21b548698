// Healing a partition for one node off the seed's side: its Mnesia restarts with the seed's side
// as master nodes, so every table is loaded from them and the node's own writes since the split
// are dropped (saved first in a backup on the node); then the master nodes are cleared, so that
// later restarts load as usual.
#include "cluster/fault_injection.h"
#include "cluster/checked_call.h"
#include "cluster/dropped_records.h"
#include "cluster/node_backup.h"
#include "cluster/reply_checks.h"
#include "cluster/node_start.h"
#include "cluster/step_runners.h"

namespace ejcluster::cluster {
namespace {

using erl::Term;

}  // namespace

const char* const kWaitForLocalTables = "mnesia:wait_for_tables(mnesia:system_info(local_tables), Timeout).";

StepOutcome run_heal_partition(StepContext& context, const Step& step) {
  const auto& app = context.desired.app;
  const auto rpc = context.desired.timeouts.rpc;
  const auto sync = context.desired.timeouts.table_sync;
  const auto node = step_node(step.node);
  if (!node) return std::unexpected(node.error());
  auto say = [&](const std::string& what) {
    if (context.progress) context.progress("  " + step.node + ": " + what);
  };
  auto call = [&](std::string_view module, std::string_view function, const std::vector<Term>& args,
                  std::chrono::milliseconds timeout, const std::function<bool(const Term&)>& accept) {
    return checked_call(context, *node, module, function, args, timeout, accept, call_label(module, function, args));
  };
  // After a failure: master nodes cleared, Mnesia and the application running again where possible.
  auto recover = [&](StepOutcome failed) {
    say("failed: " + failed.error().message() + "; clearing master nodes and restarting what was stopped");
    // The application starts Mnesia (permanent) as its dependency; plain nodes start it here.
    (void)start_serving(context, *node);
    call("mnesia", "set_master_nodes", {Term::list({})}, rpc, any_reply);
    return failed;
  };

  if (app) {
    say("stop " + *app);
    if (auto done = call("application", "stop", {Term::atom(*app)}, rpc, any_reply); !done) return done;
  }
  // Its writes since the split are saved before the restart drops them (stopped: no more come).
  if (auto saved = back_up_before(context, *node, step); !saved) return recover(saved);
  // Said before it is dropped: what the node holds that the seed's side does not.
  say("compare its disc tables with " + step.via + "'s");
  auto dropped = compare_with_winner(context, *node, step.via);
  if (!dropped) return recover(std::unexpected(dropped.error()));
  for (const auto& table : *dropped) {
    say(table.table + ": " + std::to_string(table.missing) + " records the seed's side lacks, " +
        std::to_string(table.differing) + " keys it holds otherwise");
  }
  context.dropped = std::move(*dropped);
  say("master nodes: the seed's side");
  if (auto done = call("mnesia", "set_master_nodes", {atom_list(step.masters)}, rpc, is_ok); !done) return recover(done);
  fault_point("heal:masters_set");
  say("restart mnesia, loading every table from the seed's side");
  if (auto done = call("mnesia", "stop", {}, rpc, is_stopped); !done) return recover(done);
  if (auto done = start_mnesia(context, *node); !done) return recover(done);
  auto loaded = context.evaluator.evaluate(*node, kWaitForLocalTables, sync + rpc, {{"Timeout", Term::integer(sync.count())}});
  if (!loaded || !is_ok(*loaded)) {
    return recover(std::unexpected(StepError{"mnesia:wait_for_tables on " + step.node,
                                             loaded ? loaded->to_string() : loaded.error().message()}));
  }
  fault_point("heal:tables_loaded");
  say("clear master nodes");
  if (auto done = call("mnesia", "set_master_nodes", {Term::list({})}, rpc, is_ok); !done) return recover(done);
  if (app) {
    say("start " + *app);
    if (auto done = start_serving(context, *node); !done) return recover(done);
  }
  return {};
}

}  // namespace ejcluster::cluster
