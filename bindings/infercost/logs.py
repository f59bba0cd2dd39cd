"""Usage logs: last month's real traffic, priced again under every offering.

A log is a table in canonical columns (:mod:`infercost.exports` reads the providers' own exports into them):
``timestamp``, ``model`` (as the API wrote it) or ``offering`` (an infercost id), ``requests`` (1 for a request;
a bucket's count for an aggregated export; missing where the export does not say), the token counts in
infercost's semantics (``input_tokens`` is the whole prompt, ``cached_input_tokens`` and the cache writes are
parts of it; ``output_tokens`` is everything generated, ``reasoning_tokens`` a part of it),
``web_search_requests``, ``service_tier``, ``region`` (a serving scope such as Anthropic's ``us``). Every other
column is an attribution dimension (team, project, API key, user).

The pricing is the C++ replay kernel's (``infercost/logs/replay.hpp``); this module turns frames into its
columns and its cells into frames.
"""

from __future__ import annotations

import gzip
import os
import re
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from .errors import InputError
from .exports import USAGE_COLUMNS, USAGE_FORMATS, _file_error, detect_format

# The kernel's usage columns (kUsageColumnNames order) by their canonical log names.
_KERNEL_COLUMNS = ("input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens",
                   "cache_write_1h_tokens", "web_search_requests")
assert len(_KERNEL_COLUMNS) == len(_core.USAGE_COLUMNS) and set(_KERNEL_COLUMNS) == set(USAGE_COLUMNS)
_REQUIRED = ("timestamp", "input_tokens", "output_tokens")
# Columns with a meaning of their own; every other column is an attribution dimension.
_KNOWN = frozenset(("timestamp", "timestamp_end", "model", "provider", "offering", "requests", "service_tier", "region", "recorded_cost")
                   + tuple(USAGE_COLUMNS))
_OWN = "as logged"  # the column label of "each row under its own offering"
_MAX_ROWS_FOR_ROW_COSTS = 50_000_000

PathLike = Union[str, "os.PathLike[str]"]


def _line(frame: pd.DataFrame, i: int) -> int:
    """The file line of frame row ``i`` (header line 1), where the frame came from a file's rows in order."""
    base = frame.attrs.get("first_line")
    return int(base) + i if base is not None else i


def _where(frame: pd.DataFrame, i: int, column: str, reason: str) -> InputError:
    source = frame.attrs.get("source")
    if source and frame.attrs.get("first_line") is not None:
        # A canonical CSV's columns are the file's, in order: the field's column number; other formats have none.
        number = list(frame.columns).index(column) + 1 if frame.attrs.get("format") == "csv" and column in frame.columns else 0
        return _file_error(str(source), _line(frame, i), number, column, reason)  # type: ignore[no-any-return]
    where = f"{source}: " if source else ""
    return InputError(f"{where}row {i} of the log: {column}: {reason}")


_ROW = re.compile(r"^usage row (\d+)( \([^)]*\))?: ")


def _at_file_line(frame: pd.DataFrame, e: Exception) -> Exception:
    """The kernel names a bad row by its index; where the frame came from a file's rows in order, say its line."""
    m = _ROW.match(str(e))
    if not m or frame.attrs.get("first_line") is None or not frame.attrs.get("source"):
        return e
    offering = f" (priced under {m.group(2)[2:-1]})" if m.group(2) else ""
    return _file_error(str(frame.attrs["source"]), _line(frame, int(m.group(1))), 0, "", str(e)[m.end():] + offering)  # type: ignore[no-any-return]


def _seconds(col: pd.Series, frame: pd.DataFrame, timezone: Optional[str]) -> np.ndarray:
    """Seconds since 1970 (int64) of a timestamp column: datetimes (aware, or naive in ``timezone``), ISO 8601
    strings or epoch seconds."""
    if pd.api.types.is_integer_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype):
        if col.isna().any():
            raise _where(frame, int(np.flatnonzero(col.isna().to_numpy())[0]), "timestamp", "missing timestamp")
        return np.ascontiguousarray(col.to_numpy(dtype=np.int64))
    if pd.api.types.is_float_dtype(col.dtype):
        bad = ~np.isfinite(col.to_numpy()) | (col.to_numpy() != np.floor(col.to_numpy()))
        if bad.any():
            raise _where(frame, int(np.flatnonzero(bad)[0]), "timestamp", "epoch seconds must be whole numbers")
        return col.to_numpy().astype(np.int64)
    if not isinstance(col.dtype, pd.DatetimeTZDtype) and not pd.api.types.is_datetime64_dtype(col.dtype):
        try:
            parsed = pd.to_datetime(col, errors="coerce", utc=False, format="ISO8601")
        except ValueError:  # offsets that differ from row to row (a log across a DST change): each row needs one
            zoned = col.astype(str).str.strip().str.contains(r"(?:Z|[+-]\d\d:?\d\d)$", case=False, regex=True)
            if not zoned.all():
                i = int(np.flatnonzero(~zoned.to_numpy())[0])
                raise _where(frame, i, "timestamp", f"{col.iloc[i]!r} has no time zone while other rows have one; "
                             "give every timestamp its offset (or none, with --timezone)") from None
            parsed = pd.to_datetime(col, errors="coerce", utc=True, format="ISO8601")
        bad = parsed.isna().to_numpy()
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise _where(frame, i, "timestamp", f"cannot read {col.iloc[i]!r} as a date-time; write ISO 8601 "
                         "(2026-11-03T14:05:00Z) or seconds since 1970")
        col = parsed
    if isinstance(col.dtype, pd.DatetimeTZDtype):
        utc = col.dt.tz_convert("UTC")
    else:
        if timezone is None:
            raise InputError("the log's timestamps carry no time zone; say which zone they are in "
                             "(timezone='UTC', or --timezone on the command line)")
        try:
            utc = col.dt.tz_localize(timezone, ambiguous="raise", nonexistent="raise").dt.tz_convert("UTC")
        except Exception as e:  # pytz/zoneinfo errors name the instant
            raise InputError(f"cannot place the log's timestamps in {timezone}: {e}") from None
    if utc.isna().any():
        raise _where(frame, int(np.flatnonzero(utc.isna().to_numpy())[0]), "timestamp", "missing timestamp")
    ns = utc.to_numpy(dtype="datetime64[ns]").view(np.int64)
    return np.floor_divide(ns, 1_000_000_000)


