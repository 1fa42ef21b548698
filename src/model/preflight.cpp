#include "model/preflight.h"

#include <algorithm>
#include <charconv>

#include "util/join.h"

namespace ejcluster::cluster {
namespace {

std::optional<int> otp_major(const std::string& release) {
  int major = 0;
  auto [end, error] = std::from_chars(release.data(), release.data() + release.size(), major);
  if (error != std::errc() || end == release.data()) return std::nullopt;
  return major;
}

std::string versions_of(const NodeView& view, bool with_app, const std::string& app) {
  std::string text = "OTP " + (view.otp_release.empty() ? std::string("unknown") : view.otp_release);
  if (with_app) {
    auto found = view.applications.find(app);
    text += ", " + app + " " + (found == view.applications.end() ? std::string("unknown") : found->second);
  }
  return text;
}

// "4.9 KiB", "12.0 MiB", "3.2 GiB": one decimal, in the largest unit the size has.
std::string human_size(std::int64_t bytes) {
  const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  std::int64_t unit = 1024;
  int index = 0;
  while (index < 3 && bytes >= unit * 1024) unit *= 1024, ++index;
  std::int64_t tenths = (bytes * 10 + unit / 2) / unit;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " " + units[index];
}

Check versions_check(const NodeView& node, const NodeView& seed, const DesiredState& desired) {
  Check check{.name = "versions", .node = node.node};
  bool ejabberd = desired.app.has_value();
  std::string both = node.node + " runs " + versions_of(node, ejabberd, desired.app.value_or("")) + ", the seed " +
                     seed.node + " " + versions_of(seed, ejabberd, desired.app.value_or(""));
  std::vector<std::string> skews;
  if (ejabberd) {
    auto mine = node.applications.find(*desired.app), theirs = seed.applications.find(*desired.app);
    if (mine != node.applications.end() && theirs != seed.applications.end() && mine->second != theirs->second) {
      skews.push_back("different " + *desired.app + " versions");
    }
  }
  auto mine = otp_major(node.otp_release), theirs = otp_major(seed.otp_release);
  if (mine && theirs && std::abs(*mine - *theirs) > kMaxOtpSkew) {
    skews.push_back("OTP releases more than " + std::to_string(kMaxOtpSkew) + " apart");
  }
  if (skews.empty()) {
    check.detail = both;
  } else if (desired.allow_version_skew) {
    check.detail = both + " (" + util::join(skews, ", ") + ": allowed by allow_version_skew)";
  } else {
    check.status = Check::Status::kFailed;
    check.detail = both + ": " + util::join(skews, " and ") + " (set allow_version_skew to join them anyway)";
  }
  return check;
}

// With dist_port the nodes are in no epmd: the node's own erl_epmd answers with that port.
Check reaches_seed_check(const Step& join, const JoinFacts* facts, const DesiredState& desired) {
  Check check{.name = "reaches_seed", .node = join.node};
  const std::string ports = desired.dist_port ? "distribution port " + std::to_string(*desired.dist_port) + " (dist_port)"
                                              : "epmd (4369) and distribution port";
  if (!facts || !facts->reaches_seed) {
    check.status = Check::Status::kNotRun;
    check.detail = facts && !facts->detail.empty() ? facts->detail : "the node was not asked";
  } else if (*facts->reaches_seed) {
    check.detail = join.node + " reaches " + join.via + " (its " + ports + ")";
  } else {
    check.status = Check::Status::kFailed;
    check.detail = join.node + " cannot reach " + join.via + " (" + facts->reach_error + "): it must resolve " +
                   join.via + "'s host and reach its " + ports;
  }
  return check;
}

Check disk_space_check(const Step& join, const JoinFacts* facts, const NodeView& node) {
  Check check{.name = "disk_space", .node = join.node};
  std::optional<std::int64_t> needed = facts ? facts->needed_bytes : std::nullopt;
  if (!facts || !facts->free_bytes || !needed) {
    check.status = Check::Status::kNotRun;
    check.detail = facts && !facts->detail.empty() ? facts->detail : "the space was not measured";
  } else if (*facts->free_bytes < *needed) {
    check.status = Check::Status::kFailed;
    check.detail = join.node + " has " + human_size(*facts->free_bytes) + " free in " + node.mnesia_directory +
                   " and the copies need " + human_size(*needed) + " (the seed's disc tables)";
  } else {
    check.detail = human_size(*needed) + " needed, " + human_size(*facts->free_bytes) + " free in " + node.mnesia_directory;
  }
  return check;
}

Check hosts_check(const Step& join, const JoinFacts* facts, const std::optional<std::vector<std::string>>& seed_hosts) {
  Check check{.name = "virtual_hosts", .node = join.node};
  if (!facts || !facts->hosts || !seed_hosts) {
    check.status = Check::Status::kNotRun;
    check.detail = "the virtual hosts were not read";
    return check;
  }
  std::vector<std::string> mine = *facts->hosts, theirs = *seed_hosts;
  std::sort(mine.begin(), mine.end());
  std::sort(theirs.begin(), theirs.end());
  if (mine == theirs) {
    check.detail = "both serve " + util::join(mine, ", ");
  } else {
    check.status = Check::Status::kFailed;
    check.detail = join.node + " serves " + (mine.empty() ? "no host" : util::join(mine, ", ")) + " and the seed " +
                   join.via + " " + (theirs.empty() ? "no host" : util::join(theirs, ", ")) +
                   ": a cluster's members serve the same hosts (ejabberd.yml's hosts)";
  }
  return check;
}

}  // namespace

std::string_view to_string(Check::Status status) {
  switch (status) {
    case Check::Status::kPassed: return "passed";
    case Check::Status::kFailed: return "failed";
    case Check::Status::kNotRun: return "not_run";
  }
  return "unknown";
}

Check reachable_check(const ClusterState& state) {
  Check reachable{.name = "reachable"};
  if (state.unreachable.empty()) {
    reachable.detail = "every listed node answered, with the cookie";
  } else {
    reachable.status = Check::Status::kFailed;
    reachable.detail = "no answer from " + util::join(state.unreachable, ", ");
  }
  return reachable;
}

std::vector<Check> join_checks(const Plan& plan, const ClusterState& state, const DesiredState& desired,
                               const PreflightFacts& facts) {
  std::vector<Check> checks;

  for (const Step& step : plan.steps) {
    if (step.kind != StepKind::kJoin) continue;
    const NodeView* node = state.view_of(step.node);
    const NodeView* seed = state.view_of(step.via);
    if (!node || !seed) continue;
    auto found = facts.joining.find(step.node);
    const JoinFacts* join_facts = found == facts.joining.end() ? nullptr : &found->second;
    checks.push_back(versions_check(*node, *seed, desired));
    checks.push_back(reaches_seed_check(step, join_facts, desired));
    checks.push_back(disk_space_check(step, join_facts, *node));
    if (desired.app) checks.push_back(hosts_check(step, join_facts, facts.seed_hosts));
  }
  return checks;
}

Plan refuse_failed_checks(Plan plan, const std::vector<Check>& checks) {
  std::map<std::string, std::vector<const Check*>> failed;  // by node
  for (const Check& check : checks) {
    if (check.status == Check::Status::kFailed && !check.node.empty()) failed[check.node].push_back(&check);
  }
  if (failed.empty()) return plan;
  std::vector<Step> kept;
  for (Step& step : plan.steps) {
    auto found = failed.find(step.node);
    if (found == failed.end()) {
      kept.push_back(std::move(step));
      continue;
    }
    if (step.kind != StepKind::kJoin) continue;  // the join's refusal covers what would follow it
    std::vector<std::string> reasons;
    for (const Check* check : found->second) reasons.push_back("pre-flight " + check->name + ": " + check->detail);
    plan.refused.push_back({.step = StepKind::kJoin, .node = step.node, .reason = util::join(reasons, "; ")});
  }
  plan.steps = std::move(kept);
  return plan;
}

}  // namespace ejcluster::cluster
