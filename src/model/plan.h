// Plan: the ordered steps that take the observed cluster to the desired one, and what was refused.
//
// A plain value: the planner makes it without I/O, `plan` prints it, `apply` runs it step by step.
// Step names are the contract's `op` vocabulary (README "Steps").
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/storage_type.h"

namespace ejcluster::cluster {

enum class StepKind {
  kJoin,                  // reset `node` and join it to the cluster through `via`, copying `tables`
  kAddTableCopy,          // add a `type` copy of `table` on `node` (run through `via`)
  kChangeTableCopyType,   // change `node`'s copy of `table` from `from_type` to `type`
  kDelTableCopy,          // delete `node`'s copy of `table` (`from_type`)
  kRemoveNode,            // take `node` out of the cluster; `node_running`: it leaves, else it is dropped
  kSetPlacementOverride,  // write `tables` (table -> storage type) into `node`'s ejabberd.schema
  kStartNode,             // start Mnesia and the application on `node`, where they are stopped
  kHealPartition,         // roll `node` back to the seed's side: restart its Mnesia loading from `masters`
  kForceLoad,             // after a full outage: load `node`'s copies of `tables` as they are (force_load_table)
};

std::string_view to_string(StepKind kind);

// Whether a step ends an apply's round: after a start, a heal or a forced load the cluster is
// planned again from what the nodes then are, so what follows cannot be known in advance.
bool ends_round(StepKind kind);

struct Step {
  StepKind kind = StepKind::kJoin;
  std::string node{};
  std::string via{};    // the live member the step's cluster-wide calls run on
  std::string table{};  // table steps
  Copy type{};       // the storage type wanted (add, change)
  Copy from_type{};  // the storage type it had (change, del)
  // join: the copies to make; override: the entries to write; remove: the copies to delete first;
  // force_load: the copies to load
  std::vector<std::pair<std::string, StorageType>> tables{};
  bool node_running = true;  // remove: whether the node answers (it leaves) or is down (dropped)
  std::vector<std::string> masters{};  // heal: the seed's side, which `node` loads its tables from
  // The node's data is saved on its host before the step drops any (a heal, a join that resets a
  // node holding data, a running member's leave); a failed backup stops the step.
  bool backup = false;

  bool operator==(const Step&) const = default;
};

// A step the planner will not take, and why. Refusals make apply exit 3.
struct Refusal {
  std::optional<StepKind> step;  // the kind of step refused; nullopt: no seed can be used
  std::string node;
  std::string table;  // when the refusal concerns one table
  std::string reason;

  // The refused step's name (the contract's `op`), or "seed".
  std::string_view op() const { return step ? to_string(*step) : "seed"; }
  bool operator==(const Refusal&) const = default;
};

// "roster: disc_copies, muc_room: ram_copies": a join's copies or an override's entries.
std::string describe_tables(const std::vector<std::pair<std::string, StorageType>>& tables);

// One line for a person: what the step does, and what it costs (a reset, lost writes).
std::string describe(const Step& step);
// What an operator must know after the step is done, if anything: a member dropped while down
// rejoins by itself when it boots with its old Mnesia directory (seen on ejabberd 23.01).
std::optional<std::string> caution(const Step& step);
// One line for a person: "refused <op> [<table>] [on <node>]: <reason>". Every face says it so.
std::string describe(const Refusal& refusal);

struct Plan {
  std::string seed;  // empty when none could be chosen (then `refused` says why)
  std::vector<Step> steps;
  std::vector<Refusal> refused;
  std::vector<std::string> warnings;  // noticed, not acted on (e.g. unlisted members kept)

  bool empty() const { return steps.empty() && refused.empty(); }
};

}  // namespace ejcluster::cluster