def _counts(frame: pd.DataFrame, name: str) -> Optional[np.ndarray]:
    if name not in frame.columns:
        return None
    col = frame[name]
    if col.isna().any():
        i = int(np.flatnonzero(col.isna().to_numpy())[0])
        raise _where(frame, i, name, "missing count; write 0 where the count is zero")
    if pd.api.types.is_bool_dtype(col.dtype) or not pd.api.types.is_numeric_dtype(col.dtype):
        bad = np.ones(len(col), dtype=bool) if pd.api.types.is_bool_dtype(col.dtype) else \
            pd.to_numeric(col, errors="coerce").isna().to_numpy()
        i = int(np.flatnonzero(bad)[0]) if bad.any() else 0
        raise _where(frame, i, name, f"{col.iloc[i]!r} is not a whole number of tokens")
    if pd.api.types.is_float_dtype(col.dtype):
        v = col.to_numpy()
        bad = v != np.floor(v)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise _where(frame, i, name, f"{v[i]} is not a whole number of tokens")
    arr = np.ascontiguousarray(col.to_numpy(dtype=np.int64))
    neg = arr < 0
    if neg.any():
        i = int(np.flatnonzero(neg)[0])
        raise _where(frame, i, name, f"count is negative ({arr[i]}); counts are zero or more")
    return arr


