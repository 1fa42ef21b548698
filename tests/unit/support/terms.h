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

// The observation query's tables, from one tuple per table (its fields in the order of the
// query's columns): the tuple of columns that the query returns.
inline erl::Term table_columns(const std::vector<erl::Term>& rows, std::size_t fields = 9) {
  std::vector<std::vector<erl::Term>> columns(fields);
  for (const erl::Term& row : rows) {
    for (std::size_t i = 0; i < fields; ++i) columns[i].push_back((*row.tuple_elements())[i]);
  }
  std::vector<erl::Term> tuple;
  for (auto& column : columns) tuple.push_back(erl::Term::list(std::move(column)));
  return erl::Term::tuple(std::move(tuple));
}

}  // namespace ejcluster::testing
