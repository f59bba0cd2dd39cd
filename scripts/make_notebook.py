"""Writes examples/notebooks/qwen_switch.ipynb from the cells below and runs it, so the committed notebook
shows its outputs. Run after changing the cells: python3 scripts/make_notebook.py"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "examples" / "notebooks" / "qwen_switch.ipynb"

CELLS = [
    ("md", """# Does switching to Qwen save us $400,000 a year?

Companies report savings like *"$400,000 a year by switching to Qwen"*. Whether that holds for **us** depends on
our volume, the shape of our requests and the price rules of each list. This notebook works through the
question for a customer-support assistant, with every price traceable to the provider's page and date.

Everything here runs offline on the price catalog bundled with infercost."""),
    ("code", """import infercost as ic
import pandas as pd
import matplotlib.pyplot as plt

# Cents from one unit up, significant digits below, so a cost per request of 0.0051 is not shown as 0.01.
pd.options.display.float_format = lambda x: f"{x:,.2f}" if abs(x) >= 1 or x == 0 else f"{x:.4g}"
catalog = ic.Catalog.default()
scenario = ic.Scenario.load("../scenarios/qwen_switch.yaml", catalog)
scenario"""),
    ("md", """## 1. The workload

150,000 requests a day, prompts of about 3,000 tokens (a lognormal with p90 of 6,000: retrieval context
varies), answers of about 400 tokens, 30% of each prompt served from the provider's cache, traffic in US
business hours on weekdays. The costs below integrate over the prompt-length distribution: with context
tiers, the cost of the average request is not the average cost."""),
    ("code", """w = scenario.workload
pd.DataFrame({
    "value": [f"{w.requests_per_day:,.0f}", w.input_tokens.describe(), w.output_tokens.describe(),
              f"{w.cached_share:.0%}", w.utc_offset, f"{scenario.months} months from {scenario.start}"],
}, index=["requests per day", "prompt tokens", "output tokens", "cached share of prompt", "clock", "horizon"])"""),
    ("md", """## 2. The baseline against the Qwen options

GPT-6.2 Sol is the baseline. The candidates are Alibaba's Qwen models on the international (USD) list and on the
mainland China (CNY) list, open-weight Qwen at a US host, Claude Sonnet for reference, GPT-6.2 Sol through the
Batch API (half price, answers within 24 hours), and GPT-4.1 for a team still on it: GPT-4.1 shuts down on
2027-01-14, and from then on the successor OpenAI names is priced (the assumptions say so)."""),
    ("code", """comparison = scenario.run(catalog)
comparison"""),
    ("code", """comparison.plot();"""),
    ("md", """### Where the money goes

Yearly cost by meter: prompt tokens dominate this workload, so cache discounts and input prices matter more
than output prices."""),
    ("code", """comparison.by_meter_frame()"""),
    ("md", """## 3. International versus mainland lists

Alibaba publishes separate price lists for its international regions (USD) and for mainland China (CNY); the
CNY list is not a conversion of the USD one. The mainland list is converted at the dated central-parity rate
shown below, and it is several times cheaper — but it also means the data is processed in mainland China."""),
    ("code", """frame = comparison.to_frame()
qwen = frame.loc[["alibaba/qwen3-max", "alibaba-cn/qwen3.7-max"], ["cost_per_year", "cost_per_request"]]
qwen"""),
    ("code", """assumptions = comparison.assumptions_frame()
assumptions[assumptions["kind"] == "exchange rate"]"""),
    ("md", """## 4. How sensitive is the saving to caching?

The cached share depends on how much of each prompt is a stable prefix (system prompt, tools, shared
documents). Cache reads cost 10–25% of the input price, so the saving moves with it."""),
    ("code", """rows = []
for share in [0.0, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9]:
    wl = ic.Workload(requests_per_day=w.requests_per_day, input_tokens=w.input_tokens, output_tokens=w.output_tokens,
                     cached_share=share, utc_offset=w.utc_offset, hourly_profile=w.hourly_profile,
                     weekday_profile=w.weekday_profile)
    c = ic.compare(wl, ["openai/gpt-6.2-sol", "alibaba/qwen3-max", "alibaba/qwen-plus"], start=scenario.start,
                   catalog=catalog)
    rows.append({"cached share": share, **{r.label: r.per_year for r in c.options},
                 "saving with qwen3-max": c.saving_per_year(1)})
cache = pd.DataFrame(rows).set_index("cached share")
cache"""),
    ("code", """ax = cache[["openai/gpt-6.2-sol", "alibaba/qwen3-max", "alibaba/qwen-plus"]].plot(marker="o")
ax.set_ylabel("cost per year (USD)"); ax.set_title("Yearly cost against the cached share of the prompt");"""),
    ("md", """## 5. How sensitive is it to reasoning?

Reasoning models generate hidden tokens before the answer. Holding the visible answer at 400 tokens, a
reasoning share *r* of the output means 400 / (1 − r) output tokens in all. Some lists bill reasoning as
output (OpenAI, DeepSeek); Qwen-Plus bills thinking output at its own, higher price."""),
    ("code", """rows = []
