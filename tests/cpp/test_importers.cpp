// Importing LiteLLM and OpenRouter price files: costs match the source's own rules (worked by hand below),
// bad values are flagged with the reason, and every entry is accounted for.
#include "helpers.hpp"

#include <doctest/doctest.h>

using namespace infercost;

namespace {

const std::string kData = std::string(INFERCOST_TEST_SOURCE_DIR) + "/tests/data/";

const ImportedCatalog& small() {
    static const ImportedCatalog c =
        import_litellm(kData + "litellm_small.json", test::usd_cny_table(), ImportOptions{parse_date("2026-07-24"), "abc123", ""});
    return c;
}

double cost(const Catalog& c, const char* id, const Usage& u, const char* at = "2026-08-01T12:00:00Z",
            ServiceTier tier = ServiceTier::standard) {
    return price_request(c.offering(id), u, RequestOptions{parse_timestamp(at), tier}).total.amount();
}

const ImportEntry& entry(const ImportReport& r, const std::string& key) {
    for (const auto& e : r.entries)
        if (e.key == key) return e;
    FAIL("no entry " << key);
    return r.entries.front();
}

}  // namespace

TEST_CASE("LiteLLM: tiered_pricing prices the whole request at the tier of its prompt") {
    const Catalog& c = small().catalog;
    // LiteLLM picks the tier with range_start < prompt <= range_end. 32,000 is in [0, 32000]:
    // 32,000 x 1.2 + 1,000 x 6 = 0.0384 + 0.006 = 0.0444 USD.
    CHECK(cost(c, "dashscope/qwen3-max", test::usage(32000, 0, 0, 1000, 0)) == doctest::Approx(0.0444));
    // 40,000 is in (32000, 128000]: 40,000 x 2.4 + 1,000 x 12 = 0.096 + 0.012 = 0.108 USD.
    CHECK(cost(c, "dashscope/qwen3-max", test::usage(40000, 0, 0, 1000, 0)) == doctest::Approx(0.108));
}

TEST_CASE("LiteLLM: _above_200k_tokens keys and cache reads") {
    const Catalog& c = small().catalog;
    // 100,000 prompt with 40,000 cached, 2,000 out: 60,000 x 1.25 + 40,000 x 0.125 + 2,000 x 10 = 0.1 USD.
    CHECK(cost(c, "gemini/gemini-2.5-pro", test::usage(100000, 40000, 0, 2000, 0)) == doctest::Approx(0.1));
    // 250,000 prompt (50,000 cached) is above 200k for the whole request:
    // 200,000 x 2.5 + 50,000 x 0.25 + 1,000 x 15 = 0.5 + 0.0125 + 0.015 = 0.5275 USD.
    CHECK(cost(c, "gemini/gemini-2.5-pro", test::usage(250000, 50000, 0, 1000, 0)) == doctest::Approx(0.5275));
    // The legacy input_cost_per_token_cache_hit key: 400,000 x 0.28 + 600,000 x 0.028 + 100,000 x 0.42
    // = 0.112 + 0.0168 + 0.042 = 0.1708 USD.
    CHECK(cost(c, "deepseek/deepseek-chat", test::usage(1000000, 600000, 0, 100000, 0)) == doctest::Approx(0.1708));
    // xAI compares with >=: exactly 128,000 is already above: 128,000 x 6 = 0.768; 127,999 x 3 = 0.383997.
    CHECK(cost(c, "grok-4", test::usage(128000, 0, 0, 0, 0)) == doctest::Approx(0.768));
    CHECK(cost(c, "grok-4", test::usage(127999, 0, 0, 0, 0)) == doctest::Approx(0.383997));
}

