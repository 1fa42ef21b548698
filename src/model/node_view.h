// What one node told us about itself and about the Mnesia cluster it belongs to.
//
// A NodeView is one node's own view: a node that is split from the others, or that lists
// a member the member does not list back, says so here, and cluster_state.h compares the views.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "erl/erl_error.h"
#include "model/storage_type.h"

namespace ejcluster::cluster {

// mnesia:system_info(is_running): yes, no, starting, stopping.
enum class MnesiaState { kRunning, kStopped, kStarting, kStopping };
// Mnesia's word for it ("yes", "no", "starting", "stopping"), as reports show it.
std::string_view to_string(MnesiaState state);
// The state Mnesia's word names; any other word (or none) is kStopped.
MnesiaState parse_mnesia_state(std::string_view word);

// One node's view of one table.
struct TableView {
  std::string name;
  std::string kind;  // set | ordered_set | bag
  bool local_content = false;
  Copies copies;                    // storage type -> nodes (sorted)
  Copy local_storage;               // this node's copy (nullopt: it holds none; Mnesia says "unknown")
  std::optional<std::int64_t> local_size;  // rows in this node's copy
  bool loaded = true;               // false: Mnesia has no copy to read it from yet (where_to_read nowhere)
};

struct NodeView {
  std::string node;
  std::optional<erl::ErlError> error;  // set when the node could not be asked: it is unreachable
  MnesiaState mnesia = MnesiaState::kStopped;
  std::vector<std::string> db_nodes;   // sorted; known even while Mnesia is stopped
  std::vector<std::string> running_db_nodes;  // sorted
  std::vector<TableView> tables;       // sorted by name; empty unless Mnesia runs
  std::vector<std::string> waiting_for_tables;  // tables not loaded yet, sorted
  std::vector<std::string> connected;  // nodes it has a distribution connection to, sorted
  std::vector<std::string> saw_down;   // members it saw go down while it ran (Mnesia's record)
  std::string otp_release;
  std::string mnesia_directory;
  std::map<std::string, std::string> applications;  // running application -> version
  bool applications_known = true;  // false: the application controller was busy (an application is starting)
  // ejabberd's per-node placement file (ejabberd.schema): its path, and table -> storage_type as
  // written there (empty when there is no file). nullopt: it could not be read.
  std::string placement_override_file;
  // Entries whose storage_type is not a storage type are left out (ejabberd ignores them too).
  std::optional<std::map<std::string, StorageType>> placement_overrides;

  bool reachable() const { return !error.has_value(); }
  bool mnesia_running() const { return mnesia == MnesiaState::kRunning; }
};

}  // namespace ejcluster::cluster
