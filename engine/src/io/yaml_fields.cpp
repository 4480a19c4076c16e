#include "riskgrid/engine/io/yaml_fields.hpp"

#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/csv_scan.hpp"
#include "riskgrid/engine/io/input_file.hpp"

namespace riskgrid::io {

namespace {

/// Settings files are small; a bigger file is not one (and would be parsed whole before any check).
constexpr std::uintmax_t kMaxYamlBytes = std::uintmax_t{16} << 20;
/// Nodes visited when checking a document, aliases followed: bounds "billion laughs" documents, whose
/// few bytes expand (through aliases) to more nodes than any reader or the recorded text could hold.
constexpr std::size_t kMaxYamlNodes = 1'000'000;
/// No settings file nests this deep; an alias inside its own anchor (a cycle) would otherwise recurse
/// until the stack overflows (fuzz: `c: &c [*b, *c]`).
constexpr int kMaxYamlDepth = 64;

std::string read_yaml_text(const std::string& path) {
  check_input_file(path, path, IfMissing::error);
  std::error_code error;
  const std::uintmax_t bytes = std::filesystem::file_size(path, error);
  if (!error && bytes > kMaxYamlBytes)
    throw ScenarioError(fmt::format("{}: {} bytes: not a settings file (YAML files riskgrid reads are at most {} MiB)",
                                    path, bytes, kMaxYamlBytes >> 20));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot open file", path));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw IoError(fmt::format("{}: read error", path));
  return text.str();
}

/// What yaml-cpp accepts silently and riskgrid refuses at its line: a key written twice in one mapping
/// (yaml-cpp keeps the first), and text that is not UTF-8 (it would reach a picture or a file).
class TreeCheck {
 public:
  explicit TreeCheck(const std::string& file) : file_(file) {}

  void check(const YAML::Node& node, int depth = 0) {
    if (++visited_ > kMaxYamlNodes)
      throw ScenarioError(fmt::format("{}: more than {} YAML nodes (aliases expanded): not a settings file",
                                      where(file_, node), kMaxYamlNodes));
    if (depth > kMaxYamlDepth)
      throw ScenarioError(
          fmt::format("{}: nested more than {} levels deep (an alias inside its own anchor?): not a "
                      "settings file",
                      where(file_, node), kMaxYamlDepth));
    if (node.IsScalar()) {
      check_text(node);
    } else if (node.IsSequence()) {
      for (const auto& item : node) check(item, depth + 1);
    } else if (node.IsMap()) {
      std::set<std::string> keys;
      for (const auto& entry : node) {
        check(entry.first, depth + 1);
        if (entry.first.IsScalar() && !keys.insert(entry.first.Scalar()).second)
          throw ScenarioError(fmt::format("{}: {}: a key written twice in one mapping (the second would be ignored)",
                                          where(file_, entry.first), excerpt(entry.first.Scalar())));
        check(entry.second, depth + 1);
      }
    }
  }

 private:
  void check_text(const YAML::Node& node) const {
    if (!valid_utf8(node.Scalar()))
      throw ScenarioError(fmt::format("{}: text that is not valid UTF-8 (save the file as UTF-8)", where(file_, node)));
  }

  const std::string& file_;
  std::size_t visited_ = 0;
};

}  // namespace

namespace {

/// YAML allows no C0 control character but tab and line ends (nor DEL); yaml-cpp takes some of them for
/// its end of stream and loops on documents made of them (fuzz: a NUL after a comma hung LoadAll).
void reject_control_characters(const std::string& path, const std::string& text) {
  std::size_t line = 1, column = 1;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7F)
      throw ScenarioError(
          fmt::format("{}:{}:{}: a control character (byte 0x{:02X}) YAML does not allow: not a "
                      "settings file",
                      path, line, column, byte));
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
}

}  // namespace

namespace {

/// Counts the documents of a stream, remembering where the second starts.
class DocumentCounter : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents == 2) second = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  int documents = 0;
  YAML::Mark second;
};

