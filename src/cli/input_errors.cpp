#include "cli/input_errors.h"

#include <nlohmann/json.hpp>
#include <ostream>

namespace ejcluster::cli {

ExitCode report_input_errors(const std::vector<cluster::InputError>& errors, const std::string& mode, bool json,
                             std::ostream& out, std::ostream& err) {
  nlohmann::ordered_json listed = nlohmann::ordered_json::array();
  for (const auto& error : errors) {
    err << "error: " << error.to_string() << "\n";
    listed.push_back({{"path", error.path}, {"message", error.message}});
  }
  if (json) out << nlohmann::ordered_json{{"mode", mode}, {"changed", false}, {"converged", false}, {"errors", listed}}.dump(2) << "\n";
  return ExitCode::kBadInput;
}

}  // namespace ejcluster::cli
