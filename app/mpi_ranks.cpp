// ranks.hpp with MPI: joining the job, agreeing on failures, replica blocks and rank 0's flags.
// MPI is called from the main thread only (oneTBB's workers never call it), hence MPI_THREAD_FUNNELED.
#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "exit_codes.hpp"
#include "ranks.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/run/shard_merge.hpp"

namespace riskgrid::app {
namespace {

int g_rank = 0;
int g_size = 1;
bool g_joined = false;

/// True when an MPI launcher started this process: Open MPI's mpirun, PMIx (srun --mpi=pmix, Open
/// MPI 5) or PMI-2 (srun --mpi=pmi2, MPICH). A plain `riskgrid run` then never touches MPI, so it
/// starts as fast as a build without MPI and works where no MPI runtime is configured.
bool started_by_launcher() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(variable) != nullptr) return true;
  return false;
}

/// The exit code main gives `error`, and its message.
int classify(const std::exception_ptr& error, std::string& message) {
  try {
    std::rethrow_exception(error);
  } catch (const ScenarioError& e) {
    message = e.what();
    return kUsage;
  } catch (const InputError& e) {
    message = e.what();
    return kInputData;
  } catch (const IoError& e) {
    message = e.what();
    return kIo;
  } catch (const std::exception& e) {
    message = e.what();
  } catch (...) {
    message = "unknown exception";
  }
  return kInternal;
}

[[noreturn]] void throw_as(int code, const std::string& message) {
  switch (code) {
    case kUsage:
      throw ScenarioError(message);
    case kInputData:
      throw InputError(message);
    case kIo:
      throw IoError(message);
    default:
      throw std::runtime_error(message);
  }
}

}  // namespace

RankSession::RankSession(int& argc, char**& argv) {
  if (!started_by_launcher()) return;
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  g_joined = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
  if (g_rank != 0) {  // one voice: rank 0 speaks for all, errors of other ranks included
    if (std::freopen("/dev/null", "w", stdout) == nullptr || std::freopen("/dev/null", "w", stderr) == nullptr)
      std::fprintf(stderr, "riskgrid: rank %d: cannot silence its output\n", g_rank);
  }
}

RankSession::~RankSession() {
  if (g_joined) MPI_Finalize();
}

int this_rank() { return g_rank; }
int rank_count() { return g_size; }

void on_every_rank(const std::function<void()>& work) {
  std::exception_ptr error;
  try {
    work();
  } catch (...) {
    error = std::current_exception();
  }
  if (g_size == 1) {
    if (error) std::rethrow_exception(error);
    return;
  }
  int failing = error ? g_rank : g_size;
  int first = g_size;
  MPI_Allreduce(&failing, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (first == g_size) return;
  // The first failing rank tells the others its exit code and message.
  std::string message;
  int header[2] = {error ? classify(error, message) : 0, 0};
  header[1] = static_cast<int>(message.size());
  MPI_Bcast(header, 2, MPI_INT, first, MPI_COMM_WORLD);
  message.resize(static_cast<std::size_t>(header[1]));
  MPI_Bcast(message.data(), header[1], MPI_CHAR, first, MPI_COMM_WORLD);
  if (first == g_rank) std::rethrow_exception(error);
  throw_as(header[0], first == 0 ? message : fmt::format("rank {}: {}", first, message));
}

ReplicaBlock this_rank_block(std::uint64_t first, std::uint64_t count) {
  const auto r = static_cast<std::uint64_t>(g_rank), n = static_cast<std::uint64_t>(g_size);
  const std::uint64_t begin = run::shard_begin(count, r + 1, n), end = run::shard_begin(count, r + 2, n);
  return {first + begin, end - begin};
}

std::vector<std::uint8_t> flags_from_root(std::vector<std::uint8_t> flags) {
  if (g_size == 1) return flags;
  unsigned long long size = flags.size();
  MPI_Bcast(&size, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
  flags.resize(size);
  MPI_Bcast(flags.data(), static_cast<int>(size), MPI_UINT8_T, 0, MPI_COMM_WORLD);
  return flags;
}

}  // namespace riskgrid::app
