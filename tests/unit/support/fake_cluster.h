// FakeCluster: an in-memory Mnesia/ejabberd cluster behind the NodeClient interface, so that
// converge(), the step runners and the cluster lock run in a unit test with no Erlang node.
//
// What it simulates. Each node has its own picture (FakeNode): reachable or not, Mnesia running
// or not, db_nodes and running_db_nodes, its view of every table's schema entry, the applications
// it runs, its ejabberd.schema overrides. It answers
// - the expressions RemoteEvaluator sends through erl_eval:expr, recognised by their source:
//   kNodeViewQuery (a reply map in the shape decode_node_view reads), kLockHolder,
//   kPlacementOverrideWrite, kWaitForLocalTables (the heal step's wait) and the backups
//   (kMnesiaBackupExpression, kDirectoryCopyExpression: a path and a size, nothing written);
// - the direct calls the runners make (application:stop/start/ensure_all_started/
//   which_applications; mnesia:stop/start/delete_schema/change_config/add_table_copy/
//   change_table_copy_type/del_table_copy/wait_for_tables/force_load_table/set_master_nodes/
//   system_info; erlang:send), changing the pictures roughly as Mnesia would: a schema transaction
//   run on a node changes the table entries of every node of that node's cluster; a join
//   (change_config extra_db_nodes from a fresh node) merges the node into the peer's cluster.
//
// What it does not. No transactions or records (a table's rows are a count), no timing (deadlines
// are ignored, nothing is ever slow), no real partitions (a test builds one by hand from
// running_db_nodes), no distribution (connected is whatever the test and joins make it), and no
// check of arguments beyond what the simulated replies need. A call it does not know answers
// kBadRpc {'EXIT', undef}, so a runner calling something new fails loudly.
//
// Recording: every call is recorded in order (Call). Evaluated expressions are recorded with
// module "eval" and the expression's name as function ("node_view", "lock_holder",
// "placement_override_write", "wait_for_local_tables", "mnesia_backup", "directory_copy", or
// "unknown"), their bindings as args.
// Failing on demand uses the same names: fail_next("ejabberd2@h", "mnesia", "change_config", reply).
//
// Threads: observe_cluster queries every node at once, so every member function takes one lock.
#pragma once

#include <cstdint>
#include <deque>
#include <expected>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "erl/node_client.h"
#include "erl/term.h"

namespace ejcluster::testing {

// One node's view of one table's schema entry (and the rows of its own copy).
struct FakeTable {
  std::string kind = "set";  // set | ordered_set | bag
  bool local_content = false;
  std::map<std::string, std::set<std::string>> copies;  // storage type -> nodes
  std::int64_t rows = 0;  // in each copy (the fake keeps copies identical)
  bool loaded = true;     // false: this node waits for the table (where_to_read is nowhere)

  // The storage type of `node`'s copy, or "unknown" when it holds none (as table_info answers).
  std::string storage_on(const std::string& node) const;
};

struct FakeNode {
  std::string name;
  bool reachable = true;
  erl::ErlError::Kind unreachable_as = erl::ErlError::Kind::kNotRegistered;
  std::string mnesia = "yes";  // yes | no
  bool disc_schema = true;     // false once delete_schema ran: the next start makes a fresh one
  std::set<std::string> db_nodes;
  std::set<std::string> running_db_nodes;
  std::map<std::string, FakeTable> tables;  // kept while Mnesia is stopped (it is on disc)
  std::map<std::string, std::string> applications;  // running application -> version
  std::string otp_release = "25";
  std::string directory;
  std::string schema_file;  // ejabberd.schema's path
  std::optional<std::map<std::string, std::string>> overrides = std::map<std::string, std::string>{};  // nullopt: unreadable
  std::set<std::string> connected;
  std::set<std::string> saw_down;
  std::vector<std::string> master_nodes;
  // What the pre-flight checks read: free space where its Mnesia directory is, whether it reaches
  // the other nodes (their epmd and port: kReachSeedQuery), the ejabberd virtual hosts it serves.
  std::int64_t free_kib = 10'000'000;
  bool reaches_others = true;
  std::vector<std::string> hosts = {"localhost"};
};

// What a row takes in the seed's accounting of its tables (kTableBytesQuery).
inline constexpr std::int64_t kFakeBytesPerRow = 100;

// One recorded call: "ejabberd3@h mnesia:add_table_copy(roster,ejabberd3@h,disc_copies)".
struct Call {
  std::string node;
  std::string module;    // "eval" for an evaluated expression
  std::string function;  // the expression's name for "eval"
  std::string args;      // the arguments (for "eval": the bindings) as Erlang prints them, comma-separated

  std::string what() const { return module + ":" + function; }
  std::string text() const { return node + " " + what() + "(" + args + ")"; }
};

using Reply = std::expected<erl::Term, erl::ErlError>;

class FakeCluster : public erl::NodeClient {
 public:
  static constexpr std::string_view kLocalName = "ejcluster_test@localhost";

