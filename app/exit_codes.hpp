#pragma once
// The command's exit codes, one per class of failure (docs/architecture.md, "Principles").
namespace riskgrid::app {

enum ExitCode : int {
  kOk = 0,
  kUsage = 2,      ///< bad options or scenario file
  kInputData = 3,  ///< history, boundaries or catalog unusable
  kIo = 4,         ///< a file could not be read or written
  kInternal = 70,  ///< a bug: please report it
};

}  // namespace riskgrid::app