/// A second document would be ignored by YAML::Load. Not YAML::LoadAll: its loop never ends on some
/// inputs (fuzz: ",ne"), so the parser is asked for two documents at most.
void reject_second_document(const std::string& path, const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentCounter counter;
  if (parser.HandleNextDocument(counter) && parser.HandleNextDocument(counter) && counter.documents >= 2)
    throw ScenarioError(fmt::format("{}:{}:{}: a second YAML document (after ---): a file holds one document", path,
                                    counter.second.line + 1, counter.second.column + 1));
}

}  // namespace

YAML::Node load_yaml_file(const std::string& path) {
  const std::string text = read_yaml_text(path);
  reject_control_characters(path, text);
  YAML::Node root;
  try {
    root = YAML::Load(text);
    reject_second_document(path, text);
  } catch (const YAML::ParserException& e) {
    throw ScenarioError(fmt::format("{}:{}:{}: invalid YAML: {}", path, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  TreeCheck(path).check(root);
  return root;
}

std::string where(const std::string& file, const YAML::Node& node) {
  const YAML::Mark m = node.Mark();
  if (m.line < 0) return file;
  return fmt::format("{}:{}:{}", file, m.line + 1, m.column + 1);
}

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string describe(const YAML::Node& node) {
  if (!node || node.IsNull()) return "nothing";
  if (node.IsScalar()) return fmt::format("\"{}\"", excerpt(node.Scalar()));
  if (node.IsSequence()) return "a list";
  return "a mapping";
}

}  // namespace

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

bool path_is_under(const std::string& path, const std::string& parent) {
  if (parent.empty()) return true;
  if (path.compare(0, parent.size(), parent) != 0) return false;
  return path.size() == parent.size() || path[parent.size()] == '.' || path[parent.size()] == '[';
}

std::string did_you_mean(const std::string& suggestion) {
  return suggestion.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", suggestion);
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  return did_you_mean(closest_match(word, candidates));
}

std::string Sources::file_of(const std::string& path) const {
  // The longest listed prefix wins: a key deep-merged into a base's mapping names its own file.
  const std::string* best = &root_;
  std::size_t best_length = 0;
  for (const auto& [listed, file] : files_) {
    if (listed.size() >= best_length && path_is_under(path, listed)) {
      best = &file;
      best_length = listed.size();
    }
  }
  return *best;
}

Fields::Fields(const YAML::Node& node, std::shared_ptr<const Sources> sources, const std::string& path)
    : Fields(node, sources->file_of(path), path) {
  sources_ = std::move(sources);
}

Fields Fields::child(const std::string& key) const {
  if (sources_) return Fields(node(key), sources_, child_path(key));
  return Fields(node(key), file_, child_path(key));
}

Fields Fields::element(const std::string& key, std::size_t index) const {
  const std::string path = fmt::format("{}[{}]", child_path(key), index);
  if (sources_) return Fields(node(key)[index], sources_, path);
  return Fields(node(key)[index], file_, path);
}

std::string Fields::file_of(const std::string& key) const {
  return sources_ ? sources_->file_of(child_path(key)) : file_;
}

Fields::Fields(const YAML::Node& node, std::string file, std::string path)
    : node_(node), file_(std::move(file)), path_(std::move(path)) {
  if (!node_.IsMap())
    throw ScenarioError(fmt::format("{}: {}: expected a mapping of keys, got {}", where(file_, node_),
                                    path_.empty() ? "document" : path_, describe(node_)));
}

std::string Fields::child_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

bool Fields::has(const std::string& key) const {
  used_.insert(key);
  const YAML::Node n = node_[key];
  // `seed: ~` or `seed:` is not "the default": it is most often a value lost in editing.
  if (n.IsDefined() && n.IsNull())
    fail_at(n, key, "expected a value, got nothing (leave the key out to take its default)");
  return n.IsDefined();
}

YAML::Node Fields::node(const std::string& key) const {
  used_.insert(key);
  return node_[key];
}

YAML::Node Fields::required_node(const std::string& key) const {
  if (has(key)) return node_[key];
  // A missing key is most often a typo of it: point at the typo rather than at the mapping.
  for (const auto& entry : node_) {
    const std::string written = entry.first.Scalar();
    if (!used_.count(written) && !closest_match(written, {key}).empty())
      throw ScenarioError(fmt::format("{}: {}: unknown key; did you mean '{}'?", where(file_of(written), entry.first),
                                      child_path(written), key));
  }
  throw ScenarioError(fmt::format("{}: {}: required key is missing", where(file_, node_), child_path(key)));
}

void Fields::fail_at(const YAML::Node& at, const std::string& key, const std::string& message) const {
  throw ScenarioError(fmt::format("{}: {}: {}", where(file_of(key), at), child_path(key), message));
}

void Fields::fail(const std::string& key, const std::string& expected) const {
  const YAML::Node n = node_[key];
  fail_at(n.IsDefined() ? n : node_, key, fmt::format("expected {}, got {}", expected, describe(n)));
}

std::string Fields::text(const std::string& key) const {
  const YAML::Node n = required_node(key);
  if (!n.IsScalar()) fail(key, "a string");
  return n.Scalar();
}

std::string Fields::text_or(const std::string& key, const std::string& fallback) const {
  return has(key) ? text(key) : fallback;
}

double Fields::number(const std::string& key) const {
  const YAML::Node n = required_node(key);
  double value = 0;
  if (!n.IsScalar() || !YAML::convert<double>::decode(n, value) || !std::isfinite(value)) fail(key, "a number");
  return value;
}

double Fields::number_or(const std::string& key, double fallback) const { return has(key) ? number(key) : fallback; }

double Fields::positive(const std::string& key) const {
  const YAML::Node n = required_node(key);
  double value = 0;
  if (!n.IsScalar() || !YAML::convert<double>::decode(n, value) || !(value > 0) || !std::isfinite(value))
    fail(key, "a positive number");
  return value;
}

double Fields::positive_or(const std::string& key, double fallback) const {
  return has(key) ? positive(key) : fallback;
}

double Fields::fraction_or(const std::string& key, double fallback) const {
  if (!has(key)) return fallback;
  const double value = number(key);
  if (value < 0 || value > 1) fail(key, "a number between 0 and 1");
  return value;
}

long long Fields::integer_or(const std::string& key, long long fallback, long long min, long long max) const {
  if (!has(key)) return fallback;
  const YAML::Node n = node_[key];
  long long value = 0;
  if (!n.IsScalar() || !YAML::convert<long long>::decode(n, value) || value < min || value > max)
    fail(key, fmt::format("a whole number from {} to {}", min, max));
  return value;
}

bool Fields::flag_or(const std::string& key, bool fallback) const {
  if (!has(key)) return fallback;
  bool value = false;
  if (!YAML::convert<bool>::decode(node_[key], value)) fail(key, "true or false");
  return value;
}

std::vector<std::string> Fields::texts_or_empty(const std::string& key) const {
  std::vector<std::string> out;
  if (!has(key)) return out;
  const YAML::Node n = node_[key];
  if (n.IsScalar()) return {n.Scalar()};
  if (!n.IsSequence()) fail(key, "a string or a list of strings");
  for (const auto& item : n) {
    if (!item.IsScalar()) fail_at(item, key, fmt::format("expected a string, got {}", describe(item)));
    out.push_back(item.Scalar());
  }
  return out;
}

std::string Fields::choice_or(const std::string& key, const std::vector<std::string>& allowed,
                              const std::string& fallback) const {
  if (!has(key)) return fallback;
  const std::string value = text(key);
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return value;
  const std::string hint = closest_match(value, allowed);
  fail_at(node_[key], key,
          fmt::format("expected one of {}, got \"{}\"{}", fmt::join(allowed, ", "), excerpt(value),
                      io::did_you_mean(hint)));
}

void Fields::reject_unknown() const {
  std::vector<std::string> known(used_.begin(), used_.end());
  for (const auto& entry : node_) {
    const std::string key = entry.first.Scalar();
    if (used_.count(key)) continue;
    const std::string hint = closest_match(key, known);
    throw ScenarioError(fmt::format("{}: {}: unknown key{}", where(file_of(key), entry.first), child_path(key),
                                    hint.empty() ? fmt::format(" (known keys: {})", fmt::join(known, ", "))
                                                 : fmt::format("; did you mean '{}'?", hint)));
  }
}

}  // namespace riskgrid::io
