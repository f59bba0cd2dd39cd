"""The package's version, where it finds its bundled data (both from the C++ library), and numpy arrays
crossing into it in place."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import numpy as np
import pytest

import infercost as ic
from infercost import _core

ROOT = Path(__file__).resolve().parents[2]


def test_version_has_one_source() -> None:
    header = (ROOT / "lib" / "include" / "infercost" / "version.hpp").read_text()
    parts = [re.search(rf"^#define INFERCOST_VERSION_{p} (\d+)$", header, re.M) for p in ("MAJOR", "MINOR", "PATCH")]
    assert all(parts)
    expected = ".".join(m.group(1) for m in parts if m)
    assert _core.__version__ == expected          # compiled from the header
    assert ic.__version__ == expected             # re-exported
    assert importlib.metadata.version("infercost") == expected  # the wheel's metadata, read from the header


def test_bundled_directory_is_beside_the_compiled_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INFERCOST_DATA_DIR", raising=False)
    beside = Path(_core.__file__).resolve().parent / "pricing"
    assert ic.Catalog.bundled_directory() == beside
    assert (beside / "api").is_dir()


def test_data_dir_variable_comes_first_and_a_wrong_one_is_named(monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    monkeypatch.setenv("INFERCOST_DATA_DIR", str(tmp_path))
    assert ic.Catalog.bundled_directory() == tmp_path
    not_a_dir = tmp_path / "file.yaml"
    not_a_dir.write_text("")
    monkeypatch.setenv("INFERCOST_DATA_DIR", str(not_a_dir))
    with pytest.raises(ic.InputError, match="INFERCOST_DATA_DIR is set to '.*file.yaml', which is not a directory"):
        ic.Catalog.bundled_directory()


def test_batch_reads_arrays_of_any_layout(acme: ic.Catalog) -> None:
    o = acme["acme/tiered"]
    usage = np.array([[1_000, 0, 0, 100, 0], [250_000, 50_000, 0, 2_000, 0], [300_000, 0, 0, 2_000, 500]],
                     dtype=np.int64)
    rowwise = o.price_batch(usage, at="2026-01-01").total
    # Row 1 by hand (test_api.py): 200,000 x 2.5 + 50,000 x 0.25 + 2,000 x 15 per million = 0.5425.
    assert rowwise[1] == pytest.approx(0.5425)
    # Column-major, and every other row of a larger array: read through their strides.
    np.testing.assert_allclose(o.price_batch(np.asfortranarray(usage), at="2026-01-01").total, rowwise)
    padded = np.zeros((6, 5), dtype=np.int64)
    padded[::2] = usage
    np.testing.assert_allclose(o.price_batch(padded[::2], at="2026-01-01").total, rowwise)
    # Reversed rows: negative strides.
    np.testing.assert_allclose(o.price_batch(usage[::-1], at="2026-01-01").total, rowwise[::-1])
