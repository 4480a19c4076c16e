#include "riskgrid/models/response/case_handling_tally.hpp"

#include <stdexcept>

namespace riskgrid::models::response {
namespace {

const CaseHandlingTally& same_kind(const ensemble::ModelTally& other) {
  const auto* handled = dynamic_cast<const CaseHandlingTally*>(&other);
  if (handled == nullptr) throw std::invalid_argument("response tally: cannot merge another model's tally");
  return *handled;
}

}  // namespace

CaseHandlingTally::CaseHandlingTally(std::size_t bins, std::size_t grids, std::size_t teams) : tally_(bins, grids) {
  if (teams > 0) tally_.ensure_teams(teams);
}

std::unique_ptr<ensemble::ModelTally> CaseHandlingTally::empty() const {
  return std::make_unique<CaseHandlingTally>(tally_.bins, tally_.grids, tally_.teams);
}

std::unique_ptr<ensemble::ModelTally> CaseHandlingTally::clone() const {
  return std::make_unique<CaseHandlingTally>(tally_);
}

void CaseHandlingTally::merge(const ensemble::ModelTally& other) { tally_.merge(same_kind(other).tally_); }

bool CaseHandlingTally::equals(const ensemble::ModelTally& other) const {
  const auto* handled = dynamic_cast<const CaseHandlingTally*>(&other);
  return handled != nullptr && handled->tally_ == tally_;
}

ResponseTally& case_handling_of(ensemble::ModelTally* model) {
  auto* handled = dynamic_cast<CaseHandlingTally*>(model);
  if (handled == nullptr) throw std::logic_error("case handling: the ensemble keeps no case-handling tally");
  return handled->tally();
}

const ResponseTally* case_handling_of(const ensemble::EnsembleTally& tally) {
  if (tally.model() == nullptr) return nullptr;
  const auto* handled = dynamic_cast<const CaseHandlingTally*>(tally.model());
  if (handled == nullptr) throw std::logic_error("case handling: the ensemble's model tally is another model's");
  return &handled->tally();
}

}  // namespace riskgrid::models::response
