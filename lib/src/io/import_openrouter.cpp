// A saved OpenRouter /api/v1/models response: {"data": [{"id", "context_length", "pricing": {...}}]}, prices
// as strings in USD per token, "-1" for a price decided per request (dynamic). These are OpenRouter's resale
// prices at its default endpoint, so offerings are filed under the provider "openrouter".
#include "infercost/core/error.hpp"
#include "infercost/io.hpp"

#include "import_common.hpp"

namespace infercost {

ImportedCatalog import_openrouter(const std::filesystem::path& file, const FxTable& fx, const ImportOptions& options) {
    namespace d = io::import_detail;
    const std::string name = file.string();
    const io::JsonNode root = d::load_json(name);
    if (!root.IsMap() || !root["data"] || !root["data"].IsSequence())
        d::fail_at(name, root, "expected the /api/v1/models response: an object with a \"data\" list");
    d::Importer imp("openrouter", name, options, "https://openrouter.ai/api/v1/models");
    for (const auto& model : root["data"]) {
        if (!model.IsMap() || !model["id"]) d::fail_at(name, model, "a model entry needs an \"id\"");
        const std::string id = model["id"].as_string("data[].id");
        d::EntryBuilder b = imp.entry("openrouter/" + id, "openrouter");
        if (model["context_length"] && model["context_length"].IsScalar() && !model["context_length"].IsNull())
            b.set_context_window(d::number_at(name, model["context_length"], "context_length"));
        const io::JsonNode out_mod = model["architecture"] ? model["architecture"]["output_modalities"] : io::JsonNode();
        if (out_mod && out_mod.IsSequence()) {
            bool text = false;
            for (const auto& m : out_mod) text = text || m.as_string(id + ".architecture.output_modalities[]") == "text";
            if (!text) {
                b.not_text("output modalities without text");
                imp.finish(std::move(b));
                continue;
            }
        }
        const io::JsonNode pricing = model["pricing"];
        if (!pricing || !pricing.IsMap()) {
            b.unpriced("no pricing object");
            imp.finish(std::move(b));
            continue;
        }
        bool dynamic = false;
        std::optional<double> completion;
        for (auto f = pricing.begin(); f != pricing.end(); ++f) {
            const std::string k = f->first.Scalar();
            if (!f->second.IsScalar() || f->second.IsNull()) {
                if (f->second.IsNull()) continue;
                d::fail_at(name, f->second, "pricing." + k + ": expected a price written as a string");
            }
            const double v = d::string_number_at(name, f->second, "pricing." + k);
            if (v == -1) {
                dynamic = true;
                continue;
            }
            if (k == "prompt") b.set_price(0, "", Meter::input, v, "pricing.prompt");
            else if (k == "completion") {
                completion = v;
                b.set_price(0, "", Meter::output, v, "pricing.completion");
            } else if (k == "input_cache_read") b.set_price(0, "", Meter::cached_input, v, "pricing.input_cache_read");
            else if (k == "input_cache_write") b.set_price(0, "", Meter::cache_write, v, "pricing.input_cache_write");
            else if (k == "request") b.set_request_fee(v);
            else if (k == "internal_reasoning") {
                // Equal to completion (or zero) means "no separate rate" in OpenRouter's data.
            } else if (k == "discount") {
            } else if (v != 0) {
                b.unmapped("pricing." + k);
            }
        }
        if (const io::JsonNode r = pricing["internal_reasoning"]; r && r.IsScalar() && !r.IsNull()) {
            const double v = d::string_number_at(name, r, "pricing.internal_reasoning");
            if (v > 0 && (!completion || v != *completion)) b.set_price(0, "", Meter::reasoning, v, "pricing.internal_reasoning");
        }
        if (dynamic) b.unpriced("a price of -1: OpenRouter decides it per request (dynamic pricing)");
        imp.finish(std::move(b));
    }
    return imp.result(fx);
}


}  // namespace infercost
