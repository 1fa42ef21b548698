#include "model/planner.h"
#include "util/join.h"

#include <algorithm>
#include <optional>
#include <set>

namespace ejcluster::cluster {

std::map<std::string, std::int64_t> data_held(const NodeView& node) {
  std::map<std::string, std::int64_t> held;
  for (const TableView& table : node.tables) {
    if (table.name == "schema" || table.local_content || !is_disc(table.local_storage) || !table.local_size) continue;
    if (*table.local_size > 0) held[table.name] = *table.local_size;
  }
  return held;
}

namespace {

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

std::string listing(const std::vector<std::string>& items) { return util::join(items); }

std::string describe_data(const std::map<std::string, std::int64_t>& held) {
  std::string out;
  std::size_t shown = 0;
  for (const auto& [table, rows] : held) {
    if (shown++ == 3) {
      out += ", ...";
      break;
    }
    out += (out.empty() ? "" : ", ") + table + ": " + std::to_string(rows) + " rows";
  }
  return out;
}

// Everything the planning functions share: the inputs and the seed's cluster.
class Planner {
 public:
  Planner(const DesiredState& desired, const ClusterState& observed) : desired_(desired), observed_(observed) {}

  Plan run() {
    choose_seed();
    warn_of_a_lone_fresh_seed();
    // A cluster that is split, or that waits for tables after a full outage, is made whole before
    // anything else is planned (or nothing is, when the operator has not chosen how).
    if (!plan_.seed.empty() && (plan_partition() || plan_cold_start())) return std::move(plan_);
    plan_starts();
    if (plan_.seed.empty()) return std::move(plan_);
    plan_joins();
    plan_placement();
    plan_overrides();
    for (Step& start : late_starts_) plan_.steps.push_back(std::move(start));
    plan_removals();
    return std::move(plan_);
  }

 private:
  const NodeView* observation(const std::string& node) const { return observed_.view_of(node); }

  const Cluster* cluster_of(const std::string& node) const {
    for (const auto& cluster : observed_.clusters) {
      if (contains(cluster.observed_via, node)) return &cluster;
    }
    return nullptr;
  }

  bool listed(const std::string& node) const {
    return std::any_of(desired_.nodes.begin(), desired_.nodes.end(), [&](const erl::NodeName& n) { return n.full() == node; });
  }

  // Whether `node` answered with Mnesia running; otherwise a reason to give.
  std::optional<std::string> not_usable(const std::string& node) const {
    const NodeView* seen = observation(node);
    // A refusal names its node already ("refused join on X: ..."): the reason does not again.
    if (!seen) return std::string("it was not observed");
    if (!seen->reachable()) return "it did not answer: " + seen->error->reason();
    if (!seen->mnesia_running()) return "Mnesia is not running on it (" + std::string(to_string(seen->mnesia)) + ")";
    return std::nullopt;
  }

  void refuse(std::optional<StepKind> step, std::string node, std::string table, std::string reason) {
    plan_.refused.push_back({step, std::move(node), std::move(table), std::move(reason)});
  }

  // The seed: as given, else the first listed node that runs Mnesia and holds data, else the
  // first listed node that runs Mnesia.
  void choose_seed() {
    if (desired_.seed) {
      if (auto why = not_usable(*desired_.seed)) return refuse(std::nullopt, *desired_.seed, "", "the seed cannot be used: " + *why);
      plan_.seed = *desired_.seed;
    } else {
      for (const auto& node : desired_.nodes) {
        const NodeView* seen = observation(node.full());
        if (!not_usable(node.full()) && !data_held(*seen).empty()) {
          plan_.seed = node.full();
          break;
        }
      }
      for (const auto& node : desired_.nodes) {
        if (plan_.seed.empty() && !not_usable(node.full())) plan_.seed = node.full();
      }
      if (plan_.seed.empty()) {
        return refuse(std::nullopt, "", "", "no listed node answered with Mnesia running, so there is no seed to build on");
      }
    }
    seed_cluster_ = cluster_of(plan_.seed);
  }

