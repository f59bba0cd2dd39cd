"""The bad-input table: every malformed input in tests/data/bad/ with the error it must produce.

tests/data/bad/cases.tsv has one case per line: the input file (or '-' for a command line alone), the command
that reads it, and a regular expression the error must match (file, line, column, field and what to fix, as far
as the format has them). Every case is run in-process through ``infercost.cli.main`` (``py:`` cases call the
Python function instead) and must end as a user of the command line expects bad input to end: exit status 2,
nothing on stdout, exactly one line on stderr that starts with "infercost: error:" (or, for an option argparse
refuses, "infercost <command>: error:"), no traceback and no "internal error". Placeholders in a command:
  {file}          the case's input file
  {ok}            a valid scenario on the fixture catalog (tests/data/bad/ok/scenario.yaml)
  {catalog}       the fixture catalog (tests/data/catalog)
  {catalog+P}     a copy of the fixture catalog with the input file at P inside it
  {pricing+P}     a copy of the bundled data (pricing/) with the input file in place of P
  {missing}       a path that does not exist"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path
from typing import List, NamedTuple, Tuple

import pytest

import infercost
from infercost import cli

from conftest import ROOT

BAD = ROOT / "tests" / "data" / "bad"


class Case(NamedTuple):
    line: int
    file: str
    command: str
    expected: str


def _cases() -> List[Case]:
    cases = []
    for n, raw in enumerate((BAD / "cases.tsv").read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        assert len(parts) == 3, f"cases.tsv:{n}: expected 3 tab-separated fields (file, command, error), found {len(parts)}"
        cases.append(Case(n, *parts))
    return cases


CASES = _cases()


def _expand(case: Case, tmp: Path) -> List[str]:
    argv = []
    for word in case.command.split(" "):
        m = re.fullmatch(r"\{(catalog|pricing)\+([^}]+)\}", word)
        if m:
            base = ROOT / ("tests/data/catalog" if m.group(1) == "catalog" else "pricing")
            target = tmp / m.group(1)
            shutil.copytree(base, target)
            shutil.copyfile(BAD / case.file, target / m.group(2))
            word = str(target)
        word = word.replace("{file}", str(BAD / case.file)).replace("{ok}", str(BAD / "ok" / "scenario.yaml"))
        word = word.replace("{catalog}", str(ROOT / "tests" / "data" / "catalog"))
        word = word.replace("{missing}", str(tmp / "missing.csv"))
        if word.startswith(("tests/", "examples/")):
            word = str(ROOT / word)  # a path in the tree (which need not exist)
        argv.append(word)
    return argv


def _run(argv: List[str]) -> Tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as e:  # argparse's own refusals
            code = e.code if isinstance(e.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def test_the_table_is_large_and_covers_every_format() -> None:
    assert len(CASES) >= 100
    kinds = {c.file.split("/")[0] for c in CASES}
    assert {"scenario", "policy", "overlay", "catalog", "hardware", "import", "logs", "-"} <= kinds
    # Every input file in tests/data/bad is in the table, so none is left unchecked.
    listed = {c.file for c in CASES}
    on_disk = {str(p.relative_to(BAD)) for p in BAD.rglob("*") if p.is_file() and p.parent != BAD and p.parent.name != "ok"}
    assert on_disk - listed == set()


@pytest.mark.parametrize("case", CASES, ids=[f"{c.line}:{c.file if c.file != '-' else c.command.split(' ')[0]}" for c in CASES])
def test_bad_input_gets_its_precise_error(case: Case, tmp_path: Path) -> None:
    argv = _expand(case, tmp_path)
    if argv[0].startswith("py:"):
        function = getattr(infercost, argv[0][3:])
        with pytest.raises(infercost.InputError) as info:
            function(*argv[1:])
        message = str(info.value)
    else:
        code, out, err = _run(argv)
        assert code == 2, f"exit {code}; stdout: {out[:300]!r}; stderr: {err[:500]!r}"
        assert out == ""
        assert "Traceback" not in err and "internal error" not in err, err
        lines = err.rstrip("\n").split("\n")
        assert len(lines) == 1, err
        # "infercost: error: ...", or argparse's refusal of an option, which names the command.
        assert re.match(r"infercost( [a-z-]+)*: error: ", lines[0]), err
        message = lines[0]
    message = message.split(": error: ", 1)[-1]  # the pattern is matched against what follows the prefix
    message = message.replace(str(BAD) + "/", "").replace(str(tmp_path) + "/", "").replace(str(ROOT) + "/", "")
    assert re.search(case.expected, message), f"the message\n  {message}\ndoes not match\n  {case.expected}"
