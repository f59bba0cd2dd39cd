"""The type stubs match the compiled module (mypy's stubtest) and type-check real use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_stubtest_finds_no_difference() -> None:
    p = subprocess.run([sys.executable, "-m", "mypy.stubtest", "infercost", "--allowlist",
                        str(HERE / "stubtest-allowlist.txt")], capture_output=True, text=True, timeout=600,
                       cwd="/")
    assert p.returncode == 0, p.stdout + p.stderr


def test_typed_use_checks_and_misuse_is_caught(tmp_path: Path) -> None:
    good = tmp_path / "good.py"
    good.write_text(
        "import infercost as ic\n"
        "cat = ic.Catalog.default()\n"
        "b = cat['openai/gpt-4.1'].price(at='2026-01-01', input=10, output=5)\n"
        "total: float = b.total\n"
        "w = ic.Workload(requests_per_day=10.0, input_tokens=ic.lognormal(mean=3000, p90=6000), output_tokens=400)\n"
        "c = ic.compare(w, ['openai/gpt-4.1'], start='2026-01-01')\n"
        "saving: float = c.saving_per_year(0)\n")
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import infercost as ic\n"
        "b = ic.Catalog.default()['openai/gpt-4.1'].price(at='2026-01-01', input=10)\n"
        "name: int = b.offering_id\n")
    ok = subprocess.run([sys.executable, "-m", "mypy", "--strict", str(good)], capture_output=True, text=True,
                        timeout=600, cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout
    wrong = subprocess.run([sys.executable, "-m", "mypy", str(bad)], capture_output=True, text=True, timeout=600,
                           cwd=tmp_path)
    assert wrong.returncode == 1 and "Incompatible types in assignment" in wrong.stdout
