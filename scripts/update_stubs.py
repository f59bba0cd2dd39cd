"""Regenerates bindings/infercost/_core.pyi from the installed module (pybind11-stubgen), then gives the
parameters that the bindings take as Python objects their real types. Run after changing the bindings:

    pip install pybind11-stubgen && python3 scripts/update_stubs.py

The test suite checks the result against the module with mypy's stubtest."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "bindings" / "infercost" / "_core.pyi"

TIME = "str | datetime.datetime | datetime.date"
DATE = "str | datetime.date"
PARAMS = {
    "at": TIME,
    "start": DATE,
    "on": DATE,
    "fx_date": f"{DATE} | None",
    "input": "int",
    "cached_input": "int",
    "cache_write": "int",
    "output": "int",
    "reasoning": "int",
    "service_tier": "str",
    "amount": "float",
    "tokens": "float",
    "p90": "float",
    "mean": "float | None",
    "median": "float | None",
    "currency": "str",
    "from_currency": "str",
    "to_currency": "str",
    "requests_per_day": "float",
    "cached_share": "float",
    "cache_write_share": "float",
    "reasoning_share": "float",
    "utc_offset": "str",
    "input_tokens": "TokenDistribution | float",
    "output_tokens": "TokenDistribution | float",
    "hourly_profile": "collections.abc.Sequence[float] | None",
    "weekday_profile": "collections.abc.Sequence[float] | None",
    "usage": "typing.Any",
    "gpus": "int",
    "tp": "int | None",
    "ep": "int",
    "dp": "int | None",
    "pp": "int",
    "nodes": "int | None",
    "expert_weights": "str | None",
    "max_batch_size": "int | None",
    "max_num_tokens": "int | None",
    "chunked_prefill": "bool | None",
    "kv_memory_fraction": "float | None",
    "spec_tokens": "int",
    "spec_accept": "float",
    "expert_imbalance": "float | None",
    "scale_out_gbps": "float | None",
    "rate": "float",
    "cached": "float",
    "quantile": "float",
    "isl": "float",
    "osl": "float",
    "concurrency": "int",
    "tpot_ms": "float | None",
    "ttft_ms": "float | None",
    "committed_months": "int | None",
    "provisioning": "str | None",
    "min_replicas": "int",
    "spot_share": "float",
    "max_utilisation": "float",
    "life_years": "float | None",
}
RETURNS = {
    "checked": "datetime.date",
    "version_from": "datetime.datetime",
    "time_rule": "str | None",
    "retired": "datetime.datetime | None",
    "start": "datetime.date",
    "fx_date": "datetime.date | None",
    "claim": "dict[str, typing.Any] | None",
    "cost_of_policy_per_year": "infercost._money.Money | None",
}


def main() -> int:
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([sys.executable, "-m", "pybind11_stubgen", "infercost._core", "-o", out,
                        "--ignore-unresolved-names", "pd.DataFrame|BatchPrices|Path"], check=True)
        text = (Path(out) / "infercost" / "_core.pyi").read_text()
    for name, typ in PARAMS.items():
        text = re.sub(rf"\b{name}: typing\.Any", f"{name}: {typ}", text)
    for name, typ in RETURNS.items():
        text = re.sub(rf"(def {name}\(self\)) -> typing\.Any:", rf"\1 -> {typ}:", text)
    # A parameter defaulting to None accepts None.
    text = re.sub(r"(\w+): ([^=,()]+?) = None", lambda m: m.group(0) if "None" in m.group(2)
                  else f"{m.group(1)}: {m.group(2)} | None = None", text)
    text = re.sub(r"def __eq__\(self, \w+: [^)]*\) -> [^:]+:", "def __eq__(self, other: object) -> bool:", text)
    text = text.replace("__hash__: typing.ClassVar[None] = None", "__hash__: typing.ClassVar[None]  # type: ignore[assignment]")
    text = text.replace("def _repr_html_(self):", "def _repr_html_(self) -> str:")
    text = text.replace("-> Path:", "-> pathlib.Path:")
    text = text.replace("import collections.abc\n", "import collections.abc\nimport datetime\n", 1)
    text = text.replace("import typing\n", "import typing\nimport pandas as pd\nfrom infercost._api import BatchPrices\n", 1)
    TARGET.write_text(text)
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
