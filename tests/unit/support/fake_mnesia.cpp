// FakeCluster: the direct calls, answered as Mnesia and the application controller would, and
// changing the nodes' pictures as they would. A schema transaction changes the table entries on
// every node of the caller's cluster at once (the fake has no lagging replication but lag_view).
#include <algorithm>

#include "fake_cluster.h"

namespace ejcluster::testing {

using erl::Term;

namespace {

Term pair(const char* tag, Term value) { return Term::tuple({Term::atom(tag), std::move(value)}); }
Term aborted(std::vector<Term> reason) { return pair("aborted", Term::tuple(std::move(reason))); }
const Term kAtomicOk = Term::tuple({Term::atom("atomic"), Term::atom("ok")});

std::string atom_arg(const std::vector<Term>& args, std::size_t i) {
  if (i >= args.size() || !args[i].atom_name()) return {};
  return *args[i].atom_name();
}

std::vector<std::string> atom_list_arg(const std::vector<Term>& args, std::size_t i) {
  std::vector<std::string> out;
  if (i >= args.size() || !args[i].list_elements()) return out;
  for (const Term& item : *args[i].list_elements()) {
    if (item.atom_name()) out.push_back(*item.atom_name());
  }
  return out;
}

bool is_disc(const std::string& type) { return type == "disc_copies" || type == "disc_only_copies"; }

}  // namespace

std::vector<FakeNode*> FakeCluster::members_of(const FakeNode& node) {
  std::vector<FakeNode*> out;
  for (const auto& name : node.db_nodes) {
    if (FakeNode* member = find(name)) out.push_back(member);
  }
  if (std::find(out.begin(), out.end(), &node) == out.end()) out.push_back(find(node.name));
  return out;
}

void FakeCluster::before_change() {
  for (auto& [name, lag] : lags_) {
    if (!lag.snapshot && lag.times > 0) lag.snapshot = view_reply_locked(nodes_.at(name));
  }
}

void FakeCluster::start_mnesia(FakeNode& node) {
  if (!node.disc_schema && node.tables.empty()) {
    // No schema on disc: Mnesia makes a fresh ram schema, a cluster of one.
    node.db_nodes = {node.name};
    node.tables["schema"] = table_on("set", {{"ram_copies", {node.name}}});
  }
  node.mnesia = "yes";
  node.applications["mnesia"] = "4.21";
  std::set<std::string> running;
  std::vector<FakeNode*> members = members_of(node);
  for (FakeNode* member : members) {
    if (member->mnesia == "yes" && member->reachable && member->db_nodes.count(node.name)) running.insert(member->name);
  }
  for (FakeNode* member : members) {
    if (!running.count(member->name)) continue;
    member->running_db_nodes = running;
    if (member != &node) {
      member->connected.insert(node.name);
      node.connected.insert(member->name);
      member->saw_down.erase(node.name);
    }
  }
  // The tables load (from the running members, or from its own disc).
  for (auto& [name, table] : node.tables) table.loaded = true;
}

void FakeCluster::stop_mnesia(FakeNode& node) {
  if (node.mnesia != "yes") return;
  node.mnesia = "no";
  node.applications.erase("mnesia");
  node.running_db_nodes.clear();
  for (FakeNode* member : members_of(node)) {
    if (member == &node || !member->running_db_nodes.count(node.name)) continue;
    member->running_db_nodes.erase(node.name);
    member->saw_down.insert(node.name);
  }
}

Reply FakeCluster::simulate(FakeNode& node, const std::string& module, const std::string& function,
                            const std::vector<Term>& args) {
  bool reads_only = function == "which_applications" || function == "system_info" || function == "wait_for_tables" ||
                    module == "erlang" || module == "ejabberd_option";
  if (!reads_only) before_change();
  if (module == "ejabberd_option" && function == "hosts") {
    std::vector<Term> hosts;
    for (const std::string& host : node.hosts) hosts.push_back(Term::binary(host));
    return Term::list(std::move(hosts));
  }
  if (module == "application") return application_call(node, function, args);
  if (module == "mnesia") return mnesia_call(node, function, args);
  if (module == "erlang" && function == "send" && args.size() == 2) {
    if (lock_holder_ && args[0] == *lock_holder_ && args[1].is_atom("release")) lock_holder_.reset();
    return args[1];  // erlang:send returns the message
  }
  return std::unexpected(erl::ErlError{erl::ErlError::Kind::kBadRpc, node.name, "{'EXIT',{undef,[{" + module + "," + function + "}]}}"});
}

Reply FakeCluster::application_call(FakeNode& node, const std::string& function, const std::vector<Term>& args) {
  const std::string app = atom_arg(args, 0);
  auto not_started = [&] { return pair("error", Term::tuple({Term::atom("not_started"), Term::atom(app)})); };
  auto already_started = [&] { return pair("error", Term::tuple({Term::atom("already_started"), Term::atom(app)})); };
  if (function == "stop") {
    if (!node.applications.count(app)) return not_started();
    if (app == "mnesia") {
      stop_mnesia(node);
    } else {
      node.applications.erase(app);
    }
    return Term::atom("ok");
  }
  if (function == "start") {
    if (node.applications.count(app)) return already_started();
    if (app == "mnesia") {
      start_mnesia(node);
    } else {
      node.applications[app] = "23.01";
    }
    return Term::atom("ok");
  }
  if (function == "ensure_all_started") {
    std::vector<Term> started;
    if (node.mnesia != "yes") {
      start_mnesia(node);
      started.push_back(Term::atom("mnesia"));
    }
    if (app != "mnesia" && !node.applications.count(app)) {
      node.applications[app] = "23.01";
      started.push_back(Term::atom(app));
      // ejabberd makes itself a disc schema when it starts with none.
      if (!node.disc_schema && node.db_nodes == std::set<std::string>{node.name}) {
        node.tables["schema"] = table_on("set", {{"disc_copies", {node.name}}});
        node.disc_schema = true;
      }
    }
    return pair("ok", Term::list(std::move(started)));
  }
  if (function == "which_applications") {
    std::vector<Term> running;
    for (const auto& [name, version] : node.applications) {
      running.push_back(Term::tuple({Term::atom(name), Term::charlist(name), Term::charlist(version)}));
    }
    return Term::list(std::move(running));
  }
  return std::unexpected(erl::ErlError{erl::ErlError::Kind::kBadRpc, node.name, "{'EXIT',{undef,[{application," + function + "}]}}"});
}

Reply FakeCluster::join_through(FakeNode& node, const std::string& peer_name) {
  FakeNode* peer = find(peer_name);
  if (!peer || !peer->reachable || peer->mnesia != "yes") return Term::list({});  // not connected
  if (node.db_nodes.count(peer_name) && peer->db_nodes.count(node.name)) return Term::list({Term::atom(peer_name)});
  bool fresh = node.db_nodes == std::set<std::string>{node.name} && node.tables.size() == 1 &&
               node.tables.count("schema") && node.tables["schema"].storage_on(node.name) == "ram_copies";
  if (!fresh) {
    return pair("error", Term::tuple({Term::atom("merge_schema_failed"),
                                      Term::charlist("Incompatible schema cookies. Please, restart from old nodes")}));
  }
  // The peer's cluster takes the node in: its schema entry (a ram copy, until changed) and every
  // table's definition, with no copies of its own yet.
  std::vector<FakeNode*> members = members_of(*peer);
  for (FakeNode* member : members) {
    member->db_nodes.insert(node.name);
    member->tables["schema"].copies["ram_copies"].insert(node.name);
  }
  node.db_nodes = peer->db_nodes;
  node.tables = peer->tables;
  std::set<std::string> running;
  members.push_back(&node);
  for (FakeNode* member : members) {
    if (member->mnesia == "yes" && member->reachable) running.insert(member->name);
  }
  for (FakeNode* member : members) {
    if (!running.count(member->name)) continue;
    member->running_db_nodes = running;
    for (const auto& other : running) {
      if (other != member->name) member->connected.insert(other);
    }
  }
  return Term::list({Term::atom(peer_name)});
}

Reply FakeCluster::mnesia_call(FakeNode& node, const std::string& function, const std::vector<Term>& args) {
  const Term ok = Term::atom("ok");
  if (function == "stop") {
    stop_mnesia(node);
    return Term::atom("stopped");
  }
  if (function == "start") {
    if (node.mnesia != "yes") start_mnesia(node);
    return ok;
  }
  if (function == "system_info") {
    std::string item = atom_arg(args, 0);
    if (item == "is_running") return Term::atom(node.mnesia);
    if (item == "db_nodes") {
      std::vector<Term> out;
      for (const auto& name : node.db_nodes) out.push_back(Term::atom(name));
      return Term::list(std::move(out));
    }
    return std::unexpected(erl::ErlError{erl::ErlError::Kind::kBadRpc, node.name, "{'EXIT',{badarg,[" + item + "]}}"});
  }
  if (function == "set_master_nodes") {
    node.master_nodes = atom_list_arg(args, 0);
    return ok;
  }
  if (function == "delete_schema") {
    std::vector<std::string> targets = atom_list_arg(args, 0);
    std::vector<Term> running;
    for (const auto& name : targets) {
      if (FakeNode* target = find(name); target && target->mnesia == "yes") running.push_back(Term::atom(name));
    }
    if (!running.empty()) {
      return pair("error", Term::tuple({Term::charlist("Mnesia is not stopped everywhere"), Term::list(std::move(running))}));
    }
    for (const auto& name : targets) {
      // The others keep their entry for it: the stale member the planner knows about.
      if (FakeNode* target = find(name)) {
        target->disc_schema = false;
        target->tables.clear();
        target->db_nodes = {name};
      }
    }
    return ok;
  }
  if (node.mnesia != "yes") {
    // Every other call needs Mnesia running on the node it is made on.
    return pair("error", Term::tuple({Term::atom("node_not_running"), Term::atom(node.name)}));
  }
  if (function == "change_config") {
    if (atom_arg(args, 0) != "extra_db_nodes") return pair("error", Term::tuple({Term::atom("badarg"), args.empty() ? Term() : args[0]}));
    std::vector<Term> connected;
    for (const auto& peer : atom_list_arg(args, 1)) {
      Reply joined = join_through(node, peer);
      if (!joined) return joined;
      if (joined->is_tuple()) return joined;  // {error, _}
      for (const Term& name : *joined->list_elements()) connected.push_back(name);
    }
    return pair("ok", Term::list(std::move(connected)));
  }
  if (function == "wait_for_tables") {
    std::vector<Term> waiting;
    for (const auto& name : atom_list_arg(args, 0)) {
      auto table = node.tables.find(name);
      if (table == node.tables.end() || !table->second.loaded) waiting.push_back(Term::atom(name));
    }
    if (waiting.empty()) return ok;
    return pair("timeout", Term::list(std::move(waiting)));
  }
  if (function == "force_load_table") {
    std::string name = atom_arg(args, 0);
    if (!node.tables.count(name)) return pair("error", Term::tuple({Term::atom("no_exists"), Term::atom(name)}));
    // Loaded here; the members waiting for it load from this node.
    for (FakeNode* member : members_of(node)) {
      if (member->mnesia == "yes" && member->tables.count(name)) member->tables[name].loaded = true;
    }
    return Term::atom("yes");
  }

  // Schema transactions: add_table_copy, change_table_copy_type, del_table_copy.
  const std::string table = atom_arg(args, 0);
  const std::string target_name = atom_arg(args, 1);
  const std::string type = atom_arg(args, 2);
  if (function != "add_table_copy" && function != "change_table_copy_type" && function != "del_table_copy") {
    return std::unexpected(erl::ErlError{erl::ErlError::Kind::kBadRpc, node.name, "{'EXIT',{undef,[{mnesia," + function + "}]}}"});
  }
  if (!node.tables.count(table)) return aborted({Term::atom("no_exists"), Term::atom(table)});
  const FakeTable& entry = node.tables.at(table);
  const std::string have = entry.storage_on(target_name);
  FakeNode* target = find(target_name);
  if (!node.db_nodes.count(target_name)) return aborted({Term::atom("not_a_db_node"), Term::atom(target_name)});
  std::vector<FakeNode*> members = members_of(node);
  auto for_every_view = [&](auto change) {
    for (FakeNode* member : members) {
      if (member->tables.count(table)) change(member->tables[table]);
    }
  };

  if (function == "add_table_copy") {
    if (have != "unknown") return aborted({Term::atom("already_exists"), Term::atom(table), Term::atom(target_name)});
    if (!target || target->mnesia != "yes") return aborted({Term::atom("not_active"), Term::atom(table), Term::atom(target_name)});
    if (is_disc(type) && target->tables["schema"].storage_on(target_name) != "disc_copies") {
      return aborted({Term::atom("has_no_disc"), Term::atom(target_name)});
    }
    for_every_view([&](FakeTable& t) { t.copies[type].insert(target_name); });
    target->tables[table].loaded = true;
    return kAtomicOk;
  }
  if (function == "change_table_copy_type") {
    if (have == "unknown") return aborted({Term::atom("no_exists"), Term::atom(table), Term::atom(target_name)});
    if (have == type) {
      return aborted({Term::atom("already_exists"), Term::atom(table), Term::atom(target_name), Term::atom(type)});
    }
    for_every_view([&](FakeTable& t) {
      for (auto& [kind, nodes] : t.copies) nodes.erase(target_name);
      t.copies[type].insert(target_name);
    });
    if (table == "schema" && target) target->disc_schema = type == "disc_copies";
    return kAtomicOk;
  }
  // del_table_copy
  if (table == "schema") {
    if (target && target->mnesia == "yes") {
      return aborted({Term::atom("active"), Term::charlist("Mnesia is running"), Term::atom(target_name)});
    }
    for (FakeNode* member : members) {
      if (member == target) continue;  // it keeps its own (now stale) schema
      member->db_nodes.erase(target_name);
      member->running_db_nodes.erase(target_name);
      member->saw_down.erase(target_name);
      for (auto& [name, t] : member->tables) {
        for (auto& [kind, nodes] : t.copies) nodes.erase(target_name);
      }
    }
    return kAtomicOk;
  }
  if (have == "unknown") return aborted({Term::atom("no_exists"), Term::atom(table), Term::atom(target_name)});
  for_every_view([&](FakeTable& t) {
    for (auto& [kind, nodes] : t.copies) nodes.erase(target_name);
  });
  return kAtomicOk;
}

}  // namespace ejcluster::testing
