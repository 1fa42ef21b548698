// Conversion between Term and Erlang's external term format, through libei.
//
// decode_term() never trusts its input: it checks every length against the buffer before libei
// reads it, and bounds the nesting depth, so a truncated or hostile reply yields an error value
// rather than a crash.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "erl/term.h"

namespace ejcluster::erl {

// Decodes one term at `data[*index]` and advances *index past it. No version byte is expected.
std::expected<Term, std::string> decode_term(std::string_view data, int* index);

// Decodes a whole buffer that starts with the version byte (131) and holds exactly one term.
std::expected<Term, std::string> decode_external(std::string_view data);

// Encodes `term` without a version byte and returns the bytes.
std::string encode_term(const Term& term);

// Encodes `term` with the version byte, as an Erlang node would send it.
std::string encode_external(const Term& term);

}  // namespace ejcluster::erl
