#pragma once
// One way every subcommand reads its arguments.
#include <boost/program_options.hpp>

#include "subcommands.hpp"

namespace riskgrid::app {

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
  return vm;
}

}  // namespace riskgrid::app
