#include "status_data_source.h"

#include "cluster/observe_cluster.h"
#include "observed.h"
#include "report/state_json.h"
#include "schema.h"

namespace ejcluster::tf {

Diagnostics validate_status(const Value& config) {
  Diagnostics out = check_attributes(config);
  if (!is_wholly_known(attribute(config, "nodes"))) return out;
  DesiredJson input = desired_json(config);
  auto parsed = cluster::parse_desired_state(input.json.dump());
  if (!parsed) {
    Diagnostics errors = input_diagnostics(parsed.error(), config, "Invalid nodes or cookie");
    out.insert(out.end(), errors.begin(), errors.end());
  }
  return out;
}

Result read_status(ProviderContext& context, const Value& config) {
  const Block& schema = status_schema();
  auto desired = desired_from_config(config, context.cookie_defaults());
  if (!desired) return {Value(nullptr), desired.error()};
  Diagnostics out;
  for (const auto& text : desired->cookie.warnings) {
    out.push_back({.severity = Diagnostic::Severity::kWarning, .summary = "Erlang cookie", .detail = text});
  }
  cluster::ClusterState observed;
  context.access().with_client(desired->cookie.cookie, desired->state.tls, desired->tls, desired->state.dist_port, desired->state.timeouts.connect,
                               [&](erl::NodeClient& client) { observed = cluster::observe_cluster(client, desired->state); });

  Value state = conform(config, schema);
  state["cookie"] = nullptr;
  set_observed(state, observed);
  state["status"] = report::status_report(observed, desired->state.app).dump();
  for (const auto& node : observed.nodes) {
    if (!node.reachable()) {
      out.push_back({.severity = Diagnostic::Severity::kWarning,
                     .summary = "Node unreachable: " + node.node,
                     .detail = node.error->message()});
    }
  }
  return {state, out};
}

}  // namespace ejcluster::tf