@dataclass
class UsageLog:
    """A usage log in canonical columns, with each row's own offering resolved in a catalog."""

    frame: pd.DataFrame
    catalog: Any
    offerings: List[Any]          # the rows' own offerings, in code order
    offering_codes: Optional[np.ndarray]
    seconds: np.ndarray
    ends: Optional[np.ndarray]    # an aggregated row's bucket end (exclusive), where the log gives one
    counts: List[Optional[np.ndarray]]
    requests: Optional[np.ndarray]
    tiers: Optional[np.ndarray]
    scopes: List[str]
    scope_codes: Optional[np.ndarray]
    unknown: List[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return int(self.seconds.shape[0])

    @property
    def dimensions(self) -> List[str]:
        """The attribution columns (team, project, API key...)."""
        return [c for c in self.frame.columns if c not in _KNOWN]

    def __repr__(self) -> str:
        fmt = self.frame.attrs.get("format", "table")
        return f"<UsageLog {self.rows} rows ({fmt}), {len(self.offerings)} offerings, dimensions {self.dimensions}>"

    def replay(self, candidates: Sequence[Any] = (), **kwargs: Any) -> "Replay":
        """This log priced under its own offerings and under ``candidates``: see :func:`replay`."""
        return replay(self, candidates, **kwargs)

    def profile(self, *, clock: str = "+00:00") -> "LogProfile":
        """The workload this log shows (volume, hour and weekday shape, lengths, shares) on ``clock``."""
        d = _core._profile_log(self.seconds, self.counts, self.requests, _offset_minutes(clock), self.ends)
        return LogProfile(d)


def _offset_minutes(clock: str) -> int:
    return int(_core._utc_offset_minutes(clock))


def _check_zone(name: str) -> None:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InputError(f"unknown time zone {name!r}; use an IANA name such as UTC, America/New_York or "
                         "Europe/Berlin") from None


def log_from_frame(data: Any, *, columns: Optional[Mapping[str, str]] = None, timezone: Optional[str] = None,
                   catalog: Any = None) -> UsageLog:
    """A log from a pandas DataFrame, a pyarrow Table or a dict of arrays in canonical columns (``columns`` maps
    other names to them: ``{"ts": "timestamp"}``). Naive timestamps need ``timezone``."""
    from ._api import _catalog

    if timezone is not None:
        _check_zone(timezone)
    if isinstance(data, pd.DataFrame):
        frame = data
    elif hasattr(data, "to_pandas") and hasattr(data, "schema"):
        frame = data.to_pandas()  # pyarrow: numeric columns without nulls come across without a copy
    elif isinstance(data, Mapping):
        frame = pd.DataFrame(dict(data))
    else:
        raise InputError(f"a log is a DataFrame, a pyarrow Table or a dict of columns, not {type(data).__name__}")
    if columns:
        missing = [k for k in columns if k not in frame.columns]
        if missing:
            raise InputError(f"--columns names {missing}, which the log does not have; it has {list(frame.columns)}")
        frame = frame.rename(columns=dict(columns))
    return _make_log(frame, timezone, _catalog(catalog))


def _make_log(frame: pd.DataFrame, timezone: Optional[str], catalog: Any) -> UsageLog:
    lacking = [c for c in _REQUIRED if c not in frame.columns]
    if "model" not in frame.columns and "offering" not in frame.columns:
        lacking.append("model (or offering)")
    if lacking:
        where = f"{frame.attrs['source']}: " if frame.attrs.get("source") else ""
        raise InputError(f"{where}the log lacks the columns {lacking}; it has {list(frame.columns)} "
                         "(map other names with columns={'old': 'new'} or --columns old=new)")
    seconds = _seconds(frame["timestamp"], frame, timezone)
    ends = _seconds(frame["timestamp_end"], frame, timezone) if "timestamp_end" in frame.columns else None
    counts = [_counts(frame, c) for c in _KERNEL_COLUMNS]
    requests: Optional[np.ndarray] = None
    if "requests" in frame.columns:
        r = frame["requests"]
        known = r.notna().to_numpy()
        filled = r.fillna(0) if not known.all() else r
        requests = _counts(frame.assign(requests=filled), "requests")
    tiers, names = _codes(frame, "service_tier", _core.SERVICE_TIERS, "standard")
    scope_codes, scopes = _codes(frame, "region", None, "")
    offerings, codes = _resolve(frame, seconds, catalog)
    unknown = list(frame.attrs.get("unknown", []))
    unknown += [c for c in _KERNEL_COLUMNS if c not in frame.columns and c not in unknown]
    return UsageLog(frame=frame, catalog=catalog, offerings=offerings, offering_codes=codes, seconds=seconds, ends=ends,
                    counts=counts, requests=requests, tiers=tiers, scopes=scopes, scope_codes=scope_codes,
                    unknown=unknown)


def _codes(frame: pd.DataFrame, name: str, allowed: Optional[Sequence[str]], default: str):  # type: ignore[no-untyped-def]
    """Integer codes of a text column: service tiers by their infercost number, scopes by their position in the
    returned list (-1 for the list's default)."""
    if name not in frame.columns:
        return None, []
    col = frame[name].fillna(default).astype(str)
    values, uniques = pd.factorize(col, sort=True)
    if allowed is not None:
        table = {t: i for i, t in enumerate(allowed)}
        for k, u in enumerate(uniques):
            if u not in table:
                i = int(np.flatnonzero(values == k)[0])  # the first row of that value
                raise _where(frame, i, name, f"unknown service tier {u!r}; known: {', '.join(allowed)}")
        lookup = np.array([table[u] for u in uniques], dtype=np.uint8)
        return np.ascontiguousarray(lookup[values]), list(allowed)
    named = [u for u in uniques if u != default]
    lookup = np.array([named.index(u) if u != default else -1 for u in uniques], dtype=np.int32)
    return np.ascontiguousarray(lookup[values]), named


def _resolve(frame: pd.DataFrame, seconds: np.ndarray, catalog: Any):  # type: ignore[no-untyped-def]
    """Each row's own offering: by id in ``offering``, else by the model name as the API wrote it (dated aliases
    resolved at the row's instant)."""
    by_id = "offering" in frame.columns
    col = frame["offering" if by_id else "model"]
    if col.isna().any():
        i = int(np.flatnonzero(col.isna().to_numpy())[0])
        raise _where(frame, i, "offering" if by_id else "model", "missing model name")
    if not by_id and "provider" in frame.columns:
        # A name several providers serve (gpt-6.1-sol at OpenAI and Azure) is settled by the row's provider.
        col = frame["provider"].fillna("").astype(str).str.cat(col.astype(str), sep="/").str.lstrip("/")
    elif not by_id and frame.attrs.get("provider"):
        # An export of a reseller (OpenRouter) names models its own way: they are looked up in its price list only.
        col = (str(frame.attrs["provider"]) + "/") + col.astype(str)
    values, names = pd.factorize(col.astype(str))
    offerings: List[Any] = []
    index: Dict[str, int] = {}
    codes = np.empty(len(values), dtype=np.int32)
    for k, name in enumerate(names):
        rows = np.flatnonzero(values == k)
        try:
            found = [catalog[name]]
            at_rows = [rows]
        except KeyError:
            # A dated alias names different offerings over time: resolve it at each distinct instant of its rows.
            found, at_rows = [], []
            instants, which = np.unique(seconds[rows], return_inverse=True)
            try:
                by_instant = [catalog.offering_at(name, pd.Timestamp(int(t), unit="s", tz="UTC").to_pydatetime()).id
                              for t in instants]
                for oid in dict.fromkeys(by_instant):
                    found.append(catalog[oid])
                    at_rows.append(rows[np.isin(which, [k for k, x in enumerate(by_instant) if x == oid])])
            except KeyError as e:
                raise _where(frame, int(rows[0]), "offering" if by_id else "model", str(e)) from None
        for o, rs in zip(found, at_rows):
            if o.id not in index:
                index[o.id] = len(offerings)
                offerings.append(o)
            codes[rs] = index[o.id]
    return offerings, codes


def _ragged_line(path: str) -> int:
    """The first line whose row has more fields than the header (0 if none is found)."""
    import csv
    import gzip

    with (gzip.open(path, "rt", encoding="utf-8-sig", newline="") if path.lower().endswith(".gz")
          else open(path, encoding="utf-8-sig", newline="")) as f:
        rows = csv.reader(f)
        width = len(next(rows, []))
        for row in rows:
            if len(row) > width:
                return rows.line_num
    return 0


def _read_csv(path: str) -> pd.DataFrame:
    import warnings

    try:
        with warnings.catch_warnings():
            # A row longer than the header would lose its last fields (index_col=False) or shift every column.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(path, dtype={"model": "string", "offering": "string", "service_tier": "string",
                                             "region": "string"}, keep_default_na=True, index_col=False)
    except pd.errors.ParserWarning:
        raise _file_error(path, _ragged_line(path), 0, "", "this row has more fields than the header; give every "
                          "row the header's columns (quote a value that holds a comma)") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        # pandas names the line: "Expected 6 fields in line 3, saw 8", "EOF inside string starting at row 2".
        m = re.search(r"(line|row) (\d+)", str(e))  # a 1-based line, or a row counted from 0 at the header
        line = (int(m.group(2)) + (m.group(1) == "row")) if m else 0
        detail = " ".join(str(e).replace("Error tokenizing data. C error: ", "").split())
        detail = re.sub(r" starting at row \d+", "", detail)
        raise _file_error(path, line, 0, "", f"not a CSV table: {detail}; every row needs the "
                          "header's columns, and a quoted value its closing quote") from None
    frame.attrs["first_line"] = 2  # line 1 is the header
    return frame


