#include "cli/timings_output.h"

#include <iomanip>

namespace ejcluster::cli {

void write_timings(std::ostream& out, const std::vector<cluster::PhaseTiming>& phases) {
  for (const auto& phase : phases) {
    out << "timing: " << phase.phase << " " << std::fixed << std::setprecision(2) << phase.ms << " ms";
    if (phase.in_all > 0) {
      out << ", round trips: " << phase.most.total() << " to one node (" << phase.most.connecting << " connecting), "
          << phase.in_all << " in all";
    }
    out << "\n";
  }
  out << std::defaultfloat;
}

}  // namespace ejcluster::cli
