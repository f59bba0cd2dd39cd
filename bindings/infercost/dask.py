"""Logs larger than memory: a Dask DataFrame (many Parquet or CSV files) priced partition by partition.

Each partition is replayed where it lies (a worker process loads the catalog once, from its directory), and the
partitions' cells are combined into one :class:`infercost.logs.Replay`-like result: ``totals()``, ``daily()``,
``by_group()`` and ``by_model()`` work as on a log priced in one process, and give the same totals to the cent.

    import dask.dataframe as dd, infercost.dask
    r = infercost.dask.replay(dd.read_parquet("logs/2026-11-*.parquet"), ["deepseek/deepseek-v4-flash"])
    r.totals()
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Sequence, Union

import pandas as pd

from .errors import InputError
from .logs import _OWN, Replay, log_from_frame
from .logs import replay as _replay

_CATALOGS: Dict[Optional[str], Any] = {}  # per worker process: catalogs by directory (None: the bundled one)


def _catalog_at(directory: Optional[str]) -> Any:
    from . import Catalog

    if directory not in _CATALOGS:
        _CATALOGS[directory] = Catalog.load(directory) if directory else Catalog.default()
    return _CATALOGS[directory]


def _partition(frame: pd.DataFrame, candidates: Sequence[str], directory: Optional[str], options: Dict[str, Any]) -> Any:
    if len(frame) == 0:
        return None
    catalog = _catalog_at(directory)
    log = log_from_frame(frame, catalog=catalog, timezone=options.pop("timezone", None))
    r = _replay(log, list(candidates), catalog=catalog, **options)
    return r.cells, r.rows_over_limits, r.rows_tiered_at_mean, log.unknown


def replay(frame: Any, candidates: Sequence[str] = (), *, catalog: Any = None, by: Union[None, str, Sequence[str]] = None,
           currency: Optional[str] = "USD", own: bool = True, timezone: Optional[str] = None,
           aggregate_tiers: str = "refuse", over_limits: str = "refuse", day_clock: str = "+00:00",
           scheduler: Any = None) -> Replay:
    """Prices a Dask DataFrame in canonical log columns under its own offerings and ``candidates`` (offering ids),
    partition by partition (see :func:`infercost.logs.replay` for the options). ``catalog`` must be a catalog loaded
    from a directory (the workers load it from there) or None for the bundled one."""
    import dask

    if not hasattr(frame, "to_delayed"):
        raise InputError(f"infercost.dask.replay takes a Dask DataFrame, not {type(frame).__name__}")
    directory = None
    if catalog is not None:
        if not str(getattr(catalog, "directory", "")):
            raise InputError("a catalog built in memory cannot be sent to Dask workers; load it from a directory")
        directory = str(catalog.directory)
    from ._api import _catalog

    # Ids as the partitions will name their columns: a model name or alias resolves to its offering here, once.
    resolved = _catalog(catalog)
    ids = [resolved[c].id if isinstance(c, str) else c.id for c in candidates]
    by_cols = [by] if isinstance(by, str) else list(by or [])
    options = {"own": own, "currency": currency, "by": by_cols or None, "aggregate_tiers": aggregate_tiers,
               "over_limits": over_limits, "day_clock": day_clock, "timezone": timezone}
    parts = [dask.delayed(_partition)(p, ids, directory, dict(options)) for p in frame.to_delayed()]
    done = [d for d in dask.compute(*parts, scheduler=scheduler) if d is not None]
    if not done:
        raise InputError("the Dask DataFrame holds no rows")
    columns = ([_OWN] if own else []) + ids
    cells = pd.concat([d[0] for d in done], ignore_index=True)
    cells["priced_as"] = pd.Categorical(cells["priced_as"].astype(str), categories=columns)
    over = {c: sum(int(d[1][c]) for d in done) for c in columns}
    at_mean = {c: sum(int(d[2][c]) for d in done) for c in columns}
    unknown = sorted(set().union(*[set(d[3]) for d in done]))
    return Replay.from_cells(cells, columns=columns, own=own, currency=currency, by=by_cols,
                             rows_over_limits=over, rows_tiered_at_mean=at_mean, unknown=unknown)


__all__ = ["replay"]
