// join(): a list as text, "a, b, c": how messages and reports name several nodes or tables.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ejcluster::util {

// The items with `separator` between them; "" for none.
std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");

// Each item as `format` writes it (item -> std::string), with `separator` between them.
template <typename Items, typename Format>
std::string join(const Items& items, std::string_view separator, Format format) {
  std::string out;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += separator;
    out += format(item);
    first = false;
  }
  return out;
}

}  // namespace ejcluster::util
