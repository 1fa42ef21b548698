// FakeCluster: the expressions RemoteEvaluator sends. Each is recognised by its source (the
// exported constants; the heal step's wait by its text) and answered in the shape the code decodes.
#include <string>

#include "cluster/cluster_lock.h"
#include "cluster/dropped_records.h"
#include "cluster/node_backup.h"
#include "cluster/node_query.h"
#include "cluster/preflight_facts.h"
#include "cluster/step_runners.h"
#include "fake_cluster.h"
#include "terms.h"

namespace ejcluster::testing {

using erl::Term;

namespace {

// The source text an erl_eval:expr call carries: {'S', Binary} in its second argument.
const std::string* source_of(const std::vector<Term>& args) {
  if (args.size() < 2 || !args[1].list_elements()) return nullptr;
  for (const Term& pair : *args[1].list_elements()) {
    if (pair.is_tuple(2) && (*pair.tuple_elements())[0].is_atom("S")) {
      if (const auto* binary = std::get_if<erl::Binary>(&(*pair.tuple_elements())[1].value())) return &binary->bytes;
    }
  }
  return nullptr;
}

}  // namespace

std::string FakeCluster::expression_name(const std::vector<Term>& args) const {
  const std::string* source = source_of(args);
  if (!source) return "unknown";
  if (*source == cluster::kNodeViewQuery) return "node_view";
  if (*source == cluster::kLockHolder) return "lock_holder";
  if (*source == cluster::kPlacementOverrideWrite) return "placement_override_write";
  if (*source == cluster::kWaitForLocalTables) return "wait_for_local_tables";
  if (*source == cluster::kFreeSpaceQuery) return "free_space";
  if (*source == cluster::kReachSeedQuery) return "reach_seed";
  if (*source == cluster::kTableBytesQuery) return "table_bytes";
  if (*source == cluster::kMnesiaBackupExpression) return "mnesia_backup";
  if (*source == cluster::kDirectoryCopyExpression) return "directory_copy";
  if (*source == cluster::kDroppedRecordsQuery) return "dropped_records";
  return "unknown";
}

std::map<std::string, Term> FakeCluster::bindings_of(const std::vector<Term>& args) {
  std::map<std::string, Term> out;
  if (args.size() < 2 || !args[1].list_elements()) return out;
  for (const Term& pair : *args[1].list_elements()) {
    if (!pair.is_tuple(2) || !(*pair.tuple_elements())[0].is_atom("B")) continue;
    const auto* bound = (*pair.tuple_elements())[1].list_elements();
    if (!bound) continue;
    for (const Term& binding : *bound) {
      if (binding.is_tuple(2) && binding.tuple_elements()->front().atom_name()) {
        out[*binding.tuple_elements()->front().atom_name()] = (*binding.tuple_elements())[1];
      }
    }
  }
  return out;
}

Term FakeCluster::view_reply_locked(const FakeNode& node) const {
  std::vector<Term> applications;
  for (const auto& [app, version] : node.applications) {
    applications.push_back(Term::tuple({Term::atom(app), Term::charlist(version)}));
  }
  Term overrides = Term::tuple({Term::atom("error"), Term::atom("unreadable")});
  if (node.overrides) {
    std::vector<Term> entries;
    for (const auto& [table, type] : *node.overrides) entries.push_back(Term::tuple({Term::atom(table), Term::atom(type)}));
    overrides = Term::tuple({Term::charlist(node.schema_file), Term::list(std::move(entries))});
  }
  std::vector<std::pair<const char*, Term>> fields = {
      {"self", Term::atom(node.name)},
      {"otp_release", Term::charlist(node.otp_release)},
      {"mnesia", Term::atom(node.mnesia)},
      {"applications", Term::list(std::move(applications))},
      {"connected", atoms(node.connected)},
      {"db_nodes", atoms(node.db_nodes)},
      {"directory", Term::charlist(node.directory)},
      {"placement_overrides", overrides},
  };
  if (node.mnesia != "yes") {
    fields.push_back({"running_db_nodes", Term::list({})});
    fields.push_back({"tables", table_columns({})});
    return map_of(std::move(fields));
  }
  std::vector<Term> tables;
  for (const auto& [name, table] : node.tables) {
    auto copies = [&](const char* type) {
      auto found = table.copies.find(type);
      return found == table.copies.end() ? Term::list({}) : atoms(found->second);
    };
    std::string storage = table.storage_on(node.name);
    // Fields in the order of node_query.cpp's TableColumn; Mnesia sizes a table held elsewhere as 0.
    tables.push_back(Term::tuple({Term::atom(name), Term::atom(storage), Term::atom(table.kind),
                                  Term::atom(table.local_content ? "true" : "false"), copies("ram_copies"),
                                  copies("disc_copies"), copies("disc_only_copies"),
                                  Term::atom(table.loaded ? node.name : "nowhere"),
                                  Term::integer(storage == "unknown" ? 0 : table.rows)}));
  }
  fields.push_back({"running_db_nodes", atoms(node.running_db_nodes)});
  fields.push_back({"saw_down", atoms(node.saw_down)});
  fields.push_back({"tables", table_columns(tables)});
  return map_of(std::move(fields));
}

Reply FakeCluster::evaluate(FakeNode& node, const std::string& expression, const std::map<std::string, Term>& bindings) {
  auto bad_rpc = [&](const std::string& why) { return std::unexpected(erl::ErlError{erl::ErlError::Kind::kBadRpc, node.name, why}); };
  if (expression == "node_view") {
    if (auto lag = lags_.find(node.name); lag != lags_.end() && lag->second.snapshot && lag->second.times > 0) {
      --lag->second.times;
      return *lag->second.snapshot;
    }
    return view_reply_locked(node);
  }
  if (expression == "lock_holder") {
    // Another holder (a refused lock, or one this fake already handed out) keeps it past WaitMs.
    if (lock_refused_ || lock_holder_) return Term::atom("timeout");
    std::string number = std::to_string(next_pid_++);
    Term pid(erl::Opaque{erl::Opaque::Kind::kPid, "fake-pid-" + number, "<0." + number + ".0>"});
    lock_holder_ = pid;
    return Term::tuple({Term::atom("locked"), pid});
  }
  if (expression == "placement_override_write") {
    if (!node.overrides) return bad_rpc("{{badmatch,{error,unreadable}},[]}");
    auto overrides = bindings.find("Overrides");
    if (overrides == bindings.end() || !overrides->second.list_elements()) return bad_rpc("{unbound_var,'Overrides'}");
    before_change();
    for (const Term& entry : *overrides->second.list_elements()) {
      const auto* pair = entry.tuple_elements();
      if (!pair || pair->size() != 2 || !(*pair)[0].atom_name() || !(*pair)[1].atom_name()) return bad_rpc("function_clause");
      (*node.overrides)[*(*pair)[0].atom_name()] = *(*pair)[1].atom_name();
    }
    return Term::charlist(node.schema_file);
  }
  if (expression == "wait_for_local_tables") {
    if (node.mnesia != "yes") return Term::tuple({Term::atom("error"), Term::tuple({Term::atom("node_not_running"), Term::atom(node.name)})});
    std::vector<Term> waiting;
    for (const auto& [name, table] : node.tables) {
      if (table.storage_on(node.name) != "unknown" && !table.loaded) waiting.push_back(Term::atom(name));
    }
    if (waiting.empty()) return Term::atom("ok");
    return Term::tuple({Term::atom("timeout"), Term::list(std::move(waiting))});
  }
  if (expression == "reach_seed") {
    auto seed = bindings.find("Seed");
    const FakeNode* peer = seed == bindings.end() || !seed->second.atom_name() ? nullptr : find(*seed->second.atom_name());
    if (node.reaches_others && peer && peer->reachable) return Term::atom("ok");
    return Term::tuple({Term::atom("error"), Term::tuple({Term::atom("connect"), Term::integer(4370), Term::atom("ehostunreach")})});
  }
  if (expression == "free_space") {
    std::string df = "Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/fake 99999999 0 " +
                     std::to_string(node.free_kib) + " 0% /\n";
    return Term::tuple({Term::atom("ok"), Term::binary(df)});
  }
  if (expression == "table_bytes") {
    std::vector<Term> sizes;
    for (const auto& [name, table] : node.tables) {
      sizes.push_back(Term::tuple({Term::atom(name), Term::integer(table.rows * kFakeBytesPerRow)}));
    }
    return Term::list(std::move(sizes));
  }
  if (expression == "dropped_records") {
    // No records: a fake table is a row count. A test that needs some answers with fail_next.
    return Term::list({});
  }
  if (expression == "mnesia_backup" || expression == "directory_copy") {
    // A backup of what the node holds, where the expression would write it (without the time).
    auto dir = bindings.find("Dir");
    auto op = bindings.find("Op");
    if (dir == bindings.end() || op == bindings.end() || !dir->second.text() || !op->second.text()) {
      return bad_rpc("{unbound_var,'Dir'}");
    }
    std::int64_t rows = 0;
    for (const auto& [name, table] : node.tables) rows += table.rows;
    std::string suffix = expression == "mnesia_backup" ? ".mnesia-backup" : ".mnesia-dir";
    return Term::tuple({Term::atom("ok"), Term::binary(*dir->second.text() + "/" + node.name + "/" + *op->second.text() + suffix),
                        Term::integer(1024 + rows * kFakeBytesPerRow)});
  }
  return bad_rpc("{'EXIT',undef}");
}

}  // namespace ejcluster::testing
