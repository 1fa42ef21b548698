#include "backup_file.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include "process.h"

namespace ejcluster::testing {

std::string backup_records(const std::string& path, const std::string& table) {
  // Path and table travel as arguments (init:get_plain_arguments), not spliced into the code.
  const std::string program =
      "[Path, Table] = init:get_plain_arguments(), Tab = list_to_atom(Table),"
      "{ok, Records} = mnesia:traverse_backup(Path, mnesia_backup, dummy, read_only,"
      "  fun(Item, Acc) when element(1, Item) =:= Tab -> {[], [Item | Acc]}; (_, Acc) -> {[], Acc} end, []),"
      "[io:format(\"~0p~n\", [R]) || R <- lists:reverse(Records)], halt().";
  ProcessResult read = run_process("/usr/bin/erl", {"-noshell", "-eval", program, "-extra", path, table});
  INFO("reading " << path << ": " << read.err);
  REQUIRE(read.exit_code == 0);
  return read.out;
}

int file_mode(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return -1;
  return static_cast<int>(info.st_mode & 07777);
}

}  // namespace ejcluster::testing
