#include "sandbox.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <stdexcept>

#include "test_paths.h"

namespace ejcluster::testing {

Sandbox::Sandbox(std::string prefix, int port_base, std::string script_path, std::vector<std::string> environment)
    : script_(std::move(script_path)),
      prefix_(std::move(prefix)),
      dir_("/tmp/ejcluster-test-" + prefix_),
      port_base_(port_base),
      environment_(std::move(environment)) {
  wipe_all();  // leftovers of an interrupted run
  ProcessResult cookie = script({"cookie"});
  if (cookie.exit_code != 0) throw std::runtime_error(script_ + " cookie failed: " + cookie.err);
  cookie_file_ = cookie.out.substr(0, cookie.out.find('\n'));
}

Sandbox::~Sandbox() {
  try {
    wipe_all();
  } catch (...) {
    // Nothing useful to do in a destructor; the next run's constructor wipes again.
  }
}

ProcessResult Sandbox::script(const std::vector<std::string>& args) {
  std::vector<std::string> full = {script_, "--dir", dir_, "--prefix", prefix_};
  full.insert(full.end(), args.begin(), args.end());
  std::string env_port = "EJSANDBOX_PORT_BASE=" + std::to_string(port_base_);
  return run_process("/usr/bin/env", [&] {
    std::vector<std::string> with_env = {env_port};
    with_env.insert(with_env.end(), environment_.begin(), environment_.end());
    with_env.insert(with_env.end(), full.begin(), full.end());
    return with_env;
  }());
}

void Sandbox::checked(const std::vector<std::string>& args) {
  ProcessResult result = script(args);
  if (result.exit_code != 0) {
    throw std::runtime_error("ejsandbox " + args.front() + " failed (" + std::to_string(result.exit_code) + "): " + result.err);
  }
}

void Sandbox::start(int count) { checked({"start", std::to_string(count)}); }
void Sandbox::start_node(int index) { checked({"startnode", std::to_string(index)}); }
void Sandbox::start_node_with(int index, const std::vector<std::string>& environment) {
  std::vector<std::string> saved = environment_;
  environment_.insert(environment_.end(), environment.begin(), environment.end());
  ProcessResult result = script({"startnode", std::to_string(index)});
  environment_ = std::move(saved);
  if (result.exit_code != 0) throw std::runtime_error("ejsandbox startnode failed (" + std::to_string(result.exit_code) + "): " + result.err);
}
void Sandbox::launch_node(int index) { checked({"launch", std::to_string(index)}); }
void Sandbox::stop_node(int index) { checked({"stop", std::to_string(index)}); }
void Sandbox::kill_node(int index) { checked({"kill", std::to_string(index)}); }
void Sandbox::wipe_node(int index) { checked({"wipe", std::to_string(index)}); }
void Sandbox::wipe_all() { checked({"wipe", "all"}); }

ProcessResult Sandbox::ctl(int index, const std::vector<std::string>& args) {
  std::vector<std::string> full = {"ctl", std::to_string(index)};
  full.insert(full.end(), args.begin(), args.end());
  return script(full);
}

ProcessResult Sandbox::eval(int index, const std::string& expression) {
  return script({"eval", std::to_string(index), expression});
}

void Sandbox::seed(int index) { checked({"seed", std::to_string(index)}); }

std::string Sandbox::node(int index) const { return prefix_ + std::to_string(index) + "@localhost"; }

std::vector<std::string> Sandbox::nodes(int count) const {
  std::vector<std::string> out;
  for (int i = 1; i <= count; ++i) out.push_back(node(i));
  return out;
}

std::string desired_json(const std::vector<std::string>& nodes, const std::string& cookie_file) {
  return nlohmann::json{{"nodes", nodes}, {"cookie_file", cookie_file}}.dump();
}

}  // namespace ejcluster::testing

namespace ejcluster::testing {
namespace {

nlohmann::json renamed(const nlohmann::json& value, const Sandbox& sandbox) {
  static const std::regex demo_node("^ejabberd([0-9]+)@localhost$");
  if (value.is_string()) {
    std::smatch match;
    std::string text = value.get<std::string>();
    if (std::regex_match(text, match, demo_node)) return sandbox.node(std::stoi(match[1]));
    return value;
  }
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : value) out.push_back(renamed(item, sandbox));
    return out;
  }
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, item] : value.items()) {
      std::smatch match;
      out[std::regex_match(key, match, demo_node) ? sandbox.node(std::stoi(match[1])) : key] = renamed(item, sandbox);
    }
    return out;
  }
  return value;
}

}  // namespace

nlohmann::json example_for(const std::string& name, const Sandbox& sandbox) {
  std::ifstream in(std::string(kExamplesDir) + "/" + name);
  if (!in) throw std::runtime_error("cannot read example " + name);
  nlohmann::json example = renamed(nlohmann::json::parse(in), sandbox);
  example["cookie_file"] = sandbox.cookie_file();
  return example;
}

ProcessResult ejcluster(const std::string& command, const std::string& input, const std::vector<std::string>& extra) {
  std::vector<std::string> args = {command};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_process(kEjclusterBinary, args, input);
}

}  // namespace ejcluster::testing
