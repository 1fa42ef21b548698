// Join as master, step by step (what ejabberd's join_cluster does, with every result checked):
// stop the application and Mnesia, delete the local schema, start Mnesia, attach to the peer,
// make the schema a disc copy, copy every table with its type, wait for the tables, start the
// application again and confirm that it runs. Unlike ejabberd's join, Mnesia is not restarted
// before the application starts: that would load every table a second time.
#include "cluster/fault_injection.h"
#include "cluster/checked_call.h"
#include "cluster/node_backup.h"
#include "cluster/reply_checks.h"
#include "cluster/node_start.h"
#include "cluster/step_runners.h"

namespace ejcluster::cluster {
namespace {

using erl::Term;

bool stopped_or_not_started(const Term& reply) {
  if (reply.is_atom("ok")) return true;
  const auto* pair = reply.tuple_elements();  // {error, {not_started, App}}
  if (!pair || pair->size() != 2 || !(*pair)[0].is_atom("error")) return false;
  const auto* reason = (*pair)[1].tuple_elements();
  return reason && !reason->empty() && (*reason)[0].is_atom("not_started");
}

// {ok, Nodes} with `peer` among Nodes: Mnesia really connected to it.
std::function<bool(const Term&)> connected_to(const std::string& peer) {
  return [peer](const Term& reply) {
    const auto* pair = reply.tuple_elements();
    if (!pair || pair->size() != 2 || !(*pair)[0].is_atom("ok") || !(*pair)[1].list_elements()) return false;
    for (const Term& node : *(*pair)[1].list_elements()) {
      if (node.is_atom(peer)) return true;
    }
    return false;
  };
}

class Join {
 public:
  Join(StepContext& context, const Step& step, erl::NodeName node)
      : context_(context), step_(step), node_(step.node), name_(std::move(node)) {}

  StepOutcome run() {
    const auto rpc = context_.desired.timeouts.rpc;
    if (app()) {
      say("stop " + *app());
      if (auto done = call("application", "stop", {Term::atom(*app())}, rpc, stopped_or_not_started); !done) return done;
      fault_point("join:app_stopped");
    }
    // A node that holds data is saved before its schema goes (a failure stops the join there).
    if (auto saved = back_up_before(context_, name_, step_); !saved) return recover(saved, false);
    say("stop mnesia");
    if (auto done = call("mnesia", "stop", {}, rpc, is_stopped); !done) {
      return recover(done, /*schema_deleted=*/false);
    }
    fault_point("join:mnesia_stopped");
    say("delete the local schema");
    if (auto done = call("mnesia", "delete_schema", {atom_list({node_})}, rpc, is_ok); !done) {
      return recover(done, false);
    }
    fault_point("join:schema_deleted");
    say("start mnesia");
    if (auto done = start_mnesia(context_, name_); !done) return recover(done, true);
    fault_point("join:mnesia_started");
    say("attach to " + step_.via);
    if (auto done = call("mnesia", "change_config", {Term::atom("extra_db_nodes"), atom_list({step_.via})}, rpc,
                         connected_to(step_.via));
        !done) {
      return recover(done, true);
    }
    fault_point("join:attached");
    if (auto done = copy_tables(); !done) return recover(done, true);
    fault_point("join:tables_copied");
    if (auto done = wait_for_tables(); !done) return recover(done, true);
    fault_point("join:tables_loaded");
    if (app()) {
      if (auto done = start_app(); !done) return recover(done, true);
    }
    return {};
  }

 private:
  const std::optional<std::string>& app() const { return context_.desired.app; }
  void say(const std::string& what) {
    if (context_.progress) context_.progress("  " + node_ + ": " + what);
  }

  StepOutcome call(std::string_view module, std::string_view function, const std::vector<Term>& args,
                   std::chrono::milliseconds timeout, const std::function<bool(const Term&)>& accept) {
    return checked_call(context_, name_, module, function, args, timeout, accept, call_label(module, function, args));
  }

  StepOutcome copy_tables() {
    const auto sync = context_.desired.timeouts.table_sync;
    std::size_t count = step_.tables.size(), number = 0;
    for (const auto& [table, type] : step_.tables) {
      say("copy " + table + " as " + std::string(to_string(type)) + " (" + std::to_string(++number) + "/" + std::to_string(count) + ")");
      auto accepted = [](const Term& r) { return is_atomic_ok(r) || is_already_exists(r); };
      StepOutcome done = table == "schema"
                             ? call("mnesia", "change_table_copy_type",
                                    {Term::atom("schema"), Term::atom(node_), Term::atom(to_string(type))}, sync, accepted)
                             : call("mnesia", "add_table_copy", {Term::atom(table), Term::atom(node_), Term::atom(to_string(type))},
                                    sync, accepted);
      if (!done) return done;
      if (number == 2) fault_point("join:some_tables_copied");
    }
    return {};
  }

  StepOutcome wait_for_tables() {
    std::vector<std::string> tables;
    for (const auto& [table, type] : step_.tables) tables.push_back(table);
    say("wait for " + std::to_string(tables.size()) + " tables");
    auto sync = context_.desired.timeouts.table_sync;
    // The RPC deadline outlasts Mnesia's own, so a slow load reports {timeout, StillLoading}.
    return call("mnesia", "wait_for_tables", {atom_list(tables), Term::integer(sync.count())},
                sync + context_.desired.timeouts.rpc, is_ok);
  }

  StepOutcome start_app() {
    say("start " + *app());
    auto rpc = context_.desired.timeouts.rpc;
    if (auto done = start_serving(context_, name_); !done) return done;
    auto running = [this](const Term& reply) {
      const auto* apps = reply.list_elements();
      if (!apps) return false;
      for (const Term& entry : *apps) {
        if (entry.tuple_elements() && !entry.tuple_elements()->empty() && entry.tuple_elements()->front().is_atom(*app())) {
          return true;
        }
      }
      return false;
    };
    return call("application", "which_applications", {}, rpc, running);
  }

  // After a failure: Mnesia and the application are started again where possible, so the node
  // serves (standalone, if its old schema is gone) instead of staying down. The first error stands.
  StepOutcome recover(StepOutcome failed, bool schema_deleted) {
    say("failed: " + failed.error().message() + "; restarting what was stopped");
    auto rpc = context_.desired.timeouts.rpc;
    // The application starts Mnesia (permanent) as its dependency.
    if (app() && schema_deleted) call("mnesia", "stop", {}, rpc, any_reply);
    (void)start_serving(context_, name_);
    return failed;
  }

  StepContext& context_;
  const Step& step_;
  std::string node_;     // as the step names it (in progress lines and arguments)
  erl::NodeName name_;   // parsed once, for the calls
};

}  // namespace

StepOutcome run_join(StepContext& context, const Step& step) {
  auto node = step_node(step.node);
  if (!node) return std::unexpected(node.error());
  return Join(context, step, std::move(*node)).run();
}

}  // namespace ejcluster::cluster
