// Building Erlang terms in tests: the replies nodes send, written by hand.
#pragma once

#include <utility>
#include <vector>

#include "erl/term.h"

namespace ejcluster::testing {

// A list of atoms from any range of names (strings or C strings).
template <typename Names>
erl::Term atoms(const Names& names) {
  std::vector<erl::Term> out;
  for (const auto& name : names) out.push_back(erl::Term::atom(name));
  return erl::Term::list(std::move(out));
}
inline erl::Term atoms(std::initializer_list<const char*> names) { return atoms(std::vector<const char*>(names)); }

// A map with atom keys, in the given order.
inline erl::Term map_of(std::vector<std::pair<const char*, erl::Term>> entries) {
  erl::Map map;
  for (auto& [key, value] : entries) {
    map.keys.push_back(erl::Term::atom(key));
    map.values.push_back(std::move(value));
  }
  return erl::Term(std::move(map));
}

}  // namespace ejcluster::testing
