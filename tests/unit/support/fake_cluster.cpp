// FakeCluster: building the cluster, recording calls, failing on demand, and routing each call to
// its simulation (fake_replies.cpp for evaluated expressions, fake_mnesia.cpp for direct calls).
#include "fake_cluster.h"

#include <algorithm>
#include <stdexcept>

namespace ejcluster::testing {

using erl::Term;

std::string FakeTable::storage_on(const std::string& node) const {
  for (const auto& [type, nodes] : copies) {
    if (nodes.count(node)) return type;
  }
  return "unknown";
}

FakeTable table_on(const std::string& kind, std::map<std::string, std::set<std::string>> copies, std::int64_t rows,
                   bool local_content) {
  FakeTable table;
  table.kind = kind;
  table.copies = std::move(copies);
  table.rows = rows;
  table.local_content = local_content;
  return table;
}

namespace {

std::string printed(const std::vector<Term>& terms) {
  std::string out;
  for (const Term& term : terms) out += (out.empty() ? "" : ",") + term.to_string();
  return out;
}

}  // namespace

FakeNode& FakeCluster::add_node(const std::string& name, const std::optional<std::string>& app) {
  std::lock_guard guard(mutex_);
  FakeNode& node = nodes_[name];
  node = FakeNode{};
  node.name = name;
  node.db_nodes = {name};
  node.running_db_nodes = {name};
  node.tables["schema"] = table_on("set", {{"disc_copies", {name}}});
  node.applications = {{"kernel", "8.5"}, {"stdlib", "4.3"}, {"mnesia", "4.21"}};
  if (app) node.applications[*app] = "23.01";
  node.directory = "/var/lib/" + name.substr(0, name.find('@')) + "/database";
  node.schema_file = node.directory + "/ejabberd.schema";
  return node;
}

void FakeCluster::add_cluster(const std::vector<std::string>& members, std::map<std::string, FakeTable> tables,
                              const std::optional<std::string>& app) {
  std::set<std::string> all(members.begin(), members.end());
  if (!tables.count("schema")) tables["schema"] = table_on("set", {{"disc_copies", all}});
  for (const auto& name : members) add_node(name, app);
  std::lock_guard guard(mutex_);
  for (const auto& name : members) {
    FakeNode& node = nodes_.at(name);
    node.db_nodes = all;
    node.running_db_nodes = all;
    node.tables = tables;
    node.connected = all;
    node.connected.erase(name);
  }
}

FakeNode& FakeCluster::node(const std::string& name) {
  std::lock_guard guard(mutex_);
  FakeNode* found = find(name);
  if (!found) throw std::logic_error("the fake has no node " + name);
  return *found;
}

void FakeCluster::set_reachable(const std::string& name, bool reachable, erl::ErlError::Kind as) {
  std::lock_guard guard(mutex_);
  FakeNode& node = nodes_.at(name);
  node.reachable = reachable;
  node.unreachable_as = as;
}

void FakeCluster::stop_node(const std::string& name) {
  std::lock_guard guard(mutex_);
  FakeNode& node = nodes_.at(name);
  for (auto it = node.applications.begin(); it != node.applications.end();) {
    it = it->first == "kernel" || it->first == "stdlib" ? std::next(it) : node.applications.erase(it);
  }
  stop_mnesia(node);
}

void FakeCluster::lag_view(const std::string& name, int times) {
  std::lock_guard guard(mutex_);
  lags_[name] = Lag{times, std::nullopt};
}

void FakeCluster::fail_next(const std::string& node, const std::string& module, const std::string& function, Reply reply,
                            int times, int skip) {
  std::lock_guard guard(mutex_);
  injected_.push_back({node, module, function, std::move(reply), times, skip});
}

std::vector<Call> FakeCluster::calls() const {
  std::lock_guard guard(mutex_);
  return calls_;
}

std::vector<std::string> FakeCluster::call_texts() const {
  std::vector<std::string> out;
  for (const Call& call : calls()) out.push_back(call.text());
  return out;
}

std::vector<std::string> FakeCluster::actions() const {
  std::vector<std::string> out;
  for (const Call& call : calls()) {
    static const std::set<std::string> reads = {"eval:node_view", "eval:reach_seed", "ejabberd_option:hosts",
                                                "eval:free_space", "eval:table_bytes"};
    if (!reads.count(call.what())) out.push_back(call.text());
  }
  return out;
}

Term FakeCluster::view_reply(const std::string& name) const {
  std::lock_guard guard(mutex_);
  return view_reply_locked(nodes_.at(name));
}

std::string FakeCluster::local_name(const erl::NodeName&) {
  std::lock_guard guard(mutex_);
  return local_name_;
}

FakeNode* FakeCluster::find(const std::string& name) {
  auto found = nodes_.find(name);
  return found == nodes_.end() ? nullptr : &found->second;
}

const FakeNode* FakeCluster::find(const std::string& name) const {
  auto found = nodes_.find(name);
  return found == nodes_.end() ? nullptr : &found->second;
}

Reply FakeCluster::unreachable(const std::string& name) const {
  const FakeNode* node = find(name);
  auto kind = node ? node->unreachable_as : erl::ErlError::Kind::kNotRegistered;
  return std::unexpected(erl::ErlError{kind, name, "(fake) the node does not answer"});
}

Reply FakeCluster::call(const erl::NodeName& node, std::string_view module, std::string_view function,
                        const std::vector<Term>& args, std::chrono::milliseconds /*timeout*/) {
  std::lock_guard guard(mutex_);
  Call record{node.full(), std::string(module), std::string(function), printed(args)};
  std::map<std::string, Term> bindings;
  bool evaluation = module == "erl_eval" && function == "expr";
  if (evaluation) {
    bindings = bindings_of(args);
    record.module = "eval";
    record.function = expression_name(args);
    record.args.clear();
    for (const auto& [name, value] : bindings) record.args += (record.args.empty() ? "" : ",") + name + "=" + value.to_string();
  }
  calls_.push_back(record);

  auto injected = std::find_if(injected_.begin(), injected_.end(), [&](const Injected& i) {
    return i.node == record.node && i.module == record.module && i.function == record.function;
  });
  if (injected != injected_.end() && injected->skip > 0) {
    --injected->skip;
  } else if (injected != injected_.end()) {
    Reply reply = injected->reply;
    if (--injected->times <= 0) injected_.erase(injected);
    return reply;
  }

  FakeNode* target = find(record.node);
  if (!target || !target->reachable) return unreachable(record.node);
  if (evaluation) return evaluate(*target, record.function, bindings);
  return simulate(*target, record.module, record.function, args);
}

}  // namespace ejcluster::testing
