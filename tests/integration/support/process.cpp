#include "process.h"

#include <utility>  // boost 1.74 asio uses std::exchange without including it

#include <boost/asio.hpp>
#include <boost/process.hpp>

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

}  // namespace ejcluster::testing
