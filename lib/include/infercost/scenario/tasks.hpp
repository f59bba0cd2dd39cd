// Cost per task: a task takes several requests, each option does it with its own tokenizer, its own thinking and
// its own success rate, so options are compared per successful task rather than per request.
#pragma once

#include "infercost/export.hpp"

#include "infercost/demand/workload.hpp"

#include <optional>
#include <string>
#include <vector>

namespace infercost {

// How one option does the task.
struct INFERCOST_API TaskModel {
    std::string option;         // the option's label or offering id
    double success_rate = 1;    // share of tasks it completes, above 0 and at most 1
    std::optional<double> requests_per_task;   // none: the task's
    double reasoning_tokens_per_request = 0;   // thinking per request, on top of the workload's output tokens
    // Tokens this option's tokenizer writes for each token of the task's tokenizer: stated, or from the tokenizer
    // family's row of the ratio table (tokenizers.yaml); none of either: 1 (the same tokenizer).
    std::optional<double> token_ratio;
    std::string tokenizer;
};

// A task: the workload's requests come `requests_per_task` to a task, with token counts measured on `tokenizer`.
struct INFERCOST_API Tasks {
    std::string name;  // what one task is: "a resolved ticket"
    double requests_per_task = 1;
    std::string tokenizer;  // the family the workload's token counts were measured on (for the ratio table)
    std::string text = "english";  // the kind of text, a column of the ratio table (english, chinese, code)
    std::vector<TaskModel> models;
    // InputError naming the model for a success rate outside (0, 1], a non-positive requests per task or ratio, a
    // negative reasoning count, or two entries for one option.
    void validate() const;
    // The entry for an option (by label, else offering id), or none.
    const TaskModel* model_for(const std::string& label, const std::string& offering_id) const;
};

// The workload an option sees when doing the task: its requests per task, its tokenizer's token counts (prompt and
// output scaled by the ratio) and its thinking (added to the output mean, the output distribution stretched to it,
// the reasoning share raised to match).
INFERCOST_API Workload task_workload(const Workload& w, const Tasks& t, const TaskModel* m);

// What a task costs on one option, over the horizon.
struct INFERCOST_API TaskCost {
    double tasks = 0;            // tasks over the horizon (the same for every option)
    double success_rate = 1;
    double requests_per_task = 1;
    double token_ratio = 1;
    double reasoning_tokens_per_request = 0;
    double input_tokens_per_task = 0;
    double output_tokens_per_task = 0;
    double cost_per_task = 0;             // in the reporting currency
    double cost_per_successful_task = 0;  // cost_per_task / success_rate
};

// The ratio table (tokenizers.yaml): tokens per 1,000 characters of each kind of text, per tokenizer family,
// measured on a stated public text set.
struct INFERCOST_API TokenizerFamily {
    std::string id;
    std::string name;
    std::vector<std::pair<std::string, double>> tokens_per_1000_chars;  // (text kind, tokens)
    std::string source;  // the tokenizer files counted with
    double per_1000_chars(const std::string& text) const;  // InputError for a kind the table lacks
};
struct INFERCOST_API TokenizerTable {
    std::string text_set;  // what was counted, with its source
    std::vector<TokenizerFamily> families;
    const TokenizerFamily& family(const std::string& id) const;  // NotFoundError with the known ids
    // Tokens on `to` per token on `from` for this kind of text.
    double ratio(const std::string& from, const std::string& to, const std::string& text) const;
};
// Fills each model's token_ratio from the table where it names a tokenizer and states no ratio. InputError when a
// model names a tokenizer but the task does not say which it was measured on.
INFERCOST_API void resolve_token_ratios(Tasks& t, const TokenizerTable& table);

}  // namespace infercost
