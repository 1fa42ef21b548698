#include "model/storage_type.h"

namespace ejcluster::cluster {

std::string_view to_string(StorageType type) {
  switch (type) {
    case StorageType::kRam: return "ram_copies";
    case StorageType::kDisc: return "disc_copies";
    case StorageType::kDiscOnly: return "disc_only_copies";
  }
  return "unknown";
}

std::optional<StorageType> parse_storage_type(std::string_view word) {
  for (StorageType type : kStorageTypes) {
    if (to_string(type) == word) return type;
  }
  return std::nullopt;
}

bool is_disc(Copy copy) { return copy == StorageType::kDisc || copy == StorageType::kDiscOnly; }

}  // namespace ejcluster::cluster
