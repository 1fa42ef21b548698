// NetSandbox: real ejabberd nodes for one test binary, each in a network namespace of its own
// (tests/sandbox/netsandbox): one host per node, links that can be cut or delayed. Each binary uses
// its own prefix, subnet and directory; the namespaces are taken down and the nodes wiped when the
// NetSandbox is destroyed (after the last case, and if a case failed half way).
#pragma once

#include <string>
#include <vector>

#include "process.h"

namespace ejcluster::testing {

class NetSandbox {
 public:
  // `environment`: NAME=VALUE for every netsandbox call (NETSANDBOX_DIST_PORT=5210).
  NetSandbox(std::string prefix, std::string subnet, std::vector<std::string> environment = {});
  ~NetSandbox();
  NetSandbox(const NetSandbox&) = delete;
  NetSandbox& operator=(const NetSandbox&) = delete;

  ProcessResult run(const std::vector<std::string>& args) const;  // `netsandbox ARGS...`, whatever its exit code
  std::string node(int index) const;                              // PREFIXi@SUBNET.(10+i)
  std::string cookie_file() const;

 private:
  std::string prefix_;
  std::string subnet_;
  std::vector<std::string> environment_;
};

}  // namespace ejcluster::testing
