// Sandbox: real nodes for one test binary, through tests/sandbox/ejsandbox (ejabberd nodes) or
// tests/sandbox/mnesiasandbox (plain Erlang nodes running Mnesia), which share one interface.
//
// Each test binary uses its own prefix, directory and port base, so binaries can share a machine.
// The nodes are wiped when the Sandbox is destroyed.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "process.h"
#include "test_paths.h"

namespace ejcluster::testing {

class Sandbox {
 public:
  // Names nodes PREFIX1@localhost...; `port_base` as EJSANDBOX_PORT_BASE; `script`: which sandbox;
  // `environment`: more NAME=VALUE for the script (EJSANDBOX_DIST_OPTFILE=... for TLS distribution).
  Sandbox(std::string prefix, int port_base, std::string script_path = kSandboxScript,
          std::vector<std::string> environment = {});
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  void start(int count);       // nodes 1..count, each waited for
  void start_node(int index);  // (re)start one node with its spool
  // The same, with more NAME=VALUE for this start only (EJSANDBOX_HOSTS=example.org).
  void start_node_with(int index, const std::vector<std::string>& environment);
  // The node's directory (its spool is DIR/spool).
  std::string node_dir(int index) const { return dir_ + "/" + prefix_ + std::to_string(index); }
  void launch_node(int index); // start its VM and return at once (it may wait for tables)
  void stop_node(int index);
  void kill_node(int index);
  void wipe_node(int index);  // stop it and delete its directory: a disk that was wiped
  void wipe_all();

  // ejabberdctl on node `index` (ejsandbox); the result, whatever its exit code.
  ProcessResult ctl(int index, const std::vector<std::string>& args);
  // An Erlang expression evaluated on node `index` (mnesiasandbox), printed with ~p.
  ProcessResult eval(int index, const std::string& expression);
  void seed(int index);  // mnesiasandbox: a disc schema and tables kv (100 rows) and cache

  std::string node(int index) const;
  std::vector<std::string> nodes(int count) const;
  const std::string& cookie_file() const { return cookie_file_; }
  const std::string& dir() const { return dir_; }  // every node's directory is under it

 private:
  ProcessResult script(const std::vector<std::string>& args);
  void checked(const std::vector<std::string>& args);

  std::string script_;
  std::string prefix_;
  std::string dir_;
  int port_base_;
  std::vector<std::string> environment_;
  std::string cookie_file_;
};

// The desired-state JSON that lists `nodes` with the sandbox's cookie file.
std::string desired_json(const std::vector<std::string>& nodes, const std::string& cookie_file);

// examples/<name> (written for the demo sandbox: ejabberd1@localhost...) with every node name
// mapped to `sandbox`'s nodes and the cookie file set to the sandbox's.
nlohmann::json example_for(const std::string& name, const Sandbox& sandbox);

// Runs `ejcluster <command> [extra...]` with `input` on stdin.
ProcessResult ejcluster(const std::string& command, const std::string& input, const std::vector<std::string>& extra = {});

}  // namespace ejcluster::testing
