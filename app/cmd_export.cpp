// riskgrid export RESULTS.h5 [--format csv] [--out FILE]: a results file as one tidy long table
// (scenario, unit, bin, measure, value) for spreadsheets; stdout unless --out.
#include <cstdio>
#include <iostream>
#include <string>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "command_line.hpp"
#include "exit_codes.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"
#include "riskgrid/engine/results/results_loader.hpp"
#include "riskgrid/engine/results/tidy_export.hpp"
#include "subcommands.hpp"

namespace riskgrid::app {
namespace po = boost::program_options;

namespace {

void write_to_stdout(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size())
    throw IoError("export: cannot write to standard output");
}

}  // namespace

int run_export(const Args& args) {
  std::string input, format = "csv", out;
  po::options_description visible("riskgrid export RESULTS.h5 [options]");
  visible.add_options()("help,h", "show this help")(
      "format,f", po::value(&format)->default_value("csv"),
      "table format: csv (columns scenario, unit, bin, measure, value; docs/results-format.md)")(
      "out,o", po::value(&out), "write to FILE (all or nothing) instead of standard output");
  po::options_description all;
  all.add(visible).add_options()("results", po::value(&input));
  po::positional_options_description positional;
  positional.add("results", 1);
  po::variables_map vm = parse_command_line(args, all, positional);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return kOk;
  }
  if (input.empty()) throw po::error("export: missing the results file (riskgrid export --help)");
  if (format != "csv") throw po::error(fmt::format("export: --format must be csv, got \"{}\"", format));
  const results::LoadedResults loaded = results::load_results(input);
  if (out.empty() || out == "-") {
    results::write_tidy_csv(loaded, write_to_stdout);
    std::fflush(stdout);
    return kOk;
  }
  io::AtomicFile file(out, "the exported table");
  results::write_tidy_csv(loaded, [&file](std::string_view text) { file.write(text); });
  file.commit();
  std::fprintf(stderr, "riskgrid: wrote %s\n", out.c_str());
  return kOk;
}

}  // namespace riskgrid::app
