"""Providers' own usage exports and cost reports, read into one canonical frame.

Each reader takes a path (``.gz`` is opened transparently) or a file object and returns a whole frame or
raises :class:`infercost.InputError` pointing at the file, line, column and field it refused; nothing is
half-read. Usage readers (:data:`USAGE_FORMATS`) return the canonical usage frame:

* ``timestamp`` (datetime64[ns, UTC]; the bucket start for aggregated exports), ``timestamp_end``
  (datetime64[ns, UTC]; aggregated exports only: the bucket's end, exclusive, after its start; never an
  attribution column), ``model`` (as the export wrote it), ``requests`` (nullable Int64: 1 for a per-request
  record, the export's count for an aggregate, <NA> where the export does not say);
* the token columns :data:`USAGE_COLUMNS` (int64) in infercost's meaning: ``input_tokens`` is the whole prompt,
  cached reads and cache writes included; ``cached_input_tokens``, ``cache_write_tokens`` (default
  retention, Anthropic's 5 minutes) and ``cache_write_1h_tokens`` (longer retention) are parts of it;
  ``output_tokens`` is everything generated and ``reasoning_tokens`` a part of it;
  ``web_search_requests`` counts billed searches;
* ``service_tier`` (one of :data:`TIERS`) and ``region`` (a serving scope a price list may price apart:
  ``"us"`` for Anthropic's US-only inference, ``""`` for global);
* ``recorded_cost`` (Float64, USD) where the tool or export recorded a cost, and attribution columns
  (strings; a column no row fills is left out).

``frame.attrs["format"]`` names the format; ``frame.attrs["unknown"]`` lists the canonical columns some
record does not carry (filled with 0, ``standard``, ``""`` or <NA>); ``frame.attrs["dropped"]``, when
present, counts records left out on purpose (empty, failed or cache-served calls).

Cost readers (:data:`COST_FORMATS`) return :data:`COST_COLUMNS` plus the report's dimensions.
The field list of each format and what includes what are in docs/usage-logs.md, "Provider exports".

Note: :data:`USAGE_COLUMNS` here names the columns of the export frame; ``infercost.USAGE_COLUMNS``
names the columns the pricing functions take (``input``, ``cached_input``, ...).
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import zlib
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import (IO, Any, Callable, Dict, List, Mapping, NoReturn, Optional, Sequence, Set, Tuple,
                    Union)

import numpy as np
import pandas as pd

from . import _core
from .errors import InputError

# The most a compressed export may unpack to in memory.
_MAX_UNPACKED = 2 << 30

__all__ = [
    "USAGE_COLUMNS", "CORE_COLUMNS", "COST_COLUMNS", "TIERS", "USAGE_FORMATS", "COST_FORMATS", "detect_format",
    "read_openai_usage", "read_openai_usage_csv", "read_anthropic_usage", "read_deepseek_amount",
    "deepseek_amount_prices", "read_litellm_spendlogs", "read_openrouter_generations",
    "read_openrouter_activity", "read_langfuse", "read_jsonl_usage", "read_anthropic_cost_report",
    "read_openai_costs", "read_deepseek_cost",
]

USAGE_COLUMNS: List[str] = ["input_tokens", "cached_input_tokens", "cache_write_tokens", "cache_write_1h_tokens",
                            "output_tokens", "reasoning_tokens", "web_search_requests"]
# timestamp_end is in aggregated exports' frames only (absent for per-request formats)
CORE_COLUMNS: List[str] = ["timestamp", "timestamp_end", "model", "requests", *USAGE_COLUMNS, "service_tier",
                           "region"]
COST_COLUMNS: List[str] = ["date", "model", "meter", "service_tier", "region", "description", "amount", "currency"]
TIERS: List[str] = list(_core.SERVICE_TIERS)  # the C++ library's tier names, defined there once

Source = Union[str, "os.PathLike[str]", IO[bytes], IO[str]]
Reader = Callable[..., pd.DataFrame]
Steps = Tuple[Union[str, int], ...]


# --- errors and loading ------------------------------------------------------------------------------

def _file_error(file: str, line: int, column: int, field: str, reason: str) -> InputError:
    """The InputError for a refused value, located like the compiled readers' (field left out when empty)."""
    e = InputError(f"{file}:{line}:{column}: " + (f"{field}: " if field else "") + reason)
    e.file, e.line, e.column, e.field, e.reason = file, line, column, field, reason
    return e


def _load(source: Source) -> Tuple[str, bytes]:
    """The source's name and bytes (gzip undone); a seekable file object is put back where it was."""
    if hasattr(source, "read"):
        stream: Any = source
        name = str(getattr(stream, "name", "<stream>"))
        start = stream.tell() if stream.seekable() else None
        raw = stream.read()
        if start is not None:
            stream.seek(start)
        data = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
    else:
        name = os.fspath(source)
        with open(name, "rb") as f:
            data = f.read()
    if data[:2] == b"\x1f\x8b":
        # Decompressed with a cap, so that a small file cannot unpack into more memory than a log needs.
        unpack = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out = unpack.decompress(data, _MAX_UNPACKED + 1)
        except zlib.error as e:
            raise InputError(f"{name}: not a readable gzip file ({e})") from None
        if len(out) > _MAX_UNPACKED:
            raise InputError(f"{name}: unpacks to more than {_MAX_UNPACKED >> 30} GiB; split the export, or read it "
                             "with infercost.dask")
        if not unpack.eof:
            raise InputError(f"{name}: the gzip file is cut short")
        data = out
    return name, data


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise _file_error(name, line, e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1, "", "not UTF-8 text") from None


# --- where a value came from -------------------------------------------------------------------------

_DECODER = json.JSONDecoder()
_WS = re.compile(r"[ \t\n\r]*")


def _path_text(steps: Steps) -> str:
    """``data[1].results[0].output_tokens``."""
    out = ""
    for s in steps:
        out += f"[{s}]" if isinstance(s, int) else (f".{s}" if out else s)
    return out


def _step(text: str, pos: int, step: Union[str, int]) -> Optional[int]:
    """Where the value one step into the JSON value at ``pos`` begins, or None when it is not there."""
    if isinstance(step, int):
        if text[pos] != "[":
            return None
        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
        for _ in range(step):
            pos = _WS.match(text, _DECODER.raw_decode(text, pos)[1]).end()  # type: ignore[union-attr]
            if text[pos] != ",":
                return None
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
        return pos
    if text[pos] != "{":
        return None
    pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
    while text[pos] == '"':
        key, pos = _DECODER.raw_decode(text, pos)
        pos = _WS.match(text, _WS.match(text, pos).end() + 1).end()  # type: ignore[union-attr]  # past ':'
        if key == step:
            return pos
        pos = _WS.match(text, _DECODER.raw_decode(text, pos)[1]).end()  # type: ignore[union-attr]
        if text[pos] != ",":
            return None
        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
    return None


def _locate(text: str, steps: Steps) -> Tuple[int, int]:
    """Line and column (from 1) of the value at ``steps`` in a JSON text, or of the deepest value on the way that
    exists. Only called to point at a refused value, so re-scanning the text is cheap enough."""
    pos = _WS.match(text).end()  # type: ignore[union-attr]
    for step in steps:
        try:
            found = _step(text, pos, step)
        except (ValueError, IndexError):
            break
        if found is None:
            break
        pos = found
    return text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1