for r in [0.0, 0.25, 0.5, 0.75]:
    wl = ic.Workload(requests_per_day=w.requests_per_day, input_tokens=w.input_tokens,
                     output_tokens=ic.lognormal(mean=400 / (1 - r), p90=850 / (1 - r)),
                     cached_share=w.cached_share, reasoning_share=r, utc_offset=w.utc_offset,
                     hourly_profile=w.hourly_profile, weekday_profile=w.weekday_profile)
    c = ic.compare(wl, ["openai/gpt-5.6-terra", "openai/gpt-5.6-sol", "alibaba/qwen-plus", "deepseek/deepseek-flash"],
                   start=scenario.start, catalog=catalog)
    rows.append({"reasoning share": r, **{o.label: o.per_year for o in c.options}})
reasoning = pd.DataFrame(rows).set_index("reasoning share")
reasoning"""),
    ("md", """## 6. The $400,000 claim: what volume does it take?

Yearly cost is linear in the number of requests (no volume discounts are modelled), so the volume at which a
switch saves a given amount follows directly from the saving per request."""),
    ("code", """claim = scenario.check_claim(catalog)
claim"""),
    ("code", """claim.to_frame()"""),
    ("code", """volumes = [50_000 * i for i in range(0, 17)]
per_request_per_year = claim.workload_saving_per_year / claim.workload_requests_per_day
savings = pd.Series([v * per_request_per_year for v in volumes], index=volumes)
ax = savings.plot(label=f"{claim.candidate} instead of {claim.baseline}")
ax.axhline(claim.claimed_saving_per_year, color="grey", linestyle="--", label="claimed saving")
ax.axvline(claim.workload_requests_per_day, color="black", linewidth=0.8, label="our volume")
ax.set_xlabel("requests per day"); ax.set_ylabel("saving per year (USD)"); ax.legend();"""),
    ("code", """ratio = claim.implied_requests_per_day / claim.workload_requests_per_day
print(f"At our volume the switch to {claim.candidate} saves {claim.workload_saving_per_year:,.0f} USD a year; "
      f"the claimed {claim.claimed_saving_per_year:,.0f} takes {ratio:.1f} times our traffic.")"""),
    ("md", """The cheaper Qwen tiers (Qwen-Plus, Qwen-Flash) and open weights at a US host save more, if their quality
is good enough for the task; the mainland list is cheaper still, with the data processed in mainland China.

## 7. Month by month

Cumulative savings against the baseline over the horizon (short months save less)."""),
    ("code", """comparison.plot_cumulative_savings();"""),
    ("md", """## 8. The price of a data policy

The usual objection to cheap Chinese models is where the data goes. That depends on who hosts the model: the
same open weights can run at a mainland API, at a US host, or on our own GPUs. Judged by an example policy that
keeps customer data out of mainland China (an example, not legal advice), some options drop out; the policy's
price is what the cheapest compliant option costs over the cheapest option overall."""),
    ("code", """policy_check = comparison.check_policy("../policies/keep-data-out-of-china.yaml", catalog=catalog)
policy_check"""),
    ("code", """catalog.governance_frame().loc[[o.offering_id for o in scenario.options],
    ["deployment_class", "inference_jurisdictions", "model_origin", "open_weights", "zero_data_retention"]]"""),
    ("code", """strict = comparison.check_policy("../policies/no-chinese-weights.yaml", catalog=catalog)
print(policy_check.summary)
print(strict.summary)"""),
    ("md", """## 9. Or run Qwen on our own GPUs?

The same open weights can run on GPUs we rent or buy, which keeps the data in-house. infercost sizes a
deployment of Qwen3-235B-A22B on one 8x H200 server (FP8, tensor parallelism over the 8 GPUs, long prompts split
over engine steps) with a throughput model calibrated on published engine benchmarks, plans replicas hour by hour
for our traffic at a 50 ms per-token latency target, and prices the servers over their life (capital, power,
colocation, staff)."""),
    ("code", """own = ic.self_hosted(model="qwen3-235b-a22b", gpu="h200", gpus=8, owned="h200-8x-colo-us",
                     jurisdictions=["US"], tpot_ms=50, chunked_prefill=True, label="own 8x H200 servers")
plan = ic.plan_self_hosted(own, w, start=scenario.start, months=scenario.months, catalog=catalog)
plan"""),
    ("md", """Self-hosting is mostly a fixed cost: it pays off only above some volume. The break-even against the
API at the same model (Fireworks) and against our GPT-6.2 Sol baseline, as monthly cost against monthly volume:"""),
    ("code", """fig, axes = plt.subplots(1, 2, figsize=(13, 4.5))
for ax, api in zip(axes, ["fireworks/qwen3-235b-a22b-instruct-2507", "openai/gpt-6.2-sol"]):
    ic.plots.break_even(ic.break_even_curve(plan, w, api, catalog=catalog), ax=ax)
    ax.set_title(f"{api} against own servers")
