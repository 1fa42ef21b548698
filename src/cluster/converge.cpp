#include "cluster/converge.h"

#include <chrono>
#include <thread>

#include "cluster/observer.h"
#include "cluster/planner.h"
#include "cluster/step_runners.h"
#include "erl/remote_eval.h"

namespace ejcluster::cluster {

std::string_view to_string(ActionResult::Status status) {
  switch (status) {
    case ActionResult::Status::kPlanned: return "planned";
    case ActionResult::Status::kDone: return "done";
    case ActionResult::Status::kFailed: return "failed";
    case ActionResult::Status::kSkipped: return "skipped";
  }
  return "unknown";
}

namespace {

StepOutcome run_step(StepContext& context, const Step& step) {
  switch (step.kind) {
    case StepKind::kJoin: return run_join(context, step);
    case StepKind::kAddTableCopy:
    case StepKind::kChangeTableCopyType:
    case StepKind::kDelTableCopy: return run_table_step(context, step);
    case StepKind::kRemoveNode: return run_remove_node(context, step);
    case StepKind::kSetPlacementOverride: return run_set_placement_override(context, step);
  }
  return std::unexpected(StepError{"step", "unknown step"});
}

std::string describe(const Step& step) {
  std::string text = std::string(to_string(step.kind)) + " " + (step.table.empty() ? "" : step.table + " on ") + step.node;
  if (step.kind == StepKind::kJoin) text += " via " + step.via + " (" + std::to_string(step.tables.size()) + " tables)";
  return text;
}

bool is_converged(const Plan& plan, const ClusterState& state) {
  return plan.empty() && state.unreachable.empty() && state.disagreements.empty();
}

void collect_errors(Outcome& outcome, const ClusterState& state) {
  for (const auto& node : state.nodes) {
    if (!node.reachable()) outcome.errors.push_back(node.error->message());
  }
  for (const auto& refusal : outcome.plan.refused) {
    outcome.errors.push_back("refused " + refusal.op + (refusal.table.empty() ? "" : " " + refusal.table) +
                             (refusal.node.empty() ? "" : " on " + refusal.node) + ": " + refusal.reason);
  }
}

}  // namespace

Outcome converge(erl::NodeClient& client, const DesiredState& desired, Mode mode, const ProgressSink& progress) {
  Outcome outcome;
  outcome.mode = mode;
  outcome.before = observe_cluster(client, desired);
  outcome.plan = make_plan(desired, outcome.before);
  outcome.input_errors = check_placement(desired, outcome.before, outcome.plan.seed);
  if (!outcome.input_errors.empty()) {
    outcome.plan = Plan{.seed = outcome.plan.seed};  // nothing is planned on input that is wrong
    return outcome;
  }
  for (const Step& step : outcome.plan.steps) outcome.actions.push_back({.step = step});

  if (mode == Mode::kPlan || outcome.plan.steps.empty()) {
    outcome.converged = is_converged(outcome.plan, outcome.before);
    collect_errors(outcome, outcome.before);
    return outcome;
  }

  erl::RemoteEvaluator evaluator(client);
  StepContext context{client, evaluator, desired, progress};
  bool failed = false;
  std::size_t number = 0;
  for (ActionResult& action : outcome.actions) {
    ++number;
    if (failed) {
      action.status = ActionResult::Status::kSkipped;
      continue;
    }
    if (progress) progress("[" + std::to_string(number) + "/" + std::to_string(outcome.actions.size()) + "] " + describe(action.step));
    auto start = std::chrono::steady_clock::now();
    StepOutcome done = run_step(context, action.step);
    action.ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    if (done) {
      action.status = ActionResult::Status::kDone;
      outcome.changed = true;
      if (progress) progress("      done in " + std::to_string(action.ms) + " ms");
    } else {
      action.status = ActionResult::Status::kFailed;
      action.error = done.error().message();
      outcome.errors.push_back(describe(action.step) + " failed: " + action.error);
      failed = true;
    }
  }

  // Verify: what a fresh run would see. Views can lag a moment behind a join or a leave, so a
  // difference is looked at again a few times before it counts.
  for (int attempt = 0;; ++attempt) {
    outcome.after = observe_cluster(client, desired);
    Plan remaining = make_plan(desired, *outcome.after);
    outcome.converged = !failed && is_converged(remaining, *outcome.after);
    if (outcome.converged || failed || attempt == 4) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  collect_errors(outcome, *outcome.after);
  return outcome;
}

}  // namespace ejcluster::cluster
