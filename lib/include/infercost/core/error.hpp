// Error types. Every error the library raises derives from infercost::Error.
#pragma once

#include "infercost/export.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace infercost {

// Where a value was read from: io fills it when it loads a file; values built in code leave it empty. The domain
// keeps no file paths of its own, only this reference for messages and provenance.
struct INFERCOST_API SourceRef {
    std::string file;
    bool empty() const noexcept { return file.empty(); }
};

class INFERCOST_API Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Bad input: a file, a value passed by the caller, or a request that cannot be priced as given.
// When the input came from a file, `file`, `line` and `column` (1-based) say where, and `field`
// names the offending field as a path such as `offerings[2].versions[0].prices.input`.
class INFERCOST_API InputError : public Error {
public:
    explicit InputError(const std::string& message);
    InputError(std::string file, int line, int column, std::string field, const std::string& message);

    const std::string& file() const noexcept { return file_; }
    int line() const noexcept { return line_; }
    int column() const noexcept { return column_; }
    const std::string& field() const noexcept { return field_; }
    // The message without the location prefix.
    const std::string& reason() const noexcept { return reason_; }

private:
    std::string file_;
    int line_ = 0;
    int column_ = 0;
    std::string field_;
    std::string reason_;
};

// An id (offering, provider, currency...) that is not known. Carries close matches.
class INFERCOST_API NotFoundError : public Error {
public:
    NotFoundError(std::string kind, std::string id, std::vector<std::string> suggestions);

    const std::string& kind() const noexcept { return kind_; }
    const std::string& id() const noexcept { return id_; }
    const std::vector<std::string>& suggestions() const noexcept { return suggestions_; }

private:
    std::string kind_;
    std::string id_;
    std::vector<std::string> suggestions_;
};

// Arithmetic across currencies without an explicit, dated conversion.
class INFERCOST_API CurrencyError : public Error {
public:
    using Error::Error;
};

// The ids among `candidates` closest to `id` (edit distance), best first, at most `limit`.
INFERCOST_API std::vector<std::string> close_matches(const std::string& id, const std::vector<std::string>& candidates,
                                       std::size_t limit = 3);

}  // namespace infercost
