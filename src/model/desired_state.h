// DesiredState: the contract's input (README "Desired state"), parsed and checked.
//
// parse_desired_state() checks everything that can be checked without a cluster: JSON syntax,
// unknown keys, types, node names and their naming mode, the seed, storage type words, timeouts.
// Every problem is reported with its JSON path ("$.nodes[2]"), all of them at once.
#pragma once

#include <chrono>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "erl/cookie.h"
#include "erl/node_name.h"
#include "erl/tls_options.h"
#include "model/storage_type.h"

namespace ejcluster::cluster {

// A table's requested placement: one storage type on every member, or nodes per storage type.
struct TableRequest {
  std::optional<StorageType> type;  // "type": for all members
  Copies copies;                    // storage type -> nodes, when per node
};

struct Timeouts {
  std::chrono::milliseconds connect{5000};
  std::chrono::milliseconds rpc{30000};
  std::chrono::milliseconds table_sync{600000};
  std::chrono::milliseconds lock{600000};  // waiting for another apply's cluster lock
};

// The Debian package makes it, owned by the ejabberd user (README "Backups").
inline constexpr const char* kDefaultBackupDir = "/var/lib/ejcluster/backups";

struct DesiredState {
  std::vector<erl::NodeName> nodes;
  std::optional<std::string> seed;
  erl::CookieSource cookie;  // inline value and/or file; $HOME filled in by the caller
  std::map<std::string, TableRequest> tables;
  bool remove_absent = false;
  std::vector<std::string> allow_data_loss;  // members that may be reset although they hold data
  // A partition is healed only when asked: the seed's side wins, the others lose what they wrote
  // since the split.
  bool heal_partitions = false;
  // A join between different application versions, or OTP releases further apart than they are
  // guaranteed to talk, is refused unless this says the skew is meant (a rolling upgrade).
  bool allow_version_skew = false;
  // After a full outage, the member whose disc copies are loaded as they are (force_load_table)
  // so that the others can load from it. Never chosen by ejcluster itself.
  std::optional<std::string> force_load_from;
  std::optional<std::string> app = "ejabberd";  // nullopt: plain Mnesia nodes
  Timeouts timeouts;
  std::optional<erl::TlsOptions> tls;  // set: every distribution connection is TLS
  // Every listed node listens for distribution on this port and is not in epmd (ejabberd's
  // ERL_DIST_PORT): connections go straight to it, two round trips fewer each.
  std::optional<int> dist_port;
  // Where each node keeps the backup taken before a step drops data (a heal, a reset join, a
  // removal): a directory on the node's own host, which the node's user can write. Outside the
  // Mnesia directory, since mnesia:delete_schema empties that directory and every one under it.
  std::string backup_dir = kDefaultBackupDir;
};

// One problem in the input, with where it is.
struct InputError {
  std::string path;     // "$.nodes[1]"; "$" for the document itself
  std::string message;  // what is wrong there
  std::string to_string() const { return path + ": " + message; }
};

std::expected<DesiredState, std::vector<InputError>> parse_desired_state(std::string_view json_text);

}  // namespace ejcluster::cluster
