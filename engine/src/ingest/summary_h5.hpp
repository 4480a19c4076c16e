#pragma once
// Private to the engine: the ingest summary as HDF5 attributes (read, accepted, quarantined_<reason>,
// closed_before_created, source_sha256, source), shared by the incident store and the results file's
// /ingest group.
#include <hdf5.h>

#include "riskgrid/engine/ingest/ingest_summary.hpp"

namespace riskgrid::ingest {

void write_summary_attributes(hid_t object, const IngestSummary& summary);

}  // namespace riskgrid::ingest
