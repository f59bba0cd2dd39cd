"""Prices the same random requests with LiteLLM's cost_per_token and with infercost (one request at a time,
and as one numpy batch), checks that both give the same totals, and prints the speed ratios.

Run by hand (not part of the test run):  pip install litellm && python3 benchmarks/pricing_vs_litellm.py
Both sides use the same price data: LiteLLM's bundled cost map, imported into infercost."""

from __future__ import annotations

import json
import os
import tempfile
import time

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # offline: LiteLLM's bundled copy

import numpy as np

import infercost as ic

MODELS = ["gpt-4o", "dashscope/qwen3-max", "claude-sonnet-4-5", "gemini/gemini-2.5-pro"]
N = 20_000


def main() -> None:
    import litellm
    from litellm import cost_per_token

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model_prices_and_context_window.json")
        with open(path, "w") as f:
            json.dump(litellm.model_cost, f)
        imported = ic.import_litellm(path, source_date="2026-01-01")
    at = "2026-06-01T12:00:00Z"
    rng = np.random.default_rng(7)
    usage = np.zeros((N, 5), dtype=np.int64)
    usage[:, 0] = rng.lognormal(np.log(8_000), 1.2, N).astype(np.int64) + 1  # prompts, some above 200k
    usage[:, 3] = rng.lognormal(np.log(500), 0.8, N).astype(np.int64) + 1
    usage[:, 0] = np.minimum(usage[:, 0], 250_000)

    print(f"{N:,} requests per model; times in seconds; ratio = LiteLLM time / infercost time")
    print(f"{'model':28s} {'litellm':>9s} {'ic single':>10s} {'ic batch':>9s} {'single x':>9s} {'batch x':>9s} {'max rel diff':>13s}")
    for model in MODELS:
        o = imported.catalog[model]
        t0 = time.perf_counter()
        theirs = np.array([sum(cost_per_token(model=model, prompt_tokens=int(p), completion_tokens=int(c)))
                           for p, c in zip(usage[:, 0], usage[:, 3])])
        t1 = time.perf_counter()
        single = np.array([o.price(at=at, input=int(p), output=int(c)).total for p, c in zip(usage[:, 0], usage[:, 3])])
        t2 = time.perf_counter()
        batch = o.price_batch(usage, at=at).total
        t3 = time.perf_counter()
        diff = float(np.max(np.abs(batch - theirs) / np.maximum(theirs, 1e-12)))
        assert np.allclose(single, batch), "single and batch pricing disagree"
        print(f"{model:28s} {t1 - t0:9.3f} {t2 - t1:10.3f} {t3 - t2:9.4f} {(t1 - t0) / (t2 - t1):9.1f} "
              f"{(t1 - t0) / (t3 - t2):9.0f} {diff:13.2e}")


if __name__ == "__main__":
    main()
