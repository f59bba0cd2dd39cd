"""How fast the 12-month comparison of examples/scenarios/qwen_switch.yaml runs, before and after.

"Before" is commit f847f5f, the last commit before the costing was rebuilt on the demand layer; "after" is
this checkout. Each version is installed in its own scratch virtual environment (built from the git
history, nothing is downloaded), and both are timed in the same run: the repetitions alternate between the
two versions, each in a fresh subprocess that loads the catalog and the scenario, runs the comparison once
untimed and then times it. The script prints the median and spread of each, the ratio of the medians, and
both versions' yearly cost per option with their relative difference, so that a reader sees whether the
two agree.

    python benchmarks/costing_speed.py                      # build what is missing, then time
    python benchmarks/costing_speed.py --new-python VENV/bin/python --repetitions 9

Scratch folders (kept and reused across runs) default to ~/.cache/infercost-bench; pass --scratch to move
them. The build needs the system packages of scripts/setup-system.sh and, in the interpreter that runs this
script, the build requirements of pyproject.toml (scikit-build-core, pybind11) and the runtime ones (numpy,
pandas): the environments are created with --system-site-packages and built without build isolation.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import venv
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "f847f5f"
SCENARIO = Path("examples/scenarios/qwen_switch.yaml")

# Run in each version's interpreter: load, warm up, time the comparison, print one JSON line.
WORKER = r"""
import json, sys, time
import infercost as ic
data, scenario, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
catalog = ic.Catalog.load(data)
s = ic.Scenario.load(scenario, catalog)
c = s.run(catalog)  # untimed: first-call costs (lazy tables, page faults) are not what is measured
seconds = []
for _ in range(runs):
    t0 = time.perf_counter()
    c = s.run(catalog)
    seconds.append(time.perf_counter() - t0)
