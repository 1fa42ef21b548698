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

// The command lines (arguments joined by spaces) of the running processes whose program file is
// named `program_name`, read from /proc.
std::vector<std::string> command_lines_of(const std::string& program_name);

// The first line of a file, without its line end ("" if unreadable).
std::string read_first_line(const std::string& path);

}  // namespace ejcluster::testing
