#include "yaml_reader.hpp"

#include <algorithm>

#include "infercost/core/error.hpp"
#include "infercost/core/limits.hpp"

#include <yaml-cpp/eventhandler.h>

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

namespace {
// A first pass over the parser's events, before any node is built: documents, nesting depth and aliases are
// counted, so that an alias bomb or a deeply nested file is refused at the place it passes the limit, in
// milliseconds.
class ShapeCheck : public YAML::EventHandler {
public:
    explicit ShapeCheck(const std::string& name) : name_(name) {}
    // YAML::Load reads the first document only; a second one would be dropped unread. (A stray top-level ','
    // makes yaml-cpp 0.7 report documents without end, so this also ends that loop.)
    void OnDocumentStart(const YAML::Mark& mark) override {
        if (++documents_ > 1)
            refuse(mark, "a second YAML document starts here (after '---' or a stray ','); a file holds one document");
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
        if (++aliases_ > kMaxYamlAliases)
            refuse(mark, "more than " + std::to_string(kMaxYamlAliases) +
                             " aliases (*name) in one file; write the values out instead of referring to them");
    }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string& value) override {
        if (value.size() > kMaxStringBytes)
            refuse(mark, "a value of " + std::to_string(value.size()) + " bytes; values are limited to " +
                             std::to_string(kMaxStringBytes / 1024) + " KiB");
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
        enter(mark);
    }
    void OnSequenceEnd() override { --depth_; }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
        enter(mark);
    }
    void OnMapEnd() override { --depth_; }

private:
    const std::string& name_;
    int depth_ = 0;
    int aliases_ = 0;
    int documents_ = 0;
    void enter(const YAML::Mark& mark) {
        if (++depth_ > kMaxNestingDepth)
            refuse(mark, "mappings and lists nested more than " + std::to_string(kMaxNestingDepth) + " deep");
    }
    [[noreturn]] void refuse(const YAML::Mark& mark, const std::string& why) const {
        throw InputError(name_, mark.line + 1, mark.column + 1, "", why);
    }
};
}  // namespace

YamlNode YamlNode::load_string(const std::string& text, const std::string& name) {
    try {
        std::istringstream in(text);
        YAML::Parser parser(in);
        ShapeCheck check(name);
        while (parser.HandleNextDocument(check)) {
        }
        YAML::Node root = YAML::Load(text);
        return YamlNode(root, name, "", root.Mark());
    } catch (const YAML::Exception& e) {
        throw InputError(name, e.mark.line + 1, e.mark.column + 1, "", "YAML syntax error: " + e.msg);
    }
}

std::string read_text(const std::string& file) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto status = fs::status(file, ec);
    if (ec || !fs::exists(status)) throw InputError("cannot open '" + file + "': no such file");
    if (fs::is_directory(status)) throw InputError("'" + file + "' is a directory; give a file");
    if (fs::is_regular_file(status)) {
        const auto size = fs::file_size(file, ec);
        if (!ec && size > kMaxFileBytes)
            throw InputError("'" + file + "' is " + std::to_string(size >> 20) + " MiB; infercost reads files up to " +
                             std::to_string(kMaxFileBytes >> 20) + " MiB (split it, or keep only the entries needed)");
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError("cannot open '" + file + "': not readable (check its permissions)");
    std::string text;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {  // a pipe or device has no size: cap while reading
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > kMaxFileBytes)
            throw InputError("'" + file + "' is larger than " + std::to_string(kMaxFileBytes >> 20) +
                             " MiB, the most infercost reads (split it, or keep only the entries needed)");
    }
    if (in.bad()) throw InputError("cannot read '" + file + "': a read error");
    check_text(text, file);
    return text;
}

void check_text(const std::string& text, const std::string& name) {
    // A file of another kind (a spreadsheet, a zip, UTF-16) would otherwise read as an empty or odd document.
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool ok = len > 0 && i + len <= text.size() && (c != 0);
        for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(text[i + k]) >> 6) == 0x2;
        if (!ok)
            throw InputError(name, static_cast<int>(line), static_cast<int>(column), "",
                             c == 0 ? "a NUL byte: this is not a text file" : "not UTF-8 text; save the file as UTF-8");
        if (c == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
        i += len;
    }
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