options = [{"label": r.label, "per_year": float(r.per_year), "currency": str(r.currency)} for r in c.options]
print(json.dumps({"seconds": seconds, "options": options}))
"""


def run(cmd: List[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, text=True, **kw)


def build_env(name: str, source: Path, scratch: Path, *, reuse: bool) -> Path:
    """A virtual environment under `scratch` with infercost installed from `source`. With `reuse`, an
    environment that already imports infercost is kept as it is (the baseline never changes); otherwise the
    package is reinstalled, which rebuilds only what changed in the kept build folder."""
    env = scratch / f"venv-{name}"
    python = env / "bin" / "python"
    if python.exists() and subprocess.run([str(python), "-c", "import infercost"], capture_output=True).returncode == 0:
        if reuse:
            return python
    else:
        venv.EnvBuilder(system_site_packages=True, with_pip=True, clear=True).create(env)
    print(f"building {name} from {source} (several minutes the first time) ...", flush=True)
    environ = dict(os.environ, CMAKE_BUILD_PARALLEL_LEVEL=os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2"))
    run([str(python), "-m", "pip", "install", "--quiet", "--no-build-isolation", "--no-deps", str(source),
         "-C", f"build-dir={scratch / ('build-' + name)}"], env=environ)
    return python


def baseline_tree(scratch: Path) -> Path:
    """The baseline commit's files, extracted from this repository's history (git archive)."""
    tree = scratch / f"src-{BASELINE}"
    if (tree / "pyproject.toml").exists():
        return tree
    tree.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile() as tar:
        run(["git", "-C", str(ROOT), "archive", "--format=tar", BASELINE], stdout=tar)
        tar.seek(0)
        with tarfile.open(fileobj=tar) as t:
            t.extractall(tree)
    return tree


def measure(python: Path, tree: Path, runs: int) -> Dict:
    env = {k: v for k, v in os.environ.items() if k != "INFERCOST_DATA_DIR"}
    out = run([str(python), "-c", WORKER, str(tree / "pricing"), str(tree / SCENARIO), str(runs)],
              capture_output=True, env=env, cwd=tempfile.gettempdir()).stdout
    return json.loads(out.strip().splitlines()[-1])


def spread(xs: List[float]) -> str:
    q = statistics.quantiles(xs, n=4) if len(xs) >= 2 else [xs[0]] * 3
    return f"median {statistics.median(xs) * 1e3:9.2f} ms   IQR {q[0] * 1e3:.2f}-{q[2] * 1e3:.2f}   min-max {min(xs) * 1e3:.2f}-{max(xs) * 1e3:.2f}"


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scratch", type=Path, default=Path.home() / ".cache" / "infercost-bench",
                    help="where the baseline tree, builds and environments are kept (outside the checkout)")
    ap.add_argument("--new-python", type=Path, help="interpreter of an environment where this checkout is installed")
    ap.add_argument("--repetitions", type=int, default=7, help="subprocesses per version, alternating (default 7)")
    ap.add_argument("--runs", type=int, default=3, help="timed comparisons in each subprocess (default 3)")
    args = ap.parse_args(argv)
    scratch = args.scratch.resolve()
    if scratch == ROOT or ROOT in scratch.parents:
        ap.error("--scratch must be outside the checkout")
    scratch.mkdir(parents=True, exist_ok=True)

    old_tree = baseline_tree(scratch)
    old_python = build_env(BASELINE, old_tree, scratch, reuse=True)
    new_python = args.new_python or build_env("checkout", ROOT, scratch, reuse=False)

    times: Dict[str, List[float]] = {"old": [], "new": []}
    ratios: List[float] = []
    results: Dict[str, Dict] = {}
    for i in range(args.repetitions):
        order = ["old", "new"] if i % 2 == 0 else ["new", "old"]  # alternate who goes first, so drift cancels
        rep = {}
        for who in order:
            python, tree = (old_python, old_tree) if who == "old" else (new_python, ROOT)
            rep[who] = measure(python, tree, args.runs)
            times[who] += rep[who]["seconds"]
            results[who] = rep[who]
        ratios.append(statistics.median(rep["old"]["seconds"]) / statistics.median(rep["new"]["seconds"]))

    print(f"12-month comparison of {SCENARIO} ({len(results['new']['options'])} options), "
          f"{args.repetitions} alternating subprocesses x {args.runs} timed runs per version")
    print(f"  before ({BASELINE}): {spread(times['old'])}")
    print(f"  after  (checkout):  {spread(times['new'])}")
    ratio = statistics.median(times["old"]) / statistics.median(times["new"])
    print(f"  ratio before/after of the medians: {ratio:.1f}x (per repetition {min(ratios):.1f}-{max(ratios):.1f}x)")

    print("\nyearly cost per option (each version on its own bundled data and scenario file)")
    old = {o["label"]: o for o in results["old"]["options"]}
    new = {o["label"]: o for o in results["new"]["options"]}
    width = max(len(k) for k in [*old, *new])
    print(f"  {'option':<{width}}  {'before':>14}  {'after':>14}  {'after/before-1':>14}")
    for label in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(label), new.get(label)
        if a and b and a["currency"] != b["currency"]:
            print(f"  {label:<{width}}  {a['per_year']:>10,.0f} {a['currency']}  {b['per_year']:>10,.0f} {b['currency']}  (currencies differ)")
            continue
        cur = (a or b)["currency"]
        fa = f"{a['per_year']:>10,.0f} {cur}" if a else f"{'absent':>14}"
        fb = f"{b['per_year']:>10,.0f} {cur}" if b else f"{'absent':>14}"
        diff = f"{b['per_year'] / a['per_year'] - 1:>+14.2e}" if a and b and a["per_year"] else f"{'':>14}"
        print(f"  {label:<{width}}  {fa}  {fb}  {diff}")
    if (old_tree / SCENARIO).read_text() != (ROOT / SCENARIO).read_text():
        print(f"  note: {SCENARIO} differs between the two versions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
