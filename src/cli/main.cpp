#include <malloc.h>

#include <iostream>

#include "cli/run.h"

int main(int argc, char** argv) {
  // One malloc arena for all threads: observation reads each node in a thread of its own, and a
  // new arena per thread costs a 64 MB mapping, page faults and mprotect calls for the few KB each
  // thread needs (measured: a fifth of a 3-node plan's CPU time, and most of its RSS growth).
  mallopt(M_ARENA_MAX, 1);
  // Nothing here writes through C stdio: the streams may buffer on their own (else every character
  // of a megabyte report is a call into stdio).
  std::ios::sync_with_stdio(false);
  return ejcluster::cli::run(argc, argv, std::cout, std::cerr);
}