class _Rec:
    """One record of an export with enough of where it came from to point at a refused value: a JSON value
    (``text`` is the document or the line it came from, ``line`` that text's first line) or a table row
    (``header`` maps column names to column numbers, ``line`` is the row's line)."""

    __slots__ = ("file", "data", "path", "text", "line", "header", "depth")

    def __init__(self, file: str, data: Mapping[str, Any], path: Steps = (), text: Optional[str] = None,
                 line: int = 1, header: Optional[Dict[str, int]] = None, depth: Optional[int] = None) -> None:
        self.file, self.data, self.path, self.text = file, data, path, text
        self.line, self.header = line, header
        self.depth = depth  # steps of path that can be found in text (a JSON string parsed into an object ends it)

    def fail(self, keys: Sequence[Union[str, int]], reason: str) -> NoReturn:
        steps = self.path + tuple(keys)
        if self.header is not None or self.text is None:  # a table row: the cell's column
            column = (self.header or {}).get(str(steps[0]), 0) if steps else 0
            raise _file_error(self.file, self.line, column, _path_text(steps), reason)
        line, column = _locate(self.text, steps if self.depth is None else steps[: self.depth])
        raise _file_error(self.file, self.line + line - 1, column, _path_text(steps), reason)

    def get(self, *keys: str) -> Any:
        value: Any = self.data
        for k in keys:
            if not isinstance(value, Mapping):
                return None
            value = value.get(k)
        return value

    def has(self, *keys: str) -> bool:
        value = self.get(*keys)
        return value is not None and value != ""

    def child(self, *keys: str) -> "_Rec":
        """The object at ``keys`` (empty when absent); a JSON string (a CSV cell, LiteLLM's metadata) is parsed,
        a Parquet map (a list of pairs) read as an object."""
        value = self.get(*keys)
        depth = self.depth
        if isinstance(value, str):
            if not value.strip():
                value = {}
            else:
                try:
                    value = json.loads(value)
                except ValueError as e:
                    self.fail(keys, f"not JSON: {e}")
                depth = len(self.path) + len(keys) if depth is None else depth
        elif isinstance(value, list) and all(isinstance(p, (list, tuple)) and len(p) == 2 for p in value):
            value = {str(k): v for k, v in value}
        if value is None:
            value = {}
        if not isinstance(value, Mapping):
            self.fail(keys, f"not an object: {_short(value)}")
        return _Rec(self.file, value, self.path + keys, self.text, self.line, self.header, depth)

    def items(self, key: str) -> List["_Rec"]:
        """The objects of the list at ``key`` (required)."""
        value = self.get(key)
        if not isinstance(value, list):
            self.fail((key,), "missing" if value is None else f"not a list: {_short(value)}")
        out = []
        for i, v in enumerate(value):
            if not isinstance(v, Mapping):
                self.fail((key, i), f"not an object: {_short(v)}")
            out.append(_Rec(self.file, v, self.path + (key, i), self.text, self.line, self.header, self.depth))
        return out

    def count(self, *keys: str, required: bool = False) -> int:
        """A non-negative whole count; missing is 0 unless required."""
        value = self.get(*keys)
        if value is None or value == "":
            if required:
                self.fail(keys, "missing")
            return 0
        n = _whole(value)
        if isinstance(n, str):
            self.fail(keys, n)
        return n

    def text_of(self, *keys: str) -> str:
        value = self.get(*keys)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (dict, list)):  # tags and the like, as JSON; none is no attribution
            return json.dumps(value, separators=(",", ":")) if value else ""
        return str(value).strip()

    def money(self, *keys: str, negative: bool = False) -> Optional[Decimal]:
        """An amount as an exact decimal (a JSON float through its shortest repr), or None when missing."""
        value = self.get(*keys)
        if value is None or value == "":
            return None
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            amount = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
        except InvalidOperation:
            self.fail(keys, f"not a number: {_short(value)}")
        if not amount.is_finite():
            self.fail(keys, f"not a finite number: {_short(value)}")
        if amount < 0 and not negative:
            self.fail(keys, f"negative amount {value}")
        return amount


