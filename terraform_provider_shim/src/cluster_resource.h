// The resource ejcluster_cluster: Terraform's resource lifecycle over ejcluster's converge.
//
// - read (refresh): observes the listed nodes and refreshes the observed attributes (members,
//   running, unreachable, placement) and empties planned_actions; the configured attributes are
//   the desired state and stay as they are. After an import (only `id` is set) it fills `nodes`
//   with the observed members. Refresh sees no configuration, so it reaches the nodes with the
//   state's cookie_file, else the provider's cookie; when it cannot, it warns and keeps the state.
// - plan: runs converge in plan mode with the configuration. Steps pending, refusals, or an
//   unreachable node (the cluster is not as desired): planned_actions lists the steps (refusals
//   are warnings: apply runs the other steps, then fails), and members, running and placement are
//   planned as the steps leave them (unknown when a step ends a round: a start, a heal, a forced
//   load), so the plan shows only what changes. Otherwise the prior state is planned unchanged
//   (with the new configuration). So drift made by hand shows as a pending update (plan
//   -detailed-exitcode exits 2).
// - apply: runs converge in apply mode and stores what the nodes then are; a cluster that did not
//   converge (failed step, refusal, unreachable node) is an error diagnostic with the report's
//   text, and so is one that converged to other values than the plan showed (changed meanwhile).
//   A failed create leaves nothing in the state (rerunning is safe: converge does only what is
//   missing).
// - delete: removes the resource from the state only: the cluster keeps running.
// - import: by a member's node name.
// The write-only `cookie` is used by plan and apply and is null in every state returned.
#pragma once

#include <string>

#include "provider_context.h"

namespace ejcluster::tf {

Diagnostics validate_cluster(const Value& config);
Result upgrade_cluster(const Value& raw_state);
Result read_cluster(ProviderContext& context, const Value& current);
Result plan_cluster(ProviderContext& context, const Value& prior, const Value& proposed, const Value& config);
Result apply_cluster(ProviderContext& context, const Value& prior, const Value& planned, const Value& config);
Result import_cluster(const std::string& id);

}  // namespace ejcluster::tf
