#pragma once
// Small text helpers for ingest: trimming, case folding, numbers with either decimal mark.
#include <optional>
#include <string>
#include <string_view>

namespace riskgrid::ingest {

/// `text` without leading and trailing spaces and tabs.
std::string_view trim(std::string_view text);

/// ASCII lower case (raw category values are compared case-insensitively; non-ASCII bytes are kept).
void lower_into(std::string_view text, std::string& out);

/// A finite decimal number with `decimal` ('.' or ',') as decimal mark, surrounding spaces allowed,
/// an exponent allowed; nullopt for anything else (empty, text, thousands separators, inf, nan).
std::optional<double> parse_number(std::string_view text, char decimal);

/// An integer (surrounding spaces allowed, "7.0" accepted as 7); nullopt otherwise.
std::optional<long long> parse_integer(std::string_view text);

}  // namespace riskgrid::ingest
