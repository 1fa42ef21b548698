// Reading a backup ejcluster had a node take (README "Backups"), from the test's side: the nodes
// run on this machine, so their backups are files here, read with a throwaway Erlang VM.
#pragma once

#include <string>

namespace ejcluster::testing {

// The records of `table` in the Mnesia backup file at `path`, printed one per line with ~0p,
// read by mnesia:traverse_backup as README shows; fails the test if the file cannot be read.
std::string backup_records(const std::string& path, const std::string& table);

// The file's mode bits (e.g. 0600), or -1 when it does not exist.
int file_mode(const std::string& path);

}  // namespace ejcluster::testing
