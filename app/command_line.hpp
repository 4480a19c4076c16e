#pragma once
// One way every subcommand reads its arguments.
#include <boost/program_options.hpp>

#include "subcommands.hpp"

namespace riskgrid::app {

/// `--out ""` (or any --out-... option given as an empty string) would silently mean "the default
/// folder"; it is a usage error instead.
inline void reject_empty_folders(const boost::program_options::variables_map& vm) {
  for (const auto& [name, value] : vm) {
    if (name.rfind("out", 0) != 0 || value.defaulted()) continue;
    const auto* text = boost::any_cast<std::string>(&value.value());
    if (text && text->empty())
      throw boost::program_options::error("--" + name + ": expected a folder or file name, got an empty string");
  }
}

/// Parses `args` against `options` (and `positional`, if any) into a variables map, not yet notified,
/// so --help can be answered before required values are checked. Options are never guessed from a
/// prefix: an abbreviated or mistyped option is a usage error, not a silent match of a longer one.
inline boost::program_options::variables_map parse_command_line(
    const Args& args, const boost::program_options::options_description& options,
    const boost::program_options::positional_options_description& positional = {}) {
  namespace po = boost::program_options;
  po::variables_map vm;
  po::store(po::command_line_parser(args)
                .options(options)
                .positional(positional)
                .style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
                .run(),
            vm);
  reject_empty_folders(vm);
  return vm;
}

}  // namespace riskgrid::app
