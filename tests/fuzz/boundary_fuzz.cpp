// Fuzz target: arbitrary bytes as a GeoJSON boundary file, through the units loader (GDAL's GeoJSON
// driver, reprojection, same-id merge, MakeValid, GEOS unions), the square-grid clipper and the
// point -> unit index. Bad input must end in riskgrid's typed errors, never a crash, a sanitizer
// report or another exception. The file lives in GDAL's in-memory file system (/vsimem/), so no
// disk is touched.
#include <cpl_vsi.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/spatial/units_io.hpp"
#include "riskgrid/engine/spatial/unit_locator.hpp"

namespace {

constexpr const char* kPath = "/vsimem/boundary_fuzz.geojson";

// Work per input stays bounded: the square grid only runs on boundaries up to 50 km across.
void square_grid_on(const riskgrid::spatial::District& d) {
  riskgrid::geo::Box box;
  riskgrid::geo::bg::envelope(d.outline, box);
  const double w = box.max_corner().x() - box.min_corner().x();
  const double h = box.max_corner().y() - box.min_corner().y();
  if (!(w < 50e3 && h < 50e3)) return;
  riskgrid::spatial::UnitsSource square;
  square.path = kPath;
  square.square = riskgrid::spatial::SquareGridSpec{1000, kPath, std::nullopt};
  square.where = "fuzz";
  riskgrid::spatial::load_units(square, "fuzz grid");
}

void load() {
  riskgrid::spatial::UnitsSource source;
  source.path = kPath;
  source.id_field = "id";
  source.town_field = "town";
  source.population_field = "population";
  source.where = "fuzz";
  const riskgrid::spatial::UnitsLoad loaded = riskgrid::spatial::load_units(source, "fuzz");
  const riskgrid::spatial::UnitLocator locator(loaded.district);
  for (const auto& grid : loaded.district.grids) (void)locator.locate(grid.centroid);
  square_grid_on(loaded.district);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  VSILFILE* file = VSIFileFromMemBuffer(kPath, const_cast<GByte*>(data), size, /*bTakeOwnership=*/FALSE);
  if (file == nullptr) return 0;
  VSIFCloseL(file);
  try {
    load();
  } catch (const riskgrid::InputError&) {
  } catch (const riskgrid::IoError&) {
  } catch (const riskgrid::ScenarioError&) {
  }
  VSIUnlink(kPath);
  return 0;
}
