#include "cli/status_command.h"

#include <iomanip>
#include <ostream>

#include "cli/input.h"
#include "cli/input_errors.h"
#include "cli/timings_output.h"
#include "cluster/observe_cluster.h"
#include "erl/ei_node_client.h"
#include "report/state_json.h"
#include "report/state_text.h"

namespace ejcluster::cli {

ExitCode status_command(const CommonOptions& options, std::ostream& out, std::ostream& err) {
  cluster::PhaseClock clock;
  auto input = read_input(options.file);
  if (!input) return report_input_errors(input.error(), "status", options.format == Format::kJson, out, err);
  for (const auto& warning : input->cookie.warnings) err << "warning: " << warning << "\n";

  const auto& desired = input->desired;
  erl::EiNodeClient client(input->cookie.cookie, desired.timeouts.connect, input->tls, desired.dist_port);
  clock.lap("read_input");
  clock.watch(client);
  cluster::ClusterState state = cluster::observe_cluster(client, desired);
  clock.lap("observe");
  cluster::forget_table_views(state);

  if (options.format == Format::kText) {
    out << report::state_to_text(state, desired.app);
  } else {
    out << std::setw(2) << report::status_report(state, desired.app) << "\n";  // straight onto the stream
  }
  for (const auto& node : state.nodes) {
    if (!node.reachable()) err << "error: " << node.error->message() << "\n";
  }
  out.flush();
  clock.lap("report");
  if (options.timings) write_timings(err, clock.phases());
  return state.all_reachable() ? ExitCode::kConverged : ExitCode::kNotConverged;
}

}  // namespace ejcluster::cli
