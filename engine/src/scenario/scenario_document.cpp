#include "riskgrid/engine/scenario/scenario_document.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/input_file.hpp"

namespace riskgrid::scenario {
namespace fs = std::filesystem;

namespace {

std::string child_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

/// Copies what `base` knows about `path` and below into `merged` (a key taken whole from the base).
void inherit_sources(const io::Sources& base, const std::string& path, io::Sources& merged) {
  merged.set(path, base.file_of(path));
  for (const auto& [listed, file] : base.entries())
    if (io::path_is_under(listed, path)) merged.set(listed, file);
}

struct MergeContext {
  const io::Sources& base_sources;
  io::Sources& merged;
  const std::string& child_file;
  bool drills_replace = false;
};

/// Base drills first, then the child's; the child's keep pointing at the child file.
YAML::Node append_drills(const YAML::Node& base, const YAML::Node& child, MergeContext& m) {
  const auto not_a_list = [](const std::string& file, const YAML::Node& at) {
    return ScenarioError(fmt::format("{}: drills: expected a list of drills", io::where(file, at)));
  };
  if (!base.IsSequence()) throw not_a_list(m.base_sources.file_of("drills"), base);
  if (!child.IsSequence()) throw not_a_list(m.child_file, child);
  YAML::Node all(YAML::NodeType::Sequence);
  for (std::size_t i = 0; i < base.size(); ++i) {
    all.push_back(base[i]);
    inherit_sources(m.base_sources, fmt::format("drills[{}]", i), m.merged);
  }
  for (std::size_t i = 0; i < child.size(); ++i) {
    all.push_back(child[i]);
    m.merged.set(fmt::format("drills[{}]", base.size() + i), m.child_file);
  }
  m.merged.set("drills", m.child_file);
  return all;
}

/// Merges `base` into `child` in place (the child's nodes keep their marks; the base's keys are
/// inserted with their own key and value nodes, so their marks stay right too).
void merge_into(YAML::Node child, const YAML::Node& base, const std::string& path, MergeContext& m) {
  const YAML::Node& read_child = child;  // const access: operator[] would insert missing keys
  for (const auto& entry : base) {
    const std::string key = entry.first.Scalar();
    const std::string at = child_path(path, key);
    const YAML::Node mine = read_child[key];
    if (!mine.IsDefined()) {
      child.force_insert(entry.first, entry.second);
      inherit_sources(m.base_sources, at, m.merged);
    } else if (at == "drills" && !m.drills_replace) {
      child[key] = append_drills(entry.second, mine, m);
    } else if (mine.IsMap() && entry.second.IsMap()) {
      merge_into(mine, entry.second, at, m);
    }
  }
}

bool read_drills_replace(const YAML::Node& root, const std::string& file) {
  const YAML::Node flag = root["drills_replace"];
  if (!flag.IsDefined()) return false;
  bool value = false;
  if (!flag.IsScalar() || !YAML::convert<bool>::decode(flag, value))
    throw ScenarioError(fmt::format("{}: drills_replace: expected true or false", io::where(file, flag)));
  return value;
}

/// A `district:` inherited from a base in another folder is made absolute, so the resolved text
/// (recorded in results) still names the right file when read from the child's folder.
void anchor_district(ScenarioDocument& doc) {
  const YAML::Node district = doc.root["district"];
  const std::string file = doc.sources->file_of("district");
  if (!district.IsScalar() || fs::path(file).parent_path() == fs::path(doc.file).parent_path()) return;
  doc.root["district"] =
      io::canonical_path((fs::path(file).parent_path() / district.Scalar()).string(), io::where(file, district));
}

ScenarioDocument load_chain(const std::string& path, std::vector<std::string>& chain) {
  ScenarioDocument doc;
  doc.file = path;
  doc.root = io::load_yaml_file(path);
  doc.sources = std::make_shared<io::Sources>(path);
  const io::Fields top(doc.root, path, "");  // its constructor checks the document is a mapping; the loader the rest
  (void)top;
  const YAML::Node extends = doc.root["extends"];
  if (!extends.IsDefined()) {
    if (doc.root["drills_replace"].IsDefined())
      throw ScenarioError(fmt::format("{}: drills_replace: only means something with extends:",
                                      io::where(path, doc.root["drills_replace"])));
    doc.chain = {path};
    return doc;
  }
  if (!extends.IsScalar() || extends.Scalar().empty())
    throw ScenarioError(fmt::format("{}: extends: expected the path of a base scenario", io::where(path, extends)));
  const std::string base_path =
      io::canonical_path((fs::path(path).parent_path() / extends.Scalar()).string(), io::where(path, extends));
  if (std::find(chain.begin(), chain.end(), base_path) != chain.end()) {
    chain.push_back(base_path);
    throw ScenarioError(fmt::format("{}: extends: a cycle: {}", io::where(path, extends), fmt::join(chain, " -> ")));
  }
  if (!fs::exists(base_path))
    throw ScenarioError(fmt::format("{}: extends: no such file: {}", io::where(path, extends), base_path));
  chain.push_back(base_path);
  const ScenarioDocument base = load_chain(base_path, chain);
  MergeContext m{*base.sources, *doc.sources, path, read_drills_replace(doc.root, path)};
  if (!doc.root["name"].IsDefined())
    throw ScenarioError(
        fmt::format("{}: name: required key is missing (a scenario that extends another must "
                    "name itself, or its results would overwrite the base's)",
                    path));
  doc.root.remove("extends");
  doc.root.remove("drills_replace");
  merge_into(doc.root, base.root, "", m);
  anchor_district(doc);
  doc.chain = {path};
  doc.chain.insert(doc.chain.end(), base.chain.begin(), base.chain.end());
  return doc;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot open file", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

ScenarioDocument load_scenario_document(const std::string& path) {
  std::vector<std::string> chain{fs::weakly_canonical(path).string()};
  return load_chain(path, chain);
}

std::string document_text(const ScenarioDocument& doc) {
  if (doc.chain.size() == 1) return read_text(doc.file);
  YAML::Emitter out;
  out << doc.root;
  std::vector<std::string> names;
  for (const auto& file : doc.chain) names.push_back(fs::path(file).filename().string());
  return fmt::format("# resolved from {}\n{}\n", fmt::join(names, " -> "), out.c_str());
}

}  // namespace riskgrid::scenario
