// Reporting bad input the same way for every subcommand: each problem on stderr, and (for JSON
// output) a report whose "errors" list them, so a program reading stdout learns why too.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "cli/exit_code.h"
#include "model/desired_state.h"

namespace ejcluster::cli {

ExitCode report_input_errors(const std::vector<cluster::InputError>& errors, const std::string& mode, bool json,
                             std::ostream& out, std::ostream& err);

}  // namespace ejcluster::cli
