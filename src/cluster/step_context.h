// What the step runners share, and checked remote calls for them.
//
// Every call names what it did and on which node when it fails, so a report can say
// "mnesia:add_table_copy(roster, ...) on ejabberd3@h: {aborted,{no_exists,roster}}".
#pragma once

#include <chrono>
#include <expected>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cluster/desired_state.h"
#include "erl/node_client.h"
#include "erl/remote_eval.h"

namespace ejcluster::cluster {

// Receives one line of progress (stderr in the CLI).
using ProgressSink = std::function<void(std::string_view line)>;

struct StepContext {
  erl::NodeClient& client;
  erl::RemoteEvaluator& evaluator;
  const DesiredState& desired;
  ProgressSink progress;
};

// A failed step: what was being done, and the reason (an Erlang term or a client error).
struct StepError {
  std::string call;    // e.g. "mnesia:add_table_copy(roster, disc_copies) on ejabberd3@h"
  std::string reason;  // e.g. "{aborted,{no_exists,roster}}"
  std::string message() const { return call + ": " + reason; }
};

using StepOutcome = std::expected<void, StepError>;

// Calls module:function(args) on `node`; `accept` judges the reply. `label` names the call in errors.
StepOutcome checked_call(StepContext& context, const std::string& node, std::string_view module,
                         std::string_view function, const std::vector<erl::Term>& args,
                         std::chrono::milliseconds timeout, const std::function<bool(const erl::Term&)>& accept,
                         const std::string& label);

// The reply is {atomic, ok}.
bool is_atomic_ok(const erl::Term& reply);
// The reply is {aborted, {already_exists, ...}}: the change was there before.
bool is_already_exists(const erl::Term& reply);
bool is_ok(const erl::Term& reply);

}  // namespace ejcluster::cluster
