"""The throughput model against every published calibration row (pricing/calibration/*.yaml), judged out of sample.

For each engine and GPU family with offline rows (the `family` of the calibrated profiles in pricing/efficiency.yaml)
the physical factors -- compute, memory and interconnect efficiency, the engine's host work per step and per sequence, and
the expert-parallel routing imbalance -- are fitted by grid search on that family's offline rows. The overheads are
the engine's host work, which TensorRT-LLM's overlap scheduler runs beside the GPU's (engines.yaml). Many grid points
fit the rows about equally well, so the fit keeps, of those within one standard error of the lowest error (the
one-standard-error rule), the one whose steps wait least on the host: the physics, not a constant, should carry the
time. The engine's scheduler settings are not fitted: they come from pricing/engines.yaml (trtllm-bench's own batch
heuristic for NVIDIA's tables). The script prints:
  * every offline row with the in-sample prediction (the fit on all of its family's rows) and the leave-one-model-out
    prediction (the fit on the family's other models only), and both mean absolute percentage errors per family;
  * how far the held-out error moves across the grid points each fold cannot tell apart;
  * served and production rows predicted with the profiles as they stand in efficiency.yaml (never fitted on);
  * whether efficiency.yaml holds the factors this fit finds, and its held-out error as `spread` (twice that for a
    transferred profile).

Run by hand:  python3 benchmarks/throughput_calibration.py   (about two minutes on two cores)"""

from __future__ import annotations

import argparse
import itertools
import math
import statistics
import time
from typing import Dict, List, NamedTuple, Tuple

import infercost as ic

