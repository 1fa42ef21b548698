// `ejcluster plan` and `ejcluster apply`.
#pragma once

#include <iosfwd>

#include "cli/exit_code.h"
#include "cli/options.h"
#include "model/outcome.h"

namespace ejcluster::cli {

ExitCode converge_command(cluster::Mode mode, const CommonOptions& options, std::ostream& out, std::ostream& err);

}  // namespace ejcluster::cli
