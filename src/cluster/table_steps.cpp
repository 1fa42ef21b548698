// Placement steps on a current member, run through a live member (`via`): Mnesia's schema
// transactions can be started from any node of the cluster.
#include "cluster/checked_call.h"
#include "cluster/reply_checks.h"
#include "cluster/step_runners.h"

namespace ejcluster::cluster {

StepOutcome run_table_step(StepContext& context, const Step& step) {
  using erl::Term;
  const auto sync = context.desired.timeouts.table_sync;
  std::vector<Term> args = {Term::atom(step.table), Term::atom(step.node)};
  std::string function;
  switch (step.kind) {
    case StepKind::kAddTableCopy:
    case StepKind::kChangeTableCopyType:
      if (!step.type) return std::unexpected(StepError{"table step", "no storage type to " + std::string(to_string(step.kind))});
      function = step.kind == StepKind::kAddTableCopy ? "add_table_copy" : "change_table_copy_type";
      args.push_back(Term::atom(to_string(*step.type)));
      break;
    case StepKind::kDelTableCopy:
      function = "del_table_copy";
      break;
    default:
      return std::unexpected(StepError{"table step", "not a table step: " + std::string(to_string(step.kind))});
  }
  std::string label = "mnesia:" + function + "(" + step.table + ", " + step.node +
                      (step.type ? ", " + std::string(to_string(*step.type)) : "") + ")";
  auto via = step_node(step.via);
  if (!via) return std::unexpected(via.error());
  return checked_call(context, *via, "mnesia", function, args, sync, is_atomic_ok, label);
}

}  // namespace ejcluster::cluster
