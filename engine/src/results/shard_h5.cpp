#include "riskgrid/engine/results/shard_h5.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include <utility>
#include <vector>

#include "io/h5_handles.hpp"
#include "io/h5_write.hpp"
#include "riskgrid/engine/error.hpp"

#ifndef RISKGRID_VERSION
#define RISKGRID_VERSION "unknown"
#endif

namespace riskgrid::results {
namespace h5 = io::h5;
namespace {

constexpr const char* kFormat = "riskgrid-shard";

void write_histograms(hid_t file, const char* name, const tally::CountHistograms& h, const char* cell) {
  const h5::Group group = h5::create_group(file, name);
  h5::write_attribute(group.get(), "cell", cell);
  h5::write_attribute(group.get(), "capacity", std::uint32_t{h.capacity()});
  const auto freq = h.all_frequencies();
  const auto sums = h.sums();
  h5::write_dataset(group.get(), "frequency", std::vector<std::uint64_t>(freq.begin(), freq.end()),
                    {h.cells(), h.capacity()}, {"replicas with each count, [cell][count 0..capacity-1]"});
  h5::write_dataset(group.get(), "sum", std::vector<std::uint64_t>(sums.begin(), sums.end()), {h.cells()},
                    {"sum of the counts of each cell over the shard's replicas", "incidents"});
}

/// One 1-D dataset per array, so that the tally can be read with h5dump; the model names them.
void write_response(hid_t file, const tally::CountArrays& arrays) {
  const h5::Group group = h5::create_group(file, "response");
  h5::write_attribute(group.get(), "meaning", "the case-handling tally of the shard's replicas (exact integers)");
  for (const tally::CountArray& a : arrays)
    h5::write_dataset(group.get(), a.name.c_str(), a.values, {a.values.size()},
                      {"exact counts; layout: docs/cluster.md"});
}

void write_file(hid_t f, const ShardRecord& r) {
  const auto& shape = r.tally.shape();
  h5::write_attribute(f, "format", kFormat);
  h5::write_attribute(f, "format_version", std::int32_t{kShardFormatVersion});
  h5::write_attribute(f, "riskgrid_version", RISKGRID_VERSION);
  h5::write_attribute(f, "scenario", r.scenario_text);
  h5::write_attribute(f, "scenario_sha256", r.scenario_sha256);
  h5::write_attribute(f, "scenario_path", r.scenario_path);
  h5::write_attribute(f, "sweep_index", std::int64_t{r.sweep_index});
  h5::write_attribute(f, "seed", std::uint64_t{r.seed});
  h5::write_attribute(f, "replicas", std::uint64_t{r.replicas});
  h5::write_attribute(f, "shard", std::uint32_t{r.shard});
  h5::write_attribute(f, "shards", std::uint32_t{r.shards});
  h5::write_attribute(f, "first_replica", std::uint64_t{r.first_replica});
  h5::write_attribute(f, "shard_replicas", std::uint64_t{r.tally.replicas()});
  h5::write_attribute(f, "bins", std::uint64_t{shape.bins});
  h5::write_attribute(f, "units", std::uint64_t{shape.units});
  h5::write_attribute(f, "categories", std::uint64_t{shape.categories});
  write_histograms(f, "per_bin", r.tally.per_bin(), "bin * units + unit");
  write_histograms(f, "horizon", r.tally.horizon(), "unit");
  h5::write_dataset(f, "sum_by_category", r.tally.sum_by_category(), {shape.bins, shape.units, shape.categories},
                    {"sum of the counts over the shard's replicas, [time][unit][category]", "incidents"});
  if (r.response) write_response(f, *r.response);
}

h5::Attribute open_attribute(hid_t file, const char* name) {
  return h5::Attribute{h5::check(H5Aopen(file, name, H5P_DEFAULT), fmt::format("open attribute '{}'", name))};
}

std::string read_string(hid_t file, const char* name) {
  const h5::Attribute attribute = open_attribute(file, name);
  const h5::Type type = h5::utf8_string_type();
  const h5::Type stored{h5::check(H5Aget_type(attribute.get()), name)};
  if (H5Tget_class(stored.get()) != H5T_STRING || H5Tis_variable_str(stored.get()) <= 0)
    throw h5::Failure(fmt::format("attribute '{}': not a string", name));
  char* value = nullptr;
  h5::check_status(H5Aread(attribute.get(), type.get(), &value), fmt::format("read attribute '{}'", name));
  std::string out = value != nullptr ? value : "";
  H5free_memory(value);
  return out;
}

template <class T>
T read_number(hid_t file, const char* name) {
  const h5::Attribute attribute = open_attribute(file, name);
  T value{};
  h5::check_status(H5Aread(attribute.get(), h5::TypeOf<T>::memory(), &value), fmt::format("read attribute '{}'", name));
  return value;
}

std::vector<std::uint64_t> read_counts(hid_t parent, const char* name, std::size_t expected) {
  const std::string what = fmt::format("read dataset '{}'", name);
  const h5::Dataset dataset{h5::check(H5Dopen2(parent, name, H5P_DEFAULT), what)};
  const h5::Space space{h5::check(H5Dget_space(dataset.get()), what)};
  if (static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())) != expected)
    throw h5::Failure(fmt::format("dataset '{}': expected {} values", name, expected));
  std::vector<std::uint64_t> values(expected);
  h5::check_status(H5Dread(dataset.get(), H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), what);
  return values;
}

