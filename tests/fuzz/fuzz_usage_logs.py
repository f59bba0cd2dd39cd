"""The usage-log and cost-report readers (Python over pandas), fuzzed with atheris (libFuzzer for Python).

The input's first byte picks the reader (canonical CSV, each provider export, each cost report); the rest is the
file. A log that reads is also replayed under its own offerings on the fixture catalog. Bad input may only end in
infercost's own error; any other exception is a finding (atheris stops and writes the input to a crash-* file).
scripts/fuzz.sh builds the seed corpus from tests/data/usage with the same first bytes and runs this harness
beside the C++ ones when atheris is installed (pip install atheris).

    python3 tests/fuzz/fuzz_usage_logs.py -max_total_time=60 CORPUS_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile

import atheris
import numpy  # noqa: F401  (imported first: only infercost's own code is instrumented)
import pandas  # noqa: F401

with atheris.instrument_imports(include=["infercost"]):
    import infercost
    from infercost import exports, logs

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Reader names, in a fixed order: the first byte of an input picks one (scripts/fuzz.sh writes the same bytes).
READERS = ["csv", *sorted(exports.USAGE_FORMATS), *sorted(exports.COST_FORMATS)]
SUFFIX = {"csv": ".csv"}
CATALOG = infercost.Catalog.load(os.path.join(ROOT, "tests", "data", "usage", "catalog"))
SCRATCH = tempfile.mkdtemp(prefix="infercost-fuzz-logs-")


def one_input(data: bytes) -> None:
    if not data:
        return
    reader = READERS[data[0] % len(READERS)]
    path = os.path.join(SCRATCH, "log" + SUFFIX.get(reader, ".data"))
    with open(path, "wb") as f:
        f.write(data[1:])
    try:
        if reader in exports.COST_FORMATS:
            logs.read_costs(path, format=reader)
        else:
            log = logs.read_log(path, format=reader, timezone="UTC", catalog=CATALOG)
            logs.replay(log, catalog=CATALOG, threads=1)
    except infercost.Error as e:
        if not str(e):
            raise AssertionError("an error without a message") from e


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
