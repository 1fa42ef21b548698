// StepError: why a step failed, as the report shows it: what was being done, on which node, and
// the reason (an Erlang term or a client error), e.g.
// "mnesia:add_table_copy(roster, ...) on ejabberd3@h: {aborted,{no_exists,roster}}".
#pragma once

#include <expected>
#include <string>

namespace ejcluster::cluster {

struct StepError {
  std::string call;    // e.g. "mnesia:add_table_copy(roster, disc_copies) on ejabberd3@h"
  std::string reason;  // e.g. "{aborted,{no_exists,roster}}"
  std::string message() const { return call + ": " + reason; }
};

using StepOutcome = std::expected<void, StepError>;

}  // namespace ejcluster::cluster
