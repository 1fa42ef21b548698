// `ejcluster status`: what the listed nodes see, as JSON or text. Changes nothing.
#pragma once

#include <iosfwd>

#include "cli/exit_code.h"
#include "cli/options.h"

namespace ejcluster::cli {

ExitCode status_command(const CommonOptions& options, std::ostream& out, std::ostream& err);

}  // namespace ejcluster::cli
