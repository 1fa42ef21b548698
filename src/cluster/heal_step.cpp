// Healing a partition for one node off the seed's side: its Mnesia restarts with the seed's side
// as master nodes, so every table is loaded from them and the node's own writes since the split
// are dropped; then the master nodes are cleared, so that later restarts load as usual.
#include "cluster/fault_injection.h"
#include "cluster/step_runners.h"

namespace ejcluster::cluster {
namespace {

using erl::Term;

// Waits for every table this node holds (the list is only known on the node).
const char* const kWaitForLocalTables = "mnesia:wait_for_tables(mnesia:system_info(local_tables), Timeout).";

Term atoms(const std::vector<std::string>& names) {
  std::vector<Term> out;
  for (const auto& name : names) out.push_back(Term::atom(name));
  return Term::list(std::move(out));
}

bool stopped(const Term& reply) { return reply.is_atom("stopped"); }

}  // namespace

StepOutcome run_heal_partition(StepContext& context, const Step& step) {
  const auto& app = context.desired.app;
  const auto rpc = context.desired.timeouts.rpc;
  const auto sync = context.desired.timeouts.table_sync;
  auto say = [&](const std::string& what) {
    if (context.progress) context.progress("  " + step.node + ": " + what);
  };
  auto call = [&](std::string_view module, std::string_view function, const std::vector<Term>& args,
                  std::chrono::milliseconds timeout, const std::function<bool(const Term&)>& accept) {
    std::string label = std::string(module) + ":" + std::string(function);
    return checked_call(context, step.node, module, function, args, timeout, accept, label);
  };
  auto any = [](const Term&) { return true; };
  // After a failure: master nodes cleared, Mnesia and the application running again where possible.
  auto recover = [&](StepOutcome failed) {
    say("failed: " + failed.error().message() + "; clearing master nodes and restarting what was stopped");
    // The application starts Mnesia (permanent) as its dependency; plain nodes start it here.
    if (app) {
      call("application", "ensure_all_started", {Term::atom(*app)}, sync + rpc, any);
    } else {
      call("mnesia", "start", {}, rpc, any);
    }
    call("mnesia", "set_master_nodes", {Term::list({})}, rpc, any);
    return failed;
  };

  if (app) {
    say("stop " + *app);
    if (auto done = call("application", "stop", {Term::atom(*app)}, rpc, any); !done) return done;
  }
  say("master nodes: the seed's side");
  if (auto done = call("mnesia", "set_master_nodes", {atoms(step.masters)}, rpc, is_ok); !done) return recover(done);
  fault_point("heal:masters_set");
  say("restart mnesia, loading every table from the seed's side");
  if (auto done = call("mnesia", "stop", {}, rpc, stopped); !done) return recover(done);
  // Permanent on an application's node, as at boot (see join_step.cpp): the application then
  // starts on top of it without another load.
  auto mnesia_up = app ? call("application", "start", {Term::atom("mnesia"), Term::atom("permanent")}, rpc, is_ok)
                       : call("mnesia", "start", {}, rpc, is_ok);
  if (!mnesia_up) return recover(mnesia_up);
  auto loaded = context.evaluator.evaluate(erl::NodeName::parse(step.node).value(), kWaitForLocalTables, sync + rpc,
                                           {{"Timeout", Term::integer(sync.count())}});
  if (!loaded || !is_ok(*loaded)) {
    return recover(std::unexpected(StepError{"mnesia:wait_for_tables on " + step.node,
                                             loaded ? loaded->to_string() : loaded.error().message()}));
  }
  fault_point("heal:tables_loaded");
  say("clear master nodes");
  if (auto done = call("mnesia", "set_master_nodes", {Term::list({})}, rpc, is_ok); !done) return recover(done);
  if (app) {
    say("start " + *app);
    auto started = [](const Term& r) { return r.is_tuple(2) && (*r.tuple_elements())[0].is_atom("ok"); };
    if (auto done = call("application", "ensure_all_started", {Term::atom(*app)}, sync + rpc, started); !done) {
      return recover(done);
    }
  }
  return {};
}

}  // namespace ejcluster::cluster
