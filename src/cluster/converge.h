// converge(): observe, plan, (apply, verify) — the whole of `ejcluster plan` and `apply`, for every
// face. The result holds everything the report shows; turning it into JSON is report/'s job.
#pragma once

#include "cluster/phase_clock.h"
#include "cluster/progress_sink.h"
#include "erl/node_client.h"
#include "model/desired_state.h"
#include "model/outcome.h"

namespace ejcluster::cluster {

// Plan mode never changes anything. Apply runs the plan's steps in order and stops at the first
// failure (the rest are reported as skipped), then observes again to verify. With a `clock`, each
// phase (observe, lock, plan, steps, verify) is timed on it as it ends.
Outcome converge(erl::NodeClient& client, const DesiredState& desired, Mode mode, const ProgressSink& progress,
                 PhaseClock* clock = nullptr);

}  // namespace ejcluster::cluster
