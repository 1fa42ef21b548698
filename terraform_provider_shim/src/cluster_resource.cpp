#include "cluster_resource.h"

#include <algorithm>

#include "cluster/converge.h"
#include "cluster/observe_cluster.h"
#include "erl/node_name.h"
#include "model/placement.h"
#include "observed.h"
#include "report/converge_report.h"
#include "schema.h"
#include "util/join.h"

namespace ejcluster::tf {
namespace {

constexpr const char* kObserved[] = {"members", "running", "unreachable", "placement"};

Diagnostic warning(std::string summary, std::string detail) {
  return {.severity = Diagnostic::Severity::kWarning, .summary = std::move(summary), .detail = std::move(detail)};
}

Diagnostic error(std::string summary, std::string detail) {
  return {.severity = Diagnostic::Severity::kError, .summary = std::move(summary), .detail = std::move(detail)};
}

void append(Diagnostics& to, const Diagnostics& from) { to.insert(to.end(), from.begin(), from.end()); }

// Whether the plan's steps leave the cluster as planned_placement() says: none of them ends a
// round (apply plans again after those, from what the nodes then are).
bool predictable(const cluster::Plan& plan) {
  return std::none_of(plan.steps.begin(), plan.steps.end(), [](const cluster::Step& step) { return cluster::ends_round(step.kind); });
}

// What refresh needs of the state to observe: the nodes and how to reach them.
Value observation_config(const Value& state) {
  Value config = Value::object();
  for (const char* key : {"nodes", "app", "plain_mnesia", "timeouts", "tls", "cookie_file"}) config[key] = attribute(state, key);
  if (config["nodes"].is_null()) config["nodes"] = Value::array({attribute(state, "id")});  // just imported
  return config;
}

// The configured (not computed) attributes of two objects are equal.
bool same_configuration(const Value& a, const Value& b) {
  for (const Attribute& attr : cluster_schema().attributes) {
    if (attr.computed || attr.write_only) continue;
    if (attribute(a, attr.name) != attribute(b, attr.name)) return false;
  }
  return true;
}

std::string joined(const std::vector<std::string>& lines) { return util::join(lines, "\n"); }

}  // namespace

Diagnostics validate_cluster(const Value& config) {
  Diagnostics out = check_attributes(config);
  if (!is_wholly_known(attribute(config, "nodes"))) return out;  // the rest is judged against nodes
  DesiredJson input = desired_json(config);
  auto parsed = cluster::parse_desired_state(input.json.dump());
  if (!parsed) append(out, input_diagnostics(parsed.error(), config, "Invalid desired state"));
  return out;
}

Result upgrade_cluster(const Value& raw_state) {
  Value state = strip_write_only(conform(raw_state, cluster_schema()), cluster_schema());
  // Older states hold placement as one JSON string; the next refresh observes it again as a map.
  if (attribute(state, "placement").is_string()) state["placement"] = nullptr;
  return {state, {}};
}

Result read_cluster(ProviderContext& context, const Value& current) {
  if (current.is_null()) return {current, {}};
  Value state = strip_write_only(conform(current, cluster_schema()), cluster_schema());
  const bool imported = attribute(state, "nodes").is_null();
  const Value config = observation_config(state);

  auto desired = desired_from_config(config, context.cookie_defaults());
  if (!desired) {
    if (imported) return {state, desired.error()};
    // The state was valid when it was written; most likely the cookie cannot be had here (refresh
    // sees no resource configuration). Plan observes again with the configuration.
    Diagnostics out;
    for (const auto& d : desired.error()) {
      out.push_back(warning("Refresh could not observe the cluster", d.summary + ": " + d.detail));
    }
    return {state, out};
  }
  cluster::ClusterState observed;
  context.access().with_client(desired->cookie.cookie, desired->state.tls, desired->tls, desired->state.dist_port, desired->state.timeouts.connect,
                               [&](erl::NodeClient& client) { observed = cluster::observe_cluster(client, desired->state); });
  if (!any_reachable(observed)) {
    std::vector<std::string> reasons;
    bool cookie_rejected = false;
    for (const auto& node : observed.nodes) {
      reasons.push_back(node.error->message());
      cookie_rejected = cookie_rejected || node.error->kind == erl::ErlError::Kind::kCookieRejected;
    }
    std::string detail = "No listed node answered:\n" + joined(reasons);
    if (cookie_rejected && attribute(state, "cookie_file").is_null()) {
      detail += "\nRefresh and import cannot see the resource's write-only cookie: give the provider block a "
                "cookie or cookie_file. (Plan observes the cluster again with the resource's cookie.)";
    }
    if (imported) return {state, {error("Cannot import the cluster", detail)}};
    return {state, {warning("Refresh could not observe the cluster", detail + "\nThe previous state is kept.")}};
  }
  set_observed(state, observed);
  state["planned_actions"] = Value::array();
  if (imported) state["nodes"] = state["members"].empty() ? config["nodes"] : state["members"];
  return {state, {}};
}

Result plan_cluster(ProviderContext& context, const Value& prior, const Value& proposed, const Value& config) {
  if (proposed.is_null()) return {proposed, {}};  // destroy: nothing to plan
  const Block& schema = cluster_schema();
  const bool creating = prior.is_null();
  Value planned = strip_write_only(conform(proposed, schema), schema);
  const Value prior_state = strip_write_only(conform(prior, schema), schema);

  auto mark_unknown = [&] {
    for (const char* key : kObserved) planned[key] = unknown();
    if (creating || !attribute(prior_state, "id").is_string()) planned["id"] = unknown();
  };

  if (!desired_json(config).complete) {  // e.g. nodes from a resource not created yet
    mark_unknown();
    planned["planned_actions"] = unknown();
    return {planned, {}};
  }
  auto desired = desired_from_config(config, context.cookie_defaults());
  if (!desired) return {planned, desired.error()};

  Diagnostics out;
  for (const auto& text : desired->cookie.warnings) out.push_back(warning("Erlang cookie", text));
  cluster::Outcome outcome;
  context.access().with_client(desired->cookie.cookie, desired->state.tls, desired->tls, desired->state.dist_port, desired->state.timeouts.connect, [&](erl::NodeClient& client) {
    outcome = cluster::converge(client, desired->state, cluster::Mode::kPlan, context.progress());
  });
  if (!outcome.input_errors.empty()) {
    append(out, input_diagnostics(outcome.input_errors, config, "Invalid placement for this cluster"));
    return {planned, out};
  }
  // Refusals are warnings here: like `ejcluster apply`, apply runs the steps it can and then
  // fails, naming them again, until they are resolved (e.g. with allow_data_loss).
  for (const auto& refusal : outcome.plan.refused) {
    std::string what = refusal.step ? "ejcluster refuses a step" : "No usable seed";
    out.push_back(warning(what, cluster::describe(refusal) + "\nApply will run the other steps and then fail."));
  }
  for (const auto& node : outcome.before.nodes) {
    if (!node.reachable()) out.push_back(warning("Node unreachable: " + node.node, node.error->message()));
  }
  for (const auto& text : outcome.before.disagreements) out.push_back(warning("The nodes disagree", text));
  for (const auto& text : outcome.plan.warnings) out.push_back(warning("ejcluster", text));

  const bool pending = !outcome.plan.steps.empty() || !outcome.converged;
  if (!creating && !pending) {
    if (same_configuration(planned, prior_state)) return {prior_state, out};
    // Only the configuration changed: apply will change no node, so what refresh observed stands
    // (and a plan does not show the whole placement going unknown).
    planned["planned_actions"] = Value::array();
    return {planned, out};
  }
  Value lines = Value::array();
  for (const auto& line : report::action_lines(outcome)) lines.push_back(line);
  planned["planned_actions"] = std::move(lines);
  // Where the steps lead is known when they do what they say: members, placement and running
  // stay known (a plan shows what changes, not everything going unknown). Steps that end a round
  // (a start, a heal, a forced load) let apply plan again from what the nodes then are.
  if (predictable(outcome.plan)) {
    if (creating || !attribute(prior_state, "id").is_string()) planned["id"] = unknown();
    set_placement(planned, cluster::planned_placement(cluster::placement_of(outcome.before), outcome.plan.steps));
    planned["unreachable"] = Value::array();  // apply converges only when every node answers
  } else {
    mark_unknown();
  }
  return {planned, out};
}

Result apply_cluster(ProviderContext& context, const Value& prior, const Value& planned, const Value& config) {
  if (planned.is_null()) {
    return {Value(nullptr),
            {warning("The cluster was left running",
                     "ejcluster_cluster is removed from the Terraform state only; no node was changed.")}};
  }
  const Block& schema = cluster_schema();
  const bool creating = prior.is_null();
  const Value prior_state = strip_write_only(conform(prior, schema), schema);
  auto failed = [&](Diagnostics diagnostics) { return Result{creating ? Value(nullptr) : prior_state, std::move(diagnostics)}; };

  auto desired = desired_from_config(config, context.cookie_defaults());
  if (!desired) return failed(desired.error());
  Diagnostics out;
  for (const auto& text : desired->cookie.warnings) out.push_back(warning("Erlang cookie", text));

  cluster::Outcome outcome;
  context.access().with_client(desired->cookie.cookie, desired->state.tls, desired->tls, desired->state.dist_port, desired->state.timeouts.connect, [&](erl::NodeClient& client) {
    outcome = cluster::converge(client, desired->state, cluster::Mode::kApply, context.progress());
  });
  if (!outcome.input_errors.empty()) {
    append(out, input_diagnostics(outcome.input_errors, config, "Invalid placement for this cluster"));
    return failed(out);
  }

  Value state = strip_write_only(conform(planned, schema), schema);
  Value observed = Value::object();
  set_observed(observed, outcome.after ? *outcome.after : outcome.before);
  // The state holds what the nodes are; where the plan promised something else, say so (before
  // Terraform calls it the provider's inconsistency).
  std::vector<std::string> differs;
  for (const char* key : kObserved) {
    if (is_wholly_known(state[key]) && state[key] != observed[key]) differs.push_back(key);
    state[key] = observed[key];
  }
  const bool planned_nothing = attribute(planned, "planned_actions").is_array() && attribute(planned, "planned_actions").empty();
  if (!differs.empty() && outcome.converged) {
    out.push_back(error("The cluster changed between plan and apply",
                        "The cluster is as desired, but its " + util::join(differs) + " differ from what the plan showed; " +
                            "it was changed by something else meanwhile.\nApply did:\n" +
                            joined(report::action_lines(outcome)) + "\nRun terraform plan again."));
  } else if (planned_nothing && outcome.changed) {
    out.push_back(warning("Apply changed the cluster although the plan found nothing to do",
                          "Something changed the cluster between plan and apply; apply did:\n" +
                              joined(report::action_lines(outcome))));
  }
  // What was saved before data was dropped, and what a heal dropped, where an operator sees it.
  for (const auto& action : outcome.actions) {
    if (!action.backup || action.backup->path.empty()) continue;
    out.push_back(warning("Backup taken on " + action.backup->node + " before " + std::string(cluster::to_string(action.step.kind)),
                          action.backup->path + " (" + std::to_string(action.backup->bytes) + " bytes), on that node's host."));
    for (const auto& table : action.dropped) {
      out.push_back(warning("Heal dropped records of " + table.table + " on " + action.step.node,
                            std::to_string(table.missing) + " records the seed's side lacked (" + util::join(table.first_missing) +
                                "), " + std::to_string(table.differing) + " keys it held otherwise (" +
                                util::join(table.first_differing) + "); all of them are in the backup."));
    }
  }
  if (!attribute(state, "id").is_string()) {
    state["id"] = !outcome.plan.seed.empty() ? outcome.plan.seed : desired->state.nodes.front().full();
  }
  if (!is_wholly_known(attribute(state, "planned_actions"))) {
    Value lines = Value::array();
    for (const auto& line : report::action_lines(outcome)) lines.push_back(line);
    state["planned_actions"] = std::move(lines);
  }

  if (!outcome.converged) {
    std::string detail = outcome.errors.empty() ? "The cluster is not in the desired state." : joined(outcome.errors);
    detail += "\n\n" + report::outcome_to_text(outcome);
    out.push_back(error("ejcluster could not converge the cluster", detail));
    if (creating) return {Value(nullptr), out};
  }
  return {state, out};
}

Result import_cluster(const std::string& id) {
  auto name = erl::NodeName::parse(id);
  if (!name) {
    return {Value(nullptr),
            {error("Cannot import ejcluster_cluster", "The import ID must be a member's node name (name@host): " + name.error())}};
  }
  Value state = conform(Value::object({{"id", name->full()}}), cluster_schema());
  return {state, {}};
}

}  // namespace ejcluster::tf
