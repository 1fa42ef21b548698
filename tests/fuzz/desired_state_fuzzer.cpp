// libFuzzer target: parse_desired_state() on arbitrary bytes must return a value or errors,
// never crash, hang or touch memory it does not own (run with ASan and UBSan).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/desired_state.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parsed = ejcluster::cluster::parse_desired_state(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!parsed) {
    for (const auto& error : parsed.error()) {
      if (error.path.empty() || error.path[0] != '$' && error.path != "--file") __builtin_trap();  // every error has a path
    }
  }
  return 0;
}
