// Issue 17: absurd numbers, hostile paths and values yaml-cpp accepts silently are refused at their line.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"

namespace riskgrid::scenario {
namespace {
namespace fs = std::filesystem;

const std::string kScenarios = RISKGRID_SCENARIOS;

/// A folder with a copy of the default district's file, so `district: district.yaml` resolves.
class Hostile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("riskgrid_hostile_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
    fs::copy_file(kScenarios + "/putuo/district.yaml", dir_ / "district.yaml", fs::copy_options::overwrite_existing);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& text, const std::string& name = "s.yaml") {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return (dir_ / name).string();
  }
  /// The message of the error loading `text` throws, with its type's name first.
  std::string error_of(const std::string& text) { return error_at(write(text)); }
  static std::string error_at(const std::string& path) {
    try {
      load_scenarios(path);
    } catch (const ScenarioError& e) {
      return std::string("ScenarioError: ") + e.what();
    } catch (const IoError& e) {
      return std::string("IoError: ") + e.what();
    } catch (const InputError& e) {
      return std::string("InputError: ") + e.what();
    }
    return "no error";
  }
  fs::path dir_;
};

const std::string kHead = "name: t\ndistrict: district.yaml\n";

#define EXPECT_HAS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

TEST_F(Hostile, AHugeHorizonIsRefusedAtItsLineBeforeAnythingIsAllocated) {
  EXPECT_HAS(error_of(kHead + "horizon: {start: 2026-11-01, days: 100000000}\n"),
             "s.yaml:3:36: horizon.days: expected days up to 3660");
  EXPECT_HAS(error_of(kHead + "horizon: {start: 2026-11-01, days: 1e300}\n"), "horizon.days: expected days up to");
  EXPECT_HAS(error_of(kHead + "horizon: {start: 2026-11-01, hours: 876000, bin: hour}\n"),
             "horizon.hours: expected hours up to 87840");
  EXPECT_HAS(error_of(kHead + "horizon: {start: 2026-11-01, end: 2126-11-01}\n"),
             "horizon.end: expected a horizon of at most 3660 days");
  // Within ten years but too many hourly bins.
  EXPECT_HAS(error_of(kHead + "horizon: {start: 2026-11-01, days: 1000, bin: hour}\n"),
             "s.yaml:3:36: horizon.days: expected at most 20000 bins (this horizon has 24000 hours");
  EXPECT_EQ(error_of(kHead + "horizon: {start: 2026-11-01, days: 3660}\n"), "no error");
}

TEST_F(Hostile, DrillNumbersHaveDocumentedMaxima) {
  const std::string h = kHead + "horizon: {start: 2026-11-01, days: 7}\ndrills:\n";
  EXPECT_HAS(error_of(h + "  - {name: a, factor: 1e20}\n"), "drills[0].factor: expected a factor up to 1000");
  EXPECT_HAS(error_of(h + "  - {name: a, profile: [[0, 1], [5, 1e12]]}\n"), "expected a factor from 0 to 1000");
  EXPECT_HAS(error_of(h + "  - name: a\n    new_category: {id: x, name: X}\n    per_day: 1e15\n"),
             "s.yaml:7:14: drills[0].per_day: expected incidents a day up to 100000");
}

TEST_F(Hostile, ADrillWindowOutsideTheHorizonIsRefused) {
  const std::string h = kHead + "horizon: {start: 2026-11-01, days: 7}\ndrills:\n  - name: late\n    factor: 2\n";
  EXPECT_HAS(error_of(h + "    window: {start: 2027-01-01, days: 2}\n"),
             "s.yaml:7:13: drills[0].window: expected a window that overlaps the horizon 2026-11-01 00:00:00 .. "
             "2026-11-08 00:00:00, got 2027-01-01");
  EXPECT_HAS(error_of(h + "    window: {start: 2026-10-01, end: 2026-11-01}\n"), "overlaps the horizon");
  EXPECT_EQ(error_of(h + "    window: {start: 2026-10-30, days: 3}\n"), "no error");  // overlaps: clipped
}

TEST_F(Hostile, AZeroHalfLifeIsRefusedLeavingTheKeyOutMeansNoDecay) {
  const std::string h = kHead + "horizon: {start: 2026-11-01, days: 7}\ndrills:\n  - name: a\n    factor: 2\n";
  EXPECT_HAS(error_of(h + "    half_life_days: 0\n"), "drills[0].half_life_days: expected a positive number");
  EXPECT_EQ(load_scenario(write(h)).drills[0].half_life_days, 0);
}

TEST_F(Hostile, NullsAreNotDefaults) {
  const std::string h = kHead + "horizon: {start: 2026-11-01, days: 7}\n";
  EXPECT_HAS(error_of(h + "seed: ~\n"), "s.yaml:4:7: seed: expected a value, got nothing");
  EXPECT_HAS(error_of(h + "replicas:\n"), "replicas: expected a value, got nothing");
}

TEST_F(Hostile, DuplicateKeysAndASecondDocumentAreRefused) {
  const std::string h = kHead + "horizon: {start: 2026-11-01, days: 7}\n";
  EXPECT_HAS(error_of(h + "seed: 1\nseed: 2\n"), "s.yaml:5:1: seed: a key written twice in one mapping");
  EXPECT_HAS(error_of(kHead + "horizon: {start: 2026-11-01, days: 7, days: 8}\n"), "s.yaml:3:39: days: a key written");
  EXPECT_HAS(error_of(h + "---\nname: other\n"), "s.yaml:4:1: a second YAML document");
}

// Fuzz finding (tests/fuzz/corpus/scenario_fuzz/nul_after_comma): a NUL byte made yaml-cpp's LoadAll loop.
TEST_F(Hostile, ControlCharactersAreRefusedBeforeParsing) {
  EXPECT_HAS(error_of(",ne"), "s.yaml");  // made LoadAll loop; now an error like any non-scenario
  EXPECT_HAS(error_of(std::string(",\0\0\0\0\0\0\0a-nd\n", 13)),
             "s.yaml:1:2: a control character (byte 0x00) YAML does not allow");
  EXPECT_HAS(error_of(kHead + "title: a\x04"
                              "b\n"),
             "s.yaml:3:9: a control character (byte 0x04)");
}

TEST_F(Hostile, AnAliasInsideItsOwnAnchorIsRefusedNotRecursedForever) {
  // fuzz: the cycle recursed until the stack overflowed
  EXPECT_HAS(error_of(kHead + "a: &a [x, x]\nc: &c [*a, *c, *a]\n"), "levels deep (an alias inside its own anchor?)");
}

TEST_F(Hostile, AnAbsurdSweepIndexIsAnErrorNotAnUntypedException) {
  // fuzz: std::stoul threw std::out_of_range past every typed handler
  EXPECT_HAS(
      error_of(kHead + "horizon: {start: 2026-11-01, days: 7}\nsweep:\n  drills[333333333333333333330].factor: [2]\n"),
      "an index of at most 6 digits");
}

TEST_F(Hostile, TextThatIsNotUtf8IsRefusedAtItsLine) {
  EXPECT_HAS(error_of(kHead + "title: \"caf\xE9\"\nhorizon: {start: 2026-11-01, days: 7}\n"),
             "s.yaml:3:8: text that is not valid UTF-8");
  EXPECT_EQ(error_of(kHead + "title: café 咖啡\nhorizon: {start: 2026-11-01, days: 7}\n"), "no error");
}

TEST_F(Hostile, ADistrictThatIsNotAFileIsAnIoErrorNamingTheScenarioLine) {
  const std::string h = "horizon: {start: 2026-11-01, days: 7}\n";
  fs::create_directories(dir_ / "folder");
  EXPECT_HAS(error_of("name: t\ndistrict: folder\n" + h), "IoError: " + (dir_ / "s.yaml").string() +
                                                              ":2:11: district: " + (dir_ / "folder").string() +
                                                              " is a directory, not a file");
  EXPECT_HAS(error_of("name: t\ndistrict: /dev/zero\n" + h), "s.yaml:2:11: district: /dev/zero is a device");
  ASSERT_EQ(::mkfifo((dir_ / "pipe").c_str(), 0600), 0);
  EXPECT_HAS(error_of("name: t\ndistrict: pipe\n" + h), "is a FIFO (named pipe), not a file");
  EXPECT_HAS(error_of("name: t\ndistrict: absent.yaml\n" + h),
             "IoError: " + (dir_ / "s.yaml").string() + ":2:11: district: no such file");
}

TEST_F(Hostile, AHistoryOrCatalogThatIsADeviceIsRefusedAtTheDistrictLine) {
  std::ifstream in(kScenarios + "/putuo/district.yaml");
  std::string district((std::istreambuf_iterator<char>(in)), {});
  const std::size_t at = district.find("categories:");
  ASSERT_NE(at, std::string::npos);
  district.replace(at, district.find('\n', at) - at, "categories: /dev/zero");
  write(district, "district.yaml");
  EXPECT_HAS(error_of(kHead + "horizon: {start: 2026-11-01, days: 7}\n"), "categories: /dev/zero is a device");
}

TEST_F(Hostile, AFileThatIsNotYamlIsQuotedOnlyInPart) {
  std::string big(2 << 20, 'x');
  big += "\n";
  const std::string message = error_at(write(big, "big.yaml"));
  EXPECT_HAS(message, "expected a mapping of keys, got \"xxxx");
  EXPECT_HAS(message, "... (2097152 bytes)");
  EXPECT_LT(message.size(), 300u);
  std::string lines;
  for (int i = 0; i < 100; ++i) lines += "root:x:0:0:root:/root:/bin/bash secret line " + std::to_string(i) + "\n";
  const std::string passwd = error_at(write(lines, "passwd"));
  EXPECT_LT(passwd.size(), 300u) << passwd;
  EXPECT_EQ(passwd.find('\n'), std::string::npos) << passwd;
}

TEST_F(Hostile, AMillionRunSweepIsCheckedOneSweptValueAtATime) {
  std::string values = "[";
  for (int i = 1; i <= 1000; ++i) values += (i > 1 ? ", " : "") + std::to_string(i);
  values += "]";
  const std::string path = write(kHead + "horizon: {start: 2026-11-01, days: 7}\ndrills:\n  - {name: a, factor: 2}\n" +
                                 "sweep:\n  seed: " + values + "\n  drills[0].factor: " + values + "\n");
  const auto start = std::chrono::steady_clock::now();
  const SweepCheck check = load_scenarios_to_check(path);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  EXPECT_EQ(check.runs, 1'000'000u);
  EXPECT_EQ(check.specs.size(), 1999u);  // run 0, then 999 more values of each axis
  EXPECT_EQ(check.specs[1].seed, 2u);
  EXPECT_EQ(check.specs[1000].drills[0].factor, 2);
  EXPECT_EQ(check.specs[1001].drills[0].factor, 3);
  // A bad value anywhere in a list is found.
  const std::string bad = write(kHead + "horizon: {start: 2026-11-01, days: 7}\ndrills:\n  - {name: a, factor: 2}\n" +
                                    "sweep:\n  seed: [1, 2]\n  drills[0].factor: [2, 3, 5000]\n",
                                "bad.yaml");
  EXPECT_HAS(error_at(bad), "factor: expected a factor up to 1000");
  // `run` without --sweep-index names batch as available.
  try {
    load_scenario(path);
    ADD_FAILURE() << "a sweep loaded as one run";
  } catch (const ScenarioError& e) {
    EXPECT_HAS(std::string(e.what()), "sweeps 1000000 runs: riskgrid batch runs them all");
  }
}

TEST_F(Hostile, ASweepOfMoreThanAMillionRunsIsRefused) {
  std::string values = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]";  // 11^6 runs
  std::string sweep = "sweep:\n  seed: " + values + "\n";
  for (const char* key : {"replicas", "title", "description", "drills[0].factor", "drills[0].name"})
    sweep += std::string("  ") + key + ": " + values + "\n";
  EXPECT_HAS(error_of(kHead + "horizon: {start: 2026-11-01, days: 7}\ndrills:\n  - {name: a, factor: 2}\n" + sweep),
             "sweep: more than 1000000 runs");
}

}  // namespace
}  // namespace riskgrid::scenario
