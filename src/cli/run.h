// The ejcluster command line: parses arguments, runs one subcommand, returns its exit code.
// All output goes through the given streams, so tests can run it in-process.
#pragma once

#include <iosfwd>

namespace ejcluster::cli {

int run(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace ejcluster::cli