  // --- building the cluster -------------------------------------------------------------------

  // A node running Mnesia and `app` (if any) on its own: a disc schema and nothing else.
  FakeNode& add_node(const std::string& name, const std::optional<std::string>& app = "ejabberd");
  // Nodes that form one cluster, every one running, each with this view of `tables` (the schema
  // table is added, disc_copies on every member, unless given).
  void add_cluster(const std::vector<std::string>& members, std::map<std::string, FakeTable> tables,
                   const std::optional<std::string>& app = "ejabberd");
  // The node's picture, to set up what the builders do not (unlocked: before a run, not during one).
  FakeNode& node(const std::string& name);  // must exist
  void set_reachable(const std::string& name, bool reachable,
                     erl::ErlError::Kind as = erl::ErlError::Kind::kNotRegistered);
  // Stops Mnesia and the application on `name` as if stopped by hand (the others see it go).
  void stop_node(const std::string& name);
  // The node's view answers as it is at the next state-changing call, for `times` queries after it:
  // a view lagging behind a change.
  void lag_view(const std::string& name, int times);
  // The lock holder answers `timeout`: another apply holds the lock.
  void refuse_lock() { std::lock_guard guard(mutex_); lock_refused_ = true; }
  // What local_name() answers ("" : this client has no C node name).
  void set_local_name(std::string name) { std::lock_guard guard(mutex_); local_name_ = std::move(name); }

  // --- failing on demand ----------------------------------------------------------------------

  // The next `times` calls of module:function on `node` answer `reply` (a term or an error), and
  // change nothing; with `skip`, only after that many such calls have been answered as usual.
  void fail_next(const std::string& node, const std::string& module, const std::string& function, Reply reply,
                 int times = 1, int skip = 0);

  // --- what happened --------------------------------------------------------------------------

  std::vector<Call> calls() const;
  std::vector<std::string> call_texts() const;  // Call::text() of each, in order
  // The calls other than observation (eval:node_view) and the pre-flight reads (eval:reach_seed,
  // ejabberd_option:hosts, eval:free_space, eval:table_bytes): what a run did, in order.
  std::vector<std::string> actions() const;
  bool lock_held() const { std::lock_guard guard(mutex_); return lock_holder_.has_value(); }
  void clear_calls() { std::lock_guard guard(mutex_); calls_.clear(); }

  // The observation reply for `name` as kNodeViewQuery would answer now.
  erl::Term view_reply(const std::string& name) const;

  // --- erl::NodeClient ------------------------------------------------------------------------

  Reply call(const erl::NodeName& node, std::string_view module, std::string_view function,
             const std::vector<erl::Term>& args, std::chrono::milliseconds timeout) override;
  std::string local_name(const erl::NodeName& target) override;

 private:
  struct Injected {
    std::string node, module, function;
    Reply reply;
    int times;
    int skip;
  };

  // Replies (fake_replies.cpp): the evaluated expressions.
  std::string expression_name(const std::vector<erl::Term>& args) const;
  static std::map<std::string, erl::Term> bindings_of(const std::vector<erl::Term>& args);
  erl::Term view_reply_locked(const FakeNode& node) const;
  Reply evaluate(FakeNode& node, const std::string& expression, const std::map<std::string, erl::Term>& bindings);

  // Mnesia and the application controller (fake_mnesia.cpp): the direct calls.
  Reply simulate(FakeNode& node, const std::string& module, const std::string& function,
                 const std::vector<erl::Term>& args);
  Reply application_call(FakeNode& node, const std::string& function, const std::vector<erl::Term>& args);
  Reply mnesia_call(FakeNode& node, const std::string& function, const std::vector<erl::Term>& args);
  void start_mnesia(FakeNode& node);
  void stop_mnesia(FakeNode& node);
  Reply join_through(FakeNode& node, const std::string& peer);
  // The nodes of `node`'s cluster, as its db_nodes name them (itself included), that the fake knows.
  std::vector<FakeNode*> members_of(const FakeNode& node);
  void before_change();  // takes the snapshots lag_view() asked for

  FakeNode* find(const std::string& name);
  const FakeNode* find(const std::string& name) const;
  Reply unreachable(const std::string& name) const;

  mutable std::mutex mutex_;
  std::map<std::string, FakeNode> nodes_;
  std::vector<Call> calls_;
  std::deque<Injected> injected_;
  struct Lag {
    int times;
    std::optional<erl::Term> snapshot;
  };
  std::map<std::string, Lag> lags_;
  std::optional<erl::Term> lock_holder_;  // the holder's pid while the lock is held
  int next_pid_ = 100;
  bool lock_refused_ = false;
  std::string local_name_{kLocalName};
};

// Builders for tests.
FakeTable table_on(const std::string& kind, std::map<std::string, std::set<std::string>> copies, std::int64_t rows = 0,
                   bool local_content = false);

}  // namespace ejcluster::testing