def _read_parquet(path: str) -> pd.DataFrame:
    try:
        import pyarrow.parquet as pq  # type: ignore[import-untyped]
    except ImportError:
        raise InputError("reading Parquet needs pyarrow: pip install pyarrow") from None
    import pyarrow as pa  # type: ignore[import-untyped]

    try:
        return pq.read_table(path).to_pandas()
    except (pa.ArrowException, OSError, ValueError) as e:
        raise InputError(f"{path}: not a readable Parquet file ({' '.join(str(e).split())})") from None


# Logs already in canonical columns, beside the providers' exports.
_CANONICAL_FORMATS = {"csv": _read_csv, "parquet": _read_parquet}


def _detect(path: str) -> str:
    if path.lower().endswith((".parquet", ".pq")):
        return "parquet"
    if path.lower().endswith((".csv", ".csv.gz")):
        import gzip

        with (gzip.open(path, "rt", encoding="utf-8-sig") if path.lower().endswith(".gz")
              else open(path, encoding="utf-8-sig")) as f:
            header = [h.strip() for h in f.readline().split(",")]
        if "timestamp" in header and ("model" in header or "offering" in header):
            return "csv"
    return detect_format(path)  # type: ignore[no-any-return]


def read_log(source: Union[PathLike, Any], *, format: Optional[str] = None, columns: Optional[Mapping[str, str]] = None,
             timezone: Optional[str] = None, catalog: Any = None) -> UsageLog:
    """A log from a file: canonical CSV, Parquet or JSON lines, or a provider's export (``format`` names it;
    by default it is recognised from the file). ``columns`` maps other column names to canonical ones."""
    if not isinstance(source, (str, os.PathLike)):
        return log_from_frame(source, columns=columns, timezone=timezone, catalog=catalog)
    path = os.fspath(source)
    if not os.path.exists(path):
        raise InputError(f"{path}: no such file")
    if os.path.isdir(path):
        raise InputError(f"{path} is a directory; give a log file (or use infercost.dask for many files)")
    if os.path.getsize(path) == 0:
        raise InputError(f"{path}: the file is empty")
    try:
        fmt = format or _detect(path)
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text (byte {e.start:,} cannot be read); save the file as UTF-8") from None
    except (zlib.error, EOFError, gzip.BadGzipFile) as e:
        raise InputError(f"{path}: not a readable gzip file ({e})") from None
    readers = {**_CANONICAL_FORMATS, **USAGE_FORMATS}
    if fmt not in readers:
        raise InputError(f"unknown log format {fmt!r}; known: {', '.join(sorted(readers))}")
    try:
        frame = readers[fmt](path)
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text (byte {e.start:,} cannot be read); save the file as UTF-8") from None
    except (zlib.error, EOFError, gzip.BadGzipFile) as e:
        raise InputError(f"{path}: not a readable gzip file ({e})") from None
    if len(frame) == 0:
        raise InputError(f"{path}: the log has no rows")
    frame.attrs.setdefault("source", path)
    frame.attrs.setdefault("format", fmt)
    return log_from_frame(frame, columns=columns, timezone=timezone, catalog=catalog)


def _as_log(log: Any, catalog: Any, timezone: Optional[str]) -> UsageLog:
    if isinstance(log, UsageLog):
        return log
    if isinstance(log, (str, os.PathLike)):
        return read_log(log, catalog=catalog, timezone=timezone)
    return log_from_frame(log, catalog=catalog, timezone=timezone)


def _groups(log: UsageLog, by: Sequence[str]):  # type: ignore[no-untyped-def]
    if not by:
        return None, 1, None
    lacking = [b for b in by if b not in log.frame.columns]
    if lacking:
        raise InputError(f"the log has no column {lacking[0]!r} to group by; its dimensions are {log.dimensions}")
    keys = log.frame[list(by)].astype("string").fillna("(none)")
    index = pd.MultiIndex.from_frame(keys)
    codes, uniques = pd.factorize(index)
    labels = pd.MultiIndex.from_tuples(list(uniques), names=list(by)).to_frame(index=False)
    return np.ascontiguousarray(codes.astype(np.int32)), max(1, len(uniques)), labels


