#include "yaml_reader.hpp"

#include <algorithm>

#include "infercost/core/error.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace infercost::io {

namespace {
std::string join_path(const std::string& base, std::string_view key) {
    return base.empty() ? std::string(key) : base + "." + std::string(key);
}
std::string preview(const std::string& s) { return s.size() > 40 ? s.substr(0, 37) + "..." : s; }
}  // namespace

YamlNode::YamlNode(YAML::Node node, std::string file, std::string path, YAML::Mark mark)
    : node_(std::move(node)), file_(std::move(file)), path_(std::move(path)), mark_(mark) {}

YamlNode YamlNode::load_string(const std::string& text, const std::string& name) {
    try {
        YAML::Node root = YAML::Load(text);
        return YamlNode(root, name, "", root.Mark());
    } catch (const YAML::Exception& e) {
        throw InputError(name, e.mark.line + 1, e.mark.column + 1, "", "YAML syntax error: " + e.msg);
    }
}

std::string read_text(const std::string& file) {
    std::ifstream in(file);
    if (!in) throw InputError("cannot open '" + file + "': no such file or not readable");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

YamlNode YamlNode::load_file(const std::string& file) {
    YamlNode n = load_string(read_text(file), file);
    if (n.is_null()) throw InputError(file, 1, 1, "", "the file is empty");
    return n;
}

void YamlNode::fail(const std::string& message) const {
    const int line = mark_.line >= 0 ? mark_.line + 1 : 0;
    const int col = mark_.column >= 0 ? mark_.column + 1 : 0;
    throw InputError(file_, line, col, path_, message);
}

void YamlNode::expect_keys(std::span<const std::string_view> allowed) const {
    if (!node_.IsMap()) fail("expected a mapping of fields");
    std::set<std::string> seen;
    for (auto it = node_.begin(); it != node_.end(); ++it) {
        const std::string key = it->first.Scalar();
        const YamlNode k(it->first, file_, join_path(path_, key), it->first.Mark());
        bool ok = false;
        for (auto a : allowed) ok = ok || a == key;
        if (!ok) {
            std::string list;
            for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
            k.fail("unknown field '" + key + "'; allowed here: " + list);
        }
        if (!seen.insert(key).second) k.fail("field '" + key + "' is given twice");
    }
}

std::optional<YamlNode> YamlNode::get(std::string_view key) const {
    if (!node_.IsMap()) fail("expected a mapping of fields");
    for (auto it = node_.begin(); it != node_.end(); ++it)
        if (it->first.Scalar() == key) return YamlNode(it->second, file_, join_path(path_, key), it->second.Mark().line >= 0 ? it->second.Mark() : it->first.Mark());
    return std::nullopt;
}

YamlNode YamlNode::at(std::string_view key) const {
    auto n = get(key);
    if (!n) {
        YamlNode where(node_, file_, join_path(path_, key), mark_);
        where.fail("missing required field '" + std::string(key) + "'");
    }
    return *n;
}

std::vector<YamlNode> YamlNode::items() const {
    if (!node_.IsSequence()) fail("expected a list");
    std::vector<YamlNode> out;
    std::size_t i = 0;
    for (auto it = node_.begin(); it != node_.end(); ++it, ++i)
        out.emplace_back(*it, file_, path_ + "[" + std::to_string(i) + "]", it->Mark());
    return out;
}

std::vector<std::pair<std::string, YamlNode>> YamlNode::entries() const {
    if (!node_.IsMap()) fail("expected a mapping");
    std::vector<std::pair<std::string, YamlNode>> out;
    std::set<std::string> seen;
    for (auto it = node_.begin(); it != node_.end(); ++it) {
        const std::string key = it->first.Scalar();
        if (!seen.insert(key).second)
            YamlNode(it->first, file_, join_path(path_, key), it->first.Mark()).fail("field '" + key + "' is given twice");
        out.emplace_back(key, YamlNode(it->second, file_, join_path(path_, key),
                                       it->second.Mark().line >= 0 ? it->second.Mark() : it->first.Mark()));
    }
    return out;
}

std::string YamlNode::scalar(const char* expected) const {
    if (is_null()) fail(std::string("expected ") + expected + ", found nothing");
    if (!node_.IsScalar()) fail(std::string("expected ") + expected + ", found a " + (node_.IsMap() ? "mapping" : "list"));
    return node_.Scalar();
}

std::string YamlNode::str() const {
    std::string s = scalar("a string");
    if (s.empty()) fail("must not be empty");
    return s;
}

double YamlNode::number() const {
    const std::string s = scalar("a number");
    if (node_.Tag() == "!") fail("expected a number, found the quoted string \"" + preview(s) + "\"; remove the quotes");
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
        fail("expected a number, found '" + preview(s) + "'");
    if (!std::isfinite(v)) fail("expected a finite number, found '" + s + "'");
    return v;
}

double YamlNode::non_negative() const {
    const double v = number();
    if (v < 0) fail("must not be negative (found " + node_.Scalar() + ")");
    return v;
}

std::int64_t YamlNode::integer() const {
    const std::string s = scalar("a whole number");
    if (node_.Tag() == "!") fail("expected a whole number, found the quoted string \"" + preview(s) + "\"");
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) fail("expected a whole number, found '" + preview(s) + "'");
    return v;
}

bool YamlNode::boolean() const {
    const std::string s = scalar("true or false");
    if (s == "true") return true;
    if (s == "false") return false;
    fail("expected true or false, found '" + preview(s) + "'");
}

Date YamlNode::date() const {
    const std::string s = scalar("a date (YYYY-MM-DD)");
    try {
        return parse_date(s);
    } catch (const InputError& e) {
        fail(e.reason());
    }
}

Timestamp YamlNode::timestamp() const {
    const std::string s = scalar("a date or date-time");
    try {
        return parse_timestamp(s);
    } catch (const InputError& e) {
        fail(e.reason());
    }
}

std::vector<double> YamlNode::numbers() const {
    std::vector<double> out;
    for (const auto& n : items()) out.push_back(n.number());
    return out;
}

std::vector<std::string> YamlNode::strings() const {
    std::vector<std::string> out;
    for (const auto& n : items()) out.push_back(n.str());
    return out;
}

std::vector<std::filesystem::path> yaml_files(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    if (!fs::is_directory(dir)) return files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && (e.path().extension() == ".yaml" || e.path().extension() == ".yml")) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace infercost::io
