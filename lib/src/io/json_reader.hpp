// JSON files read with a JSON parser (nlohmann-json's SAX interface), into a small read-only tree whose nodes
// know their line and column, so that every importer error names the place in the file. The tree offers the
// few operations the importers use, under the names yaml-cpp gives them. Private to the io layer.
#pragma once

#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace infercost::io {

struct JsonMark {
    int line = -1;    // 0-based, as yaml-cpp's marks
    int column = -1;  // 0-based
};

class JsonNode;

namespace json_detail {
enum class Kind : std::uint8_t { null, boolean, number, string, array, object };
struct Value {
    Kind kind = Kind::null;
    JsonMark mark;
    std::string text;                  // a string's value, or a number or literal as the file wrote it
    std::vector<std::uint32_t> items;  // an array's values; an object's keys and values, alternating
};
struct Document {
    std::string file;
    std::vector<Value> values;  // values[0] is the root
};
}  // namespace json_detail

// One entry of an iteration: for a list, the element itself; for an object, `first` (the key, a string node
// with the key's place) and `second` (the value).
struct JsonEntry;

class JsonNode {
public:
    JsonNode() = default;  // an absent value: false in a test, as a missing key
    JsonNode(std::shared_ptr<const json_detail::Document> doc, std::uint32_t index) : doc_(std::move(doc)), index_(index) {}

    explicit operator bool() const { return doc_ != nullptr; }
    bool operator!() const { return doc_ == nullptr; }
    bool IsNull() const { return doc_ && value().kind == json_detail::Kind::null; }
    bool IsScalar() const;  // a string, number or true/false (not null, as in yaml-cpp)
    bool IsSequence() const { return doc_ && value().kind == json_detail::Kind::array; }
    bool IsMap() const { return doc_ && value().kind == json_detail::Kind::object; }
    bool IsString() const { return doc_ && value().kind == json_detail::Kind::string; }
    // The scalar's text ("" for a list, object, null or absent value).
    const std::string& Scalar() const;
    // "!" for a quoted string, "?" for anything else, as yaml-cpp tags JSON scalars.
    std::string Tag() const { return IsString() ? "!" : "?"; }
    std::size_t size() const;  // elements of a list, entries of an object
    JsonNode operator[](std::string_view key) const;  // absent when this is not an object or lacks the key
    JsonNode operator[](std::size_t i) const;        // absent when this is not a list or i is past its end
    JsonMark Mark() const { return doc_ ? value().mark : JsonMark{}; }
    const std::string& file() const;
    // A string's value (a number's text); InputError at this place for a list, object, null or absent value.
    std::string as_string(std::string_view field) const;

    class iterator;
    iterator begin() const;
    iterator end() const;

private:
    std::shared_ptr<const json_detail::Document> doc_;
    std::uint32_t index_ = 0;
    const json_detail::Value& value() const { return doc_->values[index_]; }
};

struct JsonEntry : JsonNode {
    JsonNode first;
    JsonNode second;
};

class JsonNode::iterator {
public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = JsonEntry;
    using difference_type = std::ptrdiff_t;
    using pointer = const JsonEntry*;
    using reference = const JsonEntry&;

    iterator() = default;
    iterator(const JsonNode* parent, std::size_t at) : parent_(parent), at_(at) { load(); }
    reference operator*() const { return entry_; }
    pointer operator->() const { return &entry_; }
    iterator& operator++() {
        at_ += parent_->IsMap() ? 2 : 1;
        load();
        return *this;
    }
    bool operator==(const iterator& o) const { return at_ == o.at_; }
    bool operator!=(const iterator& o) const { return at_ != o.at_; }

private:
    const JsonNode* parent_ = nullptr;
    std::size_t at_ = 0;
    JsonEntry entry_;
    void load();
};

// Parses a JSON file (read with read_text, so size- and UTF-8-checked). Malformed JSON, a key given twice in an
// object, nesting deeper than kMaxNestingDepth and strings longer than kMaxStringBytes are InputErrors with the
// file, line and column.
JsonNode load_json_file(const std::string& file);
JsonNode parse_json(const std::string& text, const std::string& name);

}  // namespace infercost::io
