#include "cli/run.h"

#include <CLI/CLI.hpp>

#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/converge_command.h"
#include "cli/status_command.h"

#ifndef EJCLUSTER_VERSION
#define EJCLUSTER_VERSION "unknown"
#endif

namespace ejcluster::cli {
namespace {

// The one place an exception ends up (the library returns errors as values; this is for what
// slips through, e.g. std::bad_alloc): a report that says so, and exit 3, since a step may have run.
int internal_error(const char* subcommand, const std::string& what, Format format, std::ostream& out, std::ostream& err) {
  const std::string message = "ejcluster stopped on an internal error (" + what +
                              "); the cluster may be part-way through a step: run `ejcluster status` to see it";
  if (format == Format::kJson) {
    nlohmann::ordered_json report = {{"mode", subcommand}, {"changed", nullptr}, {"converged", false},
                                     {"errors", {{{"message", message}}}}};
    out << std::setw(2) << report << "\n";
  }
  err << "error: " << message << "\n";
  return static_cast<int>(ExitCode::kNotConverged);
}

}  // namespace

int run(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"ejcluster: converge an ejabberd / Mnesia cluster to a declared desired state.\n"
               "The desired state (JSON) is read from stdin or --file; the report goes to stdout."};
  app.set_version_flag("--version", std::string("ejcluster ") + EJCLUSTER_VERSION);
  app.require_subcommand(1);

  CommonOptions options;
  std::string format = "json";
  // The words only (CLI11's enum mapping would also take 0 and 1, and print its internals in --help).
  const CLI::Validator format_word(
      [](std::string& word) -> std::string {
        return word == "json" || word == "text" ? "" : "'" + word + "' is not a format: use json or text";
      },
      "");
  auto add_common = [&](CLI::App* command) {
    command->add_option("-f,--file", options.file, "read the desired state from this file instead of stdin")
        ->type_name("FILE");
    command->add_option("--format", format, "output: json (default) or text")->type_name("json|text")->check(format_word);
    command->add_flag("--timings", options.timings, "after the report, print each phase's time and round trips to the nodes on stderr");
  };
  CLI::App* status = app.add_subcommand("status", "show what the listed nodes see: members, running nodes, "
                                                  "every table's placement (exit 0: all answered, 3: some did not)");
  add_common(status);
  CLI::App* plan = app.add_subcommand("plan", "show what apply would change, and change nothing "
                                              "(exit 0: nothing to do, 2: changes pending, 3: something refused or unreachable)");
  add_common(plan);
  CLI::App* apply = app.add_subcommand("apply", "converge the cluster to the desired state and verify it "
                                                "(exit 0: converged, 3: not converged; the report says why)");
  add_common(apply);

  // A word where a subcommand belongs is named, with the ones there are (CLI11 would only say that
  // a subcommand is required).
  if (argc == 1) {
    err << "error: a subcommand is required: status, plan or apply (ejcluster --help)\n";
    return static_cast<int>(ExitCode::kBadInput);
  }
  if (argv[1][0] != '-' && argv[1] != std::string_view("status") && argv[1] != std::string_view("plan") &&
      argv[1] != std::string_view("apply")) {
    err << "error: unknown subcommand '" << argv[1] << "': use status, plan or apply (ejcluster --help)\n";
    return static_cast<int>(ExitCode::kBadInput);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with exit code 0 in CLI11.
    int code = app.exit(e, out, err);
    return code == 0 ? 0 : static_cast<int>(ExitCode::kBadInput);
  }
  options.format = format == "text" ? Format::kText : Format::kJson;
  const char* subcommand = status->parsed() ? "status" : plan->parsed() ? "plan" : "apply";
  try {
    if (status->parsed()) return static_cast<int>(status_command(options, out, err));
    if (plan->parsed()) return static_cast<int>(converge_command(cluster::Mode::kPlan, options, out, err));
    if (apply->parsed()) return static_cast<int>(converge_command(cluster::Mode::kApply, options, out, err));
  } catch (const std::exception& e) {
    return internal_error(subcommand, e.what(), options.format, out, err);
  }
  return static_cast<int>(ExitCode::kBadInput);
}

}  // namespace ejcluster::cli
