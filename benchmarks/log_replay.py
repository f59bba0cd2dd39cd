"""Log replay speed: ten million synthetic requests priced under every API offering of the bundled catalog.

In one run, on the same rows and the same offerings:
  (a) infercost's replay kernel (infercost.logs.replay: all offerings at once, totals per offering and day);
  (b) a vectorised numpy implementation of the same rules, written as well as numpy allows: price versions by
      searchsorted, time-of-day rules as masks on the local clock (windows, weekdays, excluded and included days),
      context tiers (whole-request and graduated) by threshold, fallbacks resolved, fees per request, rows beyond
      the context window or maximum output left out; its totals are checked against (a);
  (c) LiteLLM's cost_per_token and genai-prices' calc_price, one request at a time on a sample, extrapolated
      (skipped with a note when the package is not installed: pip install litellm genai-prices);
  (d) a plain copy of the input columns, the memory-bandwidth floor.
It prints rows x offerings per second for each and the ratios; and, for one offering, infercost against (d).

    python3 benchmarks/log_replay.py                  # 10,000,000 rows
    python3 benchmarks/log_replay.py --rows 1000000   # a quicker run
The log: November 2026 (a diurnal and weekly shape), six models, lognormal prompts (median 3,000
tokens, a tail past 200K so that context tiers are crossed), 40% of prompt tokens cached on half the requests,
outputs with a median of 300 tokens, 30% reasoning on a third of the requests. All rows are standard tier.
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any, Dict, List, Tuple

import numpy as np

import infercost as ic
from infercost import _core
from infercost.logs import log_from_frame, replay

START = np.datetime64("2026-11-01T00:00:00", "s").astype(np.int64)
DAYS = 30
# The log's own models: the first offering in force whose id starts with each of these.
MODELS = ["openai/gpt-4.1", "anthropic/claude-sonnet", "deepseek/deepseek", "alibaba/qwen3-max", "google/gemini-2.5-pro",
          "zai/glm"]


def synthetic_log(n: int, seed: int = 20261101) -> Dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    # Arrivals: a day shape peaking mid-afternoon, weekends at 40%, on UTC+1.
    hour_weight = np.exp(-0.5 * ((np.arange(24) - 14.5) / 4.0) ** 2) + 0.08
    day_weight = np.array([0.4 if (3 + d) % 7 in (5, 6) else 1.0 for d in range(DAYS)])  # 2026-11-01 is a Sunday
    cell = (day_weight[:, None] * hour_weight[None, :]).ravel()
    hours = rng.choice(cell.size, size=n, p=cell / cell.sum())
    seconds = START + hours * 3600 + rng.integers(0, 3600, n)
    seconds.sort()
    prompt = np.minimum(rng.lognormal(np.log(3000), 1.3, n).astype(np.int64) + 50, 900_000)
    cached = np.where(rng.random(n) < 0.5, (prompt * 0.4).astype(np.int64), 0)
    output = np.minimum(rng.lognormal(np.log(300), 0.9, n).astype(np.int64) + 1, 30_000)
    reasoning = np.where(rng.random(n) < 1 / 3, (output * 0.3).astype(np.int64), 0)
    zeros = np.zeros(n, dtype=np.int64)
    model = rng.choice(len(MODELS), size=n, p=[0.3, 0.2, 0.2, 0.1, 0.1, 0.1])
    return {"timestamp": seconds, "model_code": model, "input_tokens": prompt, "cached_input_tokens": cached,
            "cache_write_tokens": zeros, "output_tokens": output, "reasoning_tokens": reasoning}


def offerings_in_force(catalog: Any) -> List[Any]:
    """API offerings with a price over the whole month (not starting or retiring within it), whose standard
    rates price every meter the log uses."""
    first, last = START, START + DAYS * 86400 - 1
    probe = {"timestamp": np.array([first, last]), "offering": ["x", "x"], "input_tokens": np.array([1000, 1000]),
             "cached_input_tokens": np.array([400, 400]), "output_tokens": np.array([100, 100]),
             "reasoning_tokens": np.array([30, 30])}
    found = []
    for o in catalog.offerings:
        try:
            probe["offering"] = [o.id, o.id]
            replay(log_from_frame(probe, catalog=catalog), [], own=True, currency=None)
        except ic.InputError:
            continue
        found.append(o)
    return found


# --- (b) numpy -------------------------------------------------------------------------------------------------

def _minutes(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def _rule_mask(rule: Dict[str, Any], t: np.ndarray) -> np.ndarray:
    sign = -1 if rule["utc_offset"].startswith("-") else 1
    hh, mm = rule["utc_offset"][1:].split(":")
    local = t + sign * (int(hh) * 3600 + int(mm) * 60)
    day = np.floor_divide(local, 86400)
    minute = np.floor_divide(local - day * 86400, 60)
    weekday = (day + 4) % 7  # 1970-01-01 was a Thursday; 0 = Sunday
    names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
    allowed = np.array([n in rule["weekdays"] for n in names])
    if not rule["windows"]:
        hit = allowed[weekday]
    else:
        hit = np.zeros(t.shape, dtype=bool)
        for w in rule["windows"]:
            a, b = (_minutes(x) for x in w.split("-"))
            if a < b:
                hit |= (minute >= a) & (minute < b) & allowed[weekday]
            else:  # past midnight: the part after midnight has the previous day's weekday
                hit |= ((minute >= a) & allowed[weekday]) | ((minute < b) & allowed[(weekday + 6) % 7])
    def days(dates: List[Any]) -> np.ndarray:
        return np.array([np.datetime64(d, "D").astype(np.int64) for d in dates], dtype=np.int64)
    if rule["excluded_dates"]:
        hit &= ~np.isin(day, days(rule["excluded_dates"]))
    if rule["included_dates"]:
        hit |= np.isin(day, days(rule["included_dates"]))
    return hit


def numpy_price(o: Any, log: Dict[str, np.ndarray]) -> Tuple[float, str]:
    """The total of the log under `o`, every rule applied with numpy, and the currency."""
    t = log["timestamp"]
    inp, cached, write = log["input_tokens"], log["cached_input_tokens"], log["cache_write_tokens"]
    out, reas = log["output_tokens"], log["reasoning_tokens"]
    keep = np.ones(t.shape, dtype=bool)
    if o.context_window is not None:
        keep &= inp + out <= o.context_window
    if o.max_output is not None:
        keep &= out <= o.max_output
    starts = np.array([np.datetime64(v["effective_from"].replace(tzinfo=None), "s").astype(np.int64) for v in o.versions])
    version = np.searchsorted(starts, t, side="right") - 1
    quantities = [inp - cached - write, cached, write, np.zeros_like(inp), out - reas, reas]
    total = 0.0
    currency = ""
    for vi in np.unique(version):
        v = o.versions[int(vi)]
        currency = v["currency"]
        in_v = keep & (version == vi)
        rule_of = np.full(t.shape, -1, dtype=np.int64)
        for ri in reversed(range(len(v["time_rules"]))):  # the first rule that applies wins
            rule_of[_rule_mask(v["time_rules"][ri], t) & in_v] = ri
        tiers = v["tiers"]
        counts_cached = tiers is None or tiers["counts_cached"]
        key = (inp if counts_cached else inp - cached - write).astype(np.float64)
        for ri in np.unique(rule_of[in_v]):
            rows = in_v & (rule_of == ri)
            thresholds, rates = _core._rate_table(o, int(vi), int(ri))
            k = key[rows]
            q = [x[rows].astype(np.float64) for x in quantities]
            if tiers is not None and tiers["basis"] == "graduated":
                shares = []
                for lv in range(len(thresholds)):
                    hi = thresholds[lv + 1] if lv + 1 < len(thresholds) else np.inf
                    band = np.minimum(k, hi) - np.minimum(k, thresholds[lv])
                    shares.append(np.divide(band, k, out=np.zeros_like(k), where=k > 0))
                level = np.searchsorted(np.array(thresholds[1:]), k, side="left")
                for m in range(6):
                    if m < 4:
                        for lv, share in enumerate(shares):
                            total += _charge(rates[lv, m], q[m] * share, o)
                    else:
                        total += _charge_levels(rates[:, m], q[m], level, o)
            else:
                level = np.searchsorted(np.array(thresholds[1:]), k, side="left")
                for m in range(6):
                    total += _charge_levels(rates[:, m], q[m], level, o)
            fee = rates[:, 6]
            if not np.isnan(fee).all():
                lvl = np.searchsorted(np.array(thresholds[1:]), k, side="left")
                total += float(np.nansum(fee[lvl]))
    return total, currency


def _charge(rate: float, qty: np.ndarray, o: Any) -> float:
    used = qty > 0
    if np.isnan(rate):
        if used.any():
            raise ValueError(f"{o.id}: a meter without a price is used")
        return 0.0
    return float(rate * qty.sum() / 1e6)


def _charge_levels(rates: np.ndarray, qty: np.ndarray, level: np.ndarray, o: Any) -> float:
    r = rates[level]
    used = qty > 0
    if np.isnan(r[used]).any():
        raise ValueError(f"{o.id}: a meter without a price is used")
    return float(np.dot(np.where(used, r, 0.0), qty) / 1e6)


# --- (c) per-request libraries ------------------------------------------------------------------------------

def per_request_libraries(log: Dict[str, np.ndarray], sample: int) -> Dict[str, float]:
    """Requests per second of LiteLLM's cost_per_token and genai-prices' calc_price on `sample` rows."""
    speeds: Dict[str, float] = {}
    idx = np.arange(min(sample, log["timestamp"].size))
    p, c, o = log["input_tokens"][idx], log["cached_input_tokens"][idx], log["output_tokens"][idx]
    try:
        os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
        from litellm import cost_per_token  # type: ignore[import-untyped]

        t0 = time.perf_counter()
        for a, b, d in zip(p.tolist(), c.tolist(), o.tolist()):
            cost_per_token(model="gpt-4.1", prompt_tokens=a, completion_tokens=d, cache_read_input_tokens=b)
        speeds["litellm cost_per_token"] = idx.size / (time.perf_counter() - t0)
    except ImportError:
        print("  (c) LiteLLM is not installed: pip install litellm")
    try:
        from genai_prices import Usage, calc_price  # type: ignore[import-untyped]

        t0 = time.perf_counter()
        for a, b, d in zip(p.tolist(), c.tolist(), o.tolist()):
            calc_price(Usage(input_tokens=a, cache_read_tokens=b, output_tokens=d), model_ref="gpt-4.1",
                       provider_id="openai")
        speeds["genai-prices calc_price"] = idx.size / (time.perf_counter() - t0)
    except ImportError:
        print("  (c) genai-prices is not installed: pip install genai-prices")
    return speeds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--sample", type=int, default=20_000, help="rows priced one at a time by each library in (c)")
    ap.add_argument("--threads", type=int, default=0, help="threads of the replay kernel (0: every core)")
    args = ap.parse_args()

    catalog = ic.Catalog.default()
    offerings = offerings_in_force(catalog)
    raw = synthetic_log(args.rows)
    ids = [next(o.id for o in offerings if o.id.startswith(prefix)) for prefix in MODELS]
    frame = {k: v for k, v in raw.items() if k != "model_code"}
    frame["offering"] = np.array(ids, dtype=object)[raw["model_code"]]
    t0 = time.perf_counter()
    log = log_from_frame(frame, catalog=catalog)
    t_load = time.perf_counter() - t0
    n, k = args.rows, len(offerings)
    print(f"{n:,} rows x {k} offerings in force over November 2026 ({n * k:,} row-offerings); "
          f"log made ready in {t_load:.2f} s (not timed below)")

    # (d) the memory floor: copy the columns the kernel reads.
    cols = [raw[c] for c in ("timestamp", "input_tokens", "cached_input_tokens", "output_tokens", "reasoning_tokens")]
    best_copy = min(_timed(lambda: [np.copy(c) for c in cols]) for _ in range(3))

    # (a) infercost, all offerings at once; and one offering alone.
    best_all = float("inf")
    for _ in range(2):
        t0 = time.perf_counter()
        r = replay(log, offerings, own=False, currency=None, over_limits="exclude", threads=args.threads)
        best_all = min(best_all, time.perf_counter() - t0)
    ours = r.cells.groupby("priced_as", observed=True)["cost"].sum()
    one = offerings[0]
    best_one = min(_timed(lambda: replay(log, [one], own=False, currency=None, over_limits="exclude",
                                         threads=args.threads)) for _ in range(3))

    # (b) numpy, every offering, checked against (a).
    t0 = time.perf_counter()
    worst = 0.0
    for o in offerings:
        total, _ = numpy_price(o, raw)
        mine = float(ours.get(o.id, 0.0))
        worst = max(worst, abs(total - mine) / max(abs(mine), 1e-9))
    t_numpy = time.perf_counter() - t0

    libs = per_request_libraries(raw, args.sample)

    rate = lambda seconds, rows=n, offs=k: rows * offs / seconds  # noqa: E731
    print(f"\n{'implementation':34s} {'seconds':>9s} {'row-offerings/s':>16s} {'infercost is':>13s}")
    print(f"{'(a) infercost replay':34s} {best_all:9.3f} {rate(best_all):16,.0f} {'':>13s}")
    print(f"{'(b) numpy, same rules':34s} {t_numpy:9.3f} {rate(t_numpy):16,.0f} {t_numpy / best_all:12.1f}x")
    for name, per_second in libs.items():
        est = n * k / per_second
        print(f"{'(c) ' + name + ' (extrapolated)':34s} {est:9.0f} {per_second:16,.0f} {est / best_all:12,.0f}x")
    print(f"{'(d) copy of the input columns':34s} {best_copy:9.3f} {n / best_copy:16,.0f} rows/s")
    print(f"\none offering ({one.id}): infercost {best_one:.3f} s, {n / best_one:,.0f} rows/s = "
          f"{best_copy / best_one:.2f} of the copy's speed (target at least 0.5)")
    print(f"threads: {r._raw['threads']}; largest relative difference between (a) and (b) totals: {worst:.1e}")


def _timed(f: Any) -> float:
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