def replay(log: Any, candidates: Sequence[Any] = (), *, own: bool = True, currency: Optional[str] = "USD",
           by: Union[None, str, Sequence[str]] = None, day_clock: str = "+00:00", aggregate_tiers: str = "refuse",
           over_limits: str = "refuse", threads: int = 0, row_costs: bool = False, catalog: Any = None,
           timezone: Optional[str] = None, progress: Optional[Callable[[int, int], None]] = None) -> "Replay":
    """Prices every row of ``log`` under its own offering (``own``) and under each of ``candidates`` (ids or
    offerings), with the price version in force at the row's instant, time-of-day rules, context tiers per request,
    service tiers and scopes. Amounts stay in each list's currency and are also converted to ``currency`` at the
    rate in force on each day (None: no conversion). ``by`` groups by attribution columns; days are counted on
    ``day_clock``. A row summing several requests whose prompt crosses a context tier is refused unless
    ``aggregate_tiers='mean'``; a row beyond a candidate's limits is refused unless ``over_limits='exclude'``.
    ``progress(rows_done, rows)`` is called as blocks of rows are priced."""
    from ._api import _catalog

    cat = _catalog(catalog if catalog is not None else getattr(log, "catalog", None))
    ulog = _as_log(log, cat, timezone)
    cands = [cat[c] if isinstance(c, str) else c for c in candidates]
    seen = [c.id for c in cands]
    if len(set(seen)) != len(seen):
        raise InputError(f"a candidate is named twice: {sorted({i for i in seen if seen.count(i) > 1})}")
    by_cols = [by] if isinstance(by, str) else list(by or [])
    group, groups, labels = _groups(ulog, by_cols)
    if row_costs and ulog.rows * (len(cands) + own) > _MAX_ROWS_FOR_ROW_COSTS:
        raise InputError(f"per-row costs of {ulog.rows} rows under {len(cands) + own} offerings would take "
                         f"{ulog.rows * (len(cands) + own) * 8 / 1e9:.1f} GB; ask for totals, or fewer rows")
    try:
        out = _core._replay(ulog.seconds, ulog.counts, ulog.requests, ulog.offering_codes, ulog.offerings, ulog.tiers,
                            ulog.scope_codes, ulog.scopes, group, groups, cands, own, _offset_minutes(day_clock),
                            aggregate_tiers, over_limits, threads, currency, cat.fx if currency else None, row_costs,
                            progress, ulog.ends)
    except InputError as e:
        raise _at_file_line(ulog.frame, e) from None
    result = Replay(ulog, cands, own, currency, by_cols, labels, out)
    result.day_clock = day_clock  # reconcile() counts a cost report's days on the same clock
    return result


