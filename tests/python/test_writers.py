"""Nothing is lost: writers refuse to overwrite without --force, a catalog folder is replaced whole (no file of an
earlier import stays), and a write that fails half way (a full disk, simulated with a file-size limit) leaves the
old output as it was and no temporary file behind."""

from __future__ import annotations

import contextlib
import io
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import infercost
from infercost import cli

from conftest import ROOT

CATALOG = str(ROOT / "tests" / "data" / "catalog")
LITELLM = str(ROOT / "tests" / "data" / "litellm_small.json")
SCENARIO = str(ROOT / "tests" / "data" / "bad" / "ok" / "scenario.yaml")


def _run(argv: List[str]) -> Tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def _snapshot(folder: Path) -> Dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _import(out: Path, *extra: str) -> List[str]:
    return ["catalog", "import", "--from", "litellm", LITELLM, "--catalog", CATALOG, "--source-date", "2026-11-28",
            "--out", str(out), *extra]


def _limited(argv: List[str], max_bytes: int) -> subprocess.CompletedProcess:
    """The command line in a process that may write no file past `max_bytes`: writes beyond fail with EFBIG, as on
    a full disk."""
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return subprocess.run([sys.executable, "-B", "-m", "infercost.cli", *argv], capture_output=True, text=True,
                          preexec_fn=limit, timeout=300)


def test_an_import_does_not_overwrite_a_folder_without_force_and_replaces_it_whole_with_it(tmp_path: Path) -> None:
    out = tmp_path / "imported"
    assert _run(_import(out))[0] == 0
    first = _snapshot(out)
    assert "fx.yaml" in first and any(k.startswith("api/") for k in first)
    # An earlier import's provider file that this source does not have.
    (out / "api" / "stale-provider.yaml").write_text("provider: {id: stale-provider, name: Stale}\nofferings: []\n")
    code, stdout, err = _run(_import(out))
    assert code == 2 and stdout == ""
    assert "already holds files" in err and "--force" in err
    assert (out / "api" / "stale-provider.yaml").exists()  # untouched
    code, _, err = _run(_import(out, "--force"))
    assert code == 0, err
    assert _snapshot(out) == first  # the stale file is gone: the folder is the new import, whole
    assert len(infercost.Catalog.load(str(out)).offerings) > 0
    assert [p.name for p in tmp_path.iterdir()] == ["imported"]  # no staging folder left beside it


def test_a_full_disk_leaves_the_old_catalog_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "imported"
    assert _run(_import(out))[0] == 0
    before = _snapshot(out)
    largest = max(len(v) for v in before.values())
    r = _limited(_import(out, "--force"), max_bytes=largest // 2)  # the largest file cannot be written whole
    assert r.returncode == 2, r.stderr
    assert r.stdout == ""
    lines = r.stderr.strip().split("\n")
    assert len(lines) == 1 and lines[0].startswith("infercost: error: cannot write '"), r.stderr
    assert str(out) in lines[0] and "File too large" in lines[0]
    assert _snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["imported"]


def test_a_report_file_is_replaced_only_with_force_and_a_failed_write_keeps_the_old_one(tmp_path: Path) -> None:
    report = tmp_path / "refresh.txt"
    argv = ["catalog", "refresh", "--catalog", CATALOG, "--from", "litellm", LITELLM, "--source-date", "2026-11-28",
            "--on", "2026-12-01", "--out", str(report)]
    assert _run(argv)[0] == 0
    old = report.read_bytes()
    code, _, err = _run(argv)
    assert code == 2 and "already exists" in err and "--force" in err
    report.write_bytes(b"the team's own notes\n")
    r = _limited([*argv, "--force"], max_bytes=len(old) // 2)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert report.read_bytes() == b"the team's own notes\n"
    assert [p.name for p in tmp_path.iterdir()] == ["refresh.txt"]
    assert _run([*argv, "--force"])[0] == 0
    assert report.read_bytes() == old


def test_a_report_pack_is_not_written_over_without_force(tmp_path: Path) -> None:
    argv = ["report", SCENARIO, "--catalog", CATALOG, "--out", str(tmp_path / "pack")]
    assert _run(argv)[0] == 0
    html = (tmp_path / "pack" / "report.html").read_bytes()
    code, _, err = _run(argv)
    assert code == 2 and "report.html' already exists" in err
    assert (tmp_path / "pack" / "report.html").read_bytes() == html
    assert _run([*argv, "--force"])[0] == 0
    assert sorted(os.listdir(tmp_path / "pack")) == ["focus.csv", "report.html", "report.xlsx"]
