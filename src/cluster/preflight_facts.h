// gather_preflight_facts(): what the pre-flight checks (model/preflight.h) judge, asked of the
// nodes a plan joins and of their seed, before any step runs: whether each joining node reaches its
// seed (epmd and the distribution port), the free space where its Mnesia directory is and what its disc copies will take by the
// seed's accounting, and (ejabberd) the virtual hosts each serves. Nothing is asked when the plan
// joins nobody. A fact a node cannot give is left out, with the reason.
#pragma once

#include "erl/remote_eval.h"
#include "model/desired_state.h"
#include "model/plan.h"
#include "model/preflight.h"

namespace ejcluster::cluster {

// The expressions evaluated on the nodes (tests recognise them by their text).
extern const std::string kReachSeedQuery;   // on a joining node, Seed bound: ok | {error, Why}
extern const std::string kFreeSpaceQuery;   // on a joining node: {ok, DfOutput} | {error, Why}
extern const std::string kTableBytesQuery;  // on the seed: [{Table, Bytes}]

PreflightFacts gather_preflight_facts(erl::RemoteEvaluator& evaluator, const Plan& plan, const DesiredState& desired);

// The free space in KiB that `df -Pk` printed ("Filesystem 1024-blocks Used Available ..."), or
// nullopt when the output is not that.
std::optional<std::int64_t> df_available_kib(const std::string& output);

}  // namespace ejcluster::cluster