TEST_CASE("LiteLLM: reasoning priced apart, and billed as output otherwise") {
    const Catalog& c = small().catalog;
    // qwen-plus-latest: 10,000 prompt; 5,000 output of which 4,000 reasoning:
    // 10,000 x 0.4 + 1,000 x 1.2 + 4,000 x 4 = 0.004 + 0.0012 + 0.016 = 0.0212 USD.
    CHECK(cost(c, "dashscope/qwen-plus-latest", test::usage(10000, 0, 0, 5000, 4000)) == doctest::Approx(0.0212));
    // gpt-4o has no reasoning price: 1,000 output with 400 reasoning is 1,000 x 10 = 0.01 USD.
    CHECK(cost(c, "gpt-4o", test::usage(0, 0, 0, 1000, 400)) == doctest::Approx(0.01));
}

TEST_CASE("LiteLLM: batch, priority and per-request prices") {
    const Catalog& c = small().catalog;
    const Usage u = test::usage(10000, 4000, 0, 1000, 0);
    // Standard: 6,000 x 2.5 + 4,000 x 1.25 + 1,000 x 10 = 0.015 + 0.005 + 0.01 = 0.03 USD.
    CHECK(cost(c, "gpt-4o", u) == doctest::Approx(0.03));
    // Batch: LiteLLM bills every prompt token at the batch input price, no cache discount:
    // 10,000 x 1.25 + 1,000 x 5 = 0.0125 + 0.005 = 0.0175 USD.
    CHECK(cost(c, "gpt-4o", u, "2026-08-01T12:00:00Z", ServiceTier::batch) == doctest::Approx(0.0175));
    // Priority: 6,000 x 4.25 + 4,000 x 2.125 + 1,000 x 17 = 0.0255 + 0.0085 + 0.017 = 0.051 USD.
    CHECK(cost(c, "gpt-4o", u, "2026-08-01T12:00:00Z", ServiceTier::priority) == doctest::Approx(0.051));
    // Per-request fee: 1,000 x 1 + 1,000 x 1 + 0.005 = 0.007 USD.
    CHECK(cost(c, "perplexity/sonar", test::usage(1000, 0, 0, 1000, 0)) == doctest::Approx(0.007));
    // Off-peak hours in UTC: 1M in + 1M out at 17:00 UTC = 0.135 + 0.55; at noon 0.27 + 1.10.
    CHECK(cost(c, "deepseek/deepseek-offpeak-example", test::usage(1000000, 0, 0, 1000000, 0), "2026-08-01T17:00:00Z") ==
          doctest::Approx(0.685));
    CHECK(cost(c, "deepseek/deepseek-offpeak-example", test::usage(1000000, 0, 0, 1000000, 0)) == doctest::Approx(1.37));
}

TEST_CASE("LiteLLM: every entry is accounted for, with reasons") {
    const ImportReport& r = small().report;
    CHECK(r.entries.size() == 14);  // every key but sample_spec
    CHECK(r.commit == "abc123");
    CHECK(format_date(r.source_date) == "2026-07-24");
    const auto& wandb = entry(r, "wandb/deepseek-ai/DeepSeek-R1-0528");
    CHECK(wandb.status == ImportStatus::rejected);
    CHECK(wandb.flags[0].find("per-million price typed as per-token") != std::string::npos);
    CHECK(entry(r, "ollama/llama3").status == ImportStatus::unpriced);
    CHECK(entry(r, "ollama/llama3").flags[0].find("zero") != std::string::npos);
    CHECK(entry(r, "dashscope/qwen3-30b-a3b").status == ImportStatus::unpriced);
    CHECK(entry(r, "text-embedding-3-small").status == ImportStatus::not_text);
    const auto& fw = entry(r, "fireworks_ai/accounts/fireworks/models/minimax-m1-80k");
    CHECK(fw.status == ImportStatus::priced_flagged);
    CHECK(fw.flags[0].find("placeholder") != std::string::npos);
    CHECK(entry(r, "odd/cache-above-input").flags[0].find("above the input price") != std::string::npos);
    const auto& gem = entry(r, "gemini/gemini-2.5-pro");
    CHECK(gem.unmapped_keys == std::vector<std::string>{"input_cost_per_image"});  // the zero audio price is no gap
    CHECK(r.count(ImportStatus::priced) + r.count(ImportStatus::priced_flagged) == small().catalog.offerings().size());
    CHECK(r.count(ImportStatus::priced) == 8);
    CHECK(r.count(ImportStatus::priced_flagged) == 2);
    CHECK(r.by_provider().at("dashscope").at(ImportStatus::unpriced) == 1);
    // Provenance on every imported version.
    const PriceVersion& v = small().catalog.offering("gpt-4o").versions[0];
    CHECK(format_date(v.checked) == "2026-07-24");
    CHECK(v.note.find("commit abc123") != std::string::npos);
    CHECK(small().catalog.offering("dashscope/qwen3-max").versions[0].source ==
          "https://www.alibabacloud.com/help/en/model-studio/models");
}