class Replay:
    """A log priced under several offerings: ``cells`` (long form), ``totals()``, ``daily()``, ``by_group()``."""

    def __init__(self, log: Optional[UsageLog], candidates: List[Any], own: bool, currency: Optional[str], by: List[str],
                 labels: Optional[pd.DataFrame], raw: Optional[Dict[str, Any]]) -> None:
        self.log = log
        self.currency = currency
        self.by = by
        self.columns: List[str] = ([_OWN] if own else []) + [c.id for c in candidates]
        self._own = own
        self._labels = labels
        self._raw = raw
        self.day_clock = "+00:00"  # the clock its days are counted on (replay's day_clock)
        self._cell_frame: Optional[pd.DataFrame] = None
        if raw is not None:
            self.rows_over_limits = dict(zip(self.columns, raw["rows_over_limits"]))
            self.rows_tiered_at_mean = dict(zip(self.columns, raw["rows_tiered_at_mean"]))
            self.unknown = list(log.unknown) if log is not None else []

    @property
    def cells(self) -> pd.DataFrame:
        """The long form: one row per offering priced, day, group, logged offering, tier, scope and price version."""
        if self._cell_frame is None:
            self._cell_frame = self._cells()
        return self._cell_frame

    @classmethod
    def from_cells(cls, cells: pd.DataFrame, *, columns: List[str], own: bool, currency: Optional[str], by: List[str],
                   rows_over_limits: Dict[str, int], rows_tiered_at_mean: Dict[str, int],
                   unknown: List[str]) -> "Replay":
        """A replay combined from the cells of several (a Dask DataFrame's partitions)."""
        r = cls(None, [], False, currency, by, None, None)
        r.columns = columns
        r._own = own
        r._cell_frame = cells
        r.rows_over_limits = rows_over_limits
        r.rows_tiered_at_mean = rows_tiered_at_mean
        r.unknown = unknown
        return r

    def _cells(self) -> pd.DataFrame:
        r: Any = self._raw
        col = np.asarray(r["column"])
        own_code = np.asarray(r["offering"])
        assert self.log is not None
        own_ids = np.array([o.id for o in self.log.offerings] + [""], dtype=object)
        priced_by: Any = np.array([""] * len(col), dtype=object)
        for k, c in enumerate(self.columns):
            sel = col == k
            if self._own and k == 0:
                priced_by[sel] = own_ids[own_code[sel]]
            else:
                priced_by[sel] = c
        meters = list(_core.METERS)
        frame = pd.DataFrame({
            "priced_as": pd.Categorical.from_codes(col, self.columns),  # type: ignore[call-overload]
            "offering": priced_by,
            "logged_offering": own_ids[own_code],
            "day": pd.to_datetime(np.asarray(r["day"]).astype("int64"), unit="D").date,  # type: ignore[call-overload]
        })
        if self._labels is not None:
            frame = pd.concat([frame, self._labels.iloc[np.asarray(r["group"])].reset_index(drop=True)], axis=1)  # type: ignore[call-overload]
        frame["service_tier"] = np.array(_core.SERVICE_TIERS, dtype=object)[np.asarray(r["tier"])]
        scopes = np.array(self.log.scopes + [""], dtype=object)
        frame["region"] = scopes[np.asarray(r["scope"])]
        frame["version"] = np.asarray(r["version"])
        frame["rows"] = np.asarray(r["rows"])
        frame["requests"] = np.asarray(r["requests"])
        frame["rows_unknown_requests"] = np.asarray(r["rows_unknown_requests"])
        q = np.asarray(r["quantity"])
        costs = np.asarray(r["cost"])
        for k, m in enumerate(meters):
            if m in ("request", "cache_storage"):
                continue
            frame[f"{m}_quantity"] = q[:, k]
        for k, m in enumerate(meters):
            frame[f"{m}_cost"] = costs[:, k]
        frame["cost"] = np.asarray(r["total"])
        frame["currency"] = r["currency"]
        if self.currency:
            frame[f"cost_{self.currency}"] = np.asarray(r["reporting_total"])
            frame["fx_rate"] = np.asarray(r["fx_rate"])
            frame["fx_rate_date"] = r["fx_rate_date"]
        return frame

    def _reporting(self) -> str:
        if not self.currency:
            raise InputError("this replay has no reporting currency; run it with currency='USD' (or another)")
        return f"cost_{self.currency}"

    def totals(self) -> pd.DataFrame:
        """One row per offering priced: rows, requests, tokens, the amount in each list's currency and in the
        reporting currency, and the change against the log as it was billed ("as logged")."""
        g = self.cells.groupby(["priced_as", "currency"], observed=True, sort=False)
        t = g.agg(rows=("rows", "sum"), requests=("requests", "sum"), rows_unknown_requests=("rows_unknown_requests", "sum"),
                  input_tokens=("input_quantity", "sum"),
                  output_tokens=("output_quantity", "sum"), cost=("cost", "sum")).reset_index()
        t["input_tokens"] = t["input_tokens"] + g["cached_input_quantity"].sum().to_numpy() + \
            g["cache_write_quantity"].sum().to_numpy() + g["cache_write_long_quantity"].sum().to_numpy()
        t["output_tokens"] = t["output_tokens"] + g["reasoning_quantity"].sum().to_numpy()
        for c in ("rows", "requests", "rows_unknown_requests", "input_tokens", "output_tokens"):
            t[c] = t[c].round().astype("int64")  # whole counts, summed in double by the kernel
        if self.currency:
            rep = self._reporting()
            t[rep] = g[rep].sum().to_numpy()
            if self._own:
                base = t.loc[t["priced_as"] == _OWN, rep].sum()
                per = t.groupby("priced_as", observed=True)[rep].transform("sum")
                t[f"change_{self.currency}"] = per - base
                t["change_share"] = (per - base) / base if base else np.nan
        t["rows_over_limits"] = t["priced_as"].map(self.rows_over_limits).astype("int64")
        t["rows_tiered_at_mean"] = t["priced_as"].map(self.rows_tiered_at_mean).astype("int64")
        return t.rename(columns={"priced_as": "offering"})

    def daily(self) -> pd.DataFrame:
        """Cost per day (rows) and offering (columns) in the reporting currency."""
        rep = self._reporting()
        d = self.cells.pivot_table(index="day", columns="priced_as", values=rep, aggfunc="sum", observed=True)
        return self._in_currency(d.reindex(columns=self.columns))

    def _in_currency(self, frame: pd.DataFrame) -> pd.DataFrame:
        frame.columns.name = f"cost {self.currency}"  # every amount in the reporting currency
        frame.attrs["currency"] = self.currency
        return frame

    def by_group(self) -> pd.DataFrame:
        """Cost per attribution group (the ``by`` columns) and offering, in the reporting currency."""
        if not self.by:
            raise InputError("this replay was not grouped; run it with by='team' (or another dimension)")
        rep = self._reporting()
        return self._in_currency(self.cells.pivot_table(index=self.by, columns="priced_as", values=rep, aggfunc="sum",
                                                        observed=True).reindex(columns=self.columns))

    def by_model(self) -> pd.DataFrame:
        """Cost per logged offering (the model the traffic was on) and offering priced, in the reporting currency."""
        rep = self._reporting()
        return self._in_currency(self.cells.pivot_table(index="logged_offering", columns="priced_as", values=rep,
                                                        aggfunc="sum", observed=True).reindex(columns=self.columns))

    def row_costs(self) -> pd.DataFrame:
        """Per-row costs (replay with ``row_costs=True``), one column per offering, each in its list's currency."""
        if self._raw is None or self._raw["row_costs"] is None or self.log is None:
            raise InputError("per-row costs were not asked for; replay with row_costs=True")
        frame = pd.DataFrame(self._raw["row_costs"], columns=self.columns, index=self.log.frame.index)
        # Each column's amounts are in its lists' currencies (one, unless a list changed currency or the logged
        # offerings bill in several): say which, per column.
        frame.attrs["currency"] = {c: ", ".join(sorted(set(self.cells.loc[self.cells["priced_as"] == c, "currency"])))
                                   for c in self.columns}
        return frame

    def notes(self) -> List[str]:
        """What a reader should know about the figures."""
        out = []
        meters = [c for c in self.unknown if c in _KERNEL_COLUMNS]
        if meters:
            out.append("the log does not carry " + ", ".join(meters) + ": those meters are priced at zero use")
        other = [c for c in self.unknown if c not in _KERNEL_COLUMNS]
        if other:
            out.append("the log does not carry " + ", ".join(other) + " for every row (see docs/usage-logs.md)")
        unknown_requests = int(self.cells["rows_unknown_requests"].sum()) if len(self.cells) else 0
        if unknown_requests:
            out.append(f"{unknown_requests} rows do not say how many requests they hold: `requests` counts the others, "
                       "and those rows' sizes per request are not checked against context windows")
        for c, n in self.rows_tiered_at_mean.items():
            if n:
                out.append(f"{c}: {n} aggregated rows tiered at their mean prompt")
        for c, n in self.rows_over_limits.items():
            if n:
                out.append(f"{c}: {n} rows beyond its context window or maximum output left out")
        return out

    def plot_daily(self, ax: Any = None) -> Any:
        """Daily cost per offering, a line each, in the reporting currency."""
        from .plots import plot_replay_daily

        return plot_replay_daily(self, ax=ax)

    def __repr__(self) -> str:
        return f"<Replay {int(self.cells['rows'].sum() // max(1, len(self.columns)))} rows under {len(self.columns)} offerings>"


