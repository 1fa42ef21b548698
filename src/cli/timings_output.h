// --timings: each phase's time and round trips, as lines on stderr after the report, e.g.
//   timing: observe 3.10 ms, round trips: 6 to one node (5 connecting), 18 in all
// A phase that made no round trips has its time alone. The format is for people and for bench/.
#pragma once

#include <ostream>
#include <vector>

#include "cluster/phase_clock.h"

namespace ejcluster::cli {

void write_timings(std::ostream& out, const std::vector<cluster::PhaseTiming>& phases);

}  // namespace ejcluster::cli