TEST_CASE("malformed price files are refused with the location") {
    test::ScratchDir dir({{"broken.json", "{\n  \"gpt-4o\": {\"input_cost_per_token\": 1e-06,\n"},
                          {"string.json", "{\n  \"gpt-4o\": {\"litellm_provider\": \"openai\", \"mode\": \"chat\",\n"
                                          "    \"input_cost_per_token\": \"abc\", \"output_cost_per_token\": 1e-06}\n}\n"},
                          {"or.json", "{\"data\": [\n {\"id\": \"x/y\", \"pricing\": {\"prompt\": \"cheap\"}}\n]}\n"}});
    try {
        import_litellm(dir.file("broken.json"), test::usd_cny_table());
        FAIL("broken JSON was accepted");
    } catch (const InputError& e) {
        CHECK(e.line() >= 2);
        CHECK(e.reason().find("malformed JSON") != std::string::npos);
    }
    try {
        import_litellm(dir.file("string.json"), test::usd_cny_table());
        FAIL("a string price was accepted");
    } catch (const InputError& e) {
        CHECK(e.line() == 3);
        CHECK(e.column() == 29);
        CHECK(e.reason().find("input_cost_per_token: expected a number") != std::string::npos);
    }
    try {
        import_openrouter(dir.file("or.json"), test::usd_cny_table());
        FAIL("a non-numeric OpenRouter price was accepted");
    } catch (const InputError& e) {
        CHECK(e.line() == 2);
        CHECK(e.reason().find("pricing.prompt") != std::string::npos);
    }
}

TEST_CASE("OpenRouter: string prices per token, dynamic and free entries, reasoning and request fees") {
    const ImportedCatalog ic =
        import_openrouter(kData + "openrouter_models.json", test::usd_cny_table(), ImportOptions{parse_date("2026-11-20"), "", ""});
    const Catalog& c = ic.catalog;
    // deepseek-r1: 10,000 prompt with 2,000 cached, 1,000 out with 300 reasoning ("0" means billed as output):
    // 8,000 x 0.4 + 2,000 x 0.2 + 1,000 x 2 = 0.0032 + 0.0004 + 0.002 = 0.0056 USD.
    CHECK(cost(c, "openrouter/deepseek/deepseek-r1", test::usage(10000, 2000, 0, 1000, 300), "2026-11-21") ==
          doctest::Approx(0.0056));
    // sonar-reasoning: 1,000 in; 1,000 out of which 500 reasoning at 3; request fee 0.005:
    // 0.001 + 500 x 5 + 500 x 3 + 0.005 = 0.001 + 0.0025 + 0.0015 + 0.005 = 0.01 USD.
    CHECK(cost(c, "openrouter/perplexity/sonar-reasoning", test::usage(1000, 0, 0, 1000, 500), "2026-11-21") ==
          doctest::Approx(0.01));
    const ImportReport& r = ic.report;
    CHECK(entry(r, "openrouter/openrouter/auto").status == ImportStatus::unpriced);
    CHECK(entry(r, "openrouter/openrouter/auto").flags[0].find("dynamic") != std::string::npos);
    CHECK(entry(r, "openrouter/qwen/qwen3-235b-a22b:free").status == ImportStatus::unpriced);
    CHECK(entry(r, "openrouter/openai/gpt-image-1").status == ImportStatus::not_text);
    CHECK(entry(r, "openrouter/anthropic/claude-sonnet-4.5").unmapped_keys == std::vector<std::string>{"pricing.image"});
    CHECK(c.offerings().size() == 3);
}