class LogProfile:
    """The workload a log shows, with how well the fit matches the log."""

    def __init__(self, d: Dict[str, Any]) -> None:
        self.workload = d["workload"]
        self.first_day = d["first_day"]
        self.last_day = d["last_day"]
        self.days: int = d["days"]
        self.requests: float = d["requests"]
        self.aggregated_requests: float = d["aggregated_requests"]
        self.hourly_requests: np.ndarray = d["hourly_requests"]
        self.shape_r2: float = d["shape_r2"]
        self.shape_mae_share: float = d["shape_mae_share"]
        self.growth_per_month: Optional[float] = d["growth_per_month"]
        self.growth_standard_error: Optional[float] = d["growth_standard_error"]
        self._lengths = {"input": d["input"], "output": d["output"]}

    def fit_frame(self) -> pd.DataFrame:
        """Observed against fitted mean, p50, p90 and p99 of the input and output lengths."""
        rows = []
        for what, f in self._lengths.items():
            for stat in ("mean", "p50", "p90", "p99"):
                obs, fit = f[f"observed_{stat}"], f[f"fitted_{stat}"]
                rows.append({"length": what, "statistic": stat, "observed": obs, "fitted": fit,
                             "error_share": (fit - obs) / obs if obs else np.nan})
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        return (f"<LogProfile {self.first_day}..{self.last_day}: {self.requests:,.0f} requests, "
                f"shape R² {self.shape_r2:.2f}>")


def reconcile(replayed: Replay, costs: pd.DataFrame, *, by: Sequence[str] = ("day", "model", "meter", "service_tier"),
              ) -> pd.DataFrame:
    """The log as priced under its own offerings set against the provider's cost report (a canonical cost frame
    from :mod:`infercost.exports`), per day, model, meter and tier, with the residual the traffic does not explain.

    ``by`` names the keys to match on: ``day``, ``model``, ``meter``, ``service_tier``, ``region``, or an attribution
    column the replay was grouped by. A key the report never fills is left out (OpenAI's costs name no model or
    meter: they are matched per day). Where the report leaves a key empty for some meter (Anthropic's web search
    costs name no model or tier), that meter is matched without the key: the priced amounts of all models and
    tiers are summed against the report's line. Report days are counted on the replay's ``day_clock``. Reasoning
    is set against the report's output lines where the report has no reasoning meter. Amounts are compared in the
    report's currency; a report in another currency than the price lists is refused."""
    if not replayed._own or replayed.log is None:
        raise InputError("reconciliation needs the log priced under its own offerings (own=True) in one process")
    cells = replayed.cells[replayed.cells["priced_as"] == _OWN]
    report = costs.copy()
    report["day"] = _report_days(report["date"], replayed.day_clock)
    report["logged_offering"] = _report_offerings(report, replayed)
    # The keys the report fills on at least one row; each must be a column of the replay's cells.
    keys: List[str] = []
    for k in by:
        col = "logged_offering" if k == "model" else k
        if col in keys or col not in report.columns or report[col].isna().all():
            continue
        if col not in ("day", "logged_offering", "meter", "service_tier", "region") and col not in replayed.by:
            raise InputError(f"the cost report has a column {k!r} but the replay was not grouped by it; "
                             f"replay with by={k!r} to reconcile per {k}")
        keys.append(col)
    meters = [m for m in _core.METERS if f"{m}_cost" in cells.columns]
    ids = ["day", "logged_offering", "service_tier", "region", "currency"] + [k for k in keys if k in replayed.by]
    long = cells.melt(id_vars=ids, value_vars=[f"{m}_cost" for m in meters], var_name="meter", value_name="priced")
    long["meter"] = long["meter"].str.removesuffix("_cost")
    long = long[long["priced"] != 0]
    if "meter" in keys:
        named = set(report["meter"].dropna())
        if "reasoning" not in named and "output" in named:  # reasoning is billed as output
            long.loc[long["meter"] == "reasoning", "meter"] = "output"
    cur_log = set(long["currency"])
    cur_rep = set(report["currency"].dropna())
    if len(cur_rep) > 1 or (cur_rep and cur_log and cur_rep != cur_log):
        raise InputError(f"the cost report is in {sorted(cur_rep)} and the price lists in {sorted(cur_log)}; "
                         "reconcile one currency at a time")
    # One class per meter the report names (and one for its lines without a meter) when matching by meter; else one
    # class. Within a class, the keys every report line fills.
    if "meter" in keys:
        rep_meter = report["meter"].astype(object).where(report["meter"].notna(), None)
        classes = [(m, report[rep_meter == m] if m is not None else report[rep_meter.isna()])
                   for m in pd.unique(rep_meter)]
        priced_meters = [m for m in pd.unique(long["meter"]) if m not in set(rep_meter.dropna())]
    else:
        classes, priced_meters = [(None, report)], []
    parts = []
    for m, rep in classes:
        gran = [k for k in keys if rep[k].notna().all()]
        pri = long[long["meter"] == m] if "meter" in keys else long
        if m is None and "meter" in keys:
            pri = long.iloc[:0]  # lines without a meter explain nothing the log priced per meter
        parts.append(_matched(pri, rep, gran))
    for m in priced_meters:  # meters the report never bills: all of their priced amount is a residual
        parts.append(_matched(long[long["meter"] == m], report.iloc[:0], keys))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=keys + ["priced", "billed"])
    out = out.reindex(columns=keys + ["priced", "billed"])
    out = out.astype({k: object for k in keys}).where(out.notna(), None)
    out["priced"] = out["priced"].astype(float)
    out["billed"] = out["billed"].astype(float)
    residual = out["billed"] - out["priced"]
    # Below a millionth of a millionth of the amounts, a difference is the rounding of binary floating point (the
    # report's decimal amounts against sums of per-meter costs), not money.
    noise = residual.abs() <= 1e-12 * np.maximum(out["billed"].abs(), out["priced"].abs())
    out["residual"] = residual.where(~noise, 0.0)
    billed = out["billed"].where(out["billed"] != 0)
    out["residual_share"] = out["residual"] / billed
    out["currency"] = next(iter(cur_rep or cur_log or {""}))
    keys = [k for k in keys if out[k].notna().any()]  # a key no line could be matched on says nothing
    out = out[keys + ["priced", "billed", "residual", "residual_share", "currency"]]
    order = [k for k in keys if k != "meter"] + (["meter"] if "meter" in keys else [])
    if order:
        out = out.sort_values(order, key=lambda s: s.map(lambda v: (v is None, str(v))), kind="stable")
    return out.reset_index(drop=True).rename(columns={"logged_offering": "offering"})


