#include "infercost/core/error.hpp"

#include <algorithm>
#include <cctype>

namespace infercost {

InputError::InputError(const std::string& message) : Error(message), reason_(message) {}

InputError::InputError(std::string file, int line, int column, std::string field, const std::string& message)
    : Error(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
            (field.empty() ? std::string() : field + ": ") + message),
      file_(std::move(file)),
      line_(line),
      column_(column),
      field_(std::move(field)),
      reason_(message) {}

namespace {
std::string describe(const std::string& kind, const std::string& id, const std::vector<std::string>& s) {
    std::string msg = "unknown " + kind + " '" + id + "'";
    if (!s.empty()) {
        msg += "; did you mean ";
        for (std::size_t i = 0; i < s.size(); ++i) msg += (i ? ", '" : "'") + s[i] + "'";
        msg += "?";
    }
    return msg;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                              std::tolower(static_cast<unsigned char>(b[j - 1]));
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}
}  // namespace

NotFoundError::NotFoundError(std::string kind, std::string id, std::vector<std::string> suggestions)
    : Error(describe(kind, id, suggestions)),
      kind_(std::move(kind)),
      id_(std::move(id)),
      suggestions_(std::move(suggestions)) {}

std::vector<std::string> close_matches(const std::string& id, const std::vector<std::string>& candidates,
                                       std::size_t limit) {
    // Score by edit distance against the whole id and against the part after a provider prefix,
    // so that "qwen3-max" finds "alibaba/qwen3-max".
    std::vector<std::pair<std::size_t, std::string>> scored;
    for (const auto& c : candidates) {
        std::size_t d = edit_distance(id, c);
        const auto slash = c.find('/');
        if (slash != std::string::npos) d = std::min(d, edit_distance(id, c.substr(slash + 1)));
        const std::size_t budget = std::max<std::size_t>(2, id.size() / 3);
        if (d <= budget) scored.emplace_back(d, c);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < scored.size() && out.size() < limit; ++i) out.push_back(scored[i].second);
    return out;
}

}  // namespace infercost