  // A wiped member started alone has a fresh schema of its own, and any old member that boots
  // then stops at once ("Failed to merge schema: Bad cookie in table definition"): the others
  // stay down, and this node, the only one up, becomes the seed of nothing. Say what it likely is.
  void warn_of_a_lone_fresh_seed() {
    if (plan_.seed.empty() || !seed_cluster_ || seed_cluster_->members.size() != 1) return;
    const NodeView* seed = observation(plan_.seed);
    if (!seed || !data_held(*seed).empty()) return;
    std::vector<std::string> down;
    for (const auto& node : desired_.nodes) {
      if (node.full() == plan_.seed) continue;
      const NodeView* seen = observation(node.full());
      if (!seen || seen->reachable()) return;  // another node is up: a cluster is being formed or grown
      down.push_back(node.full());
    }
    if (down.empty()) return;
    bool one = down.size() == 1;
    plan_.warnings.push_back(
        plan_.seed + " is the only listed node that runs, alone and with no data, and " + listing(down) +
        (one ? " does not answer. If it is a member of its cluster and stops" : " do not answer. If they are its cluster's members and stop") +
        " at boot with \"Failed to merge schema: Bad cookie in table definition\", " + plan_.seed +
        "'s disk was wiped and its fresh schema stops " + (one ? "it" : "them") + ": stop " + plan_.seed + ", start the " +
        (one ? "other" : "others") + " (" + (one ? "it loads its" : "they load their") + " data), then run apply, which joins " +
        plan_.seed + " again");
  }

  // The seed's cluster split into sides: with heal_partitions every node off the seed's side is
  // rolled back to it, else each is refused, with the choice spelled out. True when split.
  bool plan_partition() {
    if (!seed_cluster_ || !seed_cluster_->partitioned()) return false;
    std::vector<std::string> winners = seed_cluster_->side_of(plan_.seed);
    std::vector<std::string> losers;
    for (const auto& side : seed_cluster_->sides) {
      if (side != winners) losers.insert(losers.end(), side.begin(), side.end());
    }
    std::sort(losers.begin(), losers.end());
    for (const auto& node : losers) {
      if (desired_.heal_partitions) {
        plan_.steps.push_back(Step{.kind = StepKind::kHealPartition, .node = node, .via = plan_.seed, .masters = winners, .backup = true});
      } else {
        refuse(StepKind::kHealPartition, node, "",
               "the cluster is partitioned: " + node + " runs apart from the seed's side (" + listing(winners) +
                   "), and Mnesia will not merge the sides by itself; nothing else is changed while it stands. "
                   "Set \"heal_partitions\": true to restart " + listing(losers) + " from the seed's side: what " +
                   (losers.size() == 1 ? "it" : "they") + " wrote since the split is lost (or pick another seed)");
      }
    }
    return true;
  }

  // Members wait for tables after a full outage: with force_load_from, that node loads its own
  // copies as they are and the others load from it; without, nothing is done and the refusal
  // says which node went down last (start it first) and what forcing costs. True when waiting.
  bool plan_cold_start() {
    if (!seed_cluster_ || seed_cluster_->waiting.empty()) return false;
    const auto& waiting = seed_cluster_->waiting;
    // Who went down last and can be started; and who went down last but runs already, as a
    // cluster of its own (its disk was wiped): its copies are gone, and starting helps nothing.
    std::vector<std::string> to_start, fresh;
    for (const auto& node : seed_cluster_->went_down_last) {
      const NodeView* seen = observation(node);
      (seen && seen->reachable() && seen->mnesia_running() ? fresh : to_start).push_back(node);
    }
    std::string last;
    if (!to_start.empty()) {
      last = listing(to_start) + " went down after them, as their records tell; starting " +
             (to_start.size() == 1 ? "it" : "one of them") + " lets them load without loss";
    } else if (!fresh.empty()) {
      bool one = fresh.size() == 1;
      last = listing(fresh) + " went down after them, as their records tell, but " + (one ? "it runs" : "they run") +
             " now on " + (one ? "its" : "their") + " own with a fresh schema (a wiped disk?), without the cluster's data, "
             "so starting nothing will help";
    } else {
      last = "which member went down last cannot be told from their records";
    }
    std::string then = to_start.empty() && !fresh.empty() ? ". Set" : ". Or set";
    if (!desired_.force_load_from) {
      for (const auto& node : waiting) {
        const NodeView* seen = observation(node);
        refuse(StepKind::kForceLoad, node, "",
               node + " waits for tables (" + listing(seen->waiting_for_tables) + ") after the members went down: " + last +
                   then + " \"force_load_from\" to one of " + listing(waiting) +
                   " to load its copies as they are (what was written after it went down is lost)");
      }
      return true;
    }
    const std::string& chosen = *desired_.force_load_from;
    if (!contains(waiting, chosen)) {
      refuse(StepKind::kForceLoad, chosen, "", "force_load_from names " + chosen + ", which is not waiting for tables (waiting: " +
                                           listing(waiting) + ")");
      return true;
    }
    Step load{.kind = StepKind::kForceLoad, .node = chosen, .via = chosen};
    for (const TableView& table : observation(chosen)->tables) {
      // Its own copies only: a table it does not hold loads from whoever does, once they run.
      if (!table.loaded && table.local_storage) load.tables.emplace_back(table.name, *table.local_storage);
    }
    plan_.steps.push_back(std::move(load));
    plan_.warnings.push_back("forcing " + chosen + " to load its tables as they are: " + last);
    return true;
  }

