// The exit codes of ejcluster (README "Exit codes"); the faces rely on them.
#pragma once

namespace ejcluster::cli {

enum class ExitCode : int {
  kConverged = 0,       // the cluster is as desired (status: every listed node answered)
  kBadInput = 1,        // bad input or usage; nothing was touched
  kChangesPending = 2,  // plan only: apply would change something
  kNotConverged = 3,    // a step failed, a node was unreachable, or a guard refused
};

}  // namespace ejcluster::cli
