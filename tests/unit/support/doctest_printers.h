// How doctest prints the values it compares in these tests: a list of strings one per line, so
// that a call sequence that differs shows where.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace doctest {

template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& lines) {
    std::string out = "{";
    for (const auto& line : lines) out += "\n    " + line;
    return String((out + "\n}").c_str());
  }
};

}  // namespace doctest
