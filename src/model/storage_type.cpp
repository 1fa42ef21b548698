#include "model/storage_type.h"

#include <algorithm>
#include <iterator>

namespace ejcluster::cluster {

bool is_storage_type(const std::string& word) {
  return std::find(std::begin(kStorageTypes), std::end(kStorageTypes), word) != std::end(kStorageTypes);
}

}  // namespace ejcluster::cluster
