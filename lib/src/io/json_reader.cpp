#include "json_reader.hpp"

#include "infercost/core/error.hpp"
#include "infercost/core/limits.hpp"
#include "yaml_reader.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <unordered_set>

namespace infercost::io {

using json_detail::Document;
using json_detail::Kind;
using json_detail::Value;

bool JsonNode::IsScalar() const {
    if (!doc_) return false;
    const Kind k = value().kind;
    return k == Kind::boolean || k == Kind::number || k == Kind::string;
}

const std::string& JsonNode::Scalar() const {
    static const std::string empty;
    return IsScalar() ? value().text : empty;
}

std::size_t JsonNode::size() const {
    if (IsSequence()) return value().items.size();
    if (IsMap()) return value().items.size() / 2;
    return 0;
}

JsonNode JsonNode::operator[](std::string_view key) const {
    if (!IsMap()) return {};
    const auto& items = value().items;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2)
        if (doc_->values[items[i]].text == key) return {doc_, items[i + 1]};
    return {};
}

JsonNode JsonNode::operator[](std::size_t i) const {
    if (!IsSequence() || i >= value().items.size()) return {};
    return {doc_, value().items[i]};
}

const std::string& JsonNode::file() const {
    static const std::string none;
    return doc_ ? doc_->file : none;
}

std::string JsonNode::as_string(std::string_view field) const {
    if (IsScalar()) return value().text;
    const JsonMark m = Mark();
    throw InputError(file(), m.line + 1, m.column + 1, std::string(field),
                     std::string(!doc_ ? "missing" : IsNull() ? "expected a string, found null"
                                                             : IsMap() ? "expected a string, found an object"
                                                                       : "expected a string, found a list"));
}

JsonNode::iterator JsonNode::begin() const { return iterator(this, 0); }
JsonNode::iterator JsonNode::end() const { return iterator(this, (IsMap() || IsSequence()) ? value().items.size() : 0); }

void JsonNode::iterator::load() {
    if (!parent_ || !(parent_->IsMap() || parent_->IsSequence())) return;
    const auto& items = parent_->value().items;
    if (at_ >= items.size()) return;
    if (parent_->IsMap()) {
        entry_.first = JsonNode(parent_->doc_, items[at_]);
        entry_.second = JsonNode(parent_->doc_, items[at_ + 1]);
        static_cast<JsonNode&>(entry_) = entry_.second;
    } else {
        static_cast<JsonNode&>(entry_) = JsonNode(parent_->doc_, items[at_]);
    }
}

