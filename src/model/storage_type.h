// StorageType: Mnesia's kinds of table copy. A node holds a table as one of these, or not at all
// (a Copy that is nullopt). Mnesia's words (ram_copies, ...) are only read and written at the edges:
// the desired state, the node query, the reports and the calls that change a copy.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ejcluster::cluster {

enum class StorageType { kRam, kDisc, kDiscOnly };

// Every storage type, in Mnesia's order (reports list them so).
inline constexpr StorageType kStorageTypes[] = {StorageType::kRam, StorageType::kDisc, StorageType::kDiscOnly};

// Mnesia's word: "ram_copies", "disc_copies", "disc_only_copies".
std::string_view to_string(StorageType type);
// The storage type that `word` names; nullopt for any other word (e.g. "unknown").
std::optional<StorageType> parse_storage_type(std::string_view word);

// The copy a node holds of a table: its storage type, or nullopt when it holds none.
using Copy = std::optional<StorageType>;

// Copies on disc (disc_copies or disc_only_copies) survive a restart of every node.
bool is_disc(Copy copy);

// A table's copies: storage type -> the nodes holding it so (sorted).
using Copies = std::map<StorageType, std::vector<std::string>>;

}  // namespace ejcluster::cluster
