// Importing LiteLLM and OpenRouter price files: costs match the source's own rules (worked by hand below),
// bad values are flagged with the reason, and every entry is accounted for.
#include "helpers.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

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
    return price_request(c.offering(id), u, RequestOptions{parse_timestamp(at), tier, {}}).total.amount();
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
    // The legacy input_cost_per_token_cache_hit key (a request that fits the 131,072-token window):
    // 40,000 x 0.28 + 60,000 x 0.028 + 10,000 x 0.42 per million = 0.0112 + 0.00168 + 0.0042 = 0.01708 USD.
    CHECK(cost(c, "deepseek/deepseek-chat", test::usage(100000, 60000, 0, 10000, 0)) == doctest::Approx(0.01708));
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
    CHECK(entry(r, "odd/cache-above-input").status == ImportStatus::rejected);  // as the catalog loader would refuse it
    CHECK(entry(r, "odd/cache-above-input").flags[0].find("above the input price") != std::string::npos);
    const auto& gem = entry(r, "gemini/gemini-2.5-pro");
    CHECK(gem.unmapped_keys == std::vector<std::string>{"input_cost_per_image"});  // the zero audio price is no gap
    CHECK(r.count(ImportStatus::priced) + r.count(ImportStatus::priced_flagged) == small().catalog.offerings().size());
    CHECK(r.count(ImportStatus::priced) == 8);
    CHECK(r.count(ImportStatus::priced_flagged) == 1);  // the placeholder; odd/cache-above-input is rejected
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
    // The date the prices held is a fact the caller gives when the file does not hold it.
    try {
        import_litellm(dir.file("string.json"), test::usd_cny_table());
        FAIL("an undated file was imported");
    } catch (const InputError& e) {
        CHECK(e.file().find("string.json") != std::string::npos);
        CHECK(e.reason().find("give that date (--source-date") != std::string::npos);
    }
    ImportOptions dated;
    dated.source_date = parse_date("2026-07-24");
    try {
        import_litellm(dir.file("string.json"), test::usd_cny_table(), dated);
        FAIL("a string price was accepted");
    } catch (const InputError& e) {
        CHECK(e.line() == 3);
        CHECK(e.column() == 29);
        CHECK(e.reason().find("input_cost_per_token: expected a number") != std::string::npos);
    }
    try {
        import_openrouter(dir.file("or.json"), test::usd_cny_table(), dated);
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
    // Keys that name an id already imported, with the same prices, become aliases of it.
    const auto aliases = static_cast<std::size_t>(std::count_if(r.entries.begin(), r.entries.end(), [](const ImportEntry& e) {
        return !e.flags.empty() && e.flags.back().find("imported as an alias") != std::string::npos;
    }));
    CHECK(ic.catalog.offerings().size() == r.count(ImportStatus::priced) + r.count(ImportStatus::priced_flagged) - aliases);
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

TEST_CASE("catalog diff lists prices that differ, with both values and dates") {
    const Catalog& ours = test::fixture_catalog();
    const CatalogDiff d = diff_catalogs(ours, small(), 0.01);
    CHECK(d.source == "litellm");
    // The fixture's gpt-4o (2.5 / 1.25 / 10) equals ours; its deepseek-chat is the V3.2 price (0.28 / 0.42), while
    // ours is the V4-Flash price of 2026-04-26 (0.14 / 0.28): input differs by |0.28 - 0.14| / 0.14 = 100%.
    bool deepseek_input = false;
    for (const auto& x : d.differences) {
        CHECK(x.offering_id != "openai/gpt-4o");
        if (x.offering_id == "deepseek/deepseek-chat" && x.meter == "input") {
            deepseek_input = true;
            CHECK(*x.ours == doctest::Approx(0.14));
            CHECK(*x.theirs == doctest::Approx(0.28));
            CHECK(x.relative == doctest::Approx(1.0));
            CHECK(format_date(x.theirs_date) == "2026-07-24");
            CHECK(format_timestamp(x.ours_from) == "2026-04-26T12:15:00Z");
        }
    }
    CHECK(deepseek_input);
    CHECK(d.matched >= 4);  // gpt-4o, gemini-2.5-pro, qwen3-max, deepseek-chat
    // A looser threshold hides the smaller differences only.
    CHECK(diff_catalogs(ours, small(), 10.0).differences.size() < d.differences.size());
}

TEST_CASE("ids resolve by provider prefix, bare model name and dated alias") {
    const Catalog& c = test::fixture_catalog();
    // deepseek-v3 meant deepseek-chat until 2025-08-21.
    CHECK(c.offering("deepseek-v3").id == "deepseek/deepseek-chat");
    CHECK(c.offering_at("deepseek-v3.2", parse_timestamp("2025-10-01")).id == "deepseek/deepseek-chat");
    CHECK_THROWS_AS(c.offering_at("deepseek-v3.2", parse_timestamp("2026-06-01")), NotFoundError);
    // "<provider>/<model>" with the provider's own model name.
    CHECK(c.offering("anthropic/claude-sonnet-4-5-20250929").id == "anthropic/claude-sonnet-4-5");
    // A bare model name served by one offering.
    CHECK(c.offering("glm-4.5-air").id == "zai/glm-4.5-air");
    // ... and by several: refused, with the candidates.
    try {
        c.offering("qwen3-max");
        FAIL("an ambiguous name was resolved");
    } catch (const NotFoundError& e) {
        CHECK(e.suggestions().size() == 2);
        CHECK(std::string(e.what()).find("several offerings") != std::string::npos);
    }
    // The Gemini API's resource names ("models/<name>"): google.yaml states the prefix, so it resolves there only.
    CHECK(c.offering("models/gemini-2.5-pro").id == "google/gemini-2.5-pro");
    CHECK_THROWS_AS(c.offering("models/gpt-4o"), NotFoundError);
}

TEST_CASE("an overlay replaces, appends and adds offerings, and says what it changed") {
    test::ScratchDir dir({{"overlay.yaml", R"(overlay:
  name: ACME negotiated prices
  source: https://wiki.acme.example/contracts/2027
providers:
  - {id: acme-private, name: ACME private deployments}
offerings:
  - id: openai/gpt-4.1
    versions:
      - {effective_from: 2027-01-01, currency: USD, source: https://wiki.acme.example/contracts/2027,
         checked: 2026-11-20, prices: {input: 1.6, cached_input: 0.4, output: 6.4}}
  - id: alibaba/qwen3-max
    mode: append
    versions:
      - {effective_from: 2027-01-01, currency: USD, source: https://wiki.acme.example/contracts/2027,
         checked: 2026-11-20, prices: {input: 1.0, output: 5.0}, fallbacks: {reasoning: output}}
  - id: acme-private/llama-3.3-70b
    new: true
    model: llama-3.3-70b
    versions:
      - {effective_from: 2026-01-01, currency: USD, source: https://wiki.acme.example/gpu-cluster,
         checked: 2026-11-20, prices: {input: 0.3, output: 0.3}}
)"},
                          {"bad.yaml", "overlay: {name: x}\noffering:\n  - id: openai/gpt-4.1\n"},
                          {"bad2.yaml", "overlay: {name: x}\nofferings:\n  - id: openai/gpt-4.1\n    mood: append\n    versions: []\n"}});
    const Catalog& base = test::fixture_catalog();
    const OverlayResult r = apply_overlay(base, dir.file("overlay.yaml"));
    REQUIRE(r.changes.size() == 3);
    CHECK(r.changes[0].action == "replaced");
    CHECK(r.changes[1].action == "appended");
    CHECK(r.changes[2].action == "added");
    CHECK(r.changes[0].detail.find("input 2") != std::string::npos);
    // Negotiated gpt-4.1: 100,000 in + 100,000 out (within every window here) at 1.6 + 6.4 per million = 0.8 USD; the
    // listed price is 2 + 8 per million: 1 USD.
    const Usage u = test::usage(100000, 0, 0, 100000, 0);
    CHECK(price_request(r.catalog.offering("openai/gpt-4.1"), u, test::at("2027-02-01")).total.amount() == doctest::Approx(0.8));
    CHECK(price_request(base.offering("openai/gpt-4.1"), u, test::at("2027-02-01")).total.amount() == doctest::Approx(1.0));
    // Replaced history: before 2027 there is no price any more.
    CHECK_THROWS_AS(price_request(r.catalog.offering("openai/gpt-4.1"), u, test::at("2026-06-01")), InputError);
    // Appended: the old list still prices 2026, the new one 2027 (1 + 5 per million: 0.1 + 0.5 = 0.6 USD).
    CHECK(price_request(r.catalog.offering("alibaba/qwen3-max"), u, test::at("2027-02-01")).total.amount() ==
          doctest::Approx(0.6));
    CHECK(r.catalog.offering("acme-private/llama-3.3-70b").provider == "acme-private");
    try {
        apply_overlay(base, dir.file("bad.yaml"));
        FAIL("an overlay with an unknown key was accepted");
    } catch (const InputError& e) {
        CHECK(e.line() == 2);
        CHECK(e.reason().find("unknown field 'offering'") != std::string::npos);
    }
    try {
        apply_overlay(base, dir.file("bad2.yaml"));
        FAIL("an overlay with an unknown key was accepted");
    } catch (const InputError& e) {
        CHECK(e.line() == 4);
        CHECK(e.field() == "offerings[0].mood");
    }
}

TEST_CASE("an overlay entry whose id matches nothing is a typo unless it says new: true") {
    // The id of the negotiated gpt-4.1 price, misspelt, under a provider the catalog has: with a `model` field it
    // reads as a complete new offering, and taking it as one would leave the real gpt-4.1 at its list price.
    const std::string entry = "overlay: {name: x}\nofferings:\n  - id: openai/gpt-4.1x\n    model: gpt-4.1\n"
                              "    versions:\n      - {effective_from: 2027-01-01, currency: USD, source: https://x.example/c,"
                              " checked: 2026-11-20, prices: {input: 1.6, output: 6.4}}\n";
    test::ScratchDir dir({{"typo.yaml", entry},
                          {"marked.yaml", std::string(entry).replace(entry.find("    model"), 0, "    new: true\n")},
                          {"false.yaml", std::string(entry).replace(entry.find("    model"), 0, "    new: false\n")}});
    const Catalog& base = test::fixture_catalog();
    try {
        apply_overlay(base, dir.file("typo.yaml"));
        FAIL("a misspelt id was added as a new offering");
    } catch (const InputError& e) {
        CHECK(e.line() == 3);
        CHECK(e.column() == 9);
        CHECK(e.field() == "offerings[0].id");
        CHECK(e.reason().find("did you mean 'openai/gpt-4.1'") != std::string::npos);
        CHECK(e.reason().find("write `new: true`") != std::string::npos);
    }
    const OverlayResult r = apply_overlay(base, dir.file("marked.yaml"));
    REQUIRE(r.changes.size() == 1);
    CHECK(r.changes[0].action == "added");
    CHECK(r.catalog.offering("openai/gpt-4.1x").model == "gpt-4.1");
    CHECK_THROWS_AS(apply_overlay(base, dir.file("false.yaml")), InputError);
}

TEST_CASE("LiteLLM 2026 keys: weekday off-peak windows, long cache writes, fast mode, ultrafast, web search") {
    // tests/data/litellm_2026.json: entries copied from LiteLLM 1.110.2's packaged map (2026-11-28).
    const ImportedCatalog ic = import_litellm(kData + "litellm_2026.json", test::usd_cny_table(),
                                              ImportOptions{parse_date("2026-11-28"), "", ""});
    const Catalog& c = ic.catalog;
    const Usage u = test::usage(100'000, 0, 0, 100'000, 0);

    // deepseek-v4-pro: peak 1.32 / 3.96, off-peak 0.66 / 1.98 per million; off-peak Mon-Fri 00:00-01:00, 04:00-06:00
    // and 10:00-24:00 UTC, all of Saturday and Sunday. 100K in + 100K out: peak 0.132 + 0.396 = 0.528, off-peak 0.264.
    const char* v4 = "deepseek/deepseek-v4-pro";
    CHECK(cost(c, v4, u, "2026-12-01T02:00:00Z") == doctest::Approx(0.528));  // Tuesday 02:00 UTC: peak
    CHECK(cost(c, v4, u, "2026-12-01T04:30:00Z") == doctest::Approx(0.264));  // Tuesday 04:30: off-peak
    CHECK(cost(c, v4, u, "2026-12-01T12:00:00Z") == doctest::Approx(0.264));  // Tuesday 12:00: off-peak
    CHECK(cost(c, v4, u, "2026-12-05T02:00:00Z") == doctest::Approx(0.264));  // Saturday 02:00: off-peak all day
    CHECK(cost(c, v4, u, "2026-12-07T09:59:00Z") == doctest::Approx(0.528));  // Monday 09:59: peak

    // tencent/deepseek-v4.1-flash reads the weekday in Asia/Shanghai (UTC+8) and the hours in UTC: 0.30 / 1.20 peak,
    // 0.15 / 0.60 off-peak (100K in + 100K out: 0.15 peak, 0.075 off-peak). Friday 2026-12-04 20:00 UTC is Saturday 04:00 in Shanghai: off-peak, though
    // 20:00 UTC on a Friday would be off-peak anyway; Sunday 2026-12-06 17:30 UTC is Monday 01:30 in Shanghai, and
    // 17:30 UTC falls in the 10:00-24:00 window: off-peak. Monday 2026-12-07 01:30 UTC is Monday in both: peak.
    const char* flash = "tencent/deepseek-v4.1-flash";
    CHECK(cost(c, flash, u, "2026-12-07T01:30:00Z") == doctest::Approx(0.15));
    CHECK(cost(c, flash, u, "2026-12-06T17:30:00Z") == doctest::Approx(0.075));
    // Sunday 2026-12-06 02:00 UTC (Sunday 10:00 in Shanghai): weekend, off-peak, although 02:00 UTC is a weekday peak hour.
    CHECK(cost(c, flash, u, "2026-12-06T02:00:00Z") == doctest::Approx(0.075));
    // Friday 2026-12-04 18:00 UTC is Saturday 02:00 in Shanghai: LiteLLM's weekday is Saturday, so off-peak.
    CHECK(cost(c, flash, u, "2026-12-04T18:00:00Z") == doctest::Approx(0.075));
    // Sunday 2026-12-06 20:00 UTC is Monday 04:00 in Shanghai, and 20:00 UTC is in a Monday off-peak window.
    CHECK(cost(c, flash, u, "2026-12-06T20:00:00Z") == doctest::Approx(0.075));
    // Monday 2026-12-07 08:00 UTC (16:00 Shanghai): 06:00-10:00 UTC is peak on weekdays.
    CHECK(cost(c, flash, u, "2026-12-07T08:00:00Z") == doctest::Approx(0.15));

    // claude-opus-5-5: 1-hour writes at 8 per million, fast mode 2x, US inference 1.1x, web search 0.01 a query.
    const Offering& opus = c.offering("claude-opus-5-5");
    Usage w{TokenCount(1'000'000), TokenCount(0), TokenCount(0), TokenCount(0), TokenCount(0), TokenCount(1'000'000), 3};
    // 1M x 8 / 1e6 + 3 x 0.01 = 8.03 USD; fast 16 + 0.03 = 16.03; fast at "us" 16 x 1.1 + 0.03 = 17.63.
    CHECK(price_request(opus, w, RequestOptions{parse_timestamp("2026-12-01T00:00:00Z"), ServiceTier::standard, {}})
              .total.amount() == doctest::Approx(8.03));
    CHECK(price_request(opus, w, RequestOptions{parse_timestamp("2026-12-01T00:00:00Z"), ServiceTier::fast, {}})
              .total.amount() == doctest::Approx(16.03));
    CHECK(price_request(opus, w, RequestOptions{parse_timestamp("2026-12-01T00:00:00Z"), ServiceTier::fast, "us"})
              .total.amount() == doctest::Approx(17.63));

    // gpt-6.1-sol: 12-hour writes at 5 per million (30 ultrafast); ultrafast input 12, output 60.
    // 100K in + 10K out ultrafast: 1.2 + 0.6 = 1.80 USD. 500K written for 12 hours, ultrafast: 15 USD.
    const Offering& sol = c.offering("gpt-6.1-sol");
    const RequestOptions uf{parse_timestamp("2026-12-01T00:00:00Z"), ServiceTier::ultrafast, {}};
    CHECK(price_request(sol, test::usage(100'000, 0, 0, 10'000, 0), uf).total.amount() == doctest::Approx(1.80));
    Usage long_write{TokenCount(500'000), TokenCount(0), TokenCount(0), TokenCount(0), TokenCount(0), TokenCount(500'000), 0};
    CHECK(price_request(sol, long_write, uf).total.amount() == doctest::Approx(15.0));

    // gpt-5.4 has Priority prices at the base level only: above 272K the long-context standard prices apply
    // (OpenAI bills long-context Priority requests as Standard). 300K in + 1K out, priority: 300K x 5 + 1K x 22.5
    // = 1.5 + 0.0225 = 1.5225 USD; at 100K priority: 100K x 5 + 1K x 30 = 0.53.
    const RequestOptions pr{parse_timestamp("2026-12-01T00:00:00Z"), ServiceTier::priority, {}};
    CHECK(price_request(c.offering("gpt-5.4"), test::usage(300'000, 0, 0, 1'000, 0), pr).total.amount() == doctest::Approx(1.5225));
    CHECK(price_request(c.offering("gpt-5.4"), test::usage(100'000, 0, 0, 1'000, 0), pr).total.amount() == doctest::Approx(0.53));

    // Two keys for one catalog id: the same prices make an alias, other prices a conflict in the report.
    CHECK(entry(ic.report, "deepseek/deepseek-reasoner").status == ImportStatus::priced_flagged);
    CHECK(c.offering("deepseek/deepseek-reasoner").id == "deepseek-reasoner");
    CHECK(entry(ic.report, "deepseek/deepseek-chat").status == ImportStatus::rejected);
    CHECK(entry(ic.report, "deepseek/deepseek-chat").flags.front().find("other prices") != std::string::npos);

    // Written out and loaded back, the catalog bills alike (the round trip the issue found broken).
    test::ScratchDir dir({});
    write_catalog(c, dir.path() / "out");
    const Catalog back = Catalog::load(dir.path() / "out");
    CHECK(back.offerings().size() == c.offerings().size());
    CHECK(cost(back, v4, u, "2026-12-05T02:00:00Z") == doctest::Approx(0.264));
    CHECK(cost(back, flash, u, "2026-12-06T02:00:00Z") == doctest::Approx(0.075));
    CHECK(price_request(back.offering("openai/gpt-5.4"), test::usage(300'000, 0, 0, 1'000, 0), pr).total.amount() ==
          doctest::Approx(1.5225));
    CHECK(price_request(back.offering("claude-opus-5-5"), w,
                        RequestOptions{parse_timestamp("2026-12-01T00:00:00Z"), ServiceTier::fast, "us"})
              .total.amount() == doctest::Approx(17.63));
    CHECK(back.offering("deepseek/deepseek-reasoner").id == "deepseek/deepseek-reasoner");
}

TEST_CASE("genai-prices: price history, daily windows, tiers, variants and the leaf rule for unpriced parts") {
    // tests/data/genai_prices_small.json: models copied from genai-prices 0.2.3's bundled data (its v2 layout).
    CHECK_THROWS_WITH_AS(import_genai_prices(kData + "genai_prices_small.json", test::usd_cny_table()),
                         doctest::Contains("does not say on which date its prices held"), InputError);
    const ImportedCatalog ic = import_genai_prices(kData + "genai_prices_small.json", test::usd_cny_table(),
                                                   ImportOptions{parse_date("2026-11-28"), "", ""});
    const Catalog& c = ic.catalog;
    const Usage u = test::usage(100'000, 0, 0, 100'000, 0);

    // deepseek-v4-pro: 0.66 / 0.022 / 1.98 from 2026-08-17, and 1.32 / 0.044 / 3.96 in 01:00-04:00 and 06:00-10:00 UTC
    // whatever the date. 100K in + 100K out: 0.066 + 0.198 = 0.264 off the windows, 0.132 + 0.396 = 0.528 in them.
    const char* v4 = "deepseek/deepseek-v4-pro";
    CHECK(cost(c, v4, u, "2026-11-02T12:00:00Z") == doctest::Approx(0.264));
    CHECK(cost(c, v4, u, "2026-11-02T02:00:00Z") == doctest::Approx(0.528));
    CHECK(cost(c, v4, u, "2026-11-02T09:59:00Z") == doctest::Approx(0.528));
    CHECK(cost(c, v4, u, "2026-11-02T10:00:00Z") == doctest::Approx(0.264));
    // The unconstrained first entry (0.435) has no start date in the source: not imported, and said so.
    CHECK_THROWS_WITH_AS(cost(c, v4, u, "2026-08-01T12:00:00Z"), doctest::Contains("has no price in force"), InputError);
    CHECK(entry(ic.report, v4).flags.front().find("has no start date") != std::string::npos);

    // o3: 2 / 0.5 / 8 from 2025-06-10. 100K in + 100K out in 2026: 0.2 + 0.8 = 1.00 USD.
    CHECK(cost(c, "openai/o3", u, "2026-01-01T00:00:00Z") == doctest::Approx(1.0));

    // gemini-2.5-pro: above 200K prompt tokens every token at 2.5 / 15; 300K in + 1K out = 0.75 + 0.015 = 0.765;
    // batch (from 2026-10-14) 1.25 / 7.5: 0.375 + 0.0075 = 0.3825. Web search 35 per 1,000 = 0.035 a call.
    const char* pro = "google/gemini-2.5-pro";
    const Usage big = test::usage(300'000, 0, 0, 1'000, 0);
    CHECK(cost(c, pro, big, "2026-12-01T00:00:00Z") == doctest::Approx(0.765));
    CHECK(cost(c, pro, big, "2026-12-01T00:00:00Z", ServiceTier::batch) == doctest::Approx(0.3825));
    // The batch variant sets no cache price: cached tokens keep the standard 0.125 (100K cached at 100K: 0.0125).
    CHECK(cost(c, pro, test::usage(100'000, 100'000, 0, 0, 0), "2026-12-01T00:00:00Z", ServiceTier::batch) ==
          doctest::Approx(0.0125));
    Usage searches = test::usage(1'000, 0, 0, 0, 0);
    searches.web_searches = 5;  // 1K x 1.25 / 1e6 + 5 x 0.035 = 0.00125 + 0.175
    CHECK(cost(c, pro, searches, "2026-12-01T00:00:00Z") == doctest::Approx(0.17625));

    // gpt-4o: priority from 2026-10-12 at 4.25 / 2.125 / 17; 100K in + 10K out = 0.425 + 0.17 = 0.595 USD.
    // genai-prices lists no cache write price, so a cache write is billed as input: 100K x 2.5 = 0.25.
    CHECK(cost(c, "openai/gpt-4o", test::usage(100'000, 0, 0, 10'000, 0), "2026-12-01T00:00:00Z", ServiceTier::priority) ==
          doctest::Approx(0.595));
    CHECK(cost(c, "openai/gpt-4o", test::usage(100'000, 0, 100'000, 0, 0), "2026-12-01T00:00:00Z") == doctest::Approx(0.25));
    CHECK(c.offering("openai/gpt-4o-2024-08-06").id == "openai/gpt-4o");  // an `equals` match is an alias
    CHECK(std::find(entry(ic.report, "openai/gpt-4o").unmapped_keys.begin(), entry(ic.report, "openai/gpt-4o").unmapped_keys.end(),
                    "storage_searches_kcount") != entry(ic.report, "openai/gpt-4o").unmapped_keys.end());

    // claude-opus-4-8: 1-hour writes 10, fast mode (speed fast) 20 per million. 1M prompt written for an hour: 10, fast 20.
    Usage w{TokenCount(1'000'000), TokenCount(0), TokenCount(0), TokenCount(0), TokenCount(0), TokenCount(1'000'000), 0};
    const Offering& opus = c.offering("anthropic/claude-opus-4-8");
    CHECK(price_request(opus, w, RequestOptions{parse_timestamp("2026-11-28T00:00:00Z"), ServiceTier::standard, {}})
              .total.amount() == doctest::Approx(10.0));
    CHECK(price_request(opus, w, RequestOptions{parse_timestamp("2026-11-28T00:00:00Z"), ServiceTier::fast, {}})
              .total.amount() == doctest::Approx(20.0));
    CHECK(entry(ic.report, "google/gemini-2.0-flash").deprecated);

    // Written and loaded back, it bills alike.
    test::ScratchDir dir({});
    write_catalog(c, dir.path() / "out");
    const Catalog back = Catalog::load(dir.path() / "out");
    CHECK(cost(back, v4, u, "2026-11-02T02:00:00Z") == doctest::Approx(0.528));
    CHECK(cost(back, pro, big, "2026-12-01T00:00:00Z", ServiceTier::batch) == doctest::Approx(0.3825));
}

TEST_CASE("catalog refresh: what the catalog lacks, prices apart by more than 1%, ends of life the sources know") {
    const Catalog& ours = test::fixture_catalog();
    const ImportedCatalog genai = import_genai_prices(kData + "genai_prices_small.json", test::usd_cny_table(),
                                                      ImportOptions{parse_date("2026-11-28"), "", ""});
    const ImportedCatalog lite = import_litellm(kData + "litellm_2026.json", test::usd_cny_table(),
                                                ImportOptions{parse_date("2026-11-28"), "", ""});
    const CatalogDiff g = diff_catalogs(ours, genai);
    const CatalogDiff l = diff_catalogs(ours, lite);
    auto has = [](const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); };
    // The fixture catalog has gpt-4.1 and gpt-4o of OpenAI's, so genai-prices' o3 is missing; so is Gemini 2.0 Flash.
    CHECK(has(g.missing, "openai/o3"));
    CHECK(has(g.missing, "google/gemini-2.0-flash"));
    CHECK(has(g.missing, "anthropic/claude-opus-4-8"));
    CHECK_FALSE(has(g.missing, "openai/gpt-4o"));  // matched
    // gpt-4o matches at the same token prices (input 2.5, cached 1.25, output 10): no token meter differs. genai-prices
    // adds a web-search fee the fixture list lacks, and bills long cache writes as input where the fixture has no
    // price for them: both are differences on one side only.
    std::set<std::string> meters;
    for (const auto& p : g.differences)
        if (p.offering_id == "openai/gpt-4o") {
            meters.insert(p.meter);
            CHECK_FALSE(p.ours.has_value());
        }
    CHECK(meters == std::set<std::string>{"cache_write_long", "web_search"});
    // LiteLLM says claude-sonnet-4-5 is deprecated on 2026-11-30; the fixture catalog records no end for it.
    REQUIRE(l.lifecycle.size() == 1);
    CHECK(l.lifecycle[0].offering_id == "anthropic/claude-sonnet-4-5");
    CHECK(l.lifecycle[0].source_says == "deprecated on 2026-11-30");
    CHECK(l.lifecycle[0].catalog_says == "current");

    const Table t = refresh_table({g, l}, parse_date("2026-12-01"));
    std::size_t missing = 0, lifecycle = 0;
    for (std::size_t r = 0; r < t.size(); ++r) {
        const std::string f = std::get<std::string>(t.at(r, "finding"));
        missing += f == "missing";
        lifecycle += f == "lifecycle";
    }
    CHECK(missing == g.missing.size() + l.missing.size());
    CHECK(lifecycle == 1);
    CHECK(t.title.rfind("catalog refresh report of 2026-12-01: ", 0) == 0);
}

TEST_CASE("an importer refuses values of the wrong shape with their location, never a parser exception") {
    test::ScratchDir dir(std::map<std::string, std::string>{
        {"litellm.json", "{\"gpt-x\": {\"mode\": [1], \"litellm_provider\": \"openai\", \"input_cost_per_token\": 1e-06,\n"
                         " \"output_cost_per_token\": 2e-06}}"},
        {"genai.json", "[{\"id\": \"deepseek\", \"name\": \"D\", \"api_pattern\": \"x\", \"models\": [{\"id\": \"m\",\n"
                       " \"match\": {\"equals\": \"m\"}, \"prices\": [{\"prices\": {\"input_mtok\": 1, \"output_mtok\": 2},\n"
                       " \"constraint\": \"soon\"}]}]}]"}});
    const ImportOptions dated{parse_date("2026-11-28"), "", ""};
    try {
        import_litellm(dir.file("litellm.json"), test::usd_cny_table(), dated);
        FAIL("a list as `mode` was accepted");
    } catch (const InputError& e) {
        CHECK(e.line() == 1);
        CHECK(e.column() == 20);  // the list's opening bracket
        CHECK(e.field() == "gpt-x.mode");
        CHECK(e.reason() == "expected a string, found a list");
    }
    try {
        import_genai_prices(dir.file("genai.json"), test::usd_cny_table(), dated);
        FAIL("a string constraint was accepted");
    } catch (const InputError& e) {
        CHECK(e.line() == 3);
        CHECK(std::string(e.what()).find("a constraint must be an object") != std::string::npos);
    }
}

TEST_CASE("JSON is read by a JSON parser: syntax, duplicate keys, depth and places of values") {
    auto error_of = [](const std::string& text) -> InputError {
        try {
            parse_hf_config(text, "config.json", "m");
        } catch (const InputError& e) {
            return e;
        }
        FAIL("accepted: " << text);
        return InputError("unreachable");
    };
    // The second "hidden_size" starts at line 2, column 3 (1-based): keep one of the two.
    InputError dup = error_of("{\"hidden_size\": 64,\n  \"hidden_size\": 128}");
    CHECK(dup.line() == 2);
    CHECK(dup.column() == 3);
    CHECK(dup.reason().find("given twice") != std::string::npos);
    // `tru` is not a literal: the parser stops inside it, on line 2.
    InputError bad = error_of("{\"num_hidden_layers\": 2,\n \"tie_word_embeddings\": tru}");
    CHECK(bad.line() == 2);
    CHECK(bad.reason().rfind("malformed JSON: ", 0) == 0);
    // A YAML alias is no JSON.
    CHECK(error_of("{\"a\": &x [1], \"b\": *x}").reason().rfind("malformed JSON", 0) == 0);
    // 65 nested lists pass the limit of 64 at the 65th bracket, column 65.
    InputError deep = error_of(std::string(65, '[') + std::string(65, ']'));
    CHECK(deep.column() == 65);
    CHECK(deep.reason().find("nested more than 64") != std::string::npos);
    CHECK(error_of("").reason().find("malformed JSON") != std::string::npos);

    // A price written as a string where LiteLLM writes a number: the error points at the string's opening quote,
    // line 2, column 26.
    test::ScratchDir dir(std::map<std::string, std::string>{
        {"litellm.json", "{\"gpt-x\": {\"mode\": \"chat\", \"litellm_provider\": \"openai\",\n"
                         " \"input_cost_per_token\": \"1e-06\", \"output_cost_per_token\": 2e-06}}"},
        {"surrogates.json", "{\"gpt-\\ud83d\\ude80\": {\"mode\": \"chat\", \"litellm_provider\": \"openai\",\n"
                            " \"input_cost_per_token\": 1e-06, \"output_cost_per_token\": 2e-06}}"}});
    const ImportOptions dated{parse_date("2026-11-28"), "", ""};
    try {
        import_litellm(dir.file("litellm.json"), test::usd_cny_table(), dated);
        FAIL("a quoted price was accepted");
    } catch (const InputError& e) {
        CHECK(e.line() == 2);
        CHECK(e.column() == 26);
        CHECK(e.reason().find("input_cost_per_token: expected a number, found the string \"1e-06\"") != std::string::npos);
    }
    // A character beyond the first plane, written as a surrogate pair, is one UTF-8 character (U+1F680, 4 bytes).
    const ImportedCatalog ic = import_litellm(dir.file("surrogates.json"), test::usd_cny_table(), dated);
    REQUIRE(ic.report.entries.size() == 1);
    CHECK(ic.report.entries[0].key == "gpt-\xF0\x9F\x9A\x80");
}
