#include "infercost/scenario/tasks.hpp"

#include "infercost/core/error.hpp"
#include "infercost/detail/format.hpp"

#include <cmath>

namespace infercost {

void Tasks::validate() const {
    if (!(requests_per_task > 0) || !std::isfinite(requests_per_task))
        throw InputError("tasks: requests_per_task must be a number above 0");
    for (std::size_t i = 0; i < models.size(); ++i) {
        const TaskModel& m = models[i];
        const std::string what = "tasks: model '" + m.option + "'";
        if (m.option.empty()) throw InputError("tasks: each model names the option it describes");
        if (!(m.success_rate > 0 && m.success_rate <= 1))
            throw InputError(what + ": success_rate is a share above 0 and at most 1 (got " + format_number(m.success_rate, 6) + ")");
        if (m.requests_per_task && (!(*m.requests_per_task > 0) || !std::isfinite(*m.requests_per_task)))
            throw InputError(what + ": requests_per_task must be a number above 0");
        if (!(m.reasoning_tokens_per_request >= 0) || !std::isfinite(m.reasoning_tokens_per_request))
            throw InputError(what + ": reasoning_tokens_per_request must be a number, zero or more");
        if (m.token_ratio && (!(*m.token_ratio > 0) || !std::isfinite(*m.token_ratio)))
            throw InputError(what + ": token_ratio must be a number above 0");
        if (!m.tokenizer.empty() && !m.token_ratio)
            throw InputError(what + ": tokenizer '" + m.tokenizer + "' has no ratio resolved; look it up in the ratio table "
                             "(a scenario file does) or state token_ratio");
        for (std::size_t j = 0; j < i; ++j)
            if (models[j].option == m.option) throw InputError("tasks: two entries for option '" + m.option + "'");
    }
}

const TaskModel* Tasks::model_for(const std::string& label, const std::string& offering_id) const {
    for (const TaskModel& m : models)
        if (m.option == label) return &m;
    for (const TaskModel& m : models)
        if (!offering_id.empty() && m.option == offering_id) return &m;
    return nullptr;
}

Workload task_workload(const Workload& w, const Tasks& t, const TaskModel* m) {
    Workload out = w;
    if (!m) return out;
    const double ratio = m->token_ratio.value_or(1.0);
    const double rpt = m->requests_per_task.value_or(t.requests_per_task);
    out.requests_per_day = w.requests_per_day * rpt / t.requests_per_task;
    out.input_tokens = w.input_tokens.scaled(ratio);
    out.cache_storage_tokens = w.cache_storage_tokens * ratio;
    const double o = w.output_tokens.mean() * ratio;
    const double r = m->reasoning_tokens_per_request;
    if (r > 0) {
        if (!(o > 0)) throw InputError("tasks: model '" + m->option + "' adds reasoning to a workload without output tokens");
        out.output_tokens = w.output_tokens.scaled(ratio * (o + r) / o);
        out.reasoning_share = (w.reasoning_share * o + r) / (o + r);
    } else if (ratio != 1.0) {
        out.output_tokens = w.output_tokens.scaled(ratio);
    }
    out.validate();
    return out;
}

double TokenizerFamily::per_1000_chars(const std::string& text) const {
    for (const auto& [kind, n] : tokens_per_1000_chars)
        if (kind == text) return n;
    std::string kinds;
    for (const auto& [kind, n] : tokens_per_1000_chars) kinds += (kinds.empty() ? "" : ", ") + kind;
    throw InputError("the tokenizer table has no '" + text + "' count for " + id + "; it has " + kinds);
}

const TokenizerFamily& TokenizerTable::family(const std::string& id) const {
    for (const auto& f : families)
        if (f.id == id) return f;
    std::vector<std::string> ids;
    for (const auto& f : families) ids.push_back(f.id);
    throw NotFoundError("tokenizer family", id, ids);
}

double TokenizerTable::ratio(const std::string& from, const std::string& to, const std::string& text) const {
    return family(to).per_1000_chars(text) / family(from).per_1000_chars(text);
}

void resolve_token_ratios(Tasks& t, const TokenizerTable& table) {
    for (TaskModel& m : t.models) {
        if (m.tokenizer.empty() || m.token_ratio) continue;
        if (t.tokenizer.empty())
            throw InputError("tasks: model '" + m.option + "' names the " + m.tokenizer +
                             " tokenizer, but the task does not say which tokenizer its token counts were measured on; "
                             "add tasks.tokenizer");
        m.token_ratio = table.ratio(t.tokenizer, m.tokenizer, t.text);
    }
}

}  // namespace infercost