tally::CountHistograms read_histograms(hid_t file, const char* name, std::size_t cells) {
  const h5::Group group{h5::check(H5Gopen2(file, name, H5P_DEFAULT), fmt::format("open group '{}'", name))};
  const auto capacity = read_number<std::uint32_t>(group.get(), "capacity");
  auto freq = read_counts(group.get(), "frequency", cells * capacity);
  return tally::CountHistograms::from_parts(capacity, std::move(freq), read_counts(group.get(), "sum", cells));
}

std::vector<std::uint64_t> read_any_counts(hid_t parent, const char* name) {
  const std::string what = fmt::format("read dataset 'response/{}'", name);
  const h5::Dataset dataset{h5::check(H5Dopen2(parent, name, H5P_DEFAULT), what)};
  const h5::Space space{h5::check(H5Dget_space(dataset.get()), what)};
  return read_counts(parent, name, static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
}

/// The arrays of group response/, in the order of their names (the model finds them by name).
tally::CountArrays read_response(hid_t file) {
  const h5::Group group{h5::check(H5Gopen2(file, "response", H5P_DEFAULT), "open group 'response'")};
  H5G_info_t info;
  h5::check_status(H5Gget_info(group.get(), &info), "read group 'response'");
  tally::CountArrays out;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t length =
        h5::check(H5Lget_name_by_idx(group.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT),
                  "read group 'response'");
    std::string name(static_cast<std::size_t>(length) + 1, '\0');
    h5::check(
        H5Lget_name_by_idx(group.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT),
        "read group 'response'");
    name.resize(static_cast<std::size_t>(length));
    out.push_back({name, read_any_counts(group.get(), name.c_str())});
  }
  return out;
}

ShardRecord read_file(hid_t f, const std::string& path) {
  if (H5Aexists(f, "format") <= 0 || read_string(f, "format") != kFormat)
    throw IoError(fmt::format("{}: not a riskgrid shard file (no format \"{}\")", path, kFormat));
  const auto version = read_number<std::int32_t>(f, "format_version");
  if (version < 1 || version > kShardFormatVersion)
    throw IoError(fmt::format("{}: shard format version {} is not one this riskgrid reads (1..{})", path, version,
                              kShardFormatVersion));
  ShardRecord r;
  r.scenario_text = read_string(f, "scenario");
  r.scenario_sha256 = read_string(f, "scenario_sha256");
  r.scenario_path = read_string(f, "scenario_path");
  r.sweep_index = read_number<std::int64_t>(f, "sweep_index");
  r.seed = read_number<std::uint64_t>(f, "seed");
  r.replicas = read_number<std::uint64_t>(f, "replicas");
  r.shard = read_number<std::uint32_t>(f, "shard");
  r.shards = read_number<std::uint32_t>(f, "shards");
  r.first_replica = read_number<std::uint64_t>(f, "first_replica");
  const ensemble::TallyShape shape{read_number<std::uint64_t>(f, "bins"), read_number<std::uint64_t>(f, "units"),
                                   read_number<std::uint64_t>(f, "categories")};
  auto per_bin = read_histograms(f, "per_bin", shape.bins * shape.units);
  auto horizon = read_histograms(f, "horizon", shape.units);
  r.tally =
      ensemble::EnsembleTally::from_parts(shape, read_number<std::uint64_t>(f, "shard_replicas"), std::move(per_bin),
                                          std::move(horizon), read_counts(f, "sum_by_category", shape.cells()));
  if (H5Lexists(f, "response", H5P_DEFAULT) > 0) r.response = read_response(f);
  return r;
}

}  // namespace

void write_shard_h5(const std::string& path, const ShardRecord& record) {
  h5::write_file_atomically(path, "shard", [&](hid_t file) { write_file(file, record); });
}

ShardRecord read_shard_h5(const std::string& path) {
  const h5::QuietErrors quiet;
  try {
    const h5::File file{h5::check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open")};
    return read_file(file.get(), path);
  } catch (const h5::Failure& failure) {
    throw IoError(fmt::format("{}: {}", path, failure.what()));
  } catch (const std::invalid_argument& bad) {
    throw InputError(fmt::format("{}: damaged shard file: {}", path, bad.what()));
  }
}

}  // namespace riskgrid::results
