#include "process.h"

#include <unistd.h>

#include <utility>  // boost 1.74 asio uses std::exchange without including it

#include <boost/asio.hpp>
#include <boost/process.hpp>

#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>

#include "test_paths.h"

namespace ejcluster::testing {

ProcessResult run_process(const std::string& program, const std::vector<std::string>& args, const std::string& input) {
  namespace bp = boost::process;
  boost::asio::io_context io;
  std::future<std::string> out, err;
  // Both pipes are drained asynchronously, so a chatty child cannot block on a full pipe.
  bp::child child(bp::exe = program, bp::args = args, bp::std_in < boost::asio::buffer(input), bp::std_out > out,
                  bp::std_err > err, io);
  io.run();
  child.wait();
  return {child.exit_code(), out.get(), err.get()};
}

std::vector<std::string> command_lines_of(const std::string& program_name) {
  std::vector<std::string> lines;
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ignored)) {
    auto exe = std::filesystem::read_symlink(entry.path() / "exe", ignored);
    if (ignored || exe.filename() != program_name) continue;
    std::ifstream in(entry.path() / "cmdline", std::ios::binary);
    std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (char& c : raw) c = c == '\0' ? ' ' : c;
    lines.push_back(raw);
  }
  return lines;
}

std::string read_first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

std::vector<ProcessResult> run_ejcluster_at_once(const std::string& command, const std::string& input, int count) {
  std::string dir = "/tmp/ejcluster-test-at-once-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/input.json") << input;
  std::string script = "cd " + dir + " && for i in $(seq 1 " + std::to_string(count) + "); do { " +
                       std::string(kEjclusterBinary) + " " + command +
                       " < input.json > out$i 2> err$i; echo $? > rc$i; } & done; wait";
  ProcessResult shell = run_process("/bin/sh", {"-c", script});
  std::vector<ProcessResult> results;
  for (int i = 1; i <= count; ++i) {
    auto slurp = [&](const std::string& name) {
      std::ifstream in(dir + "/" + name + std::to_string(i));
      return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    std::string rc = slurp("rc");
    results.push_back({shell.exit_code == 0 && !rc.empty() ? std::stoi(rc) : -1, slurp("out"), slurp("err")});
  }
  std::filesystem::remove_all(dir);
  return results;
}

}  // namespace ejcluster::testing