plt.tight_layout()
for api in ["fireworks/qwen3-235b-a22b-instruct-2507", "openai/gpt-6.2-sol"]:
    print(api + ": " + ic.break_even(plan, w, api, catalog=catalog).summary)"""),
    ("md", """## 10. Two years out: growth, a dated price change and the payback of a migration

A budget runs over years, not one. `growth_price_change.yaml` states the volume the way the budget does (4.5
million requests a month), grows it 4% a month for 24 months, prices each month by the list version in force
that day (OpenAI's list changes on 2027-03-01), applies a negotiated 10% discount to the baseline, and charges
the move to Qwen a one-off 80,000 USD migration. The second candidate also assumes Qwen's list falls 15% a year."""),
    ("code", """growth = ic.Scenario.load("../scenarios/growth_price_change.yaml", catalog)
projection = growth.run(catalog)
projection.plot_projection();"""),
    ("md", """Cumulative savings, paid out of pocket month by month (the migration in January), and the month each
switch pays back:"""),
    ("code", """projection.plot_cumulative_savings();"""),
    ("code", """projection.finance_frame()"""),
    ("md", """The same by quarter, and as FOCUS cost rows that join a FinOps data set (their billed costs add up to the
projection). `growth.write_report("report")` writes the whole pack for the meeting: a page, a workbook and the
FOCUS rows."""),
    ("code", """projection.savings_frame("quarter")"""),
    ("code", """focus = projection.focus_frame()
focus[["ChargePeriodStart", "x_Option", "SkuMeter", "PricingQuantity", "PricingUnit", "ListCost", "BilledCost"]].head(6)"""),
    ("md", """## 11. Last month, priced again

The most convincing answer to "what would we save?" is our own traffic. `support-2026-11.csv.gz` is a month of the
pilot team's requests as the gateway exported them (one row per request, the model as the API wrote it, the team
and the API key). Every row is priced again under the offering that served it and under the candidates, with the
price version in force at its instant and every rule of the lists; the CNY list is converted at each day's rate."""),
    ("code", """from infercost import logs

log = logs.read_log("../logs/support-2026-11.csv.gz", catalog=catalog)
november = log.replay(["alibaba/qwen3-max", "alibaba/qwen-plus", "alibaba-cn/qwen3.7-max"], by="team")
november.totals()[["offering", "rows", "input_tokens", "output_tokens", "currency", "cost", "cost_USD", "change_share"]]"""),
    ("code", """november.by_group().round(2)"""),
    ("code", """november.plot_daily();"""),
    ("md", """How the month compares with the workload this notebook assumed (3,000 prompt and 400 output tokens on
average, 30% cached, US business hours): the profile fitted to the log, and how well it fits."""),
    ("code", """profile = log.profile(clock="-05:00")
print(f"{profile.requests:,.0f} requests over {profile.days} days; cached share {profile.workload.cached_share:.1%}; "
      f"hour-by-weekday shape explains {profile.shape_r2:.0%} of the hourly variation")
profile.fit_frame().round(3)"""),
    ("md", """## 12. A range, not one number

Every input above is an estimate: the volume, the cache-hit share, how long answers get, Qwen's next price cut, the
renminbi. The scenario's `uncertainty:` section says how far each may be off (the length distributions in the
workload are something else: how requests vary inside the traffic). A Monte Carlo run draws them 100,000 times,
seeded so the figures can be reproduced, and prices every option for every draw."""),
    ("code", """scenario.uncertainty_frame()"""),
    ("code", """mc = scenario.monte_carlo(samples=100_000, seed=2027, catalog=catalog)
mc.ranges_frame()[["stated", "p5", "p50", "p95", "saving_p5", "saving_p50", "saving_p95", "p_cheaper"]]"""),
    ("md", """How likely is the claim? The saving of `alibaba/qwen3-max` against the baseline, draw by draw, with the
claimed 400,000 USD a year marked:"""),
    ("code", """mc.plot_savings()
print(f"The claim holds in {mc.probability_claim:.1%} of draws (standard error {mc.probability_claim_se:.1%}).")"""),
    ("md", """The projection as a fan: the median month and the p25-p75 and p5-p95 bands."""),
    ("code", """mc.plot_fan();"""),
    ("md", """Which inputs matter: each from its p10 to its p90 with the others at their medians. The volume moves
the saving most; the exchange rate does not touch an option billed in dollars."""),
    ("code", """scenario.tornado(catalog=catalog).plot();"""),
    ("md", """## 13. What these numbers rest on

Every option's price version, with the page it was read from and the date it was checked, and the exchange
rates used. Prices move: re-check before a budget decision."""),
    ("code", """comparison.assumptions_frame()"""),
]


def build() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(src) if kind == "md" else nbformat.v4.new_code_cell(src)
                for kind, src in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def main() -> None:
    nb = build()
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(TARGET.parent)}}).execute()
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, TARGET)
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
