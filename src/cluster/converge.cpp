#include "cluster/converge.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "cluster/cluster_lock.h"
#include "cluster/observe_cluster.h"
#include "cluster/preflight_facts.h"
#include "model/planner.h"
#include "cluster/step_runners.h"
#include "erl/remote_eval.h"

namespace ejcluster::cluster {

namespace {

StepOutcome run_step(StepContext& context, const Step& step) {
  switch (step.kind) {
    case StepKind::kJoin: return run_join(context, step);
    case StepKind::kAddTableCopy:
    case StepKind::kChangeTableCopyType:
    case StepKind::kDelTableCopy: return run_table_step(context, step);
    case StepKind::kRemoveNode: return run_remove_node(context, step);
    case StepKind::kSetPlacementOverride: return run_set_placement_override(context, step);
    case StepKind::kStartNode: return run_start_node(context, step);
    case StepKind::kHealPartition: return run_heal_partition(context, step);
    case StepKind::kForceLoad: return run_force_load(context, step);
  }
  return std::unexpected(StepError{"step", "unknown step"});
}

// Runs outcome.actions[first...] in order until one fails; the rest are marked skipped.
bool run_actions(StepContext& context, Outcome& outcome, std::size_t first, const ProgressSink& progress) {
  bool failed = false;
  for (std::size_t number = first; number < outcome.actions.size(); ++number) {
    ActionResult& action = outcome.actions[number];
    if (failed) {
      action.status = ActionResult::Status::kSkipped;
      continue;
    }
    if (progress) progress("[" + std::to_string(number + 1) + "/" + std::to_string(outcome.actions.size()) + "] " + describe(action.step));
    auto start = std::chrono::steady_clock::now();
    context.backup.reset();
    context.dropped.clear();
    StepOutcome done = run_step(context, action.step);
    action.backup = std::move(context.backup);  // kept when the step failed after it
    action.dropped = std::move(context.dropped);
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
  return !failed;
}

bool is_converged(const Plan& plan, const ClusterState& state) {
  return plan.empty() && state.unreachable.empty() && state.disagreements.empty();
}

// What the plan made of the cluster as it is now replaces what it made of it before the steps:
// refusals the steps resolved (e.g. a seed whose Mnesia was started) must not stay in the report.
void take_refusals_of(Outcome& outcome, Plan&& now) {
  if (!now.seed.empty()) outcome.plan.seed = std::move(now.seed);
  outcome.plan.refused = std::move(now.refused);
  outcome.plan.warnings = std::move(now.warnings);
}

void collect_errors(Outcome& outcome, const ClusterState& state) {
  for (const auto& node : state.nodes) {
    if (!node.reachable()) outcome.errors.push_back(node.error->message());
  }
  for (const auto& refusal : outcome.plan.refused) {
    outcome.errors.push_back(describe(refusal));
  }
}

// Takes the cluster lock for an apply: on every listed node that answers, held from the first
// of them. Then the cluster is observed again, since another apply may have changed it.
std::optional<ClusterLock> lock_cluster(erl::NodeClient& client, erl::RemoteEvaluator& evaluator,
                                        const DesiredState& desired, Outcome& outcome, const ProgressSink& progress) {
  // outcome.before.nodes are the listed nodes, in the listed order.
  std::vector<std::string> nodes;
  const erl::NodeName* host = nullptr;
  for (std::size_t i = 0; i < outcome.before.nodes.size() && i < desired.nodes.size(); ++i) {
    if (!outcome.before.nodes[i].reachable()) continue;
    if (!host) host = &desired.nodes[i];
    nodes.push_back(desired.nodes[i].full());
  }
  if (!host) return std::nullopt;  // nothing can change: the plan refuses everything
  if (progress) progress("taking the cluster lock on " + std::to_string(nodes.size()) + " nodes (held from " + host->full() + ")");
  auto lock = ClusterLock::acquire(client, evaluator, *host, nodes, desired.timeouts.lock, desired.timeouts.rpc);
  if (!lock) {
    outcome.errors.push_back(lock.error());
    return std::nullopt;
  }
  return std::move(*lock);
}

// `plan` after the pre-flight checks of its joins (appended to `checks`): the joins a failed check
// endangers become refusals.
Plan checked(erl::RemoteEvaluator& evaluator, Plan plan, const ClusterState& state, const DesiredState& desired,
             std::vector<Check>& checks) {
  PreflightFacts facts = gather_preflight_facts(evaluator, plan, desired);
  std::vector<Check> found = join_checks(plan, state, desired, facts);
  plan = refuse_failed_checks(std::move(plan), found);
  checks.insert(checks.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  return plan;
}

}  // namespace

Outcome converge(erl::NodeClient& client, const DesiredState& desired, Mode mode, const ProgressSink& progress,
                 PhaseClock* clock) {
  Outcome outcome;
  outcome.mode = mode;
  erl::RemoteEvaluator evaluator(client);
  outcome.before = observe_cluster(evaluator, desired);
  lap(clock, "observe");
  std::optional<ClusterLock> lock =
      mode == Mode::kApply ? lock_cluster(client, evaluator, desired, outcome, progress) : std::nullopt;
  if (mode == Mode::kApply) lap(clock, "lock");
  if (mode == Mode::kApply && !lock && !outcome.errors.empty()) return outcome;  // no lock: exit 3
  if (lock) {
    outcome.before = observe_cluster(evaluator, desired);
    lap(clock, "observe_locked");
  }
  outcome.plan = make_plan(desired, outcome.before);
  outcome.input_errors = check_placement(desired, outcome.before, outcome.plan.seed);
  if (!outcome.input_errors.empty()) {
    outcome.plan = Plan{.seed = outcome.plan.seed};  // nothing is planned on input that is wrong
    return outcome;
  }
  outcome.checks.push_back(reachable_check(outcome.before));
  outcome.plan = checked(evaluator, std::move(outcome.plan), outcome.before, desired, outcome.checks);
  for (const Step& step : outcome.plan.steps) outcome.actions.push_back({.step = step});
  lap(clock, "plan");

  if (mode == Mode::kPlan || outcome.plan.steps.empty()) {
    outcome.converged = is_converged(outcome.plan, outcome.before);
    collect_errors(outcome, outcome.before);
    return outcome;
  }

  StepContext context{client, evaluator, desired, progress};
  // Rounds: a node that had to be started first, a partition healed or tables force-loaded: what
  // the cluster needs beyond that is planned in the next one, from what it is then.
  constexpr int kMaxRounds = 3;
  bool failed = false;
  std::size_t first = 0;
  for (int round = 1; !failed; ++round) {
    failed = !run_actions(context, outcome, first, progress);
    bool another_round = std::any_of(outcome.actions.begin() + static_cast<std::ptrdiff_t>(first), outcome.actions.end(),
                                     [](const ActionResult& a) { return ends_round(a.step.kind); });
    if (failed || !another_round || round == kMaxRounds) break;
    ClusterState now = observe_cluster(evaluator, desired);
    Plan next = checked(evaluator, make_plan(desired, now), now, desired, outcome.checks);
    std::vector<Step> steps = std::move(next.steps);
    take_refusals_of(outcome, std::move(next));
    if (steps.empty()) break;
    if (progress) progress("planning again: " + std::to_string(steps.size()) + " more steps");
    first = outcome.actions.size();
    for (Step& step : steps) outcome.actions.push_back({.step = std::move(step)});
  }

  lap(clock, "steps");

  // Verify: what a fresh run would see. Views can lag a moment behind a join or a leave, so a
  // difference is looked at again a few times before it counts.
  for (int attempt = 0;; ++attempt) {
    outcome.after = observe_cluster(evaluator, desired);
    // The joins a check refused stay refused (judged from the facts already gathered).
    Plan remaining = refuse_failed_checks(make_plan(desired, *outcome.after), outcome.checks);
    outcome.converged = !failed && is_converged(remaining, *outcome.after);
    if (outcome.converged || failed || attempt == 4) {
      take_refusals_of(outcome, std::move(remaining));
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  collect_errors(outcome, *outcome.after);
  lap(clock, "verify");
  return outcome;
}

}  // namespace ejcluster::cluster