TEST_CASE("an imported catalog written as YAML loads back with the same prices") {
    test::ScratchDir dir({});
    write_catalog(small().catalog, dir.path() / "out");
    const Catalog back = Catalog::load(dir.path() / "out");
    CHECK(back.offerings().size() == small().catalog.offerings().size());
    // Keys without a provider prefix are filed under their provider, with the key kept as an alias.
    CHECK(back.offering("openai/gpt-4o").id == "openai/gpt-4o");
    CHECK(back.offering("gpt-4o").id == "openai/gpt-4o");
    const Usage u = test::usage(40000, 1000, 0, 1000, 200);
    for (const char* id : {"dashscope/qwen3-max", "gemini/gemini-2.5-pro", "deepseek/deepseek-offpeak-example"})
        CHECK(cost(back, id, u) == doctest::Approx(cost(small().catalog, id, u)));
    CHECK(cost(back, "gpt-4o", u, "2026-08-01T12:00:00Z", ServiceTier::batch) ==
          doctest::Approx(cost(small().catalog, "gpt-4o", u, "2026-08-01T12:00:00Z", ServiceTier::batch)));
}

TEST_CASE("the dated LiteLLM snapshot imports whole") {
    const std::string snapshot =
        std::string(INFERCOST_TEST_SOURCE_DIR) + "/../shared/data/litellm/model_prices_and_context_window.json";
    if (!std::filesystem::exists(snapshot)) {
        MESSAGE("the LiteLLM snapshot is not beside this checkout; skipped");
        return;
    }
    const ImportedCatalog ic = import_litellm(snapshot, test::usd_cny_table());
    const ImportReport& r = ic.report;
    // The snapshot's own last_updated stamp dates it.
    CHECK(format_date(r.source_date) == "2026-07-24");
    CHECK(r.source_date_basis == "the file's last_updated field");
    CHECK(r.entries.size() == 2983);  // every model key; sample_spec and last_updated are not models
    const std::size_t accounted = r.count(ImportStatus::priced) + r.count(ImportStatus::priced_flagged) +
                                  r.count(ImportStatus::rejected) + r.count(ImportStatus::unpriced) +
                                  r.count(ImportStatus::not_text);
    CHECK(accounted == r.entries.size());
    CHECK(ic.catalog.offerings().size() == r.count(ImportStatus::priced) + r.count(ImportStatus::priced_flagged));
    CHECK(ic.catalog.offerings().size() > 2000);
    // The known bad entries: wandb prices typed per million, fireworks placeholders, a chat model with no price.
    std::size_t wandb_rejected = 0, fireworks_placeholders = 0;
    for (const auto& e : r.entries) {
        if (e.provider == "wandb" && e.status == ImportStatus::rejected) ++wandb_rejected;
        if (e.provider == "fireworks_ai")
            for (const auto& f : e.flags) fireworks_placeholders += f.find("placeholder") != std::string::npos;
    }
    CHECK(wandb_rejected >= 10);
    // 41 fireworks_ai chat entries carry a 4,096-token window with one flat size-class price.
    CHECK(fireworks_placeholders >= 35);
    CHECK(entry(r, "dashscope/qwen3-30b-a3b").status == ImportStatus::unpriced);
    // And a real entry prices as LiteLLM does: dashscope/qwen3-max at 40,000 prompt tokens is in its
    // (32000, 128000] tier: 40,000 x 2.4 + 1,000 x 12 = 0.108 USD.
    CHECK(cost(ic.catalog, "dashscope/qwen3-max", test::usage(40000, 0, 0, 1000, 0)) == doctest::Approx(0.108));
}
