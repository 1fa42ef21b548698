#include "report/converge_report.h"

#include <algorithm>
#include <sstream>

#include "report/state_json.h"
#include "util/join.h"

namespace ejcluster::report {
namespace {

using json = nlohmann::ordered_json;
using cluster::ActionResult;
using cluster::Step;
using cluster::StepKind;

json backup_to_json(const cluster::NodeBackup& backup) {
  return {{"node", backup.node},
          {"path", backup.path.empty() ? json(nullptr) : json(backup.path)},
          {"bytes", backup.bytes},
          {"kind", cluster::to_string(backup.kind)}};
}

json step_to_json(const Step& step) {
  json out = {{"op", cluster::to_string(step.kind)}, {"node", step.node}};
  if (step.kind != StepKind::kSetPlacementOverride && step.kind != StepKind::kStartNode) out["via"] = step.via;
  if (!step.table.empty()) out["table"] = step.table;
  if (step.type) out["type"] = to_string(*step.type);
  if (step.from_type) out["from_type"] = to_string(*step.from_type);
  if (step.kind == StepKind::kJoin || step.kind == StepKind::kSetPlacementOverride) {
    json tables = json::object();
    for (const auto& [table, type] : step.tables) tables[table] = to_string(type);
    out["tables"] = std::move(tables);
  }
  if (step.kind == StepKind::kJoin) out["resets_node"] = true;
  if (step.backup) out["backs_up"] = true;
  if (step.kind == StepKind::kRemoveNode) out["node_running"] = step.node_running;
  if (step.kind == StepKind::kHealPartition) {
    out["masters"] = step.masters;
    out["drops_writes_since_split"] = true;
  }
  if (step.kind == StepKind::kForceLoad) {
    json tables = json::array();
    for (const auto& [table, type] : step.tables) tables.push_back(table);
    out["tables"] = std::move(tables);
  }
  return out;
}

char sign(const Step& step) {
  switch (step.kind) {
    case StepKind::kJoin:
    case StepKind::kStartNode:
    case StepKind::kAddTableCopy: return '+';
    case StepKind::kDelTableCopy:
    case StepKind::kRemoveNode:
    case StepKind::kHealPartition: return '-';
    default: return '~';
  }
}

std::string action_line(const ActionResult& action, bool planning) {
  std::string line = std::string(1, sign(action.step)) + " " + cluster::describe(action.step);
  if (planning) return line;
  line += "  [" + std::string(cluster::to_string(action.status));
  if (action.status == ActionResult::Status::kDone || action.status == ActionResult::Status::kFailed) {
    line += ", " + std::to_string(action.ms) + " ms";
  }
  return line + "]";
}

std::string refusal_line(const cluster::Refusal& refusal) { return "! " + cluster::describe(refusal); }

}  // namespace

std::vector<std::string> action_lines(const cluster::Outcome& outcome) {
  std::vector<std::string> lines;
  bool planning = outcome.mode == cluster::Mode::kPlan;
  for (const ActionResult& action : outcome.actions) lines.push_back(action_line(action, planning));
  for (const auto& refusal : outcome.plan.refused) lines.push_back(refusal_line(refusal));
  return lines;
}

json outcome_to_json(const cluster::Outcome& outcome, const cluster::DesiredState& desired) {
  json out = object_for(25);  // planned, before and after are large
  out["mode"] = outcome.mode == cluster::Mode::kPlan ? "plan" : "apply";
  out["changed"] = outcome.changed;
  out["converged"] = outcome.converged;
  out["seed"] = outcome.plan.seed.empty() ? json(nullptr) : json(outcome.plan.seed);
  json actions = json::array();
  for (const ActionResult& action : outcome.actions) {
    json entry = step_to_json(action.step);
    entry["status"] = cluster::to_string(action.status);
    if (action.status == ActionResult::Status::kDone || action.status == ActionResult::Status::kFailed) entry["ms"] = action.ms;
    if (!action.error.empty()) entry["error"] = action.error;
    if (auto warning = cluster::caution(action.step)) entry["warning"] = *warning;
    if (action.backup) entry["backup"] = backup_to_json(*action.backup);
    if (action.step.kind == StepKind::kHealPartition && action.status != ActionResult::Status::kPlanned &&
        action.status != ActionResult::Status::kSkipped) {
      json dropped = json::array();
      for (const auto& table : action.dropped) {
        dropped.push_back({{"table", table.table},
                           {"missing", table.missing},
                           {"differing", table.differing},
                           {"first_missing", table.first_missing},
                           {"first_differing", table.first_differing}});
      }
      entry["dropped"] = std::move(dropped);
    }
    actions.push_back(std::move(entry));
  }
  for (const auto& refusal : outcome.plan.refused) {
    json entry = {{"op", refusal.op()}, {"node", refusal.node}};
    if (!refusal.table.empty()) entry["table"] = refusal.table;
    entry["status"] = "refused";
    entry["reason"] = refusal.reason;
    actions.push_back(std::move(entry));
  }
  out["actions"] = std::move(actions);
  json checks = json::array();
  for (const cluster::Check& check : outcome.checks) {
    checks.push_back({{"check", check.name},
                      {"node", check.node.empty() ? json(nullptr) : json(check.node)},
                      {"status", cluster::to_string(check.status)},
                      {"detail", check.detail}});
  }
  out["checks"] = std::move(checks);
  // The nodes whose writes since a partition were dropped, for an operator to look at.
  json rolled_back = json::array();
  for (const ActionResult& action : outcome.actions) {
    if (action.step.kind == StepKind::kHealPartition && action.status == ActionResult::Status::kDone) {
      rolled_back.push_back(action.step.node);
    }
  }
  out["rolled_back"] = std::move(rolled_back);
  // Every backup taken, failed steps' too: what an operator restores from.
  json backups = json::array();
  for (const ActionResult& action : outcome.actions) {
    if (!action.backup) continue;
    json entry = backup_to_json(*action.backup);
    entry["op"] = cluster::to_string(action.step.kind);
    backups.push_back(std::move(entry));
  }
  out["backups"] = std::move(backups);
  // Where the plan leads: its steps applied to the placement observed before (faces show it as
  // the diff's "after" without simulating the steps themselves).
  std::vector<Step> steps;
  for (const ActionResult& action : outcome.actions) steps.push_back(action.step);
  out["planned"] = placement_to_json(cluster::planned_placement(cluster::placement_of(outcome.before), steps));
  out["before"] = state_to_json(outcome.before, desired.app);
  out["after"] = outcome.after ? state_to_json(*outcome.after, desired.app)
                 : outcome.mode == cluster::Mode::kApply ? state_to_json(outcome.before, desired.app)
                                                         : json(nullptr);
  const auto& latest = outcome.after ? *outcome.after : outcome.before;
  out["unreachable"] = latest.unreachable;
  out["warnings"] = outcome.plan.warnings;
  json errors = json::array();
  for (const auto& error : outcome.input_errors) errors.push_back({{"path", error.path}, {"message", error.message}});
  for (const auto& error : outcome.errors) errors.push_back({{"message", error}});
  out["errors"] = std::move(errors);
  return out;
}

std::string outcome_to_text(const cluster::Outcome& outcome) {
  std::ostringstream out;
  for (const auto& error : outcome.input_errors) out << "error: " << error.to_string() << "\n";
  if (!outcome.input_errors.empty()) return out.str();
  bool planning = outcome.mode == cluster::Mode::kPlan;
  if (!outcome.plan.seed.empty()) out << "seed: " << outcome.plan.seed << "\n";
  if (outcome.actions.empty()) {
    // "No changes" alone only when there is nothing else to say: a refusal or a node that did not
    // answer means the cluster is not as desired, and the lines below say why.
    out << (outcome.converged ? "No changes: the cluster matches the desired state.\n"
                              : "No actions can be taken; the cluster is NOT in the desired state:\n");
  } else {
    out << (planning ? "ejcluster will perform these actions:\n" : "Actions:\n");
    for (const ActionResult& action : outcome.actions) {
      out << "  " << action_line(action, planning) << "\n";
      if (!action.error.empty()) out << "      " << action.error << "\n";
      if (auto warning = cluster::caution(action.step)) out << "      warning: " << *warning << "\n";
      if (action.backup && !action.backup->path.empty()) {
        out << "      backup: " << action.backup->path << " on " << action.backup->node << " (" << action.backup->bytes << " bytes)\n";
      }
      for (const auto& table : action.dropped) {
        out << "      dropped from " << table.table << ": " << table.missing << " records the seed's side lacks ("
            << util::join(table.first_missing) << (table.missing > std::int64_t(table.first_missing.size()) ? ", ..." : "")
            << "), " << table.differing << " keys it holds otherwise\n";
      }
    }
  }
  for (const auto& refusal : outcome.plan.refused) out << "  " << refusal_line(refusal) << "\n";
  // The checks of the joins; the cluster-wide one alone (every node answered) says nothing new.
  bool joins_checked = std::any_of(outcome.checks.begin(), outcome.checks.end(), [](const cluster::Check& c) { return !c.node.empty(); });
  if (joins_checked) {
    out << "Pre-flight checks:\n";
    for (const cluster::Check& check : outcome.checks) {
      out << "  " << cluster::to_string(check.status) << "  " << check.name << (check.node.empty() ? "" : " " + check.node)
          << ": " << check.detail << "\n";
    }
  }
  for (const auto& warning : outcome.plan.warnings) out << "warning: " << warning << "\n";
  const auto& latest = outcome.after ? *outcome.after : outcome.before;
  for (const auto& node : latest.nodes) {
    if (!node.reachable()) out << "unreachable: " << node.error->message() << "\n";
  }
  std::size_t done = 0;
  for (const auto& action : outcome.actions) done += action.status == ActionResult::Status::kDone;
  if (planning) {
    out << "Plan: " << outcome.actions.size() << " to do, " << outcome.plan.refused.size() << " refused.\n";
  } else {
    out << "Apply: " << done << " done; the cluster is " << (outcome.converged ? "" : "NOT ") << "in the desired state.\n";
  }
  return out.str();
}

}  // namespace ejcluster::report
