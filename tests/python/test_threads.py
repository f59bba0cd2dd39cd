"""One loaded catalog used from many Python threads: the same results as serial use, and the long computations
release the GIL, so other threads run meanwhile (benchmarks/python_threads.py measures the speed-up)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import List

import infercost
from infercost import uncertainty

from conftest import ROOT


def _load():  # type: ignore[no-untyped-def]
    catalog = infercost.Catalog.load(str(ROOT / "tests" / "data" / "catalog"))
    return catalog, infercost.Scenario.load(str(ROOT / "tests" / "data" / "threads.yaml"), catalog)


def _work(catalog, scenario) -> List[float]:  # type: ignore[no-untyped-def]
    c = scenario.run(catalog)
    mc = uncertainty.monte_carlo(scenario, samples=20_000, seed=5, threads=1, catalog=catalog)
    return [float(x) for x in c.to_frame()["cost_per_year"]] + [float(x) for x in mc.ranges_frame()["mean"]]


def test_eight_python_threads_on_one_catalog_give_the_serial_results() -> None:
    catalog, scenario = _load()
    serial = _work(catalog, scenario)
    assert len(serial) == 10 and all(v > 0 for v in serial)  # five options' cost and mean cost per year
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: _work(catalog, scenario), range(8)))
    assert all(r == serial for r in results)  # bit for bit: each computation is independent of the others


def test_a_long_computation_lets_other_python_threads_run() -> None:
    # While a Monte Carlo run is inside the library, the main thread keeps counting. Were the GIL held, it could
    # not run at all until the call returned (the interpreter switches threads only between bytecodes).
    catalog, scenario = _load()
    inside = threading.Event()
    done = threading.Event()

    def worker() -> None:
        inside.set()
        uncertainty.monte_carlo(scenario, samples=1_000_000, seed=1, threads=1, monthly=False, keep_samples=False,
                                catalog=catalog)
        done.set()

    t = threading.Thread(target=worker)
    t.start()
    inside.wait()
    counted = 0
    while not done.is_set():
        counted += 1
    t.join()
    assert counted > 100_000
