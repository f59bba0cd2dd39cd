"""Predicted against published throughput for every calibration row (pricing/calibration/*.yaml), with the
mean absolute percentage error (MAPE) of infercost's calibrated model, and beside it the same physics with
no efficiency layer (peak FLOPs and bandwidth, no overheads, no engine batch limit): the plain roofline that
LLM-Viewer and llm-analysis (at their default efficiency of 1) compute.

Run by hand:  python3 benchmarks/throughput_calibration.py [--fit]
--fit repeats the grid search that produced pricing/efficiency.yaml and prints the best factors per GPU."""

from __future__ import annotations

import argparse
import itertools

import infercost as ic

ROOFLINE = {"compute": 1.0, "memory": 1.0, "interconnect": 1.0, "step_overhead_ms": 0.0, "collective_latency_us": 0.0,
            "max_sequences": 100000}


def predict(cat: ic.Catalog, row: dict, efficiency: dict) -> float:
    d = ic.Deployment(model=row["model"], gpu=row["gpu"], gpus=row["gpus"], tp=row["tp"], weights=row["weights"],
                      kv=row["kv"], engine=row["engine"])
    return ic.Replica(cat, d, efficiency).best(row["isl"], row["osl"]).output_tokens_per_second


def fit(cat: ic.Catalog, rows: list) -> None:
    grid = {
        "compute": [0.5, 0.55, 0.6, 0.65, 0.7, 0.75],
        "memory": [0.6, 0.65, 0.7, 0.75, 0.8, 0.85],
        "step_overhead_ms": [0.0, 0.5, 1.0, 1.5, 2.0],
        "interconnect": [0.3, 0.5, 0.7],
        "max_sequences": [128, 192, 256, 320, 384, 512],
    }
    for gpu in sorted({r["gpu"] for r in rows}):
        subset = [r for r in rows if r["gpu"] == gpu]
        best = None
        for values in itertools.product(*grid.values()):
            eff = dict(zip(grid.keys(), values))
            err = sum(abs(predict(cat, r, eff) / r["published"] - 1) for r in subset) / len(subset)
            if best is None or err < best[0]:
                best = (err, eff)
        print(f"{gpu}: MAPE {100 * best[0]:.1f}% with {best[1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="refit the efficiency factors per GPU (slow: minutes)")
    args = parser.parse_args()
    cat = ic.Catalog.default()
    frame = ic.check_calibration(cat)
    rows = frame.to_dict("records")
    roofline = [predict(cat, r, ROOFLINE) for r in rows]
    print(f"{'model':<14} {'gpu':<9} {'tp':>2} {'isl/osl':>11} {'published':>10} {'infercost':>10} {'error':>7}"
          f" {'roofline':>10} {'error':>7}")
    roof_errors = []
    for r, roof in zip(rows, roofline):
        roof_err = roof / r["published"] - 1
        roof_errors.append(abs(roof_err))
        print(f"{r['model']:<14} {r['gpu']:<9} {r['tp']:>2} {int(r['isl']):>5}/{int(r['osl']):<5} {r['published']:>10,.0f}"
              f" {r['predicted']:>10,.0f} {100 * r['error']:>+6.1f}% {roof:>10,.0f} {100 * roof_err:>+6.1f}%")
    print(f"\nrows: {len(rows)} (source: {rows[0]['source']})")
    print(f"infercost (calibrated, one profile per engine and GPU): MAPE {100 * frame.attrs['mape']:.1f}%")
    print(f"plain roofline (no efficiency layer):                   MAPE {100 * sum(roof_errors) / len(rows):.1f}%")
    if args.fit:
        fit(cat, rows)


if __name__ == "__main__":
    main()
