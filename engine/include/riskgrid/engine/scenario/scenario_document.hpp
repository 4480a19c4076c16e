#pragma once
// A scenario file as one YAML document with its `extends:` chain resolved, remembering which file
// each key was written in so that errors still name the right file:line:column.
#include <memory>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "riskgrid/engine/io/yaml_fields.hpp"

namespace riskgrid::scenario {

struct ScenarioDocument {
  std::string file;                      ///< the path as given (the child)
  YAML::Node root;                       ///< merged mapping, without `extends` / `drills_replace`
  std::shared_ptr<io::Sources> sources;  ///< file per key path
  std::vector<std::string> chain;        ///< the child first, then its bases
};

/// Loads `path` and, recursively, the base it `extends:` (relative to the file). The child overrides
/// its base: mappings merge key by key, lists and scalars replace, except `drills`, which are appended
/// to the base's unless the child says `drills_replace: true`. The child must give its own `name`.
/// Throws ScenarioError (with the chain on a cycle) or IoError.
ScenarioDocument load_scenario_document(const std::string& path);

/// The document as YAML text: the file's own text when it extends nothing (comments kept), else the
/// merged document emitted, headed by a comment naming the chain.
std::string document_text(const ScenarioDocument& doc);

}  // namespace riskgrid::scenario
