#include "net_sandbox.h"

#include "test_paths.h"

namespace ejcluster::testing {

NetSandbox::NetSandbox(std::string prefix, std::string subnet, std::vector<std::string> environment)
    : prefix_(std::move(prefix)), subnet_(std::move(subnet)), environment_(std::move(environment)) {}

NetSandbox::~NetSandbox() {
  run({"down"});
  run({"wipe", "all"});
}

ProcessResult NetSandbox::run(const std::vector<std::string>& args) const {
  std::vector<std::string> full = environment_;
  full.insert(full.end(), {kNetSandboxScript, "--prefix", prefix_, "--subnet", subnet_, "--dir", "/tmp/ejcluster-test-" + prefix_});
  full.insert(full.end(), args.begin(), args.end());
  return run_process("/usr/bin/env", full);
}

std::string NetSandbox::node(int index) const {
  return prefix_ + std::to_string(index) + "@" + subnet_ + "." + std::to_string(10 + index);
}

std::string NetSandbox::cookie_file() const {
  std::string out = run({"cookie"}).out;
  return out.substr(0, out.find('\n'));
}

}  // namespace ejcluster::testing
