// Mnesia's storage types, in the words Mnesia uses (a table copy is one of these on each node).
#pragma once

#include <string>

namespace ejcluster::cluster {

inline constexpr const char* kStorageTypes[] = {"ram_copies", "disc_copies", "disc_only_copies"};

bool is_storage_type(const std::string& word);

}  // namespace ejcluster::cluster
