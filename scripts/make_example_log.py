"""Writes examples/logs/support-2026-11.csv.gz: a month of a support assistant's requests, as a team would export
them from its gateway (one row per request, the model as the API wrote it, tokens in the API's own counts mapped to
infercost's columns, the team and API key). Synthetic and seeded: the shape of the qwen_switch scenario at 500
requests a day (US business hours on weekdays, lognormal prompts with a third served from cache).

    python3 scripts/make_example_log.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "examples" / "logs" / "support-2026-11.csv.gz"
HOURLY = np.array([1, 1, 1, 1, 1, 2, 3, 5, 8, 10, 10, 10, 9, 10, 10, 9, 8, 6, 4, 3, 2, 2, 1, 1], dtype=float)
WEEKDAY = np.array([1, 1, 1, 1, 1, 0.4, 0.3])  # Monday first
PER_DAY = 500


def main() -> None:
    rng = np.random.default_rng(202611)
    days = pd.date_range("2026-11-01", "2026-11-30", freq="D")
    weights = np.concatenate([WEEKDAY[d.weekday()] * HOURLY for d in days])
    n = int(PER_DAY * len(days))
    cell = rng.choice(weights.size, size=n, p=weights / weights.sum())
    local = pd.Timestamp("2026-11-01") + pd.to_timedelta(cell * 3600 + rng.integers(0, 3600, n), unit="s")
    ts = local.tz_localize("America/New_York").tz_convert("UTC").sort_values()
    # Lognormal with mean 3,000 and p90 6,000 (sigma from p90 / mean), outputs mean 400, p90 850.
    sigma_in, sigma_out = 0.6368, 0.6849
    prompt = rng.lognormal(np.log(3000) - sigma_in**2 / 2, sigma_in, n).astype(np.int64) + 20
    output = rng.lognormal(np.log(400) - sigma_out**2 / 2, sigma_out, n).astype(np.int64) + 1
    cached = np.where(rng.random(n) < 0.6, (prompt * 0.5).astype(np.int64) // 64 * 64, 0)  # cached in 64-token steps
    team = rng.choice(["tier-1", "tier-2", "billing"], size=n, p=[0.6, 0.3, 0.1])
    frame = pd.DataFrame({
        "timestamp": ts.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "provider": "openai",
        "model": np.where(rng.random(n) < 0.85, "gpt-6.1-sol", "gpt-4.1-2025-04-14"),
        "input_tokens": prompt, "cached_input_tokens": cached, "output_tokens": output,
        "reasoning_tokens": 0, "team": team,
        "api_key": np.where(team == "billing", "key-billing", "key-support"),
    })
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(TARGET, index=False, compression={"method": "gzip", "mtime": 0})
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(frame):,} rows")


if __name__ == "__main__":
    main()
