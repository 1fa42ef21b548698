// Small UTF-8 helpers for Erlang text (atoms and strings are sequences of code points).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ejcluster::erl {

// Decodes the sequence at text[*i] and advances *i past it; returns -1 (and leaves *i) when the
// bytes there are not well-formed UTF-8.
std::int64_t next_code_point(std::string_view text, std::size_t* i);

void append_utf8(std::string& out, std::int64_t code_point);

bool is_valid_utf8(std::string_view text);

}  // namespace ejcluster::erl
