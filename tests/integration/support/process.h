// Running a program to completion with given stdin, capturing stdout and stderr (Boost.Process).
#pragma once

#include <string>
#include <vector>

namespace ejcluster::testing {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

ProcessResult run_process(const std::string& program, const std::vector<std::string>& args, const std::string& input = {});

}  // namespace ejcluster::testing
