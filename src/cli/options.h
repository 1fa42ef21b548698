// The options every subcommand takes: where the desired state comes from, and the output format.
#pragma once

#include <string>

namespace ejcluster::cli {

enum class Format { kJson, kText };

struct CommonOptions {
  std::string file;  // desired state; empty: stdin
  Format format = Format::kJson;
  bool timings = false;  // each phase's time and round trips on stderr, after the report
};

}  // namespace ejcluster::cli
