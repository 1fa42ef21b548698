// libFuzzer target: decoding arbitrary bytes as an Erlang term must fail cleanly or give a term
// that re-encodes and decodes to itself (run with ASan and UBSan).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "erl/term_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto term = ejcluster::erl::decode_external(bytes);
  if (!term) return 0;
  (void)term->to_string();
  auto again = ejcluster::erl::decode_external(ejcluster::erl::encode_external(*term));
  if (!again || !(*again == *term)) __builtin_trap();
  return 0;
}
