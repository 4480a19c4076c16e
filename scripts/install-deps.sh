#!/usr/bin/env bash
# Installs every Debian package riskgrid needs to build, test and run. Idempotent: quiet and quick when
# everything is already present; runs `apt-get update` at most once; uses sudo when not root.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libeigen3-dev libtbb-dev libhdf5-dev hdf5-tools
  libboost-program-options-dev libboost-dev
  libgtest-dev libbenchmark-dev
  libyaml-cpp-dev libgdal-dev gdal-bin librandom123-dev
  libcairo2-dev libfmt-dev libssl-dev
  fonts-noto-cjk fonts-dejavu-core file time
  libopenmpi-dev openmpi-bin  # the ci preset builds with RISKGRID_WITH_MPI and tests under mpirun
  clang clang-format clang-tidy libclang-rt-14-dev
  # the independent ingest count check and the pandas peer of the ingest bench
  python3-pandas python3-geopandas python3-shapely python3-pyproj python3-yaml
  # the analyst's-Python peer of the backtest bench (bench/backtest_python.py)
  python3-statsmodels python3-sklearn
  # results files opened as analysts do (tests/app/netcdf_open.py): xarray, both netCDF engines, ncdump
  python3-xarray python3-h5netcdf python3-netcdf4 python3-h5py netcdf-bin
  # history from a database: a throw-away server for tests/postgres (GDAL's PostgreSQL driver is in libgdal)
  postgresql
  # the job-array scripts on a real single-node Slurm (tests/slurm/run.sh, label slurm)
  slurm-wlm munge
)

# The browser test of the HTML report: Debian's chromium, and node/npm unless the machine has them.
packages+=(chromium)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
