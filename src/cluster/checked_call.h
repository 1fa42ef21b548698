// checked_call(): one remote call whose reply is judged, failing with a StepError that names the
// call and the node. Every call a step runner makes goes through it.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cluster/step_context.h"
#include "cluster/step_error.h"
#include "erl/node_name.h"
#include "erl/term.h"

namespace ejcluster::cluster {

// Calls module:function(args) on `node`; `accept` judges the reply. `label` names the call in errors.
StepOutcome checked_call(StepContext& context, const erl::NodeName& node, std::string_view module,
                         std::string_view function, const std::vector<erl::Term>& args,
                         std::chrono::milliseconds timeout, const std::function<bool(const erl::Term&)>& accept,
                         const std::string& label);

// The node a step names (step.node, step.via), parsed once for all the step's calls.
std::expected<erl::NodeName, StepError> step_node(const std::string& name);

// How a call is named in errors: "mnesia:change_config(extra_db_nodes, ...)", the first argument
// shown (it says which table, application or master list), the rest elided.
std::string call_label(std::string_view module, std::string_view function, const std::vector<erl::Term>& args);

// A list of atoms, e.g. node names for mnesia:change_config or set_master_nodes.
erl::Term atom_list(const std::vector<std::string>& names);

}  // namespace ejcluster::cluster
