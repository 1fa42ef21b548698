// Sandbox: real ejabberd nodes for one test binary, through tests/sandbox/ejsandbox.
//
// Each test binary uses its own prefix, directory and port base, so binaries can share a machine.
// The nodes are wiped when the Sandbox is destroyed.
#pragma once

#include <string>
#include <vector>

#include "process.h"

namespace ejcluster::testing {

class Sandbox {
 public:
  // Names nodes PREFIX1@localhost...; `port_base` as EJSANDBOX_PORT_BASE.
  Sandbox(std::string prefix, int port_base);
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  void start(int count);       // nodes 1..count, each waited for
  void start_node(int index);  // (re)start one node with its spool
  void stop_node(int index);
  void kill_node(int index);
  void wipe_all();

  // ejabberdctl on node `index`; the result, whatever its exit code.
  ProcessResult ctl(int index, const std::vector<std::string>& args);

  std::string node(int index) const;
  std::vector<std::string> nodes(int count) const;
  const std::string& cookie_file() const { return cookie_file_; }

 private:
  ProcessResult script(const std::vector<std::string>& args);
  void checked(const std::vector<std::string>& args);

  std::string prefix_;
  std::string dir_;
  int port_base_;
  std::string cookie_file_;
};

// The desired-state JSON that lists `nodes` with the sandbox's cookie file.
std::string desired_json(const std::vector<std::string>& nodes, const std::string& cookie_file);

}  // namespace ejcluster::testing
