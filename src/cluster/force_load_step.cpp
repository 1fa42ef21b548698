// After a full outage, the operator's chosen node loads its own copies as they are
// (mnesia:force_load_table): the members waiting for it then load from it, and whatever the
// members that went down later wrote is lost. Only ever run when force_load_from names the node.
#include "cluster/checked_call.h"
#include "cluster/reply_checks.h"
#include "cluster/step_runners.h"

namespace ejcluster::cluster {

StepOutcome run_force_load(StepContext& context, const Step& step) {
  using erl::Term;
  const auto rpc = context.desired.timeouts.rpc;
  const auto sync = context.desired.timeouts.table_sync;
  auto node = step_node(step.node);
  if (!node) return std::unexpected(node.error());
  std::vector<Term> tables;
  for (const auto& [table, type] : step.tables) {
    if (context.progress) context.progress("  " + step.node + ": force_load_table " + table);
    // yes, or {error, Reason}; a table loaded meanwhile (from another member) answers yes too.
    if (auto done = checked_call(context, *node, "mnesia", "force_load_table", {Term::atom(table)}, sync + rpc,
                                 [](const Term& r) { return r.is_atom("yes"); }, "mnesia:force_load_table(" + table + ")");
        !done) {
      return done;
    }
    tables.push_back(Term::atom(table));
  }
  return checked_call(context, *node, "mnesia", "wait_for_tables", {Term::list(tables), Term::integer(sync.count())},
                      sync + rpc, is_ok, "mnesia:wait_for_tables");
}

}  // namespace ejcluster::cluster
