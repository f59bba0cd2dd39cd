from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Callable, Dict

import matplotlib
import pytest

matplotlib.use("Agg")

import infercost as ic  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def infercost_command() -> str:
    """The installed `infercost` script: beside this interpreter (a virtual environment need not be
    activated), else on PATH."""
    import shutil
    import sys

    beside = Path(sys.executable).parent / "infercost"
    found = str(beside) if beside.exists() else shutil.which("infercost")
    assert found, "the infercost command is not installed"
    return found

FX_YAML = textwrap.dedent("""\
    currencies: [USD, CNY]
    rates:
      - {date: 2026-01-02, base: USD, quote: CNY, rate: 7.2, source: https://example.com/fx, checked: 2026-11-28}
""")

# Two hand-made lists used by tests that need exact, stable prices.
ACME_YAML = textwrap.dedent("""\
    provider: {id: acme, name: Acme}
    offerings:
      - id: acme/base
        model: base
        versions:
          - {effective_from: 2025-01-01, currency: USD, source: https://acme.example, checked: 2026-11-28,
             prices: {input: 2.0, cached_input: 0.5, output: 8.0}, fallbacks: {reasoning: output}}
      - id: acme/tiered
        model: tiered
        versions:
          - effective_from: 2025-01-01
            currency: USD
            source: https://acme.example
            checked: 2026-11-28
            prices: {input: 1.25, cached_input: 0.125, output: 10.0}
            fallbacks: {reasoning: output}
            tiers:
              basis: whole_request
              boundary: gt
              counts_cached: true
              missing_meter: error
              levels:
                - above: 200000
                  prices: {input: 2.5, cached_input: 0.25, output: 15.0}
      - id: acme/cny
        model: cny
        versions:
          - {effective_from: 2025-01-01, currency: CNY, source: https://acme.example, checked: 2026-11-28,
             prices: {input: 2.88, output: 8.64}}
""")


@pytest.fixture(scope="session")
def catalog() -> ic.Catalog:
    return ic.Catalog.default()


@pytest.fixture()
def write_catalog(tmp_path: Path) -> Callable[[Dict[str, str]], Path]:
    def make(files: Dict[str, str]) -> Path:
        for rel, text in files.items():
            p = tmp_path / "cat" / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text)
        return tmp_path / "cat"

    return make


@pytest.fixture()
def acme(write_catalog: Callable[[Dict[str, str]], Path]) -> ic.Catalog:
    return ic.Catalog.load(write_catalog({"fx.yaml": FX_YAML, "api/acme.yaml": ACME_YAML}))
