// The options every subcommand takes: where the desired state comes from, and the output format.
#pragma once

#include <string>

namespace ejcluster::cli {

enum class Format { kJson, kText };

struct CommonOptions {
  std::string file;  // desired state; empty: stdin
  Format format = Format::kJson;
};

}  // namespace ejcluster::cli
