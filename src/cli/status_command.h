// `ejcluster status`: what the listed nodes see, as JSON or text. Changes nothing.
#pragma once

#include <iosfwd>
#include <string>

#include "cli/exit_code.h"

namespace ejcluster::cli {

enum class Format { kJson, kText };

struct CommonOptions {
  std::string file;  // desired state; empty: stdin
  Format format = Format::kJson;
};

ExitCode status_command(const CommonOptions& options, std::ostream& out, std::ostream& err);

}  // namespace ejcluster::cli