def _short(value: Any) -> str:
    text = json.dumps(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _whole(value: Any) -> Union[int, str]:
    """A count, or why it is not one (a whole number written as 10.0, as OpenAI's CSV export does, is whole)."""
    if isinstance(value, bool):
        return f"not a count: {_short(value)}"
    if isinstance(value, (int, np.integer)):
        n = int(value)
    elif isinstance(value, (float, str)):
        try:
            f = float(value)
        except ValueError:
            return f"not a number: {_short(value)}"
        if not math.isfinite(f) or f != int(f):
            return f"not a whole number: {_short(value)}"
        n = int(value) if isinstance(value, str) and value.strip().lstrip("+-").isdigit() else int(f)
    else:
        return f"not a count: {_short(value)}"
    if n < 0:
        return f"negative count {n}"
    if n >= 2**63:
        return f"count {n} is too large"
    return n


def _part(rec: _Rec, keys: Sequence[str], part: int, whole: int, whole_name: str) -> int:
    """A part (cached, reasoning) checked against its whole."""
    if part > whole:
        rec.fail(keys, f"{part} exceeds {whole_name} {whole}")
    return part


def _pick(rows: "_Rows", column: str, *options: Tuple[_Rec, Tuple[str, ...]]) -> Tuple[int, _Rec, Tuple[str, ...]]:
    """The first of several fields that carry one count; none of them marks the column unknown."""
    for rec, keys in options:
        if rec.has(*keys):
            return rec.count(*keys), rec, keys
    rows.unknown.add(column)
    return 0, options[0][0], options[0][1]


# --- readers of the containers -----------------------------------------------------------------------

def _json_records(source: Source) -> List[_Rec]:
    """The objects of a JSON document (an object, or a list of them) or of JSON lines (one object or list a
    line), each with its place."""
    name, data = _load(source)
    text = _decode(name, data)
    try:
        values: List[Tuple[Any, str, int]] = [(json.loads(text), text, 1)]
    except json.JSONDecodeError as e:
        if e.msg != "Extra data":
            raise _file_error(name, e.lineno, e.colno, "", f"malformed JSON: {e.msg}") from None
        values = []
        for n, row in enumerate(text.splitlines(), 1):
            if row.strip():
                try:
                    values.append((json.loads(row), row, n))
                except json.JSONDecodeError as le:
                    raise _file_error(name, n, le.colno, "", f"malformed JSON: {le.msg}") from None
    out = []
    for value, src, line in values:
        top = value if isinstance(value, list) else [value]
        for i, v in enumerate(top):
            path: Steps = (i,) if isinstance(value, list) else ()
            if not isinstance(v, Mapping):
                line_at, column = _locate(src, path)
                raise _file_error(name, line + line_at - 1, column, _path_text(path), f"not an object: {_short(v)}")
            out.append(_Rec(name, v, path, src, line))
    return out


def _csv_header(name: str, text: str) -> List[str]:
    """A CSV text's header cells."""
    try:
        return [h.strip() for h in next(csv.reader(io.StringIO(text, newline="")), [])]
    except csv.Error as e:
        raise _file_error(name, 1, 1, "", f"malformed CSV: {e}") from None


def _table_records(name: str, text: str, required: Sequence[str]) -> List[_Rec]:
    """The rows of a CSV text as records (line 1 is the header; a row's line is where it begins, quoted line
    breaks counted); a required column missing from the header is refused."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise _file_error(name, 1, 1, "", "empty file") from None
    except csv.Error as e:
        raise _file_error(name, 1, 1, "", f"malformed CSV: {e}") from None
    columns = {h: i + 1 for i, h in enumerate(header)}
    for c in required:
        if c not in columns:
            raise _file_error(name, 1, 1, c, f"missing column; the header has {', '.join(header) or 'nothing'}")
    out = []
    end = reader.line_num
    try:
        for row in reader:
            line, end = end + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise _file_error(name, line, 1, "", f"{len(row)} cells; the header has {len(header)}")
            out.append(_Rec(name, dict(zip(header, row)), line=line, header=columns))
    except csv.Error as e:
        raise _file_error(name, reader.line_num, 1, "", f"malformed CSV: {e}") from None
    return out


def _csv_records(source: Source, required: Sequence[str]) -> List[_Rec]:
    name, data = _load(source)
    return _table_records(name, _decode(name, data), required)


def _is_json(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def _any_records(source: Source, required: Sequence[str]) -> List[_Rec]:
    """A table export given as CSV, JSON or JSON lines (what a database export or an API page gives)."""
    name, data = _load(source)
    if _is_json(data):
        return _json_records(_Named(data, name))
    return _table_records(name, _decode(name, data), required)


class _Named(io.BytesIO):
    """Bytes already read, keeping the file's name for error messages."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name


# --- timestamps, tiers, regions ----------------------------------------------------------------------

_ZONED = re.compile(r"(Z|[+-]\d\d(:?\d\d)?)$", re.IGNORECASE)
# pandas 2 guesses one format from the first string unless told ISO 8601; pandas 1.5 has no such option
_ISO: Dict[str, Any] = {"format": "ISO8601"} if int(pd.__version__.split(".")[0]) >= 2 else {}


_EPOCH_TEXT = re.compile(r"[+-]?\d+(\.\d*)?")


def _times(values: Sequence[Any], fail: Callable[[int, str], NoReturn], naive_utc: bool,
           epoch_text: bool = False) -> pd.DatetimeIndex:
    """Instants in UTC from ISO 8601 strings (with their offset; without one only where the format says UTC),
    epoch seconds or datetimes; with ``epoch_text``, strings are epoch seconds written as text (a CSV's
    ``end_time``)."""
    ns = np.zeros(len(values), dtype=np.int64)
    where: List[int] = []
    texts: List[str] = []
    for i, v in enumerate(values):
        if v is None or v == "":
            fail(i, "missing")
        if isinstance(v, datetime):
            if v.tzinfo is None and not naive_utc:
                fail(i, f"'{v}' has no time zone")
            try:
                ns[i] = pd.Timestamp(v if v.tzinfo else v.replace(tzinfo=timezone.utc)).value  # ns in every unit
            except (pd.errors.OutOfBoundsDatetime, OverflowError):
                fail(i, f"'{v}' is outside the years 1678 to 2261 a log's instants can take")
        elif isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
            seconds = float(v)
            if not math.isfinite(seconds) or abs(seconds) > 9.2e9:
                fail(i, f"not a date-time in epoch seconds: {v}")
            ns[i] = int(v) * 10**9 if seconds.is_integer() else round(seconds * 1e9)
        elif isinstance(v, str) and epoch_text:
            s = v.strip()
            seconds = float(s) if _EPOCH_TEXT.fullmatch(s) else math.nan
            if not math.isfinite(seconds) or abs(seconds) > 9.2e9:
                fail(i, f"not a date-time in epoch seconds: {_short(v)}")
            ns[i] = int(s.split(".")[0]) * 10**9 if seconds.is_integer() else round(seconds * 1e9)
        elif isinstance(v, str):
            s = v.strip()
            if not naive_utc and not _ZONED.search(s):
                fail(i, f"'{s}' has no time zone")
            where.append(i)
            texts.append(s)
        else:
            fail(i, f"not a date-time: {_short(v)}")
    if texts:
        parsed = pd.to_datetime(pd.Series(texts), utc=True, errors="coerce", **_ISO)
        bad = np.flatnonzero(parsed.isna().to_numpy())
        if bad.size:
            fail(where[bad[0]], f"not an ISO 8601 date-time: '{texts[bad[0]]}'")
        years = parsed.dt.year.to_numpy()
        out = np.flatnonzero((years < 1678) | (years > 2261))  # what nanosecond instants can hold
        if out.size:
            fail(where[out[0]], f"'{texts[out[0]]}' is outside the years 1678 to 2261 a log's instants can take")
        ns[where] = pd.DatetimeIndex(parsed.astype("datetime64[ns, UTC]")).asi8
    return pd.DatetimeIndex(pd.to_datetime(ns, unit="ns", utc=True))


_OPENAI_TIERS = {"": "standard", "default": "standard", "auto": "standard", "standard": "standard",
                 "flex": "flex", "priority": "priority"}
_ANTHROPIC_TIERS = {"": "standard", "standard": "standard", "batch": "batch", "priority": "priority",
                    "flex": "flex"}
_ANY_TIERS = {**_OPENAI_TIERS, **_ANTHROPIC_TIERS}
_ANTHROPIC_GEOS = {"": "", "global": "", "not_available": "", "us": "us"}


def _lookup(rec: _Rec, keys: Tuple[str, ...], table: Mapping[str, str], what: str) -> str:
    """A provider's value through its table; a value outside the table is refused with the known ones, never
    guessed."""
    raw = rec.text_of(*keys)
    if raw not in table:
        rec.fail(keys, f"unknown {what} '{raw}' (known: {', '.join(k for k in table if k)})")
    return table[raw]


def _tier(rec: _Rec, keys: Tuple[str, ...], table: Mapping[str, str]) -> str:
    return _lookup(rec, keys, table, "service tier")


def _speed(rec: _Rec, keys: Tuple[str, ...], tier: str) -> str:
    """Anthropic's ``speed``: ``fast`` is infercost's ``fast`` tier."""
    speed = rec.text_of(*keys)
    if speed in ("", "standard"):
        return tier
    if speed != "fast":
        rec.fail(keys, f"unknown speed '{speed}' (known: standard, fast)")
    if tier != "standard":
        rec.fail(keys, f"fast mode with service tier {tier}: infercost prices fast mode as a tier of its own")
    return "fast"


def _geo(rec: _Rec, keys: Tuple[str, ...]) -> str:
    return _lookup(rec, keys, _ANTHROPIC_GEOS, "inference_geo")


def _flag(rec: _Rec, key: str) -> Optional[bool]:
    value = rec.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text not in ("true", "false"):
        rec.fail((key,), f"not true or false: {_short(value)}")
    return text == "true"


# --- the canonical frames ----------------------------------------------------------------------------

When = Tuple[_Rec, Tuple[str, ...]]


class _Rows:
    """The usage rows a reader builds, column by column. An aggregated export's rows (``buckets``) each have an
    end as well as a start; ``end_epoch_text`` says the ends are epoch seconds written as text."""

    def __init__(self, fmt: str, dims: Sequence[str], cost: bool = False, naive_utc: bool = True,
                 buckets: bool = False) -> None:
        self.fmt, self.cost, self.naive_utc = fmt, cost, naive_utc
        self.when: List[When] = []
        self.ends: Optional[List[When]] = [] if buckets else None
        self.end_epoch_text = False
        self.cols: Dict[str, List[Any]] = {c: [] for c in CORE_COLUMNS if c not in _TIME_COLUMNS}
        if cost:
            self.cols["recorded_cost"] = []
        self.dims: List[str] = []
        for d in dims:
            self._dim(d)
        self.unknown: Set[str] = set()
        self.dropped: Dict[str, int] = {}

    def _dim(self, name: str) -> None:
        if name in CORE_COLUMNS or name == "recorded_cost":  # readers refuse such names before they get here
            raise ValueError(f"an attribution column named like a canonical column: {name}")
        self.dims.append(name)
        self.cols[name] = [""] * len(self.when)

    def drop(self, why: str) -> None:
        self.dropped[why] = self.dropped.get(why, 0) + 1

    def add(self, when: When, model: str, requests: Optional[int], counts: Sequence[int], tier: str,
            region: str, cost: Optional[Decimal] = None, dims: Optional[Mapping[str, str]] = None,
            end: Optional[When] = None) -> None:
        """One row; ``counts`` in :data:`USAGE_COLUMNS` order; ``end`` where the rows are buckets."""
        if (end is None) != (self.ends is None):
            raise ValueError("a bucket's end is given exactly for the rows of an aggregated export")
        dims = dims or {}
        for d in dims:
            if d not in self.cols:
                self._dim(d)
        self.when.append(when)
        if self.ends is not None and end is not None:
            self.ends.append(end)
        for column, value in zip(("model", "requests", *USAGE_COLUMNS, "service_tier", "region"),
                                 (model, requests, *counts, tier, region)):
            self.cols[column].append(value)
        if self.cost:
            self.cols["recorded_cost"].append(None if cost is None else float(cost))
        for d in self.dims:
            self.cols[d].append(dims.get(d, ""))

    def frame(self) -> pd.DataFrame:
        def fail(i: int, reason: str) -> NoReturn:
            self.when[i][0].fail(self.when[i][1], reason)

        stamps = _times([rec.get(*keys) for rec, keys in self.when], fail, self.naive_utc)
        # strings as lists: pandas' own string dtype (str from pandas 3, object before)
        data: Dict[str, Any] = {"timestamp": stamps}
        if self.ends is not None:
            data["timestamp_end"] = self._ends(stamps)
        data.update(model=self.cols["model"], requests=pd.array(self.cols["requests"], dtype="Int64"))
        for c in USAGE_COLUMNS:
            data[c] = np.array(self.cols[c], dtype=np.int64)
        for c in ("service_tier", "region"):
            data[c] = self.cols[c]
        if self.cost:
            data["recorded_cost"] = pd.array(self.cols["recorded_cost"], dtype="Float64")
        for d in self.dims:
            if any(self.cols[d]):
                data[d] = self.cols[d]
        frame = pd.DataFrame(data)
        frame.attrs["format"] = self.fmt
        frame.attrs["unknown"] = [c for c in (*CORE_COLUMNS, "recorded_cost") if c in self.unknown]
        if self.dropped:
            frame.attrs["dropped"] = dict(self.dropped)
        return frame

    def _ends(self, stamps: pd.DatetimeIndex) -> pd.DatetimeIndex:
        """The buckets' ends: each one written (missing is refused, never guessed) and after its start."""
        ends_at: List[When] = self.ends or []

        def fail(i: int, reason: str) -> NoReturn:
            ends_at[i][0].fail(ends_at[i][1], reason)

        ends = _times([rec.get(*keys) for rec, keys in ends_at], fail, self.naive_utc, self.end_epoch_text)
        early = np.flatnonzero(ends.asi8 <= stamps.asi8)
        if early.size:
            i = int(early[0])
            fail(i, f"the bucket ends at {_iso(ends[i])}, not after its start {_iso(stamps[i])} "
                    f"({_path_text(self.when[i][1])})")
        return ends


_TIME_COLUMNS = ("timestamp", "timestamp_end")


def _iso(t: pd.Timestamp) -> str:
    return t.isoformat().replace("+00:00", "Z")


class _CostRows:
    """The cost rows a cost reader builds."""

    def __init__(self, fmt: str, dims: Sequence[str]) -> None:
        self.fmt, self.dims = fmt, list(dims)
        self.when: List[When] = []
        self.cols: Dict[str, List[Any]] = {c: [] for c in (*COST_COLUMNS[1:], *self.dims)}

    def add(self, when: When, amount: Decimal, currency: str, model: str = "", meter: str = "", tier: str = "",
            region: Optional[str] = None, description: str = "", dims: Optional[Mapping[str, Any]] = None) -> None:
        self.when.append(when)
        values: Dict[str, Any] = {"model": model, "meter": meter, "service_tier": tier, "description": description,
                                  **(dims or {})}
        values = {k: None if v == "" else v for k, v in values.items()}  # not said: <NA>
        values.update(region=region, amount=float(amount), currency=currency)  # region "" is global, said
        for c in self.cols:
            self.cols[c].append(values.get(c))

    def frame(self) -> pd.DataFrame:
        def fail(i: int, reason: str) -> NoReturn:
            self.when[i][0].fail(self.when[i][1], reason)

        data: Dict[str, Any] = {"date": _times([r.get(*k) for r, k in self.when], fail, True)}
        for c in COST_COLUMNS[1:]:
            data[c] = (np.array(self.cols[c], dtype=np.float64) if c == "amount" else self.cols[c] if c == "currency"
                       else pd.array(self.cols[c], dtype="string"))  # the rest may be <NA>
        for d in self.dims:
            values = self.cols[d]
            if any(v is not None for v in values):
                is_number = all(isinstance(v, float) or v is None for v in values)
                data[d] = pd.array(values, dtype="Float64" if is_number else "string")
        frame = pd.DataFrame(data)
        frame.attrs["format"] = self.fmt
        return frame


# --- OpenAI usage --------------------------------------------------------------------------------------
# Sources (read 2026-12-01): openai/openai-openapi@f85dbe22:openapi.yaml, schema UsageCompletionsResult
# (input_tokens "including cached and cache-write tokens", input_uncached_tokens "excluding cache-write tokens",
# no reasoning count); the dashboard CSV header and its 10.0-style counts and FALSE flags from a published
# export (xavierjflanagan/Guardian:.../openai-usage-and-cost-report-2025-10-12.md, secondary).

_OPENAI_DIMS = ["project_id", "user_id", "api_key_id"]


def _openai_result(rows: _Rows, when: When, end: When, r: _Rec) -> None:
    """One ``organization.usage.completions.result`` (a JSON object or a CSV row)."""
    kind = r.text_of("object")
    if kind not in ("", "organization.usage.completions.result"):
        r.fail(("object",), f"'{kind}' is not a completions usage result")
    total = r.count("input_tokens", required=True)
    cached = r.count("input_cached_tokens")
    write = r.count("input_cache_write_tokens")
    for key, column in (("input_cached_tokens", "cached_input_tokens"),
                        ("input_cache_write_tokens", "cache_write_tokens")):
        if not r.has(key):
            rows.unknown.add(column)
    if r.has("input_uncached_tokens"):
        uncached = r.count("input_uncached_tokens")
        if cached + uncached + write != total:
            r.fail(("input_tokens",), f"{total} is not input_cached_tokens {cached} + input_uncached_tokens "
                                      f"{uncached} + input_cache_write_tokens {write}")
    if cached + write > total:
        r.fail(("input_cached_tokens",), f"{cached} (+ input_cache_write_tokens {write}) exceeds input_tokens {total}")
    tier = _tier(r, ("service_tier",), _OPENAI_TIERS)
    batch = _flag(r, "batch")
    if batch:
        if tier != "standard":
            r.fail(("batch",), f"a batch result with service tier '{r.text_of('service_tier')}'")
        tier = "batch"
    if batch is None or not r.has("service_tier"):  # not grouped by batch and service_tier: tiers mixed
        rows.unknown.add("service_tier")
    model = r.text_of("model")
    if not model:
        rows.unknown.add("model")
    rows.add(when, model, r.count("num_model_requests", required=True),
             (total, cached, write, 0, r.count("output_tokens", required=True), 0, 0), tier, "",
             dims={d: r.text_of(d) for d in _OPENAI_DIMS}, end=end)


def _openai_done(rows: _Rows) -> pd.DataFrame:
    rows.unknown |= {"cache_write_1h_tokens", "reasoning_tokens", "web_search_requests", "region"}
    return rows.frame()


def read_openai_usage(source: Source) -> pd.DataFrame:
    """OpenAI's organisation usage API for completions (``GET /v1/organization/usage/completions``): one page,
    a list of pages or JSON lines of pages. ``input_tokens`` includes cached and cache-write tokens; where
    ``input_uncached_tokens`` is given, cached + uncached + cache-write must equal it. A bucket's
    ``start_time`` and ``end_time`` are ``timestamp`` and ``timestamp_end``."""
    rows = _Rows("openai-usage", _OPENAI_DIMS, buckets=True)
    for page in _json_records(source):
        for bucket in page.items("data"):
            for r in bucket.items("results"):
                _openai_result(rows, (bucket, ("start_time",)), (bucket, ("end_time",)), r)
    return _openai_done(rows)


def read_openai_usage_csv(source: Source) -> pd.DataFrame:
    """The usage dashboard's CSV export (``start_time,end_time,start_time_iso,end_time_iso,`` then the result
    fields); a bucket row with no usage in it is skipped. The bucket is ``start_time_iso`` to ``end_time_iso``
    (``end_time``, epoch seconds, where the header has no ``end_time_iso``)."""
    rows = _Rows("openai-usage-csv", _OPENAI_DIMS, buckets=True)
    name, data = _load(source)
    text = _decode(name, data)
    header = _csv_header(name, text)
    end_key = "end_time_iso" if "end_time_iso" in header or "end_time" not in header else "end_time"
    rows.end_epoch_text = end_key == "end_time"
    for r in _table_records(name, text, ["start_time_iso", end_key, "input_tokens", "output_tokens",
                                         "num_model_requests"]):
        if not any(r.has(k) for k in ("model", "input_tokens", "output_tokens", "num_model_requests")):
            continue  # an empty bucket
        _openai_result(rows, (r, ("start_time_iso",)), (r, (end_key,)), r)
    return _openai_done(rows)


# --- Anthropic usage report ------------------------------------------------------------------------------
# Source (read 2026-12-01): platform.claude.com/docs/en/api/admin/usage_report/retrieve_messages (copy:
# gpambrozio/ClaudeDocs@003df0d3:docs-md/api/api/admin/usage_report/retrieve_messages.md): uncached_input_tokens,
# cache_read_input_tokens and cache_creation.ephemeral_5m/1h_input_tokens are disjoint; group_by adds
# inference_geo ("global", "us", "not_available") and speed (beta fast-mode-2026-02-01). No request count.

_ANTHROPIC_DIMS = ["workspace_id", "api_key_id", "account_id", "service_account_id", "context_window"]


def read_anthropic_usage(source: Source) -> pd.DataFrame:
    """Anthropic's usage report (``GET /v1/organizations/usage_report/messages``) pages. ``requests`` is <NA>:
    the report does not count requests. A bucket's ``starting_at`` and ``ending_at`` are ``timestamp`` and
    ``timestamp_end``."""
    rows = _Rows("anthropic-usage", _ANTHROPIC_DIMS, buckets=True)
    rows.unknown.add("requests")
    for page in _json_records(source):
        for bucket in page.items("data"):
            for r in bucket.items("results"):
                uncached = r.count("uncached_input_tokens", required=True)
                read = r.count("cache_read_input_tokens")
                w5 = r.count("cache_creation", "ephemeral_5m_input_tokens")
                w1h = r.count("cache_creation", "ephemeral_1h_input_tokens")
                tier = _speed(r, ("speed",), _tier(r, ("service_tier",), _ANTHROPIC_TIERS))
                if not r.has("service_tier") or not r.has("speed"):  # not grouped by both: tiers mixed
                    rows.unknown.add("service_tier")
                if not r.has("inference_geo"):
                    rows.unknown.add("region")
                model = r.text_of("model")
                if not model:
                    rows.unknown.add("model")
                rows.add((bucket, ("starting_at",)), model, None,
                         (uncached + read + w5 + w1h, read, w5, w1h, r.count("output_tokens", required=True), 0,
                          r.count("server_tool_use", "web_search_requests")),
                         tier, _geo(r, ("inference_geo",)), dims={d: r.text_of(d) for d in _ANTHROPIC_DIMS},
                         end=(bucket, ("ending_at",)))
    rows.unknown.add("reasoning_tokens")
    return rows.frame()


# --- DeepSeek usage export -------------------------------------------------------------------------------
# Source (read 2026-12-01, secondary): the platform's Usage > Export ZIP, amount-*.csv with
# user_id,start_time_iso,end_time_iso,model,api_key_name,api_key,type,price,amount, one row per meter, as three
# independent parsers read it (among them a Java adapter test, DeepSeekProviderAdapterTest); start_time_iso carries
# the account's offset (+08:00); request_count rows have no price.

_DEEPSEEK_TYPES = {"input_cache_miss_tokens": "input", "input_cache_hit_tokens": "cached_input",
                   "output_tokens": "output", "request_count": "request"}
_DEEPSEEK_KEY = ("start_time_iso", "user_id", "model", "api_key_name", "api_key")
_DEEPSEEK_AMOUNT = ["start_time_iso", "model", "type", "amount"]


def _deepseek_type(r: _Rec) -> str:
    return _lookup(r, ("type",), _DEEPSEEK_TYPES, "type")


def read_deepseek_amount(source: Source) -> pd.DataFrame:
    """DeepSeek's ``amount-*.csv``: one row per (bucket, model, API key, meter), pivoted to one row per
    (bucket, model, API key); rows of one meter at several prices are summed. The bucket is ``start_time_iso``
    to ``end_time_iso``; the rows of one group must agree on its end. The per-token prices are left out (see
    :func:`deepseek_amount_prices`)."""
    records = _csv_records(source, [*_DEEPSEEK_AMOUNT, "end_time_iso"])
    groups: Dict[Tuple[str, ...], Tuple[_Rec, Dict[str, int]]] = {}
    keys: List[Tuple[str, ...]] = []
    for r in records:
        meter = _deepseek_type(r)
        keys.append(tuple(r.text_of(k) for k in _DEEPSEEK_KEY))
        sums = groups.setdefault(keys[-1], (r, {}))[1]
        sums[meter] = sums.get(meter, 0) + r.count("amount", required=True)
    # every row states its end, and the rows of one group the same instant
    ends = _times([r.get("end_time_iso") for r in records],
                  lambda i, reason: records[i].fail(("end_time_iso",), reason), True).asi8
    group_end: Dict[Tuple[str, ...], int] = {}
    for r, key, end in zip(records, keys, ends):
        if group_end.setdefault(key, int(end)) != end:
            first = groups[key][0]
            r.fail(("end_time_iso",), f"'{r.text_of('end_time_iso')}' is not the end_time_iso "
                                      f"'{first.text_of('end_time_iso')}' of line {first.line}, a row of the same "
                                      "bucket, model and API key")
    rows = _Rows("deepseek-amount", ["user_id", "api_key_name", "api_key"], buckets=True)
    for first, sums in groups.values():
        if "request" not in sums:
            rows.unknown.add("requests")
        inp = sums.get("input", 0) + sums.get("cached_input", 0)
        rows.add((first, ("start_time_iso",)), first.text_of("model"), sums.get("request"),
                 (inp, sums.get("cached_input", 0), 0, 0, sums.get("output", 0), 0, 0), "standard", "",
                 dims={d: first.text_of(d) for d in ("user_id", "api_key_name", "api_key")},
                 end=(first, ("end_time_iso",)))
    rows.unknown |= {"cache_write_tokens", "cache_write_1h_tokens", "reasoning_tokens", "web_search_requests",
                     "service_tier", "region"}
    return rows.frame()


def deepseek_amount_prices(source: Source) -> pd.DataFrame:
    """The per-token prices a DeepSeek ``amount-*.csv`` says it billed: one row per (model, type, price) with
    its infercost ``meter`` and the first and last bucket start it appears in. Prices are in the account's
    billing currency (the ``currency`` of the matching ``cost-*.csv``; the amount file does not say)."""
    seen: Dict[Tuple[str, str, Decimal], List[Any]] = {}
    records = _csv_records(source, [*_DEEPSEEK_AMOUNT, "price"])
    stamps = _times([r.get("start_time_iso") for r in records],
                    lambda i, reason: records[i].fail(("start_time_iso",), reason), True)
    for r, at in zip(records, stamps):
        meter = _deepseek_type(r)
        price = r.money("price")
        if price is None:
            continue  # request_count rows carry no price
        key = (r.text_of("model"), r.text_of("type"), price)
        entry = seen.setdefault(key, [meter, at, at])
        entry[1], entry[2] = min(entry[1], at), max(entry[2], at)
    frame = pd.DataFrame([{"model": m, "type": t, "meter": e[0], "price": float(p), "first": e[1], "last": e[2]}
                          for (m, t, p), e in seen.items()],
                         columns=["model", "type", "meter", "price", "first", "last"])
    frame.attrs["format"] = "deepseek-amount"
    return frame


# --- LiteLLM proxy spend logs ----------------------------------------------------------------------------
# Sources (read 2026-12-01): BerriAI/litellm@029f645f:schema.prisma (LiteLLM_SpendLogs columns);
# @00907c60:litellm/proxy/spend_tracking/spend_tracking_utils.py, get_logging_payload: metadata is SpendLogsMetadata
# as JSON, its additional_usage_values every usage key but prompt/completion/total_tokens; status "success" or
# "failure"; litellm/llms/anthropic/chat/transformation.py, calculate_usage: prompt_tokens = input_tokens + cache
# reads (+ cache writes in the 2026 version, which also fills prompt_tokens_details.cache_creation_tokens; the
# version of @005e5efa, after PR #9838 of April 2025, left writes out and had no such key).

_LITELLM_COLUMNS = ["request_id", "api_key", "user", "team_id", "organization_id", "end_user", "session_id",
                    "request_tags", "model_group", "custom_llm_provider", "call_type", "status"]
_LITELLM_METADATA = {"api_key_alias": "user_api_key_alias", "team_alias": "user_api_key_team_alias"}


def read_litellm_spendlogs(source: Source, *, cache_writes_in_prompt: Optional[bool] = None) -> pd.DataFrame:
    """LiteLLM's ``LiteLLM_SpendLogs`` table exported as CSV, JSON or JSON lines. Cache and reasoning counts come
    from the ``metadata`` JSON (``additional_usage_values``, else ``usage_object``). ``prompt_tokens`` includes
    cache reads; whether it includes cache writes depends on the LiteLLM version that wrote the row: by default
    a row whose ``prompt_tokens_details`` has ``cache_creation_tokens`` is read as including them and any other
    as not; pass ``cache_writes_in_prompt`` to say so for every row. Rows LiteLLM served from its own cache
    (``cache_hit``) and failed calls without tokens are left out and counted in ``attrs["dropped"]``."""
    rows = _Rows("litellm-spendlogs", [*_LITELLM_COLUMNS, *_LITELLM_METADATA], cost=True)
    rows.unknown |= {"service_tier", "region"}
    for r in _any_records(source, ["startTime", "model", "prompt_tokens", "completion_tokens", "spend"]):
        prompt = r.count("prompt_tokens", required=True)
        completion = r.count("completion_tokens", required=True)
        meta = r.child("metadata")
        if r.text_of("cache_hit").lower() == "true":  # answered by LiteLLM's response cache: no provider call
            rows.drop("litellm cache hits")
            continue
        status = r.text_of("status") or meta.text_of("status")
        if status == "failure" and prompt + completion == 0:
            rows.drop("failures without tokens")
            continue
        usage = meta.child("additional_usage_values")
        if not usage.data:
            usage = meta.child("usage_object")
        details = usage.child("prompt_tokens_details")
        cached, cached_rec, cached_keys = _pick(rows, "cached_input_tokens", (usage, ("cache_read_input_tokens",)),
                                                (details, ("cached_tokens",)))
        write, write_rec, write_keys = _pick(rows, "cache_write_tokens", (usage, ("cache_creation_input_tokens",)),
                                             (details, ("cache_creation_tokens",)))
        w1h, w1h_rec, w1h_keys = _pick(rows, "cache_write_1h_tokens",
                                       (details, ("cache_creation_token_details", "ephemeral_1h_input_tokens")))
        _part(w1h_rec, w1h_keys, w1h, write, "cache writes")
        includes = details.has("cache_creation_tokens") if cache_writes_in_prompt is None else cache_writes_in_prompt
        total = prompt if includes else prompt + write
        if cached + write > total:
            r.fail(("prompt_tokens",), f"{prompt} is less than its cache reads {cached} + cache writes {write}" + (
                "" if cache_writes_in_prompt is not None else
                "; if this LiteLLM version left cache writes out of prompt_tokens, pass cache_writes_in_prompt=False"))
        reasoning, reasoning_rec, reasoning_keys = _pick(rows, "reasoning_tokens",
                                                         (usage, ("completion_tokens_details", "reasoning_tokens")))
        _part(reasoning_rec, reasoning_keys, reasoning, completion, "completion_tokens")
        searches = usage.count("server_tool_use", "web_search_requests")
        dims = {c: r.text_of(c) or (meta.text_of(c) if c == "status" else "") for c in _LITELLM_COLUMNS}
        dims.update({name: meta.text_of(key) for name, key in _LITELLM_METADATA.items()})
        rows.add((r, ("startTime",)), r.text_of("model"), 1,
                 (total, cached, write - w1h, w1h, completion, reasoning, searches), "standard", "",
                 r.money("spend"), dims)
    return rows.frame()


# --- OpenRouter --------------------------------------------------------------------------------------------
# Sources (read 2026-12-01): openrouter.ai/docs/client-sdks/python/components/generationresponsedata (the
# GET /api/v1/generation data fields); openrouter.ai/docs/web-search: the web plugin bills $4 per 1,000 results,
# so num_search_results counts results, not the searches a web_search meter prices; the activity CSV columns as
# CodexClawd/codexclawd@05e84028:skills/openrouter-analyzer/scripts/analyze.py parses them (secondary).

_OPENROUTER_DIMS = ["generation_id", "provider_name", "app_id", "external_user", "api_type", "is_byok",
                    "data_region"]


def read_openrouter_generations(source: Source) -> pd.DataFrame:
    """OpenRouter generation records (``GET /api/v1/generation`` ``data`` objects, bare or wrapped in
    ``{"data": ...}``, one a line or a list). Billed counts are the ``native_tokens_*``: the prompt includes
    cached tokens, the completion includes reasoning."""
    rows = _Rows("openrouter-generations", _OPENROUTER_DIMS, cost=True)
    rows.unknown |= {"cache_write_tokens", "cache_write_1h_tokens", "web_search_requests", "region"}
    for rec in _json_records(source):
        g = rec.child("data") if isinstance(rec.get("data"), Mapping) else rec
        prompt = g.count("native_tokens_prompt", required=True)
        completion = g.count("native_tokens_completion", required=True)
        cached, cached_rec, cached_keys = _pick(rows, "cached_input_tokens", (g, ("native_tokens_cached",)))
        reasoning, reasoning_rec, reasoning_keys = _pick(rows, "reasoning_tokens", (g, ("native_tokens_reasoning",)))
        _part(cached_rec, cached_keys, cached, prompt, "native_tokens_prompt")
        _part(reasoning_rec, reasoning_keys, reasoning, completion, "native_tokens_completion")
        if not g.has("service_tier"):
            rows.unknown.add("service_tier")
        dims = {d: g.text_of("id" if d == "generation_id" else d) for d in _OPENROUTER_DIMS}
        rows.add((g, ("created_at",)), g.text_of("model"), 1, (prompt, cached, 0, 0, completion, reasoning, 0),
                 _tier(g, ("service_tier",), _ANY_TIERS), "", g.money("total_cost"), dims)
    return _billed_by(rows.frame(), "openrouter")


def _billed_by(frame: pd.DataFrame, provider: str) -> pd.DataFrame:
    """Marks who billed the rows: their model names are that provider's (OpenRouter writes `openai/gpt-6.1-sol` for the
    model it resells, which is not OpenAI's own offering)."""
    frame.attrs["provider"] = provider
    return frame


def read_openrouter_activity(source: Source) -> pd.DataFrame:
    """OpenRouter's activity CSV export (one row per generation; ``created_at`` in UTC without a zone;
    ``tokens_completion`` includes ``tokens_reasoning``, ``tokens_prompt`` includes ``tokens_cached``)."""
    records = _csv_records(source, ["created_at", "model_permaslug", "tokens_prompt", "tokens_completion"])
    rows = _Rows("openrouter-activity", ["generation_id", "provider_name", "api_key_name", "app_name"], cost=True)
    rows.unknown |= {"cache_write_tokens", "cache_write_1h_tokens", "web_search_requests", "service_tier", "region"}
    for r in records:
        prompt = r.count("tokens_prompt", required=True)
        completion = r.count("tokens_completion", required=True)
        cached, cached_rec, cached_keys = _pick(rows, "cached_input_tokens", (r, ("tokens_cached",)))
        reasoning, reasoning_rec, reasoning_keys = _pick(rows, "reasoning_tokens", (r, ("tokens_reasoning",)))
        _part(cached_rec, cached_keys, cached, prompt, "tokens_prompt")
        _part(reasoning_rec, reasoning_keys, reasoning, completion, "tokens_completion")
        rows.add((r, ("created_at",)), r.text_of("model_permaslug"), 1,
                 (prompt, cached, 0, 0, completion, reasoning, 0), "standard", "", r.money("cost_total"),
                 {d: r.text_of(d) for d in rows.dims})
    if records and "cost_total" not in (records[0].header or {}):
        rows.unknown.add("recorded_cost")
    return _billed_by(rows.frame(), "openrouter")


# --- Langfuse ----------------------------------------------------------------------------------------------
# Sources (read 2026-12-01): langfuse/langfuse-docs@d0bb31e1:content/docs/api-and-data-platform/features/
# blob-storage-export-fields.mdx (observations_v2 fields; timestamps in UTC without a zone; maps as JSON in CSV);
# langfuse-docs@dcd696e4:content/docs/observability/features/token-and-cost-tracking.mdx ("if no total usage type
# is ingested, Langfuse sums up all usage type units"); langfuse/langfuse@62751446:packages/shared/src/server/
# ingestion/types.ts (OpenAI usage is stored as input = prompt_tokens minus every prompt_tokens_details entry, each
# entry as input_<key>, likewise output_<key>) and .../otel/OtelIngestionProcessor.ts (input minus
# input_cached_tokens and input_cache_creation*, output minus output_reasoning_tokens). Usage types are disjoint
# parts; names vary by SDK, so they are classified by name below.

_LANGFUSE_DIMS = {"project_id": "project_id", "environment": "environment", "trace_id": "trace_id",
                  "observation_id": "id", "observation_name": "name", "trace_name": "trace_name",
                  "user_id": "user_id", "session_id": "session_id", "tags": "tags", "release": "release",
                  "prompt_name": "prompt_name"}
_LANGFUSE_SEARCH = {"web_search_requests", "web_search_queries", "websearchqueries"}


def _langfuse_usage(u: _Rec) -> Tuple[int, ...]:
    """Canonical counts from Langfuse's disjoint usage types: a type naming a cache read or write is that part
    of the input, one naming reasoning that part of the output; any other type with ``input`` or ``output`` in
    its name is plain input or output (modalities included); ``total``, when given, must be their sum."""
    plain_in = cached = w5 = w1h = out = reasoning = searches = 0
    total: Optional[int] = None
    for key in u.data:
        k = str(key).lower()
        n = u.count(key)
        if k == "total":
            total = n
        elif k in _LANGFUSE_SEARCH:
            searches += n
        elif "cache_read" in k or ("cached" in k and "input" in k):
            cached += n
        elif "cache_creation" in k or "cache_write" in k:
            if "1h" in k:
                w1h += n
            else:
                w5 += n
        elif "reasoning" in k and ("output" in k or k == "reasoning_tokens"):
            reasoning += n
        elif "input" in k:
            plain_in += n
        elif "output" in k:
            out += n
        else:
            u.fail((key,), f"usage type '{key}' is not a known part of the input or output (its name holds neither "
                           "'input' nor 'output'; Gemini's raw counts overlap and cannot be read as parts)")
    inp, out = plain_in + cached + w5 + w1h, out + reasoning
    if total is not None and total != inp + out:
        u.fail(("total",), f"{total} is not the sum of the other usage types, {inp + out}")
    return inp, cached, w5, w1h, out, reasoning, searches


def _langfuse_records(source: Source) -> List[_Rec]:
    name, data = _load(source)
    if data[:4] == b"PAR1":
        try:
            import pyarrow.parquet as pq  # type: ignore[import-untyped]
        except ImportError:
            raise _file_error(name, 1, 1, "", "a Parquet file; reading it needs pyarrow") from None
        import pyarrow as pa  # type: ignore[import-untyped]

        try:
            table = pq.read_table(io.BytesIO(data))
        except (pa.ArrowException, OSError, ValueError) as e:
            raise _file_error(name, 1, 1, "", f"not a readable Parquet file ({' '.join(str(e).split())})") from None
        header = {c: i + 1 for i, c in enumerate(table.column_names)}
        return [_Rec(name, row, line=i + 1, header=header) for i, row in enumerate(table.to_pylist())]
    return _any_records(_Named(data, name), ["start_time", "type", "usage_details"])


def read_langfuse(source: Source) -> pd.DataFrame:
    """Langfuse's blob-storage observation export (``observations_v2/``, CSV, JSON or JSON lines; Parquet with
    pyarrow): the ``GENERATION`` observations, their ``usage_details`` read as disjoint parts and
    ``total_cost`` (else ``cost_details``) as the recorded cost. Other observation types are counted in
    ``attrs["dropped"]``."""
    rows = _Rows("langfuse", list(_LANGFUSE_DIMS), cost=True)
    rows.unknown |= {"service_tier", "region"}
    for r in _langfuse_records(source):
        kind = r.text_of("type")
        if kind != "GENERATION":
            rows.drop(f"{kind or 'untyped'} observations")
            continue
        counts = _langfuse_usage(r.child("usage_details"))
        cost = r.money("total_cost")
        if cost is None:
            details = r.child("cost_details")
            cost = details.money("total")
            if cost is None and details.data:
                cost = sum((details.money(k) or Decimal(0) for k in details.data), Decimal(0))
        if cost is None:
            rows.unknown.add("recorded_cost")
        model = r.text_of("provided_model_name") or r.text_of("model")
        rows.add((r, ("start_time",)), model, 1, counts, "standard", "", cost,
                 {d: r.text_of(k) for d, k in _LANGFUSE_DIMS.items()})
    return rows.frame()


# --- API responses as JSON lines -----------------------------------------------------------------------------
# Sources (read 2026-12-01): openai/openai-openapi@f85dbe22:openapi.yaml (CompletionUsage: prompt_tokens includes
# prompt_tokens_details.cached_tokens, completion_tokens includes completion_tokens_details.reasoning_tokens;
# ResponseUsage the same with input_/output_ names; web_search_call output items); Anthropic Messages usage
# (platform.claude.com/docs/en/api/messages: input_tokens excludes cache_read_input_tokens and
# cache_creation_input_tokens, cache_creation splits the writes by TTL, server_tool_use.web_search_requests,
# service_tier, inference_geo, speed); Gemini UsageMetadata (ai.google.dev/api/generate-content: promptTokenCount
# includes cachedContentTokenCount; candidatesTokenCount excludes thoughtsTokenCount; the total adds
# toolUsePromptTokenCount, the tool results fed back as prompt, read here as input). DeepSeek's Chat Completions
# usage adds prompt_cache_hit_tokens / prompt_cache_miss_tokens.

_WRAPPERS = ("response", "body", "result", "message", "data")
_KIND_UNKNOWN = {
    "openai-chat": {"cache_write_tokens", "cache_write_1h_tokens", "web_search_requests", "region"},
    "openai-responses": {"cache_write_tokens", "cache_write_1h_tokens", "region"},
    "anthropic": set(),
    "gemini": {"cache_write_tokens", "cache_write_1h_tokens", "web_search_requests", "service_tier", "region"},
}


def _response_of(rec: _Rec, depth: int = 0) -> Optional[_Rec]:
    """The API response in a line: the line itself, or one under response, body, result, message or data."""
    if isinstance(rec.get("usage"), Mapping) or isinstance(rec.get("usageMetadata"), Mapping):
        return rec
    if depth < 3:
        for w in _WRAPPERS:
            if isinstance(rec.get(w), Mapping):
                found = _response_of(rec.child(w), depth + 1)
                if found is not None:
                    return found
    return None


def _usage_kind(resp: _Rec) -> str:
    if isinstance(resp.get("usageMetadata"), Mapping):
        return "gemini"
    usage = resp.child("usage")
    if "prompt_tokens" in usage.data:
        return "openai-chat"
    if "input_tokens" in usage.data:
        if resp.get("type") == "message" or any(k in usage.data for k in (
                "cache_read_input_tokens", "cache_creation_input_tokens", "cache_creation")):
            return "anthropic"
        if resp.get("object") == "response" or "input_tokens_details" in usage.data:
            return "openai-responses"
        resp.fail(("usage",), "cannot tell an Anthropic Messages usage from an OpenAI Responses one "
                              "(no cache fields, no input_tokens_details, no type or object)")
    resp.fail(("usage",), "neither prompt_tokens nor input_tokens")


def _usage_counts(rows: _Rows, kind: str, resp: _Rec) -> Tuple[Tuple[int, ...], str, str]:
    """Counts, tier and region of one response's usage."""
    if kind == "gemini":
        m = resp.child("usageMetadata")
        prompt = m.count("promptTokenCount", required=True)
        cached = _part(m, ("cachedContentTokenCount",), m.count("cachedContentTokenCount"), prompt, "promptTokenCount")
        thoughts = m.count("thoughtsTokenCount")
        return ((prompt + m.count("toolUsePromptTokenCount"), cached, 0, 0,
                 m.count("candidatesTokenCount") + thoughts, thoughts, 0), "standard", "")
    u = resp.child("usage")
    if kind == "anthropic":
        uncached = u.count("input_tokens", required=True)
        read = u.count("cache_read_input_tokens")
        write = u.count("cache_creation_input_tokens")
        if isinstance(u.get("cache_creation"), Mapping):
            w5 = u.count("cache_creation", "ephemeral_5m_input_tokens")
            w1h = u.count("cache_creation", "ephemeral_1h_input_tokens")
            if u.has("cache_creation_input_tokens") and w5 + w1h != write:
                u.fail(("cache_creation_input_tokens",), f"{write} is not cache_creation.ephemeral_5m_input_tokens "
                                                        f"{w5} + ephemeral_1h_input_tokens {w1h}")
        else:
            w5, w1h = write, 0  # no TTL split: the default 5-minute cache
        out = u.count("output_tokens", required=True)
        thinking, t_rec, t_keys = _pick(rows, "reasoning_tokens", (u, ("output_tokens_details", "thinking_tokens")))
        _part(t_rec, t_keys, thinking, out, "output_tokens")
        tier = _speed(u, ("speed",), _tier(u, ("service_tier",), _ANTHROPIC_TIERS))
        rows.unknown |= {c for c, k in (("service_tier", "service_tier"), ("region", "inference_geo")) if not u.has(k)}
        return ((uncached + read + w5 + w1h, read, w5, w1h, out, thinking,
                 u.count("server_tool_use", "web_search_requests")), tier, _geo(u, ("inference_geo",)))
    chat = kind == "openai-chat"
    prompt_key, out_key = ("prompt_tokens", "completion_tokens") if chat else ("input_tokens", "output_tokens")
    details_key = "prompt_tokens_details" if chat else "input_tokens_details"
    prompt = u.count(prompt_key, required=True)
    out = u.count(out_key, required=True)
    cached, c_rec, c_keys = _pick(rows, "cached_input_tokens", (u, (details_key, "cached_tokens")),
                                  (u, ("prompt_cache_hit_tokens",)))
    _part(c_rec, c_keys, cached, prompt, prompt_key)
    if chat and u.has("prompt_cache_hit_tokens") and u.has("prompt_cache_miss_tokens"):
        hit, miss = u.count("prompt_cache_hit_tokens"), u.count("prompt_cache_miss_tokens")
        if hit + miss != prompt:
            u.fail((prompt_key,), f"{prompt} is not prompt_cache_hit_tokens {hit} + prompt_cache_miss_tokens {miss}")
    reasoning_keys = ("completion_tokens_details" if chat else "output_tokens_details", "reasoning_tokens")
    reasoning = _part(u, reasoning_keys, u.count(*reasoning_keys), out, out_key)
    searches = 0
    if not chat:
        output = resp.get("output")
        if isinstance(output, list):  # each web search tool call is billed
            searches = sum(1 for item in output if isinstance(item, Mapping) and item.get("type") == "web_search_call")
        else:
            rows.unknown.add("web_search_requests")
    if not resp.has("service_tier"):
        rows.unknown.add("service_tier")
    return (prompt, cached, 0, 0, out, reasoning, searches), _tier(resp, ("service_tier",), _OPENAI_TIERS), ""


def read_jsonl_usage(source: Source) -> pd.DataFrame:
    """JSON lines, each an API response or a log record holding one (under ``response``, ``body``, ``result``,
    ``message`` or ``data``), its usage recognised line by line: OpenAI Chat Completions (DeepSeek's
    included), OpenAI Responses, Anthropic Messages, Gemini. The time is the record's ``timestamp`` or
    ``created_at`` (ISO 8601 with a zone, or epoch seconds) or ``created``; the string values of a
    ``metadata`` object become attribution columns. A line of OpenAI's Batch output is batch tier; a line
    that reports an error and has no usage is counted in ``attrs["dropped"]``."""
    rows = _Rows("jsonl-usage", [], naive_utc=False)
    for rec in _json_records(source):
        resp = _response_of(rec)
        if resp is None:
            result = rec.get("result")
            if rec.get("error") is not None or (isinstance(result, Mapping) and result.get("type") in (
                    "errored", "canceled", "expired")):
                rows.drop("errors without usage")
                continue
            rec.fail((), "no usage found (looked for usage or usageMetadata at the top and under "
                         + ", ".join(_WRAPPERS) + ")")
        kind = _usage_kind(resp)
        rows.unknown |= _KIND_UNKNOWN[kind]
        counts, tier, region = _usage_counts(rows, kind, resp)
        depth = len(rec.path)
        if rec.has("custom_id") and resp.path[depth:depth + 2] == ("response", "body"):
            if tier != "standard":
                resp.fail(("service_tier",), f"a Batch API output line with service tier {tier}")
            tier = "batch"
        when = next(((x, (k,)) for x in (rec, resp) for k in ("timestamp", "created_at", "created") if x.has(k)),
                    (rec, ("timestamp",)))
        model_at = next(((x, k) for x in (resp, rec) for k in ("model", "modelVersion") if x.has(k)), None)
        if model_at is None:
            resp.fail(("model",), "missing")
        dims: Dict[str, str] = {}
        for holder in (resp, rec):  # the record's own metadata wins over the response's
            meta = holder.get("metadata")
            if isinstance(meta, Mapping):
                dims.update({str(k): v for k, v in meta.items() if isinstance(v, str)})
        for k in dims:
            if k in CORE_COLUMNS or k == "recorded_cost":
                rec.fail(("metadata", k), "a metadata key named like a canonical column")
        rows.add(when, model_at[0].text_of(model_at[1]), 1, counts, tier, region, dims=dims)
    return rows.frame()


# --- cost reports --------------------------------------------------------------------------------------------
# Anthropic, source (read 2026-12-01): platform.claude.com/docs/en/api/admin/cost_report/retrieve (copy:
# gpambrozio/ClaudeDocs@003df0d3:docs-md/api/api/admin/cost_report/retrieve.md): amount is a decimal string in the
# lowest currency unit ("123.45" USD is $1.2345); cost_type tokens, web_search, code_execution; token_type as below.
# Priority Tier costs never appear in it (anthropics/claude-cookbooks observability/usage_cost_api.ipynb).

_ANTHROPIC_TOKEN_METERS = {"": "", "uncached_input_tokens": "input", "output_tokens": "output",
                           "cache_read_input_tokens": "cached_input",
                           "cache_creation.ephemeral_5m_input_tokens": "cache_write",
                           "cache_creation.ephemeral_1h_input_tokens": "cache_write_long"}
_ANTHROPIC_COST_TYPES = {"": "", "tokens": "", "web_search": "web_search", "code_execution": ""}
_MINOR_UNITS = {"USD": 2, "EUR": 2, "GBP": 2, "CNY": 2, "JPY": 0}


def read_anthropic_cost_report(source: Source) -> pd.DataFrame:
    """Anthropic's cost report (``GET /v1/organizations/cost_report``) pages, one row per result; ``meter`` from
    ``token_type`` (or ``web_search``), <NA> for code execution and for rows not grouped by description."""
    rows = _CostRows("anthropic-cost-report", ["workspace_id", "cost_type", "context_window"])
    for page in _json_records(source):
        for bucket in page.items("data"):
            for r in bucket.items("results"):
                currency = _lookup(r, ("currency",), {"": "USD", **{c: c for c in _MINOR_UNITS}}, "currency")
                cents = r.money("amount", negative=True)
                if cents is None:
                    r.fail(("amount",), "missing")
                by_cost_type = _lookup(r, ("cost_type",), _ANTHROPIC_COST_TYPES, "cost_type")
                meter = _lookup(r, ("token_type",), _ANTHROPIC_TOKEN_METERS, "token_type") or by_cost_type
                tier = ""  # null for non-token costs: <NA>
                if r.has("service_tier"):
                    tier = _speed(r, ("speed",), _tier(r, ("service_tier",), _ANTHROPIC_TIERS))
                region = _geo(r, ("inference_geo",)) if r.has("inference_geo") else None
                rows.add((bucket, ("starting_at",)), cents.scaleb(-_MINOR_UNITS[currency]), currency,
                         r.text_of("model"), meter, tier, region, r.text_of("description"),
                         {d: r.text_of(d) for d in rows.dims})
    return rows.frame()


# OpenAI, sources (read 2026-12-01): openai/openai-openapi@f85dbe22:openapi.yaml, schema CostsResult (amount.value,
# lowercase ISO-4217 amount.currency, line_item, project_id, api_key_id, quantity, quantity_unit); the dashboard CSV
# header (amount_value, amount_currency, line_item, project_id, organization_id) from the published export cited for
# the usage CSV. line_item strings are not documented (the spec's example is "input_tokens"; third-party fixtures
# show "gpt-4o-2024-08-06, input"), so model and meter stay <NA> and line_item is kept.

_OPENAI_COST_DIMS = ["project_id", "api_key_id", "line_item", "quantity", "quantity_unit", "organization_id"]


def _openai_cost(rows: _CostRows, when: When, r: _Rec, value: Tuple[str, ...], currency: Tuple[str, ...]) -> None:
    amount = r.money(*value, negative=True)
    if amount is None:
        r.fail(value, "missing")
    dims: Dict[str, Any] = {d: r.text_of(d) for d in _OPENAI_COST_DIMS}
    quantity = r.money("quantity", negative=True)
    dims["quantity"] = None if quantity is None else float(quantity)
    rows.add(when, amount, r.text_of(*currency).upper() or "USD", dims=dims)


def read_openai_costs(source: Source) -> pd.DataFrame:
    """OpenAI's costs API (``GET /v1/organization/costs``) pages, or the dashboard's cost CSV export; amounts in
    currency units."""
    rows = _CostRows("openai-costs", _OPENAI_COST_DIMS)
    name, data = _load(source)
    if _is_json(data):
        for page in _json_records(_Named(data, name)):
            for bucket in page.items("data"):
                for r in bucket.items("results"):
                    _openai_cost(rows, (bucket, ("start_time",)), r, ("amount", "value"), ("amount", "currency"))
    else:
        for r in _table_records(name, _decode(name, data), ["start_time_iso", "amount_value"]):
            if r.has("amount_value"):  # a bucket without costs has an empty amount
                _openai_cost(rows, (r, ("start_time_iso",)), r, ("amount_value",), ("amount_currency",))
    return rows.frame()


# DeepSeek, source (read 2026-12-01, secondary): cost-*.csv of the same export ZIP and parsers as deepseek-amount.

def read_deepseek_cost(source: Source) -> pd.DataFrame:
    """DeepSeek's ``cost-*.csv`` (``user_id,start_time_iso,end_time_iso,model,wallet_type,cost,currency``):
    one row per (bucket, model, wallet); no meter split. ``date`` is the bucket start in UTC (DeepSeek's day
    starts at the export's offset)."""
    rows = _CostRows("deepseek-cost", ["user_id", "wallet_type"])
    for r in _csv_records(source, ["start_time_iso", "model", "cost", "currency"]):
        amount = r.money("cost", negative=True)
        if amount is None:
            r.fail(("cost",), "missing")
        rows.add((r, ("start_time_iso",)), amount, r.text_of("currency").upper(), model=r.text_of("model"),
                 dims={d: r.text_of(d) for d in rows.dims})
    return rows.frame()


# --- registry and detection ------------------------------------------------------------------------------

USAGE_FORMATS: Dict[str, Reader] = {
    "openai-usage": read_openai_usage,
    "openai-usage-csv": read_openai_usage_csv,
    "anthropic-usage": read_anthropic_usage,
    "deepseek-amount": read_deepseek_amount,
    "litellm-spendlogs": read_litellm_spendlogs,
    "openrouter-generations": read_openrouter_generations,
    "openrouter-activity": read_openrouter_activity,
    "langfuse": read_langfuse,
    "jsonl-usage": read_jsonl_usage,
}
COST_FORMATS: Dict[str, Reader] = {
    "anthropic-cost-report": read_anthropic_cost_report,
    "openai-costs": read_openai_costs,
    "deepseek-cost": read_deepseek_cost,
}

# CSV headers: the columns that tell a format apart, most specific first.
_HEADERS: List[Tuple[str, Set[str]]] = [
    ("openai-usage-csv", {"start_time_iso", "num_model_requests", "input_tokens"}),
    ("openai-costs", {"start_time_iso", "amount_value"}),
    ("deepseek-amount", {"start_time_iso", "api_key_name", "type", "price", "amount"}),
    ("deepseek-cost", {"start_time_iso", "wallet_type", "cost", "currency"}),
    ("litellm-spendlogs", {"startTime", "prompt_tokens", "completion_tokens", "spend"}),
    ("openrouter-activity", {"generation_id", "created_at", "tokens_prompt", "tokens_completion"}),
    ("langfuse", {"start_time", "type", "usage_details"}),
]


def _sniff_json(v: Any) -> Optional[str]:
    """The format of a JSON record: a report page by its first result, otherwise by its fields."""
    if not isinstance(v, Mapping):
        return None
    data = v.get("data")
    if isinstance(data, list):
        for bucket in data:
            results = bucket.get("results") if isinstance(bucket, Mapping) else None
            if not isinstance(results, list) or not results or not isinstance(results[0], Mapping):
                continue
            first = results[0]
            if first.get("object") == "organization.usage.completions.result":
                return "openai-usage"
            if first.get("object") == "organization.costs.result" or "line_item" in first:
                return "openai-costs"
            if "uncached_input_tokens" in first:
                return "anthropic-usage"
            if "amount" in first and "currency" in first:
                return "anthropic-cost-report"
        return None
    record = data if isinstance(data, Mapping) else v
    if "native_tokens_prompt" in record:
        return "openrouter-generations"
    if {"startTime", "spend", "prompt_tokens"} <= set(v):
        return "litellm-spendlogs"
    if {"usage_details", "start_time", "type"} <= set(v):
        return "langfuse"
    if _response_of(_Rec("", v)) is not None:
        return "jsonl-usage"
    return None


def detect_format(source: Source) -> str:
    """The name of the export format of a file (a key of :data:`USAGE_FORMATS` or :data:`COST_FORMATS`), from
    its CSV header or its first JSON record; refuses a file it cannot tell."""
    name, data = _load(source)
    formats = ", ".join([*USAGE_FORMATS, *COST_FORMATS])
    if data[:4] == b"PAR1":
        return "langfuse"
    text = _decode(name, data)
    if _is_json(data):
        first = next((line for line in text.splitlines() if line.strip()), "")
        try:
            value = json.loads(first)
        except ValueError:
            try:
                value = json.loads(text)
            except ValueError as e:
                raise _file_error(name, 1, 1, "", f"malformed JSON ({e}); cannot tell its format") from None
        sample = value[0] if isinstance(value, list) and value else value
        found = _sniff_json(sample)
        if found is None:
            keys = ", ".join(list(sample)[:12]) if isinstance(sample, Mapping) else type(sample).__name__
            raise _file_error(name, 1, 1, "", f"cannot tell the export format from its first record (keys: {keys}); "
                                              f"name it: one of {formats}")
        return found
    header = set(_csv_header(name, text))
    for fmt, needed in _HEADERS:
        if needed <= header:
            return fmt
    raise _file_error(name, 1, 1, "", f"cannot tell the export format from its header ({', '.join(sorted(header))}); "
                                      f"name it: one of {formats}")