  // What `node` should hold of `table`.
  struct Want {
    bool decided = false;  // false: leave it as it is (no request, and the seed holds no copy to follow)
    Copy copy{};           // a storage type, or none
  };
  Want wanted_type(const std::string& table, const std::string& node) const {
    if (auto request = desired_.tables.find(table); request != desired_.tables.end()) {
      if (request->second.type) return {true, request->second.type};
      for (const auto& [type, nodes] : request->second.copies) {
        if (contains(nodes, node)) return {true, type};
      }
      return {true, std::nullopt};  // no copy
    }
    auto placement = seed_cluster_->tables.find(table);
    if (placement == seed_cluster_->tables.end()) return {};
    Copy seed_copy = placement->second.storage_on(plan_.seed);
    if (!seed_copy) return {};
    return {true, seed_copy};
  }

  // Listed nodes that answer but run neither Mnesia nor the application (stopped by hand, or by
  // an apply that died half way) are started first; what they need beyond that is planned once
  // they run (apply plans again after this round). A node outside the seed's cluster whose Mnesia
  // runs is left to its join, which restarts the application anyway.
  void plan_starts() {
    for (const auto& name : desired_.nodes) {
      const std::string& node = name.full();
      const NodeView* seen = observation(node);
      if (!seen || !seen->reachable()) continue;
      bool app_running = !desired_.app || seen->applications.count(*desired_.app);
      if (seen->mnesia_running() && app_running) continue;
      bool member = seed_cluster_ && contains(seed_cluster_->members, node);
      if (!member && (seen->mnesia_running() || contains(desired_.allow_data_loss, node))) continue;  // its join does it
      Step start{.kind = StepKind::kStartNode, .node = node, .via = node};
      if (seen->mnesia_running()) {
        // Mnesia runs: the application starts last, once its tables are in place (a join that
        // died half way leaves the schema and tables to finish first).
        late_starts_.push_back(std::move(start));
        continue;
      }
      plan_.steps.push_back(std::move(start));
      starting_.push_back(node);
      plan_.warnings.push_back(node + " is started first; apply plans what else it needs once it runs");
    }
  }

  // A member whose disk was wiped comes back with a fresh schema of its own: the seed's cluster
  // still lists it, but it answers as a cluster of one that does not list the seed. Such a node
  // cannot rejoin while the stale entry stands ("Bad cookie in table definition"), so the entry is
  // dropped on the seed first, and the node is then joined like any other.
  bool is_stale_member(const std::string& node) const {
    const NodeView* seen = observation(node);
    return seen && seen->reachable() && seen->mnesia_running() && contains(seed_cluster_->members, node) &&
           !contains(seed_cluster_->observed_via, node) && !contains(seen->db_nodes, plan_.seed) &&
           !contains(seed_cluster_->running, node);
  }

