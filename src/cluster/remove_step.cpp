// Taking a member out. A running member leaves: its application stops, its table copies are
// deleted through Mnesia (which removes their files), Mnesia stops, a live member deletes it from
// the schema, its own schema is deleted, and it starts again on its own, empty.
// A member that is down is only deleted from the schema (the planner made sure it is down for
// every member that answered).
#include "cluster/fault_injection.h"
#include "cluster/checked_call.h"
#include "cluster/node_backup.h"
#include "cluster/reply_checks.h"
#include "cluster/node_start.h"
#include "cluster/step_runners.h"

namespace ejcluster::cluster {

StepOutcome run_remove_node(StepContext& context, const Step& step) {
  using erl::Term;
  const auto rpc = context.desired.timeouts.rpc;
  const auto& app = context.desired.app;
  auto say = [&](const std::string& what) {
    if (context.progress) context.progress("  " + step.node + ": " + what);
  };
  auto node = step_node(step.node);
  if (!node) return std::unexpected(node.error());
  auto via = step_node(step.via);
  if (!via) return std::unexpected(via.error());
  // Until the cluster has dropped it, a failed leave leaves the node a member: it serves again
  // (its application starts Mnesia, which re-adds any copy deleted so far). The first error stands.
  auto recover = [&](StepOutcome failed) {
    say("failed: " + failed.error().message() + "; starting it again, still a member");
    (void)start_serving(context, *node);
    return failed;
  };
  if (step.node_running) {
    if (app) {
      say("stop " + *app);
      if (auto done = checked_call(context, *node, "application", "stop", {Term::atom(*app)}, rpc, any_reply,
                                   "application:stop(" + *app + ")");
          !done) {
        return recover(done);
      }
      fault_point("remove:app_stopped");
    }
    if (auto saved = back_up_before(context, *node, step); !saved) return recover(saved);
    for (const auto& [table, type] : step.tables) {
      say("delete its copy of " + table);
      if (auto done = checked_call(context, *via, "mnesia", "del_table_copy", {Term::atom(table), Term::atom(step.node)},
                                   context.desired.timeouts.table_sync, is_atomic_ok,
                                   "mnesia:del_table_copy(" + table + ", " + step.node + ")");
          !done) {
        return recover(done);
      }
    }
    fault_point("remove:copies_deleted");
    say("stop mnesia");
    if (auto done = checked_call(context, *node, "mnesia", "stop", {}, rpc, is_stopped, "mnesia:stop()"); !done) {
      return recover(done);
    }
    fault_point("remove:mnesia_stopped");
  }
  say("delete it from the cluster's schema (on " + step.via + ")");
  if (auto done = checked_call(context, *via, "mnesia", "del_table_copy", {Term::atom("schema"), Term::atom(step.node)},
                               context.desired.timeouts.table_sync, is_atomic_ok, "mnesia:del_table_copy(schema, " + step.node + ")");
      !done) {
    return step.node_running ? recover(done) : done;
  }
  fault_point("remove:dropped");
  if (!step.node_running) return {};
  say("delete its own schema and start it on its own");
  if (auto done = checked_call(context, *node, "mnesia", "delete_schema", {Term::list({Term::atom(step.node)})}, rpc,
                               is_ok, "mnesia:delete_schema([" + step.node + "])");
      !done) {
    return done;
  }
  fault_point("remove:schema_deleted");
  // ejabberd makes itself a fresh disc schema when it starts with none; a plain node gets Mnesia back.
  return start_serving(context, *node);
}

}  // namespace ejcluster::cluster