def _matched(priced: pd.DataFrame, report: pd.DataFrame, keys: List[str]) -> pd.DataFrame:
    """The priced and billed amounts summed over ``keys`` (which neither side leaves empty), side by side."""
    if not keys:
        return pd.DataFrame({"priced": [float(priced["priced"].sum())], "billed": [float(report["amount"].sum())]})
    p = priced.astype({k: object for k in keys}).groupby(keys)["priced"].sum().reset_index()
    b = report.astype({k: object for k in keys}).groupby(keys)["amount"].sum().rename("billed").reset_index()
    out = p.merge(b, on=keys, how="outer")
    return out.fillna({"priced": 0.0, "billed": 0.0})


def _report_days(dates: pd.Series, day_clock: str) -> pd.Series:
    """The day of each report line's start on the replay's day clock."""
    when = pd.to_datetime(dates, utc=True) + pd.Timedelta(minutes=_offset_minutes(day_clock))
    return when.dt.date


def _report_offerings(report: pd.DataFrame, replayed: Replay) -> pd.Series:
    """The offering ids of a cost report's model names, resolved like the log's (dated aliases at each line's
    start); a name the catalog does not know stays as written, so that its lines show as unexplained."""
    assert replayed.log is not None
    if "model" not in report.columns:
        return pd.Series([None] * len(report), index=report.index, dtype=object)
    cat = replayed.log.catalog
    ids: Dict[Any, Any] = {}
    out: List[Optional[str]] = []
    for name, date in zip(report["model"], report["date"]):
        if name is None or name is pd.NA or (isinstance(name, float) and np.isnan(name)):
            out.append(None)
            continue
        key = (str(name), date)
        if key not in ids:
            try:
                ids[key] = cat[str(name)].id
            except KeyError:
                try:
                    ids[key] = cat.offering_at(str(name), pd.Timestamp(date).to_pydatetime()).id
                except (KeyError, ValueError):
                    ids[key] = str(name)
        out.append(ids[key])
    return pd.Series(out, index=report.index, dtype=object)


def read_costs(path: PathLike, *, format: Optional[str] = None) -> pd.DataFrame:
    """A provider's cost report in the canonical cost frame (:data:`infercost.exports.COST_COLUMNS`)."""
    from .exports import COST_FORMATS

    fmt = format or detect_format(os.fspath(path))
    if fmt not in COST_FORMATS:
        raise InputError(f"{os.fspath(path)}: {fmt!r} is not a cost report format; known: {', '.join(sorted(COST_FORMATS))}")
    return COST_FORMATS[fmt](os.fspath(path))  # type: ignore[no-any-return]


def replay_self_hosted(log: UsageLog, option: Any, *, currency: str = "USD", clock: str = "+00:00") -> Any:
    """The log's own hours served on a self-hosted option: the capacity model hour by hour over the log's arrivals,
    with the lengths and shares the log shows. Returns (plan, cost report)."""
    p = log.profile(clock=clock)
    if p.aggregated_requests > 0 or (log.ends is not None and bool(((log.ends - log.seconds) > 3600).any())):
        raise InputError("serving a log on self-hosted capacity needs each request's lengths and arrival hour; this log "
                         "sums requests into buckets (its lengths are means, its hours spread), which would understate the "
                         "peak and the memory; give per-request rows")
    return _core._plan_observed(log.catalog, option, p.workload, p.first_day, list(p.hourly_requests), currency)


__all__ = ["UsageLog", "Replay", "LogProfile", "read_log", "log_from_frame", "replay", "reconcile", "read_costs",
           "replay_self_hosted"]