  void plan_joins() {
    // Every stale entry is dropped before the first join: a join merges the node's schema with
    // the seed's, and any wiped member's entry still there fails it ("Bad cookie in table definition").
    std::vector<Step> stale_removals, joins;
    for (const auto& name : desired_.nodes) {
      const std::string& node = name.full();
      bool stale = is_stale_member(node);
      if (contains(seed_cluster_->members, node) && !stale) continue;
      if (contains(starting_, node)) continue;  // judged once it runs
      const NodeView* seen = observation(node);
      bool allowed = contains(desired_.allow_data_loss, node);
      if (!seen || !seen->reachable()) {
        refuse(StepKind::kJoin, node, "", *not_usable(node) + "; it cannot be joined now");
        continue;
      }
      if (!seen->mnesia_running() && !allowed) {
        refuse(StepKind::kJoin, node, "", "Mnesia is not running on " + node +
                                     ", so whether it holds data cannot be seen; start it, or list it in allow_data_loss");
        continue;
      }
      if (auto held = data_held(*seen); !held.empty() && !allowed) {
        refuse(StepKind::kJoin, node, "", node + " holds data that joining would delete (" + describe_data(held) +
                                     "); list it in allow_data_loss to join it anyway");
        continue;
      }
      if (const Cluster* other = cluster_of(node); other && other->members.size() > 1) {
        // Its old cluster keeps its schema entry unless every other member is reset too; a stale
        // entry is what later stops a node from rejoining ("Bad cookie in table definition").
        std::vector<std::string> unlisted, silent;
        for (const auto& member : other->members) {
          if (member == node) continue;
          if (!listed(member)) {
            unlisted.push_back(member);
          } else if (not_usable(member)) {
            silent.push_back(member);
          }
        }
        if (!unlisted.empty()) {
          refuse(StepKind::kJoin, node, "", node + " is a member of another cluster with " + listing(unlisted) +
                                       ", which are not listed; take it out of that cluster first");
          continue;
        }
        if (!silent.empty()) {
          refuse(StepKind::kJoin, node, "", node + " is a member of another cluster whose members " + listing(silent) +
                                       " do not answer; they would keep a stale entry for it");
          continue;
        }
      }
      if (stale) {
        stale_removals.push_back(Step{.kind = StepKind::kRemoveNode, .node = node, .via = plan_.seed, .node_running = false});
        stale_.push_back(node);
      }
      // Data it holds (or may hold: its Mnesia is down) is saved first; a stale member's is the
      // fresh schema it made itself, and a node that holds nothing has nothing to save.
      bool drops_data = allowed && (!seen->mnesia_running() || !data_held(*seen).empty());
      Step join{.kind = StepKind::kJoin, .node = node, .via = plan_.seed, .backup = drops_data};
      for (const auto& [table, placement] : seed_cluster_->tables) {
        if (table == "schema") {
          // The schema is made a disc copy first (Mnesia needs it on disc before disc tables).
          if (placement.storage_on(plan_.seed) == StorageType::kDisc) {
            join.tables.insert(join.tables.begin(), {table, StorageType::kDisc});
          }
          continue;
        }
        Want want = placement.local_content ? Want{true, placement.storage_on(plan_.seed)} : wanted_type(table, node);
        if (want.copy) join.tables.emplace_back(table, *want.copy);
      }
      joins.push_back(std::move(join));
      joined_.push_back(node);
    }
    plan_.steps.insert(plan_.steps.end(), std::make_move_iterator(stale_removals.begin()), std::make_move_iterator(stale_removals.end()));
    plan_.steps.insert(plan_.steps.end(), std::make_move_iterator(joins.begin()), std::make_move_iterator(joins.end()));
  }

  void plan_placement() {
    std::vector<Step> schema_steps, adds, changes, deletes;
    // The disc replicas (and all copies) each table will have once the plan has run, to guard
    // the last one.
    std::map<std::string, std::set<std::string>> disc_after;
    for (const auto& [table, placement] : seed_cluster_->tables) {
      for (const auto& member : seed_cluster_->members) {
        Copy copy = placement.storage_on(member);
        if (is_disc(copy)) disc_after[table].insert(member);
        if (copy) holders_after_[table].insert(member);
      }
    }
    for (const auto& name : desired_.nodes) {
      const std::string& node = name.full();
      if (!contains(seed_cluster_->members, node) || contains(stale_, node)) continue;  // joins copy their tables
      for (const auto& [table, placement] : seed_cluster_->tables) {
        if (placement.local_content) continue;  // each node's own; set by the application
        Want want = wanted_type(table, node);
        Copy have = placement.storage_on(node);
        if (!want.decided || want.copy == have) continue;
        if (contains(starting_, node) && !observation(node)->mnesia_running()) continue;  // next round
        if (auto why = not_usable(node)) {
          refuse(!want.copy ? StepKind::kDelTableCopy : !have ? StepKind::kAddTableCopy : StepKind::kChangeTableCopyType, node,
                 table, *why);
          refused_placement_.insert({table, node});
          continue;
        }
        Step step{.node = node, .via = plan_.seed, .table = table, .type = want.copy, .from_type = have};
        if (!want.copy) {
          step.kind = StepKind::kDelTableCopy;
          deletes.push_back(step);
        } else if (!have) {
          step.kind = StepKind::kAddTableCopy;
          (table == "schema" ? schema_steps : adds).push_back(step);
        } else {
          step.kind = StepKind::kChangeTableCopyType;
          (table == "schema" ? schema_steps : changes).push_back(step);
        }
        if (is_disc(want.copy)) {
          disc_after[table].insert(node);
        } else {
          disc_after[table].erase(node);
        }
        if (!want.copy) {
          holders_after_[table].erase(node);
        } else {
          holders_after_[table].insert(node);
        }
      }
    }
    // Replicas that go to disc before those that leave it, so that a table never has fewer disc
    // replicas between two steps than it has at the end.
    std::stable_partition(changes.begin(), changes.end(), [](const Step& step) { return is_disc(step.type); });
    for (auto* group : {&schema_steps, &adds, &changes, &deletes}) {
      for (Step& step : *group) {
        bool was_disc = is_disc(step.from_type);
        if (was_disc && !is_disc(step.type) && disc_after[step.table].empty()) {
          refuse(step.kind, step.node, step.table,
                 "it would leave table " + step.table + " without a disc replica");
          refused_placement_.insert({step.table, step.node});
          holders_after_[step.table].insert(step.node);  // it keeps its copy
          continue;
        }
        plan_.steps.push_back(std::move(step));
      }
    }
    disc_after_ = std::move(disc_after);
  }

