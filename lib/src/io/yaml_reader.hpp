// A strict reader over yaml-cpp nodes: every value is read through it, so every error names the file,
// the 1-based line and column, and the field path. Private to the io layer.
#pragma once

#include "infercost/core/time.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace infercost::io {

// The whole text of a file; InputError if it cannot be read, is larger than kMaxFileBytes or is not UTF-8.
std::string read_text(const std::string& file);
// InputError at the first byte of `text` that is not UTF-8 (or is NUL), naming `name`, line and column.
void check_text(const std::string& text, const std::string& name);

class YamlNode {
public:
    YamlNode(YAML::Node node, std::string file, std::string path, YAML::Mark mark);
    YamlNode(const YamlNode&) = default;
    // Assigning a yaml-cpp node rewrites the document it belongs to, so assignment is not offered.
    YamlNode& operator=(const YamlNode&) = delete;

    // Parses a whole file; syntax errors and a missing file become InputError with the location.
    static YamlNode load_file(const std::string& file);
    static YamlNode load_string(const std::string& text, const std::string& name);

    [[noreturn]] void fail(const std::string& message) const;

    const std::string& path() const { return path_; }
    const std::string& file() const { return file_; }
    bool is_null() const { return !node_ || node_.IsNull(); }
    bool is_map() const { return node_.IsMap(); }
    bool is_sequence() const { return node_.IsSequence(); }
    bool is_scalar() const { return node_.IsScalar(); }

    // For a mapping: refuses keys outside `allowed` and duplicated keys.
    void expect_keys(std::initializer_list<std::string_view> allowed) const {
        expect_keys(std::span<const std::string_view>(allowed.begin(), allowed.size()));
    }
    void expect_keys(std::span<const std::string_view> allowed) const;
    std::optional<YamlNode> get(std::string_view key) const;
    YamlNode at(std::string_view key) const;  // missing: error naming the field
    bool has(std::string_view key) const { return get(key).has_value(); }
    std::vector<YamlNode> items() const;                            // a sequence's elements
    std::vector<std::pair<std::string, YamlNode>> entries() const;  // a mapping's entries

    std::string str() const;           // a non-empty string
    double number() const;             // a finite number, not quoted
    double non_negative() const;       // a finite number >= 0
    std::int64_t integer() const;      // a whole number, not quoted
    bool boolean() const;              // true/false
    Date date() const;                 // YYYY-MM-DD
    Timestamp timestamp() const;       // date or date-time with zone
    std::vector<double> numbers() const;
    std::vector<std::string> strings() const;

private:
    YAML::Node node_;
    std::string file_;
    std::string path_;
    YAML::Mark mark_;
    std::string scalar(const char* expected) const;
};

// The .yaml and .yml files directly in `dir`, sorted by name (none when `dir` is not a directory), so that
// loading order, and so which file an error names first, does not depend on the file system.
std::vector<std::filesystem::path> yaml_files(const std::filesystem::path& dir);

}  // namespace infercost::io
