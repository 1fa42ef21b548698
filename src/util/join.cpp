#include "util/join.h"

namespace ejcluster::util {

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  return join(items, separator, [](const std::string& item) { return item; });
}

}  // namespace ejcluster::util
