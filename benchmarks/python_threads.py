"""Python threads on one catalog: the speed-up the released GIL gives.

In one run: the same work, N times, first one after the other on one thread, then on N Python threads at once,
all on one loaded catalog (the bundled one). The work is what a notebook or a web service does per request: a
Monte Carlo run of examples/scenarios/qwen_switch.yaml on one library thread, and the comparison itself. The
results of every thread are checked equal to the serial ones. It prints both wall times and their ratio
(the speed-up; at most the number of free cores).

    python3 benchmarks/python_threads.py               # 4 threads, 200,000 samples each
    python3 benchmarks/python_threads.py --threads 8 --samples 50000
"""

from __future__ import annotations

import argparse
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import List

import infercost
from infercost import uncertainty

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--samples", type=int, default=200_000)
    args = ap.parse_args()
    catalog = infercost.Catalog.default()
    scenario = infercost.Scenario.load(str(ROOT / "examples" / "scenarios" / "qwen_switch.yaml"), catalog)

    def work(_: int) -> List[float]:
        mc = uncertainty.monte_carlo(scenario, samples=args.samples, seed=7, threads=1, monthly=False,
                                     keep_samples=False, catalog=catalog)
        c = scenario.run(catalog)
        return [float(v) for v in mc.ranges_frame()["mean"]] + [float(v) for v in c.to_frame()["cost_per_year"]]

    work(0)  # warm: the catalog's lazy tables, the first allocation
    t0 = time.perf_counter()
    serial = [work(i) for i in range(args.threads)]
    t_serial = time.perf_counter() - t0
    t0 = time.perf_counter()
    with ThreadPoolExecutor(args.threads) as pool:
        threaded = list(pool.map(work, range(args.threads)))
    t_threads = time.perf_counter() - t0
    assert threaded == serial, "threads gave other results than serial use"
    print(f"{args.threads} x (Monte Carlo of {args.samples:,} samples + comparison) on {os.cpu_count()} cores")
    print(f"  one after the other: {t_serial:8.2f} s")
    print(f"  {args.threads} Python threads:   {t_threads:8.2f} s")
    print(f"  speed-up: {t_serial / t_threads:.2f}x")


if __name__ == "__main__":
    main()