  // ejabberd puts each table back to its module's default type at boot unless the node's
  // ejabberd.schema says otherwise: every type that was asked for, or that the seed has by
  // override, is written there on every member.
  void plan_overrides() {
    if (!desired_.app) return;
    const NodeView* seed = observation(plan_.seed);
    std::map<std::string, StorageType> seed_overrides = seed->placement_overrides.value_or(std::map<std::string, StorageType>{});
    for (const auto& name : desired_.nodes) {
      const std::string& node = name.full();
      if (!contains(seed_cluster_->members, node) && !contains(joined_, node)) continue;  // not a member, not joining
      std::map<std::string, StorageType> want;
      for (const auto& [table, type] : seed_overrides) {
        if (!desired_.tables.count(table) && node != plan_.seed) want[table] = type;
      }
      for (const auto& [table, request] : desired_.tables) {
        // An override backs a placement; one whose change was refused would make ejabberd do it at boot.
        if (refused_placement_.count({table, node})) continue;
        if (Copy copy = wanted_type(table, node).copy) want[table] = *copy;
      }
      if (want.empty()) continue;
      const NodeView* seen = observation(node);
      // A node that did not answer is reported as such; what its file holds is read when it does.
      if (!seen || !seen->reachable()) continue;
      if (!seen->placement_overrides) {
        refuse(StepKind::kSetPlacementOverride, node, "", "its ejabberd.schema (" + seen->placement_override_file +
                                                       ") could not be read, and it is not overwritten unread");
        continue;
      }
      const std::map<std::string, StorageType>& have = *seen->placement_overrides;
      Step step{.kind = StepKind::kSetPlacementOverride, .node = node, .via = node};
      for (const auto& [table, type] : want) {
        auto current = have.find(table);
        if (current == have.end() || current->second != type) step.tables.emplace_back(table, type);
      }
      if (step.tables.empty()) continue;
      // A joining node's application reads the file when the join starts it again: write it first.
      auto join = std::find_if(plan_.steps.begin(), plan_.steps.end(),
                               [&](const Step& s) { return s.kind == StepKind::kJoin && s.node == node; });
      plan_.steps.insert(join == plan_.steps.end() ? plan_.steps.end() : join, std::move(step));
    }
  }

