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

// `count` runs of `ejcluster <command>` started at once, each with `input` on stdin, and their
// results in order. They are started by one shell with stdin from a file: threads that spawn
// children with pipes leak each other's pipe ends into them, and a child then waits for its stdin
// forever.
std::vector<ProcessResult> run_ejcluster_at_once(const std::string& command, const std::string& input, int count);

// The command lines (arguments joined by spaces) of the running processes whose program file is
// named `program_name`, read from /proc.
std::vector<std::string> command_lines_of(const std::string& program_name);

// The first line of a file, without its line end ("" if unreadable).
std::string read_first_line(const std::string& path);

}  // namespace ejcluster::testing