GRID: Dict[str, List[float]] = {
    "compute": [0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
    "memory": [0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
    "interconnect": [0.3, 0.6, 0.9],
    "all_to_all": [0.15, 0.2, 0.3, 0.6],
    "step_overhead_ms": [0.0, 2.0, 4.0, 8.0],
    "sequence_overhead_us": [0.0, 10.0, 20.0, 30.0, 35.0, 40.0, 45.0, 50.0, 60.0],
    "expert_imbalance": [1.0, 1.25, 1.5],
}


class Fit(NamedTuple):
    error: float          # mean absolute percentage error of the kept factors on the rows fitted
    factors: dict
    best_error: float     # the lowest error on the grid
    tied: List[dict]      # every grid point within one standard error of the best


def clean(value):
    return None if isinstance(value, float) and math.isnan(value) else value


def deployment(row: dict) -> ic.Deployment:
    return ic.Deployment(model=row["model"], gpu=row["gpu"], gpus=row["gpus"], tp=row["tp"], ep=row["ep"],
                         weights=row["weights"], expert_weights=clean(row["expert_weights"]), kv=row["kv"],
                         engine=row["engine"], settings=row["settings"],
                         kv_memory_fraction=clean(row["kv_memory_fraction"]))


class Rows:
    def __init__(self, cat: ic.Catalog, regime: str):
        self.cat = cat
        self.rows = ic.check_calibration(cat, regime).to_dict("records")
        self.deps = [deployment(r) for r in self.rows]

    def predict(self, i: int, factors: dict) -> float:
        r = self.rows[i]
        return ic.Replica(self.cat, self.deps[i], factors).best(r["isl"], r["osl"]).output_tokens_per_second

    def errors(self, idx: List[int], factors: dict) -> List[float]:
        return [abs(self.predict(i, factors) / self.rows[i]["published"] - 1) for i in idx]

    def mape(self, idx: List[int], factors: dict) -> float:
        return sum(self.errors(idx, factors)) / len(idx)

    def overhead_share(self, idx: List[int], factors: dict) -> float:
        """The mean share of the predicted step that the step waits on the engine's host work (its fixed and
        per-sequence overheads, where an overlap scheduler does not hide them): time a constant carries rather than
        the GPU's physics."""
        total = 0.0
        for i in idx:
            r = self.rows[i]
            step = ic.Replica(self.cat, self.deps[i], factors).best(r["isl"], r["osl"]).step
            total += step["host_wait_ms"] / step["total_ms"]
        return total / len(idx)

    def fit(self, idx: List[int]) -> Fit:
        """The grid point the rows support with the least host wait. Every point whose error is within one standard
        error of the best is as good a fit to these rows (the one-standard-error rule); of those, the one whose
        steps wait the smallest share of their time on the host is kept, then the lowest error."""
        scored = []
        for values in itertools.product(*GRID.values()):
            factors = dict(zip(GRID, values))
            errors = self.errors(idx, factors)
            scored.append((sum(errors) / len(errors), factors, errors))
        best = min(scored, key=lambda s: s[0])
        se = statistics.stdev(best[2]) / math.sqrt(len(idx)) if len(idx) > 1 else 0.0
        tied = [(err, factors) for err, factors, _ in scored if err <= best[0] + se]
        err, factors = min(tied, key=lambda t: (round(self.overhead_share(idx, t[1]), 9), t[0]))
        return Fit(err, factors, best[0], [f for _, f in tied])


def unidentified(rows: Rows, idx: List[int], factors: dict) -> List[str]:
    """Factors the rows cannot tell apart: every value of the grid gives the same error (for example the all-reduce
    efficiency when no row uses tensor parallelism)."""
    base = rows.mape(idx, factors)
    return [k for k, values in GRID.items()
            if all(abs(rows.mape(idx, dict(factors, **{k: v})) - base) < 1e-9 for v in values)]


def families(cat: ic.Catalog) -> Dict[Tuple[str, str], List[str]]:
    out: Dict[Tuple[str, str], List[str]] = {}
    for p in cat.hardware.efficiency:
        if p.basis == "calibrated":
            out.setdefault((p.engine, p.family), []).append(p.gpu)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    cat = ic.Catalog.default()
    start = time.time()
    offline = Rows(cat, "offline")
    summary = []
    fitted = {}
    spreads: Dict[Tuple[str, str], float] = {}  # the held-out error, as efficiency.yaml's `spread`
    for (engine, family), gpus in families(cat).items():
        idx = [i for i, r in enumerate(offline.rows) if r["engine"] == engine and r["gpu"] in gpus]
        if not idx:
            continue
        whole = offline.fit(idx)
        err_in, factors = whole.error, whole.factors
        loose = unidentified(offline, idx, factors)
        fitted[(engine, family)] = {k: v for k, v in factors.items() if k not in loose}
        lomo: Dict[int, float] = {}
        per_model = {}
        lowest = highest = 0.0  # held-out error summed over rows, at the best and worst of each fold's tied fits
        for model in sorted({offline.rows[i]["model"] for i in idx}):
            train = [i for i in idx if offline.rows[i]["model"] != model]
            test = [i for i in idx if offline.rows[i]["model"] == model]
            held = offline.fit(train)
            for i in test:
                lomo[i] = offline.predict(i, held.factors)
            per_model[model] = sum(abs(lomo[i] / offline.rows[i]["published"] - 1) for i in test) / len(test)
            spread = [offline.mape(test, f) for f in held.tied]
            lowest += min(spread) * len(test)
            highest += max(spread) * len(test)
        err_lomo = sum(abs(lomo[i] / offline.rows[i]["published"] - 1) for i in idx) / len(idx)
        print(f"\n{engine} / {family} ({', '.join(gpus)}): {len(idx)} offline rows")
        print("fitted on all rows: " + ", ".join(f"{k} {v:g}" for k, v in factors.items() if k not in loose) +
              (f"; not identified by these rows (any value fits): {', '.join(loose)}" if loose else ""))
        print(f"  {len(whole.tied)} grid points fit within one standard error of the best ({100 * whole.best_error:.1f}%);"
              f" kept: the one whose steps wait least on the host ({100 * err_in:.1f}%)")
        print(f"{'model':<16} {'gpu':<9} {'layout':<7} {'isl/osl':>11} {'published':>10} {'in-sample':>10} {'err':>7}"
              f" {'held out':>10} {'err':>7}  limit")
        for i in idx:
            r = offline.rows[i]
            fit_pred = offline.predict(i, factors)
            layout = f"DEP{r['gpus']}" if r["ep"] > 1 else f"TP{r['tp']}"
            limit = ic.Replica(cat, offline.deps[i], factors).best(r["isl"], r["osl"]).limit
            print(f"{r['model']:<16} {r['gpu']:<9} {layout:<7} {int(r['isl']):>5}/{int(r['osl']):<5} {r['published']:>10,.0f}"
                  f" {fit_pred:>10,.0f} {100 * (fit_pred / r['published'] - 1):>+6.1f}% {lomo[i]:>10,.0f}"
                  f" {100 * (lomo[i] / r['published'] - 1):>+6.1f}%  {limit}")
        print("leave-one-model-out MAPE by held-out model: " +
              ", ".join(f"{m} {100 * e:.1f}%" for m, e in per_model.items()))
        print(f"leave-one-model-out MAPE over the fits each fold cannot tell apart (within one standard error): "
              f"{100 * lowest / len(idx):.1f}% at best, {100 * highest / len(idx):.1f}% at worst")
        summary.append((engine, family, len(idx), err_in, err_lomo))
        spreads[(engine, family)] = round(err_lomo, 2)

    print("\nregime      engine / family             rows  in-sample  leave-one-model-out")
    total_rows = sum(n for _, _, n, _, _ in summary)
    for engine, family, n, e_in, e_lomo in summary:
        print(f"offline     {engine + ' / ' + family:<27} {n:>4}  {100 * e_in:>8.1f}%  {100 * e_lomo:>8.1f}%")
    if total_rows:
        w_in = sum(n * e for _, _, n, e, _ in summary) / total_rows
        w_lomo = sum(n * e for _, _, n, _, e in summary) / total_rows
        print(f"offline     {'all':<27} {total_rows:>4}  {100 * w_in:>8.1f}%  {100 * w_lomo:>8.1f}%")
    for regime in ("served", "production"):
        try:
            frame = ic.check_calibration(cat, regime)
        except ic.InputError:
            print(f"{regime:<11} no rows")
            continue
        print(f"{regime:<11} {'profiles as in efficiency.yaml':<27} {len(frame):>4}  {'(not fitted)':>9}  "
              f"{100 * frame.attrs['mape']:>8.1f}%")
        for r in frame.to_dict("records"):
            print(f"    {r['model']} on {r['gpus']}x {r['gpu']} ({r['engine']}, {int(r['isl'])}/{int(r['osl'])}): published "
                  f"{r['published']:,.0f}, predicted {r['predicted']:,.0f} ({100 * r['error']:+.1f}%)")

    print("\nefficiency.yaml against this fit:")
    profiles = {(p.engine, p.gpu): p for p in cat.hardware.efficiency}
    for p in cat.hardware.efficiency:
        if p.basis == "calibrated":
            f = fitted.get((p.engine, p.family))
            if f is None:
                continue
            f = dict(f, spread=spreads[(p.engine, p.family)])
            same = all(abs(getattr(p, k) - v) < 1e-9 for k, v in f.items())
            print(f"  {p.engine}/{p.gpu}: {'matches' if same else 'DIFFERS: ' + ', '.join(f'{k} {v:g}' for k, v in f.items())}")
        else:  # "transferred from <engine>/<gpu>": twice the source's spread
            engine, gpu = p.basis.removeprefix("transferred from ").split("/")
            source = profiles[(engine, gpu)]
            if (source.engine, source.family) in spreads and abs(p.spread - 2 * spreads[(source.engine, source.family)]) > 1e-9:
                print(f"  {p.engine}/{p.gpu}: DIFFERS: spread {2 * spreads[(source.engine, source.family)]:g} (twice {engine}/{gpu}'s)")
    print(f"\n({time.time() - start:.0f} s)")


if __name__ == "__main__":
    main()