namespace {

// An input iterator over the text that counts the bytes the parser has taken, so the SAX callbacks know
// where the token they are given ends.
struct CountingIterator {
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;
    const char* p = nullptr;
    std::size_t* taken = nullptr;
    reference operator*() const { return *p; }
    CountingIterator& operator++() {
        ++p;
        ++*taken;
        return *this;
    }
    CountingIterator operator++(int) {
        CountingIterator before = *this;
        ++*this;
        return before;
    }
    bool operator==(const CountingIterator& o) const { return p == o.p; }
    bool operator!=(const CountingIterator& o) const { return p != o.p; }
};

bool number_char(char c) { return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'; }

class TreeBuilder : public nlohmann::json_sax<nlohmann::json> {
public:
    TreeBuilder(const std::string& text, std::shared_ptr<Document> doc) : text_(text), doc_(std::move(doc)) {
        line_starts_.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') line_starts_.push_back(i + 1);
    }
    std::size_t taken = 0;

    bool null() override { return scalar(Kind::null, "null", start_before(taken, 4)); }
    bool boolean(bool v) override { return scalar(Kind::boolean, v ? "true" : "false", start_before(taken, v ? 4 : 5)); }
    bool number_integer(number_integer_t) override { return number(); }
    bool number_unsigned(number_unsigned_t) override { return number(); }
    bool number_float(number_float_t, const string_t&) override { return number(); }
    bool string(string_t& s) override { return scalar(Kind::string, std::move(s), string_start()); }
    bool binary(binary_t&) override { return false; }
    bool start_object(std::size_t) override { return open(Kind::object); }
    bool key(string_t& k) override {
        Open& o = stack_.back();
        const std::size_t at = string_start();
        if (!o.keys.insert(k).second) refuse(at, "key \"" + k + "\" is given twice in this object; keep one");
        check_length(k, at);
        o.pending_key = add(Kind::string, std::move(k), at);
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(Kind::array); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
        std::string what = ex.what();
        // "[json.exception.parse_error.101] parse error at line 3, column 7: syntax error while parsing ..."
        if (const auto colon = what.find(": ", what.find("parse error")); colon != std::string::npos)
            what = what.substr(colon + 2);
        refuse(position > 0 ? position - 1 : 0, "malformed JSON: " + what);
    }

    [[noreturn]] void refuse(std::size_t offset, const std::string& why) const {
        const JsonMark m = mark_at(offset);
        throw InputError(doc_->file, m.line + 1, m.column + 1, "", why);
    }

private:
    struct Open {
        std::uint32_t index;
        std::unordered_set<std::string> keys;
        std::uint32_t pending_key = 0;
    };
    const std::string& text_;
    std::shared_ptr<Document> doc_;
    std::vector<std::size_t> line_starts_;
    std::vector<Open> stack_;

    JsonMark mark_at(std::size_t offset) const {
        offset = std::min(offset, text_.size());
        const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - 1;
        return JsonMark{static_cast<int>(it - line_starts_.begin()), static_cast<int>(offset - *it)};
    }
    // A token of `length` bytes ending where the parser stopped.
    std::size_t start_before(std::size_t end, std::size_t length) const { return end >= length ? end - length : 0; }
    // The opening quote of the string the parser just took: the first quote before the closing one that no odd
    // run of backslashes escapes.
    std::size_t string_start() const {
        std::size_t i = std::min(taken, text_.size());
        if (i > 0) --i;  // the closing quote
        while (i > 0) {
            --i;
            if (text_[i] != '"') continue;
            std::size_t slashes = 0;
            while (i >= slashes + 1 && text_[i - slashes - 1] == '\\') ++slashes;
            if (slashes % 2 == 0) return i;
        }
        return 0;
    }
    bool number() {
        // The parser reads one character past a number (unless the text ends there) to see that it ended.
        std::size_t end = std::min(taken, text_.size());
        while (end > 0 && !number_char(text_[end - 1])) --end;
        std::size_t start = end;
        while (start > 0 && number_char(text_[start - 1])) --start;
        return scalar(Kind::number, text_.substr(start, end - start), start);
    }
    void check_length(const std::string& s, std::size_t at) const {
        if (s.size() > kMaxStringBytes)
            refuse(at, "a string of " + std::to_string(s.size()) + " bytes; strings are limited to " +
                           std::to_string(kMaxStringBytes / 1024) + " KiB");
    }
    std::uint32_t add(Kind kind, std::string text, std::size_t at) {
        Value v;
        v.kind = kind;
        v.text = std::move(text);
        v.mark = mark_at(at);
        doc_->values.push_back(std::move(v));
        return static_cast<std::uint32_t>(doc_->values.size() - 1);
    }
    void attach(std::uint32_t index) {
        if (stack_.empty()) return;  // the root
        Open& parent = stack_.back();
        auto& items = doc_->values[parent.index].items;
        if (doc_->values[parent.index].kind == Kind::object) items.push_back(parent.pending_key);
        items.push_back(index);
    }
    bool scalar(Kind kind, std::string text, std::size_t at) {
        if (kind == Kind::string) check_length(text, at);
        attach(add(kind, std::move(text), at));
        return true;
    }
    bool open(Kind kind) {
        const std::size_t at = taken > 0 ? taken - 1 : 0;
        if (stack_.size() >= static_cast<std::size_t>(kMaxNestingDepth))
            refuse(at, "objects and lists nested more than " + std::to_string(kMaxNestingDepth) + " deep");
        const std::uint32_t index = add(kind, "", at);
        attach(index);
        stack_.push_back(Open{index, {}, 0});
        return true;
    }
    bool close() {
        stack_.pop_back();
        return true;
    }
};

}  // namespace

JsonNode parse_json(const std::string& text, const std::string& name) {
    auto doc = std::make_shared<Document>();
    doc->file = name;
    TreeBuilder builder(text, doc);
    CountingIterator first{text.data(), &builder.taken}, last{text.data() + text.size(), &builder.taken};
    nlohmann::json::sax_parse(first, last, &builder);
    if (doc->values.empty()) builder.refuse(0, "the file holds no JSON value");
    return JsonNode(doc, 0);
}

JsonNode load_json_file(const std::string& file) { return parse_json(read_text(file), file); }

}  // namespace infercost::io