  void plan_removals() {
    for (const auto& member : seed_cluster_->members) {
      if (listed(member)) continue;
      if (!desired_.remove_absent) {
        plan_.warnings.push_back(member + " is a member of the cluster but not listed; it is left alone (remove_absent is false)");
        continue;
      }
      // Removals are checked in order against what the earlier ones leave: the last disc replica
      // of a table, and its last copy of any kind (deleting that deletes the table), must stay.
      std::vector<std::string> last_disc, only_copy;
      for (const auto& [table, placement] : seed_cluster_->tables) {
        Copy copy = placement.storage_on(member);
        if (placement.local_content || !copy) continue;
        auto& holders = holders_after_[table];
        if (holders.size() == 1 && holders.count(member)) only_copy.push_back(table);
        auto& disc = disc_after_[table];
        if (is_disc(copy) && disc.size() == 1 && disc.count(member)) last_disc.push_back(table);
      }
      if (!last_disc.empty() || !only_copy.empty()) {
        refuse(StepKind::kRemoveNode, member, "", member + " holds " +
                                              (!last_disc.empty() ? "the last disc replica of " + listing(last_disc)
                                                                  : "the only copy of " + listing(only_copy)));
        continue;
      }
      // Whether it runs, as the seed sees it; dropping a node that is in fact alive behind a
      // partition would split the cluster for good, so every member that answered must agree.
      bool running = contains(observation(plan_.seed)->running_db_nodes, member);
      if (!running) {
        std::vector<std::string> sees_it_up;
        for (const auto& node : observed_.nodes) {
          if (node.reachable() && contains(seed_cluster_->members, node.node) && contains(node.running_db_nodes, member)) {
            sees_it_up.push_back(node.node);
          }
        }
        if (!sees_it_up.empty()) {
          refuse(StepKind::kRemoveNode, member, "", member + " is down for the seed but running for " + listing(sees_it_up));
          continue;
        }
      }
      for (auto& [table, holders] : holders_after_) holders.erase(member);
      for (auto& [table, holders] : disc_after_) holders.erase(member);
      Step removal{.kind = StepKind::kRemoveNode, .node = member, .via = plan_.seed, .node_running = running, .backup = running};
      // A leaving node's copies are deleted through Mnesia first, so that its files go with them
      // and it does not come back on its own with a stale copy of the cluster's data.
      for (const auto& [table, placement] : seed_cluster_->tables) {
        Copy copy = placement.storage_on(member);
        if (running && table != "schema" && copy) removal.tables.emplace_back(table, *copy);
      }
      plan_.steps.push_back(std::move(removal));
    }
  }

  const DesiredState& desired_;
  const ClusterState& observed_;
  const Cluster* seed_cluster_ = nullptr;
  std::vector<std::string> joined_;
  std::vector<std::string> starting_;  // nodes whose Mnesia is started first
  std::vector<std::string> stale_;     // members that came back wiped: dropped, then joined again
  std::vector<Step> late_starts_;      // applications started after the placement steps
  std::map<std::string, std::set<std::string>> disc_after_;     // table -> members with a disc copy, after the plan
  std::map<std::string, std::set<std::string>> holders_after_;  // table -> members with any copy, after the plan
  std::set<std::pair<std::string, std::string>> refused_placement_;  // (table, node)
  Plan plan_;
};

}  // namespace

Plan make_plan(const DesiredState& desired, const ClusterState& observed) { return Planner(desired, observed).run(); }

std::vector<InputError> check_placement(const DesiredState& desired, const ClusterState& observed,
                                        const std::string& seed) {
  std::vector<InputError> errors;
  // The tables as the seed's cluster has them; without a seed nothing is planned anyway.
  const Cluster* cluster = nullptr;
  for (const auto& candidate : observed.clusters) {
    if (contains(candidate.observed_via, seed)) cluster = &candidate;
  }
  if (!cluster) return errors;
  for (const auto& [table, request] : desired.tables) {
    const std::string path = "$.tables." + table;
    auto found = cluster->tables.find(table);
    if (found == cluster->tables.end()) {
      errors.push_back({path, "there is no table " + table + " in the cluster"});
      continue;
    }
    const TablePlacement& placement = found->second;
    if (placement.local_content) {
      errors.push_back({path, table + " is local_content: each node keeps its own copy, so its placement cannot be set"});
      continue;
    }
    auto lists_nodes = [&](StorageType type) { return request.copies.count(type) && !request.copies.at(type).empty(); };
    bool wants_disc_only = request.type ? *request.type == StorageType::kDiscOnly : lists_nodes(StorageType::kDiscOnly);
    if (placement.kind == "ordered_set" && wants_disc_only) {
      errors.push_back({path, table + " is an ordered_set, which Mnesia cannot keep as disc_only_copies"});
    }
    bool persistent = false;
    for (const auto& [type, nodes] : placement.copies) persistent |= is_disc(type) && !nodes.empty();
    bool keeps_disc = request.type ? is_disc(*request.type) : lists_nodes(StorageType::kDisc) || lists_nodes(StorageType::kDiscOnly);
    if (persistent && !keeps_disc) {
      errors.push_back({path, table + " is kept on disc today; a placement without a disc replica would lose it at the next full restart"});
    }
  }
  return errors;
}

}  // namespace ejcluster::cluster
