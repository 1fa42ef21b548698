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
// The reply is `stopped` (mnesia:stop).
bool is_stopped(const erl::Term& reply);
// The reply is {ok, _} (application:ensure_all_started).
bool is_ok_tuple(const erl::Term& reply);

// A list of atoms, e.g. node names for mnesia:change_config or set_master_nodes.
erl::Term atom_list(const std::vector<std::string>& names);

// Starts Mnesia on `node`. On an application's node it runs as a permanent application, as when
// the node boots, so that the application then starts on top of it as it is: mnesia:start() would
// make it temporary, and restarting it to fix that would load every table again from the other
// members, as long as the copy itself on a large database.
StepOutcome start_mnesia(StepContext& context, const std::string& node);

}  // namespace ejcluster::cluster
