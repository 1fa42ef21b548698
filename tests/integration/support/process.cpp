#include "process.h"

#include <utility>  // boost 1.74 asio uses std::exchange without including it

#include <boost/asio.hpp>
#include <boost/process.hpp>

#include <filesystem>
#include <fstream>
#include <future>

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

}  // namespace ejcluster::testing
