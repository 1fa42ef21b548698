#include "cli/converge_command.h"

#include <iomanip>
#include <ostream>

#include "cli/input.h"
#include "cli/input_errors.h"
#include "cli/timings_output.h"
#include "cluster/converge.h"
#include "erl/ei_node_client.h"
#include "report/converge_report.h"

namespace ejcluster::cli {

ExitCode converge_command(cluster::Mode mode, const CommonOptions& options, std::ostream& out, std::ostream& err) {
  const std::string mode_name = mode == cluster::Mode::kPlan ? "plan" : "apply";
  bool json = options.format == Format::kJson;
  cluster::PhaseClock clock;
  auto input = read_input(options.file);
  if (!input) return report_input_errors(input.error(), mode_name, json, out, err);
  for (const auto& warning : input->cookie.warnings) err << "warning: " << warning << "\n";

  erl::EiNodeClient client(input->cookie.cookie, input->desired.timeouts.connect, input->tls, input->desired.dist_port);
  clock.lap("read_input");
  clock.watch(client);
  auto progress = [&err](std::string_view line) { err << line << std::endl; };
  cluster::Outcome outcome = cluster::converge(client, input->desired, mode, progress, &clock);
  cluster::forget_table_views(outcome.before);
  if (outcome.after) cluster::forget_table_views(*outcome.after);

  if (json) {
    // Serialised straight onto the stream: a large cluster's report is megabytes of text.
    out << std::setw(2) << report::outcome_to_json(outcome, input->desired) << "\n";
  } else {
    out << report::outcome_to_text(outcome);
  }
  for (const auto& error : outcome.input_errors) err << "error: " << error.to_string() << "\n";
  for (const auto& error : outcome.errors) err << "error: " << error << "\n";
  out.flush();
  clock.lap("report");
  if (options.timings) write_timings(err, clock.phases());

  if (!outcome.input_errors.empty()) return ExitCode::kBadInput;
  if (mode == cluster::Mode::kPlan) {
    if (!outcome.plan.refused.empty() || !outcome.before.unreachable.empty()) return ExitCode::kNotConverged;
    return outcome.plan.steps.empty() && outcome.converged ? ExitCode::kConverged : ExitCode::kChangesPending;
  }
  return outcome.converged ? ExitCode::kConverged : ExitCode::kNotConverged;
}

}  // namespace ejcluster::cli
