// A tiny MPI program for mpirun_test.cpp: rank K (the argument) fails in a phase that every rank runs,
// the others succeed, and each rank then reports the way riskgrid's main does. Under mpirun every rank
// must end with exit code 3 and rank 0 alone must print the error, prefixed "rank K: ".
#include <cstdio>
#include <cstdlib>

#include "ranks.hpp"
#include "riskgrid/engine/error.hpp"

int main(int argc, char** argv) {
  using namespace riskgrid::app;
  const RankSession session(argc, argv);
  const int failing = argc > 1 ? std::atoi(argv[1]) : 0;
  try {
    on_every_rank([&] {
      if (this_rank() == failing) throw riskgrid::InputError("history.csv: row 7: created: expected a date");
    });
    on_root_rank([] { std::printf("not reached: the failure was agreed\n"); });
  } catch (const riskgrid::InputError& e) {
    std::fprintf(stderr, "riskgrid: %s\n", e.what());
    return 3;
  }
  return 0;
}
