// riskgrid merge SHARD.h5... : the shard files of `run --shard k/n` become the outputs of one run,
// and the same top-10 table as `run` on stdout.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "command_line.hpp"
#include "exit_codes.hpp"
#include "ranking_table.hpp"
#include "ranks.hpp"
#include "command_context.hpp"
#include "riskgrid/run/run.hpp"
#include "subcommands.hpp"

namespace riskgrid::app {
namespace po = boost::program_options;

int run_merge(const Args& args) {
  run::MergeRequest options;
  bool quiet = false;
  po::options_description visible("riskgrid merge SHARD.h5... [options]");
  visible.add_options()("help,h", "show this help")("out,o", po::value(&options.out_dir),
                                                    "output folder (default out/<scenario name>)")(
      "quiet,q", po::bool_switch(&quiet), "no stage messages");
  po::options_description all;
  all.add(visible).add_options()("shards", po::value(&options.shards));
  po::positional_options_description positional;
  positional.add("shards", -1);
  po::variables_map vm = parse_command_line(args, all, positional);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return kOk;
  }
  if (options.shards.empty()) throw po::error("merge: missing the shard files (riskgrid merge --help)");
  const run::RunContext context = command_context(0, quiet, IngestFlags{}, false);
  const run::RunOutcome out = run::merge_shards(context, options);
  if (!is_root_rank()) return kOk;  // under mpirun rank 0 merges and reports alone
  if (!quiet) std::fprintf(stderr, "riskgrid: merged %zu shards\n", options.shards.size());
  print_ranking(out, 10);  // the same table as `run`: a merged run is a run
  return kOk;
}

}  // namespace riskgrid::app
