#pragma once
// Typed access to YAML mappings with errors that say where, what and what was expected:
//   scenario.yaml:14:7: drills[1].factor: expected a positive number, got "x2"
// Every key a reader does not ask for is reported as unknown, with a did-you-mean.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace riskgrid::io {

/// Parses a YAML file; syntax errors become ScenarioError with file:line:column. Also refused, at their
/// line: a second document, a key written twice in one mapping, text that is not UTF-8, a file over
/// 16 MiB or aliases that expand past a million nodes; a path that is not a readable file is an IoError.
YAML::Node load_yaml_file(const std::string& path);

/// "file:line:column" of a node (1-based), or just the file when the node has no mark.
std::string where(const std::string& file, const YAML::Node& node);

/// The closest candidate within a small edit distance, or empty.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" with the closest candidate, or empty: the one way every message suggests a name.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);
/// The same for a suggestion already found (empty: no suggestion).
std::string did_you_mean(const std::string& suggestion);

/// Which file each part of a document came from, by dotted path ("drills[1].factor"), for documents
/// merged from several files (extends:): yaml-cpp marks carry a line and column but no file name.
/// A path not listed belongs to its nearest listed parent, and at the top to the root file.
class Sources {
 public:
  explicit Sources(std::string root_file) : root_(std::move(root_file)) {}
  void set(const std::string& path, const std::string& file) { files_[path] = file; }
  std::string file_of(const std::string& path) const;
  const std::string& root() const { return root_; }
  const std::map<std::string, std::string>& entries() const { return files_; }

 private:
  std::string root_;
  std::map<std::string, std::string> files_;
};

/// True when `path` is `parent` or lies below it ("a.b" and "a[0]" lie below "a", "ab" does not).
bool path_is_under(const std::string& path, const std::string& parent);

class Fields {
 public:
  /// `node` must be a mapping; `path` is its dotted name in messages (empty at the top).
  Fields(const YAML::Node& node, std::string file, std::string path);
  /// The same, for a merged document: messages name the file each key was written in.
  Fields(const YAML::Node& node, std::shared_ptr<const Sources> sources, const std::string& path);

  /// The mapping under `key` (which the caller has checked is present), sources carried along.
  Fields child(const std::string& key) const;
  /// Element `index` of the list under `key`, named "key[index]" in messages.
  Fields element(const std::string& key, std::size_t index) const;

  /// Whether `key` is given; a key given with no value (`key:` or `key: ~`) is an error, not "absent".
  bool has(const std::string& key) const;
  YAML::Node node(const std::string& key) const;  ///< null node when absent (marks it used)
  YAML::Node required_node(const std::string& key) const;

  std::string text(const std::string& key) const;  ///< required string
  std::string text_or(const std::string& key, const std::string& fallback) const;
  double number(const std::string& key) const;  ///< required
  double number_or(const std::string& key, double fallback) const;
  double positive(const std::string& key) const;
  double positive_or(const std::string& key, double fallback) const;
  double fraction_or(const std::string& key, double fallback) const;  ///< in [0, 1]
  long long integer_or(const std::string& key, long long fallback, long long min, long long max) const;
  bool flag_or(const std::string& key, bool fallback) const;
  std::vector<std::string> texts_or_empty(const std::string& key) const;  ///< a string or a list

  /// A one-of-these string, with a did-you-mean on a near miss.
  std::string choice_or(const std::string& key, const std::vector<std::string>& allowed,
                        const std::string& fallback) const;

  /// Throws for the first key that was never asked for.
  void reject_unknown() const;

  /// Throws ScenarioError "file:l:c: path.key: expected <expected>, got <what was there>".
  [[noreturn]] void fail(const std::string& key, const std::string& expected) const;
  [[noreturn]] void fail_at(const YAML::Node& at, const std::string& key, const std::string& message) const;

  std::string child_path(const std::string& key) const;
  const std::string& file() const { return file_; }
  /// The file `key` of this mapping was written in.
  std::string file_of(const std::string& key) const;
  const YAML::Node& yaml() const { return node_; }

 private:
  YAML::Node node_;
  std::string file_;
  std::string path_;
  std::shared_ptr<const Sources> sources_;  ///< null for a single-file document
  mutable std::set<std::string> used_;
};

}  // namespace riskgrid::io
