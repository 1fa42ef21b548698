#include "cluster/fault_injection.h"

#include <unistd.h>

#include <cstdlib>
#include <cstdio>
#include <string>

namespace ejcluster::cluster {

void fault_point(std::string_view point) {
  static const char* wanted = std::getenv("EJCLUSTER_FAULT");
  if (!wanted || point != wanted) return;
  std::string line = "ejcluster: fault injected at " + std::string(point) + "\n";
  ::write(STDERR_FILENO, line.data(), line.size());
  ::_exit(70);
}

}  // namespace ejcluster::cluster
