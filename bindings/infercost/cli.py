"""The ``infercost`` command. Every command takes ``--format table|json|csv|markdown``; the JSON shapes are
documented in docs/cli.md and carry a ``schema`` key with a version."""

from __future__ import annotations

import argparse
import datetime as _dt
import math
import os
import sys
import time as _time
import traceback
from typing import Any, Dict, List, NoReturn, Optional, Sequence

import pandas as pd

from . import _api
from . import _core
from . import _selfhost
from ._core import Catalog, ClaimCheck, Comparison, Option, Scenario, SelfHostReport, Workload
from ._present import _csv_cell, _display, _markdown, _records, _table, _volume_text
from .errors import Error, InputError

_D = _api._D  # the C++ defaults (deployment, self-hosting, comparisons, catalog checks)

FORMATS = ("table", "json", "csv", "markdown")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, naming what to fix
        self.exit(2, f"{self.prog}: error: {message}\n")


def _emit(fmt: str, sections: List[tuple], document: Dict[str, Any], out: Any,
          args: Optional[argparse.Namespace] = None) -> None:
    """sections: (title, DataFrame) pairs for table/markdown; csv prints the first; json prints `document`.
    Overlays applied to the catalog are reported after the command's own output."""
    for result in getattr(args, "overlay_results", []):
        sections = sections + [(f"Overlay '{result.name}' changed", result.changes_frame())]
        document.setdefault("overlays", []).append({"name": result.name, "changes": result.changes})
    if fmt == "json":
        out.write(_core._json_dumps(document) + "\n")
        return
    if fmt == "csv":
        frame = sections[0][1].copy()
        rounding = sections[0][1].attrs.get("csv_rounding", {})
        for c in frame.columns:
            frame[c] = frame[c].map(lambda v, r=rounding.get(c): _csv_cell(v, r))
        frame.to_csv(out, index=False)
        return
    for i, (title, frame) in enumerate(sections):
        if i:
            out.write("\n")
        if fmt == "markdown":
            if title:
                out.write(f"### {title}\n\n")
            out.write(_markdown(frame) + "\n")
        else:
            if title:
                out.write(f"{title}\n")
            out.write(_table(frame) + "\n")


def _catalog(args: argparse.Namespace) -> Catalog:
    """The catalog a command prices with: --catalog DIR (default: bundled), then each --overlay in order."""
    if getattr(args, "resolved_catalog", None) is not None:
        return args.resolved_catalog  # type: ignore[no-any-return]
    catalog = Catalog.load(args.catalog) if args.catalog else Catalog.default()  # type: ignore
    args.overlay_results = []
    for path in args.overlay or []:
        result = _api.apply_overlay(path, catalog)
        args.overlay_results.append(result)
        catalog = result.catalog
    args.resolved_catalog = catalog
    return catalog


# --- compare --------------------------------------------------------------------------------------

def _comparison_document(c: Comparison) -> Dict[str, Any]:
    by_meter = _records(c.by_meter_table(every_line=True))
    options = []
    for i, (row, r) in enumerate(zip(_records(c.table()), c.options)):
        plan = c.self_hosted[i]
        options.append({
            "label": row.pop("option"), **row, "self_hosted": None if plan is None else _plan_summary(plan),
            "total": r.total, "cost_per_year_by_meter": {k: v for k, v in by_meter[i].items() if k != "option"},
            "price_versions": r.versions, "time_rules": r.time_rules, "exchange_rates": r.conversions,
        })
    return {"currency": c.currency, "start": c.start, "months": c.months, "fx_date": c.fx_date,
            "baseline": c.options[c.baseline].label, "options": options}


def _claim_document(k: ClaimCheck) -> Dict[str, Any]:
    return {**_core._json_record(k.table()), "currency": k.currency, "summary": k.summary}


def _comparison_table(c: Comparison, csv: bool = False) -> pd.DataFrame:
    if csv:  # a column a spreadsheet can filter on, not a mark in the label
        return _display(c.table(), ["option", "baseline", "cost_per_year", "saving_per_year", "saving_share",
                                    "cost_per_request"])
    frame = _display(c.table(), ["option", "cost_per_year", "saving_per_year", "saving_share", "cost_per_request"])
    frame["option"] = [f"{o}  (baseline)" if i == c.baseline else o for i, o in enumerate(frame["option"])]
    return frame


def _by_period(c: Comparison, by: str) -> pd.DataFrame:
    """Cost per period (rows) and option (columns), for people."""
    table = c.projection_table(by)
    rows = _records(table)
    labels = [r.label for r in c.options]
    heading = next(col["heading"] for col in table.columns if col["name"] == "period")
    periods: Dict[Any, Dict[str, Any]] = {}
    for row in rows:
        periods.setdefault(row["period"], {heading: str(row["period"])[:10]})[f"{row['option']} {c.currency}"] = row["cost"]
    frame = pd.DataFrame(list(periods.values()), columns=[heading] + [f"{label} {c.currency}" for label in labels])
    frame.attrs["csv_rounding"] = {f"{label} {c.currency}": "cents" for label in labels}
    return frame


def _claim_table(k: ClaimCheck) -> pd.DataFrame:
    frame = k.to_frame().reset_index()  # type: ignore
    return frame


def _policy_document(pc: Any) -> Dict[str, Any]:
    rows = _records(pc.table())
    return {
        "name": pc.policy, "data_class": pc.data_class or None,
        "options": [{"label": row["option"], "cost_per_year": row["cost_per_year"], "passes": row["passes"],
                     "reasons": reasons} for row, reasons in zip(rows, pc.reasons)],
        "cheapest": pc.labels[pc.cheapest],
        "cheapest_compliant": None if pc.cheapest_compliant is None else pc.labels[pc.cheapest_compliant],
        "cost_of_policy_per_year": pc.cost_of_policy_per_year,
    }


def cmd_compare(args: argparse.Namespace, out: Any) -> None:
    catalog = _catalog(args)
    scenario: Scenario = _api._scenario_load(args.scenario, catalog)
    c = scenario.run(catalog)  # type: ignore
    claim = scenario.check_claim(catalog) if scenario.claim is not None else None  # type: ignore
    variants = _core._scenario_claim_variants(scenario, catalog) if claim is not None else None
    policy_file = args.policy or scenario.policy_file
    if args.data_class is not None and not policy_file:
        raise InputError("--data-class is judged by a policy: give --policy FILE (or name one in the scenario)")
    data_class = args.data_class if args.data_class is not None else (scenario.data_class if not args.policy else "")
    pc = _api.check_policy(c, policy_file, data_class=data_class or "", catalog=catalog) if policy_file else None
    by = args.by or "month"
    document = {"schema": "infercost.compare/2", "scenario": scenario.name, "file": str(scenario.file),
                **_comparison_document(c), "by": by, "discount_rate": c.discount_rate,
                "projection": _records(c.projection_table(by)), "savings": _records(c.savings_table(by)),
                "finance": _records(c.finance_table()),
                "tasks": _records(c.task_table()) if c.has_tasks else None,
                "claim": None if claim is None else _claim_document(claim),
                "claim_variants": None if variants is None else _records(variants),
                "policy": None if pc is None else _policy_document(pc)}
    w = scenario.workload
    title = (f"{scenario.name}: {_volume_text(w)}, prompt {w.input_tokens.describe()}, "
             f"output {w.output_tokens.describe()}; {c.months} months from {c.start}")
    table = _comparison_table(c, csv=args.format == "csv")
    if pc is not None:
        table["policy"] = ["passes" if p else "fails" for p in pc.passes]
    sections = [(title, table)]
    if args.by:
        projection = c.projection_table(args.by)
        if args.format == "csv":  # the long form, one row per period and option, joins a FinOps data set
            sections = [(projection.title, _display(projection))]
        else:
            sections.append((projection.title.replace(" by cost line", ""), _by_period(c, args.by)))
        finance = c.finance_table()
        sections.append((finance.title + "; " + "; ".join(finance.notes), _display(finance)))
    if c.has_tasks:
        tasks = c.task_table()
        sections.append((tasks.title, _display(tasks)))
    sections.append(("Assumptions", _display(c.assumptions_table())))  # type: ignore
    if claim is not None:
        sections.append((f"Claim: {claim.summary}", _claim_table(claim)))
        assert variants is not None
        sections.append((variants.title, _display(variants, ["variant", "candidate", "saving_share",
                                                             "implied_requests_per_day", "implied_tokens_per_month",
                                                             "note"])))
    if pc is not None:
        sections.append((pc.summary, _display(pc.table(), ["option", "reasons"], keep=[not p for p in pc.passes])))
    if args.samples is not None:
        _uncertainty_sections(args, scenario, catalog, sections, document)
    _emit(args.format, sections, document, out, args)


def _uncertainty_sections(args: argparse.Namespace, scenario: Scenario, catalog: Catalog, sections: List[tuple],
                          document: Dict[str, Any]) -> None:
    """--samples: the ranges of every option, the claim's odds and what moves the saving."""
    from . import uncertainty

    mc = uncertainty.monte_carlo(scenario, args.samples, args.seed, monthly=bool(args.by), keep_samples=False,
                                 catalog=catalog)
    tn = uncertainty.tornado(scenario, catalog=catalog) if len(mc.options) > 1 else None
    inputs = _core._uncertain_inputs(scenario)[2]
    ranges = mc.ranges_table()
    document["uncertainty"] = {
        "samples": mc.samples, "seed": mc.seed, "inputs": _records(inputs), "ranges": _records(ranges),
        "claim": None if mc.claim_option is None else {
            "candidate": mc.options[mc.claim_option], "saving_per_year": mc.claimed_saving,
            "probability": mc.probability_claim, "standard_error": mc.probability_claim_se},
        "tornado": None if tn is None else {"candidate": tn.candidate, "base_saving": tn.base_saving,
                                            "bars": _records(tn.table())},
        "monthly": _records(mc.monthly_table()) if args.by else None,
        "per_successful_task": _records(mc.task_ranges_table()) if len(mc.task_ranges_table()) else None,
    }
    shown = ["option", "stated", "p5", "p50", "p95", "saving_p5", "saving_p50", "saving_p95", "p_cheaper"]
    if args.format == "csv":  # the ranges alone, every column, for a spreadsheet
        sections[:] = [(ranges.title, _display(ranges))]
        return
    sections.append((inputs.title + ("; " + "; ".join(inputs.notes) if inputs.notes else ""), _display(inputs)))
    sections.append((ranges.title + "; " + "; ".join(ranges.notes), _display(ranges, shown)))
    if len(mc.task_ranges_table()):
        sections.append((mc.task_ranges_table().title, _display(mc.task_ranges_table())))
    if tn is not None:
        sections.append((tn.table().title + "; " + "; ".join(tn.table().notes), _display(tn.table())))


def cmd_report(args: argparse.Namespace, out: Any) -> None:
    from . import report

    catalog = _catalog(args)
    scenario: Scenario = _api._scenario_load(args.scenario, catalog)
    _refuse_to_overwrite([os.path.join(args.out, name) for name in report.REPORT_FILES.values()], args.force)
    try:
        paths = report.write_report(scenario, args.out, catalog)
    except OSError as e:  # a folder that cannot be made or written: say which and why
        raise InputError(f"cannot write the report to '{args.out}': {e.strerror or e}") from None
    document = {"schema": "infercost.report/1", "scenario": scenario.name, **{k: str(v) for k, v in paths.items()}}
    frame = pd.DataFrame({"file": [str(p) for p in paths.values()],
                          "what": ["the page for the meeting (open in a browser)", "the workbook, one sheet per table",
                                   "the projection as FOCUS 1.3 cost rows"]})
    _emit(args.format, [(f"Report for '{scenario.name}'", frame)], document, out, args)


# --- selfhost -------------------------------------------------------------------------------------

def _estimate_document(e: Any) -> Dict[str, Any]:
    d = _selfhost.estimate_measures(e)
    d["notes"] = list(e.notes)
    d.update({k: e.memory[k] for k in ("weights_gb_per_gpu", "kv_budget_gb_per_gpu", "kv_tokens_per_replica")})
    return d


def _plan_summary(plan: SelfHostReport) -> Dict[str, Any]:
    o = plan.option
    d = o.deployment
    return {
        "model": d.model, "gpu": d.gpu, "gpus_per_replica": plan.gpus_per_replica, "tp": d.tp, "ep": d.ep, "weights": d.weights,
        "prefill": None if o.prefill is None else {"gpus": o.prefill.gpus, "tp": o.prefill.tp, "dp": o.prefill.dp, "ep": o.prefill.ep,
                                                   "replicas_per_unit": plan.prefill_replicas_per_unit},
        "kv": d.kv, "engine": d.engine, "cloud_offer": o.cloud_offer or None, "owned": o.owned or None,
        "provisioning": o.provisioning, "price_basis": plan.price_basis, "currency": plan.currency,
        "price_per_gpu_hour": plan.price_per_gpu_hour, "cost_per_month": plan.cost_per_month,
        "gpu_hours_per_month": plan.gpu_hours_per_month, "peak_instances": plan.peak_instances,
        "peak_gpus": plan.peak_gpus, "utilisation": plan.utilisation,
        "cost_per_million_input": plan.cost_per_million_input, "cost_per_million_output": plan.cost_per_million_output,
        "cost_per_request": plan.cost_per_request, "marginal_cost_per_million_tokens": plan.marginal_cost_per_million_tokens,
        "replica": _estimate_document(plan.replica),
        "peak_minute_requests_per_second": plan.peak_minute_requests_per_second,
        "peak_latency": None if plan.peak_latency is None else {"ttft": plan.peak_latency.ttft, "tpot": plan.peak_latency.tpot},
        "peak_latency_note": plan.peak_latency_note or None,
    }


def _deployment_args(a: argparse.ArgumentParser, required: bool = True) -> None:
    """The deployment flags; for `selfhost cost` they are optional, since a scenario may hold the options."""
    a.add_argument("--model", required=required, help="model id (infercost selfhost models)" if required else
                   "plan this deployment instead of the scenario's self-hosted options")
    a.add_argument("--gpu", required=required, help="GPU id (infercost selfhost gpus)")
    a.add_argument("--gpus", type=_int, default=_D["gpus"], help=f"GPUs per replica (default {_D['gpus']})")
    a.add_argument("--tp", type=_int, help="tensor parallelism (default: the GPUs that --dp and --pp leave)")
    a.add_argument("--dp", type=_int, help="attention data parallelism: ranks of --tp GPUs each (DEP with --ep)")
    a.add_argument("--pp", type=_int, default=_D["pp"], help=f"pipeline stages (default {_D['pp']})")
    a.add_argument("--ep", type=_int, default=_D["ep"], help="expert parallelism: 1, or the GPUs of a stage (tp x dp)")
    a.add_argument("--nodes", type=_int, help="scale-up domains (servers, racks) the replica spans (default: the fewest)")
    a.add_argument("--precision", default=_D["weights"], help=f"weight precision: bf16, fp8 or fp4 (default {_D['weights']})")
    a.add_argument("--expert-precision", help="routed experts at another precision (gpt-oss: fp4 with --precision bf16)")
    a.add_argument("--kv", "--kv-precision", dest="kv", default=_D["kv"],
                   help=f"KV-cache precision: bf16, fp8 or fp4 (default {_D['kv']})")
    a.add_argument("--engine", default=_D["engine"], help=f"serving engine of the efficiency profile (default {_D['engine']})")
    a.add_argument("--settings", help="engine settings id in engines.yaml (default: the engine's own)")
    a.add_argument("--max-batch-size", type=_int, help="sequences per scheduler (default: the settings')")
    a.add_argument("--max-num-tokens", type=_int, help="tokens per step per scheduler (default: the settings')")
    a.add_argument("--chunked-prefill", action=argparse.BooleanOptionalAction, default=None,
                   help="split prompts over steps (default: the settings')")
    a.add_argument("--kv-fraction", type=_number, help="KV-cache memory fraction (default: the settings')")
    a.add_argument("--spec-tokens", type=_int, default=_D["spec_tokens"], help="speculative tokens drafted per step")
    a.add_argument("--spec-accept", type=_number, default=_D["spec_accept"], help="acceptance rate of each drafted token")
    a.add_argument("--draft", default="", help="draft model id (default: the model's multi-token-prediction layers)")
    a.add_argument("--expert-imbalance", type=_number,
                   help="hottest expert-parallel GPU's load over the mean (default: the efficiency profile's)")
    a.add_argument("--scale-out-gbps", type=_number, help="network between nodes, GB/s per GPU (default: the GPU's)")


def _deployment_kwargs(args: argparse.Namespace) -> Dict[str, Any]:
    """The Deployment keywords the deployment flags give."""
    return dict(gpus=args.gpus, tp=args.tp, dp=args.dp, pp=args.pp, ep=args.ep, nodes=args.nodes, weights=args.precision,
                expert_weights=args.expert_precision, kv=args.kv, engine=args.engine, settings=args.settings or "",
                max_batch_size=args.max_batch_size, max_num_tokens=args.max_num_tokens,
                chunked_prefill=args.chunked_prefill, kv_memory_fraction=args.kv_fraction, spec_tokens=args.spec_tokens,
                spec_accept=args.spec_accept, draft=args.draft, expert_imbalance=args.expert_imbalance,
                scale_out_gbps=args.scale_out_gbps)


def _selfhost_disaggregated(args: argparse.Namespace, out: Any) -> None:
    """`selfhost throughput --prefill-gpus N`: the deployment flags describe the decode pool; the prefill pool takes
    the same flags but its own GPU count and parallelism."""
    if args.concurrency is not None or args.rate is not None:
        raise InputError("a disaggregated estimate sizes both pools itself; leave out --concurrency and --rate")
    decode = _deployment_kwargs(args)
    prefill = dict(decode, gpus=args.prefill_gpus, tp=args.prefill_tp, dp=args.prefill_dp, ep=args.prefill_ep,
                   spec_tokens=0, spec_accept=0.0, draft="")
    d = _selfhost.disaggregated(model=args.model, gpu=args.gpu, isl=args.isl, osl=args.osl, prefill=prefill, decode=decode,
                                tpot_ms=args.tpot_ms, ttft_ms=args.ttft_ms, cached=args.cached, catalog=_catalog(args))
    summary = {"prefill_replicas_per_decode_replica": d.prefill_replicas_per_decode_replica,
               "requests_per_second_per_gpu": d.requests_per_second_per_gpu,
               "output_tokens_per_second_per_gpu": d.output_tokens_per_second_per_gpu, "ttft_ms": d.ttft_ms,
               "tpot_ms": d.tpot_ms, "kv_transfer_ms": d.kv_transfer_ms, "prefill_gpu_share": d.input_time_share}
    pools = {"prefill": _estimate_document(d.prefill), "decode": _estimate_document(d.decode)}
    doc = {"schema": "infercost.selfhost.disaggregated/1", "model": args.model, "gpu": args.gpu, "isl": args.isl,
           "osl": args.osl, "cached": args.cached, **summary,
           "prefill": {"layout": d.prefill.layout, **pools["prefill"]}, "decode": {"layout": d.decode.layout, **pools["decode"]}}
    keys = [k for k in pools["decode"] if k != "notes"]
    frame = pd.DataFrame({"quantity": keys, "prefill pool": [pools["prefill"][k] for k in keys],
                          "decode pool": [pools["decode"][k] for k in keys]})
    title = (f"{args.model} on {args.gpu}, prefill on {args.prefill_gpus} GPUs and decode on {args.gpus}, "
             f"{args.isl:g}/{args.osl:g} tokens")
    sections = [(title, pd.DataFrame({"quantity": list(summary), "value": list(summary.values())})),
                ("One replica of each pool", frame)]
    _emit(args.format, sections, doc, out, args)


def cmd_selfhost_throughput(args: argparse.Namespace, out: Any) -> None:
    if args.prefill_gpus is not None:
        _selfhost_disaggregated(args, out)
        return
    if args.concurrency is not None and args.rate is not None:
        raise InputError("give either --concurrency or --rate, not both")
    if (args.concurrency is not None or args.rate is not None) and (args.tpot_ms is not None or args.ttft_ms is not None):
        raise InputError("give either --concurrency or --rate, or latency targets (--tpot-ms, --ttft-ms), not both")
    catalog = _catalog(args)
    e = _selfhost.selfhost_throughput(
        model=args.model, gpu=args.gpu, isl=args.isl, osl=args.osl, concurrency=args.concurrency, rate=args.rate,
        tpot_ms=args.tpot_ms, ttft_ms=args.ttft_ms, cached=args.cached, catalog=catalog, **_deployment_kwargs(args))
    lay = e.layout
    measures = _estimate_document(e)
    doc = {"schema": "infercost.selfhost.throughput/2", "model": args.model, "gpu": args.gpu, "layout": lay,
           "weights": args.precision, "expert_weights": args.expert_precision, "kv": args.kv, "engine": args.engine,
           "settings": args.settings or args.engine, "isl": args.isl, "osl": args.osl, "cached": args.cached, **measures}
    shown = {k: v for k, v in measures.items() if k != "notes"}
    frame = pd.DataFrame({"quantity": list(shown.keys()), "value": list(shown.values())})
    layout = f"tp {lay['tp']}, dp {lay['dp']}, pp {lay['pp']}, ep {lay['ep']}" + (f", {lay['nodes']} nodes" if lay["nodes"] > 1 else "")
    title = (f"{args.model} on {args.gpus}x {args.gpu} ({layout}, {args.precision}), {args.isl:g}/{args.osl:g} tokens"
             + (f" at {args.rate:g} requests/s" if args.rate is not None else "")
             + ("" if e.calibrated else "  [efficiency profile not calibrated]"))
    sections = [(title, frame)]
    if e.notes and not args.explain and args.format not in ("json", "csv"):
        sections.append(("", pd.DataFrame({"note": list(e.notes)})))
    if args.explain:
        step = e.step_table()  # type: ignore[attr-defined]
        doc["step"] = {"title": step.title, "parts": _records(step), "notes": list(step.notes)}
        if args.format == "csv":
            # CSV holds one table: with --explain it is the step, the part asked for, with the JSON's columns.
            sections = [(step.title, pd.DataFrame(doc["step"]["parts"]))]
        else:
            sections.append((step.title, _display(step)))
        if args.format not in ("json", "csv"):
            sections.append(("", pd.DataFrame({"note": list(step.notes)})))
    _emit(args.format, sections, doc, out, args)


def cmd_selfhost_cost(args: argparse.Namespace, out: Any) -> None:
    catalog = _catalog(args)
    scenario: Scenario = _api._scenario_load(args.scenario, catalog)
    w = scenario.workload
    if args.model:
        if not args.gpu:
            raise InputError("--model needs --gpu")
        if not (args.cloud_offer or args.owned):
            raise InputError("name a price source: --cloud-offer ID or --owned PROFILE")
        options = [_selfhost.self_hosted(
            model=args.model, gpu=args.gpu, cloud_offer=args.cloud_offer or "", owned=args.owned or "",
            purchase=args.purchase, committed_months=args.committed_months, provisioning=args.provisioning,
            min_replicas=args.min_replicas, spot_share=args.spot_share, spot_interruption=args.spot_interruption,
            max_utilisation=args.max_utilisation,
            tpot_ms=args.tpot_ms, ttft_ms=args.ttft_ms, jurisdictions=args.jurisdiction or [], **_deployment_kwargs(args))]
    else:
        options = [o.self_hosted for o in scenario.options if o.self_hosted is not None]
        if not options:
            raise InputError(f"scenario '{scenario.name}' has no self_hosted options; add one or give --model and a price source")
    against = args.against
    if against is None:
        base = scenario.options[scenario.baseline]
        against = None if base.self_hosted is not None else base
    documents, plans, notes = [], [], []
    for o in options:
        plan = _selfhost.plan_self_hosted(o, w, start=scenario.start, months=scenario.months, catalog=catalog)
        plans.append(plan)
        d = _plan_summary(plan)
        d["label"] = plan.label
        d["governance"] = plan.governance
        d["break_even"] = None
        d["overflow_share"] = plan.overflow_share
        if o.max_replicas is not None:  # a hybrid option's fleet: the rest of its load goes to an API
            notes.append(f"{plan.label}: at most {o.max_replicas} replica(s) run; {plan.overflow_share:.1%} of the requests "
                         f"exceed them and go to the option's overflow API, which `infercost compare` prices beside this "
                         f"fleet (no break-even for a capped fleet)")
        elif against is not None:
            be = _selfhost.break_even(plan, w, against, catalog=catalog)
            notes.append(be.summary)
            d["break_even"] = _core._json_record(
                be.table(against if isinstance(against, str) else against.label, plan.currency))
        hours = plan.hours  # columns over every hour of the period
        d["hours"] = {k: ([str(x) for x in v] if k == "date" else v.tolist()) for k, v in hours.items()}
        documents.append(d)
    doc = {"schema": "infercost.selfhost.cost/2", "scenario": scenario.name, "file": str(scenario.file),
           "requests_per_day": w.requests_per_day, "options": documents}
    title = (f"{scenario.name}: {_volume_text(w)}, prompt {w.input_tokens.describe()}, "
             f"output {w.output_tokens.describe()}")
    shown = ["option", "cost_per_month", "peak_gpus", "gpu_hours_per_month", "utilisation", "cost_per_million_input",
             "cost_per_million_output", "replica_output_tokens_per_second", "tpot_ms", "calibrated"]
    sections = [(title, _display(_core.plans_table(plans), shown))]
    if notes:
        sections.append(("Break-even", pd.DataFrame({"summary": notes})))
    _emit(args.format, sections, doc, out, args)


def cmd_selfhost_list(args: argparse.Namespace, out: Any) -> None:
    catalog = _catalog(args)
    what = args.selfhost_command
    if what == "gpus":
        frame = catalog.gpus_frame()  # type: ignore
    elif what == "offers":
        frame = catalog.cloud_offers_frame(gpu=args.gpu)  # type: ignore
    elif what == "models":
        frame = catalog.models_frame()  # type: ignore
    elif what == "owned":
        frame = catalog.owned_frame()  # type: ignore
    else:
        frame = _selfhost.check_calibration(catalog, args.regime)
        mape = frame.attrs["mape"]
        doc = {"schema": "infercost.selfhost.calibration/2", "regime": args.regime, "mape": mape,
               "rows": frame.to_dict("records")}
        shown = frame.drop(columns=["source"])
        _emit(args.format, [(f"Calibration ({args.regime} rows, with the profiles as bundled): mean absolute percentage "
                             f"error {100 * mape:.1f}% over {len(frame)} rows; benchmarks/throughput_calibration.py gives "
                             "the error out of sample", shown)], doc, out, args)
        return
    frame = frame.reset_index()
    doc = {"schema": f"infercost.selfhost.{what}/1", what: frame.to_dict("records")}
    # JSON keeps lists and maps; tables and CSV show them as text.
    shown = frame.copy()
    for col in shown.columns:
        shown[col] = shown[col].map(_cell_text)
    _emit(args.format, [("", shown)], doc, out, args)


def _cell_text(v: Any) -> Any:
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    if isinstance(v, dict):
        return ", ".join(f"{k} months: {x:g}" for k, x in v.items())
    return v


# --- price ----------------------------------------------------------------------------------------

def cmd_price(args: argparse.Namespace, out: Any) -> None:
    catalog = _catalog(args)
    offering = catalog.offering(args.offering)
    at = args.at if args.at else _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    b = offering.price(at=at, service_tier=args.tier, input=args.input, cached_input=args.cached,
                       cache_write=args.cache_write, output=args.output, reasoning=args.reasoning, scope=args.scope,
                       cache_write_long=args.cache_write_long, web_searches=args.web_searches)
    table = b.table()  # type: ignore
    document = {
        "schema": "infercost.price/1", "offering": b.offering_id, "at": at if not isinstance(at, str) else at,
        "service_tier": b.service_tier, "scope": b.scope or None, "currency": b.currency, "total": b.total,
        "level": b.level,
        "time_rule": b.time_rule,
        "usage": {"input": args.input, "cached_input": args.cached, "cache_write": args.cache_write,
                  "cache_write_long": args.cache_write_long, "output": args.output, "reasoning": args.reasoning,
                  "web_searches": args.web_searches},
        "price_version": {"effective_from": b.version_from, "source": b.source, "checked": b.checked},
        "charges": table,
    }
    title = f"{b.offering_id}: {b.total}  (" + "; ".join(
        [f"prices from {b.version_from:%Y-%m-%d %H:%M} UTC, {b.source}, checked {b.checked}"]
        + ([f"time rule {b.time_rule}"] if b.time_rule else [])
        + ([f"service tier {b.service_tier}"] if b.service_tier != "standard" else [])
        + ([f"serving scope {b.scope}"] if b.scope else [])
        + ([f"context tier {b.level}"] if b.level else [])) + ")"
    _emit(args.format, [(title, _display(table))], document, out, args)


# --- catalog --------------------------------------------------------------------------------------

def cmd_catalog_list(args: argparse.Namespace, out: Any) -> None:
    catalog = _catalog(args)
    table = catalog.table(provider=args.provider or "")  # type: ignore
    rows = _records(table)
    refused: List[Dict[str, Any]] = []
    keep = [True] * len(rows)
    if args.data_class is not None and not args.policy:
        raise InputError("--data-class is judged by a policy: give --policy FILE")
    if args.policy:
        policy = _api._policy_load(args.policy, catalog)
        for i, row in enumerate(rows):
            passes, reasons = policy.evaluate(catalog.offering(row["id"]), args.data_class or "")
            keep[i] = passes
            if not passes:
                refused.append({"id": row["id"], "reasons": reasons})
    document = {"schema": "infercost.catalog.list/1", "directory": str(catalog.directory),
                "offerings": [row for row, k in zip(rows, keep) if k],
                "policy": None if not args.policy else {"file": args.policy, "data_class": args.data_class or None,
                                                       "refused": refused}}
    cols = ["id", "currency", "input", "cached_input", "cache_write", "output", "reasoning", "context_tiers",
            "time_rules", "service_tiers", "checked", "verified", "retired"]
    title = f"{sum(keep)} offerings (prices per million tokens, latest version)"
    if args.policy:
        title += f" that pass {args.policy}; {len(refused)} refused (see --format json for the reasons)"
    _emit(args.format, [(title, _display(table, cols, keep=keep))], document, out, args)


def cmd_catalog_show(args: argparse.Namespace, out: Any) -> None:
    catalog = _catalog(args)
    o = catalog.offering(args.id)
    history = o.history_frame().reset_index()  # type: ignore
    facts = pd.DataFrame([
        {"field": "id", "value": o.id}, {"field": "provider", "value": o.provider},
        {"field": "model", "value": o.model}, {"field": "display name", "value": o.display_name},
        {"field": "context window", "value": o.context_window}, {"field": "aliases", "value": ", ".join(o.aliases)},
        {"field": "retired", "value": o.retired}, {"field": "notes", "value": o.notes},
    ] + [{"field": k.replace("_", " "), "value": ", ".join(v) if isinstance(v, list) else v}
         for k, v in (o.governance or {"governance": "not known"}).items()])
    document = {"schema": "infercost.catalog.show/1", "id": o.id, "provider": o.provider, "model": o.model,
                "display_name": o.display_name, "context_window": o.context_window, "aliases": o.aliases,
                "retired": o.retired, "notes": o.notes, "governance": o.governance, "versions": o.versions}
    _emit(args.format, [("", facts), ("Price versions (per million tokens)", history)], document, out, args)


# --- claim ----------------------------------------------------------------------------------------

def _option(text: str) -> Option:
    if ":" in text:
        offering, tier = text.rsplit(":", 1)
        return Option(offering, service_tier=tier)
    return Option(text)


def _shape(tokens: float, p90: Optional[float]) -> Any:
    """Request lengths from the command line: every request's length, or with a 90th percentile a lognormal
    of that mean."""
    return _api.fixed(tokens) if p90 is None else _api.lognormal(mean=tokens, p90=p90)


def cmd_claim(args: argparse.Namespace, out: Any) -> None:
    catalog = _catalog(args)
    if args.workload:
        given = [f for f, v in (("--input-tokens", args.input_tokens), ("--input-p90", args.input_p90),
                                ("--output-tokens", args.output_tokens), ("--output-p90", args.output_p90),
                                ("--cached-share", args.cached_share), ("--reasoning-share", args.reasoning_share))
                 if v is not None]
        if given:
            raise InputError(f"{', '.join(given)} describe the workload only without --workload; the workload file "
                             "gives its own")
        scenario = _api._scenario_load(args.workload, catalog)
        workload: Workload = scenario.workload
        start, months, currency = scenario.start, scenario.months, scenario.currency
    else:
        if args.input_tokens is None or args.output_tokens is None:
            raise InputError("give the workload's shape: --workload FILE, or --input-tokens and --output-tokens")
        # The stated shape, not its mean request: context tiers price a long prompt's whole request higher, so
        # a spread of lengths costs more than its mean length.
        workload = Workload(requests_per_day=1, input_tokens=_shape(args.input_tokens, args.input_p90),
                            output_tokens=_shape(args.output_tokens, args.output_p90),
                            cached_share=args.cached_share or 0.0, reasoning_share=args.reasoning_share or 0.0)
        start, months, currency = None, _D["months"], _D["currency"]
    start = args.start or start
    if start is None:
        raise InputError("give --start YYYY-MM-DD (the first day of the year the saving is claimed for)")
    k = _api.check_claim(workload, baseline=_option(args.baseline), candidate=_option(args.candidate),
                         saving_per_year=args.saving, start=start, months=months if args.months is None else args.months,
                         currency=args.currency or currency, catalog=catalog)
    document = {"schema": "infercost.claim/1", **_claim_document(k),
                "input_tokens": workload.input_tokens.describe(), "output_tokens": workload.output_tokens.describe()}
    table = _claim_table(k)
    if not args.workload:  # only a shape was given: there is no workload volume to report
        document.update(workload_requests_per_day=None, workload_saving_per_year=None)
        table = table[~table["quantity"].str.startswith("workload")]
    _emit(args.format, [(k.summary, table)], document, out, args)


# --- imports and diffs ------------------------------------------------------------------------------

def _import(args: argparse.Namespace) -> Any:
    fn = _api.IMPORTERS[args.source_format]
    return fn(args.file, source_date=args.source_date, commit=args.commit or "", catalog=_catalog(args))


def _sources(args: argparse.Namespace, ours: Catalog) -> List[Any]:
    """The --from FORMAT FILE pairs, imported."""
    sources = []
    for fmt, path in args.sources or []:
        if fmt not in _api.IMPORTERS:
            raise InputError(f"--from takes {', '.join(_api.IMPORTERS)} and a file, not '{fmt}'")
        sources.append(_api.IMPORTERS[fmt](path, source_date=args.source_date, catalog=ours))
    return sources


def _write_whole(path: str, text: str) -> None:
    """Writes a file whole or not at all (report._write_atomically)."""
    from pathlib import Path

    from .report import _write_atomically

    _write_atomically(Path(path), lambda tmp: None if tmp.write_text(text, encoding="utf-8") else None)


def _refuse_to_overwrite(paths: List[str], force: bool) -> None:
    existing = [p for p in paths if os.path.lexists(p)]
    if existing and not force:
        raise InputError(f"'{existing[0]}' already exists; pass --force to replace it, or write somewhere else")


def cmd_catalog_import(args: argparse.Namespace, out: Any) -> None:
    imported = _import(args)
    if args.out:
        imported.write(args.out, replace=args.force)
    report = imported.report_frame().reset_index()
    flags = imported.flags_frame()
    totals = report.drop(columns=["provider"]).sum()
    document = {
        "schema": "infercost.catalog.import/1", "source": imported.source, "file": imported.file,
        "source_date": imported.source_date, "source_date_basis": imported.source_date_basis,
        "commit": imported.commit or None, "written_to": args.out,
        "totals": {k: int(v) for k, v in totals.items()},
        "providers": {r["provider"]: {k: int(r[k]) for k in report.columns if k != "provider"}
                      for r in report.to_dict(orient="records")},
        "entries": imported.entries,
    }
    title = (f"{imported.source} import of {imported.file}, dated {imported.source_date} "
             f"({imported.source_date_basis}): {int(totals['entries'])} entries, "
             f"{int(totals['priced'] + totals['priced_flagged'])} priced ({int(totals['priced_flagged'])} with flags), "
             f"{int(totals['rejected'])} rejected, {int(totals['unpriced'])} unpriced, "
             f"{int(totals['not_text'])} not text models" + (f"; written to {args.out}" if args.out else ""))
    _emit(args.format, [(title, report), (f"{len(flags)} data-quality flags", flags)], document, out, args)


def cmd_catalog_diff(args: argparse.Namespace, out: Any) -> None:
    imported = _import(args)
    ours = _catalog(args)
    frame = ours.diff(imported, threshold=args.threshold)  # type: ignore[attr-defined]
    document = {"schema": "infercost.catalog.diff/1", "source": imported.source, "file": imported.file,
                "source_date": imported.source_date, "threshold": args.threshold,
                "matched": frame.attrs["matched"], "unmatched": frame.attrs["unmatched"],
                "differences": frame.to_dict(orient="records")}
    shown = frame.copy()
    shown["relative_difference"] = shown["relative_difference"].map(
        lambda r: "only one side" if r == float("inf") else f"{100 * r:.0f}%")
    title = (f"{len(frame)} prices differ by more than {100 * args.threshold:g}% between the catalog and "
             f"{imported.source} ({imported.source_date}); {frame.attrs['matched']} offerings matched, "
             f"{len(frame.attrs['unmatched'])} not found there. Prices per million tokens.")
    _emit(args.format, [(title, shown)], document, out, args)


def cmd_catalog_audit(args: argparse.Namespace, out: Any) -> None:
    ours = _catalog(args)
    sources = _sources(args, ours)
    on = args.on or _dt.date.today().isoformat()
    table = ours.audit_table(on, sources=sources, threshold=args.threshold)
    frame = _display(table)
    counts = frame["finding"].value_counts().to_dict() if len(frame) else {}
    document = {"schema": "infercost.catalog.audit/1", "on": on, "directory": str(ours.directory),
                "sources": [{"source": s.source, "file": s.file, "source_date": s.source_date} for s in sources],
                "counts": {k: int(v) for k, v in counts.items()}, "findings": _records(table)}
    _emit(args.format, [(table.title, frame)], document, out, args)


def cmd_catalog_refresh(args: argparse.Namespace, out: Any) -> None:
    ours = _catalog(args)
    sources = _sources(args, ours)
    if not sources:
        raise InputError("catalog refresh needs at least one source: --from litellm FILE or --from genai-prices FILE")
    on = args.on or _dt.date.today().isoformat()
    table = ours.refresh_table(on, sources=sources, threshold=args.threshold)
    frame = _display(table)
    counts = frame["finding"].value_counts().to_dict() if len(frame) else {}
    document = {"schema": "infercost.catalog.refresh/1", "on": on, "directory": str(ours.directory),
                "threshold": args.threshold,
                "sources": [{"source": s.source, "file": s.file, "source_date": s.source_date} for s in sources],
                "counts": {k: int(v) for k, v in counts.items()}, "findings": _records(table)}
    if not args.out:
        _emit(args.format, [(table.title, frame)], document, out, args)
        return
    import io

    buffer = io.StringIO()
    _emit(args.format, [(table.title, frame)], document, buffer, args)
    _refuse_to_overwrite([args.out], args.force)
    _write_whole(args.out, buffer.getvalue())
    out.write(f"{table.title}; written to {args.out}\n")


# --- replay ---------------------------------------------------------------------------------------

def _amount(v: float, currency: str) -> str:
    if v != v:  # NaN: no price
        return "-"
    return (f"{v:,.2f}" if abs(v) >= 1 else f"{v:.4g}") + f" {currency}"


def _column_map(pairs: Optional[List[str]]) -> Dict[str, str]:
    out: Dict[str, str] = {}
    for p in pairs or []:
        old, sep, new = p.partition("=")
        if not sep or not old or not new:
            raise InputError(f"--columns takes old=new (e.g. --columns ts=timestamp), not {p!r}")
        out[old] = new
    return out


_PROGRESS_ROWS = 1_000_000  # a log this long shows a progress bar on stderr


def _progress_bar(what: str) -> Any:
    """A progress line on stderr, redrawn in place, finished with a newline."""
    start = _time.monotonic()

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r{what} [{'#' * filled}{'.' * (width - filled)}] {done / max(total, 1):4.0%} "
                         f"{_time.monotonic() - start:5.1f} s")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def cmd_replay(args: argparse.Namespace, out: Any) -> None:
    from . import logs

    catalog = _catalog(args)
    log = logs.read_log(args.log, format=args.log_format, columns=_column_map(args.columns), timezone=args.timezone,
                        catalog=catalog)
    candidates = [c.strip() for c in (args.offerings or "").split(",") if c.strip()]
    group = args.by if args.by not in (None, "day", "model") else None
    r = logs.replay(log, candidates, currency=args.currency, by=group, aggregate_tiers=args.aggregate_tiers,
                    over_limits=args.over_limits, catalog=catalog,
                    progress=_progress_bar(f"pricing {log.rows:,} rows under {len(candidates) + 1} offerings")
                    if log.rows >= _PROGRESS_ROWS else None)
    totals = r.totals()
    rep = f"cost_{args.currency}"
    # Text amounts with their currency on screen; plain numbers in CSV, whose currency the column names say.
    text = args.format != "csv"
    count = (lambda v: f"{v:,}") if text else (lambda v: v)  # noqa: E731
    shown = pd.DataFrame({
        "offering": totals["offering"].astype(str),
        "rows": totals["rows"].map(count),
        "requests": totals["requests"].map(count),
        "input tokens": totals["input_tokens"].map(count),
        "output tokens": totals["output_tokens"].map(count),
        "currency": totals["currency"],
        "cost": [_amount(v, c) if text else v for v, c in zip(totals["cost"], totals["currency"])],
        f"cost {args.currency}": [_amount(v, args.currency) if text else v for v in totals[rep]],
        f"change {args.currency}": [_amount(v, args.currency) if text else v for v in totals[f"change_{args.currency}"]],
        "rows left out": totals["rows_over_limits"].map(count),
    })
    sections = [(f"{log.rows:,} rows of {args.log} priced again", shown)]
    document: Dict[str, Any] = {"schema": "infercost.replay/1", "log": str(args.log), "rows": log.rows,
                                "currency": args.currency, "totals": totals.to_dict("records"), "notes": r.notes()}
    if args.by:
        table = r.daily() if args.by == "day" else r.by_model() if args.by == "model" else r.by_group()
        table = table.reset_index()
        labels = table.columns[: len(table.columns) - len(r.columns)]
        view = table[list(labels)].astype(str)
        for c in r.columns:
            view[c] = [_amount(v, args.currency) for v in table[c]]
        sections.append((f"Cost by {args.by} ({args.currency})", view))
        document["by"] = {"key": args.by, "rows": table.to_dict("records")}
    if args.reconcile:
        rec = logs.reconcile(r, logs.read_costs(args.reconcile))
        view = rec.copy()
        for c in ("priced", "billed", "residual"):
            view[c] = [_amount(v, cur) for v, cur in zip(rec[c], rec["currency"])]
        view["residual_share"] = [f"{v:.1%}" if v == v else "-" for v in rec["residual_share"]]
        sections.append((f"Reconciled against {args.reconcile}", view.drop(columns=["currency"])))
        document["reconciliation"] = rec.to_dict("records")
    if args.self_hosted:
        scenario = Scenario.load(args.self_hosted, catalog)  # type: ignore
        options = [o.self_hosted for o in scenario.options if o.self_hosted is not None]
        if not options:
            raise InputError(f"{args.self_hosted} has no self_hosted options to serve the log on")
        base = float(totals.loc[totals["offering"] == logs._OWN, rep].sum())
        rows = []
        for o in options:
            plan, cost = logs.replay_self_hosted(log, o, currency=args.currency)
            rows.append({"option": o.label, "peak GPUs": plan.peak_gpus,
                         "GPU-hours": float(plan.hours["instances"].sum() * plan.gpus_per_instance),
                         f"cost {args.currency}": float(cost.total), f"change {args.currency}": float(cost.total) - base})
        frame = pd.DataFrame(rows)
        view = frame.copy()
        for c in (f"cost {args.currency}", f"change {args.currency}"):
            view[c] = [_amount(v, args.currency) for v in frame[c]]
        sections.append(("Self-hosted, serving the log's own hours", view))
        document["self_hosted"] = rows
    if args.profile:
        p = log.profile(clock=args.profile)
        fit = p.fit_frame()
        sections.append((f"Profile on {args.profile}: {p.requests:,.0f} requests over {p.days} days; the hour-by-weekday "
                         f"shape explains {p.shape_r2:.0%} of the hourly variation", fit.round(3)))
        document["profile"] = {"clock": args.profile, "requests": p.requests, "days": p.days, "shape_r2": p.shape_r2,
                               "fit": fit.to_dict("records"), "workload_yaml": p.workload.to_yaml(),
                               "growth_per_month": p.growth_per_month, "growth_standard_error": p.growth_standard_error}
    for note in r.notes():
        sections.append(("", pd.DataFrame({"note": [note]})))
    _emit(args.format, sections, document, out, args)
    if args.profile and args.format in ("table", "markdown"):
        block = "workload:\n" + "".join(f"  {line}\n" for line in log.profile(clock=args.profile).workload.to_yaml().splitlines())
        fence = ("```yaml\n", "```\n") if args.format == "markdown" else ("", "")
        out.write(f"\nThe workload fitted to the log, as a scenario file writes it:\n{fence[0]}{block}{fence[1]}")


# --- parser ---------------------------------------------------------------------------------------

def _count(text: str) -> int:
    """A token count: a whole number (digits, or a whole number written as 3e6) up to the library's limit."""
    try:
        value = int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or number != int(number):
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of tokens") from None
        value = int(number)
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' is negative; token counts are zero or more")
    if value > _core.MAX_TOKEN_COUNT:
        raise argparse.ArgumentTypeError(f"'{text}' is above the limit of {_core.MAX_TOKEN_COUNT:,} tokens in one request")
    return value


def _whole(text: str, low: int, high: int, what: str) -> int:
    """A whole number within [low, high], or an argparse error that says which and what to give."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{what} '{text}' is not a whole number") from None
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"{what} {value:,}: give {low:,} to {high:,}")
    return value


def _int(text: str) -> int:
    """A whole-number option: what it may be is checked where the value is used, the same for a file, the CLI and
    Python; here only that it is a whole number the library's counts can hold."""
    return _whole(text, -(2**31), 2**31 - 1, "value")


def _samples(text: str) -> int:
    from .uncertainty import MAX_SAMPLES

    return _whole(text, 1, MAX_SAMPLES, "samples")


def _seed(text: str) -> int:
    return _whole(text, 0, 2**64 - 1, "seed")


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"'{text}' is not a finite number")
    return value


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    common.add_argument("--catalog", metavar="DIR", help="price catalog directory (default: the bundled one)")
    common.add_argument("--overlay", metavar="FILE", action="append",
                        help="a team's own prices layered over the catalog (repeatable; see docs/overlays.md)")

    p = _Parser(prog="infercost", description="What LLM inference costs on every option, and what switching saves.")
    p.add_argument("--version", action="version", version=f"infercost {_core.__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    c = sub.add_parser("compare", parents=[common], help="cost a scenario file's options and savings")
    c.add_argument("scenario", help="scenario YAML file")
    c.add_argument("--policy", metavar="FILE", help="judge the options by a data-governance policy (docs/policies.md)")
    c.add_argument("--data-class", help="the workload's data class under the policy")
    c.add_argument("--by", choices=["month", "quarter", "year"],
                   help="add the cost per period and option, and the savings' payback, NPV and IRR (with --format csv: "
                        "the projection in long form, by cost line)")
    c.add_argument("--samples", type=_samples, metavar="N",
                   help="draw the scenario's uncertain inputs N times (its `uncertainty:` section): ranges of every "
                        "option's cost and saving, the claim's odds and what moves the saving (with --format csv: the "
                        "ranges alone)")
    c.add_argument("--seed", type=_seed, default=_D["seed"],
                   help=f"the random stream's seed (default {_D['seed']}); the same seed gives the same ranges")
    c.set_defaults(run=cmd_compare)

    rp = sub.add_parser("report", parents=[common],
                        help="write a scenario's report pack: an HTML page, an Excel workbook and FOCUS rows")
    rp.add_argument("scenario", help="scenario YAML file")
    rp.add_argument("--out", required=True, metavar="DIR", help="folder for report.html, report.xlsx and focus.csv")
    rp.add_argument("--force", action="store_true", help="replace the report files if --out DIR already has them")
    rp.set_defaults(run=cmd_report)

    pr = sub.add_parser("price", parents=[common], help="price one request with its breakdown")
    pr.add_argument("offering", help="offering id, e.g. alibaba/qwen3-max")
    pr.add_argument("--input", type=_count, default=0, help="prompt tokens, cached ones included")
    pr.add_argument("--cached", type=_count, default=0, help="prompt tokens read from cache")
    pr.add_argument("--cache-write", type=_count, default=0, help="prompt tokens written to cache (default retention)")
    pr.add_argument("--cache-write-long", type=_count, default=0,
                    help="prompt tokens written to cache with the longer retention (Anthropic 1 hour, OpenAI 12 hours)")
    pr.add_argument("--web-searches", type=_count, default=0, help="web search or fetch calls the request made")
    pr.add_argument("--output", type=_count, default=0, help="generated tokens, reasoning included")
    pr.add_argument("--reasoning", type=_count, default=0, help="reasoning tokens (part of --output)")
    pr.add_argument("--at", help="when the request is made, e.g. 2026-11-28T09:00:00Z (default: now)")
    pr.add_argument("--tier", default="standard", help="service tier: standard, batch, flex, priority, fast or ultrafast")
    pr.add_argument("--scope", default="", help="a serving scope of the list, e.g. data_residency or us "
                                                "(infercost catalog show ID lists them)")
    pr.set_defaults(run=cmd_price)

    cat = sub.add_parser("catalog", help="list or show catalog offerings")
    cat_sub = cat.add_subparsers(dest="catalog_command", required=True, parser_class=_Parser)
    cl = cat_sub.add_parser("list", parents=[common], help="list offerings with their latest prices")
    cl.add_argument("--provider", help="only this provider's offerings")
    cl.add_argument("--policy", metavar="FILE", help="only offerings that pass this policy")
    cl.add_argument("--data-class", help="the data class under the policy")
    cl.set_defaults(run=cmd_catalog_list)
    cs = cat_sub.add_parser("show", parents=[common], help="an offering's facts and price history")
    cs.add_argument("id", help="offering id or alias")
    cs.set_defaults(run=cmd_catalog_show)
    for name, run, helptext in [("import", cmd_catalog_import, "import a LiteLLM, OpenRouter or genai-prices file and check it"),
                                ("diff", cmd_catalog_diff, "prices that differ between the catalog and a source file")]:
        ci = cat_sub.add_parser(name, parents=[common], help=helptext)
        ci.add_argument("file", help="the source file (LiteLLM JSON, a saved OpenRouter /api/v1/models response, "
                                     "or genai-prices' data.json)")
        ci.add_argument("--from", dest="source_format", choices=tuple(_api.IMPORTERS), required=True,
                        help="the source's format")
        ci.add_argument("--source-date", help="the date the file's prices stand for (needed when the file holds no date)")
        ci.add_argument("--commit", help="the source's commit, recorded with every imported price")
        if name == "import":
            ci.add_argument("--out", metavar="DIR", help="write the imported prices as a catalog directory")
            ci.add_argument("--force", action="store_true", help="replace --out DIR if it already holds files")
        else:
            ci.add_argument("--threshold", type=_number, default=_D["diff_threshold"],
                            help=f"smallest relative difference to list (default {_D['diff_threshold']:g})")
        ci.set_defaults(run=run)

    ca = cat_sub.add_parser("audit", parents=[common],
                            help="stale checks, unofficial prices, retirements ahead and disagreements with sources")
    ca.add_argument("--on", help="the audit date (default: today)")
    ca.add_argument("--from", dest="sources", nargs=2, action="append", metavar=("FORMAT", "FILE"),
                    help="compare with a source file the team has: " + ", ".join(f"{k} FILE" for k in _api.IMPORTERS) +
                    " (repeatable)")
    ca.add_argument("--source-date", help="the date an undated source file's prices stand for")
    ca.add_argument("--threshold", type=_number, default=_D["diff_threshold"],
                    help=f"smallest relative price difference to report (default {_D['diff_threshold']:g})")
    ca.set_defaults(run=cmd_catalog_audit)

    cr = cat_sub.add_parser("refresh", parents=[common],
                            help="what source files know that the catalog lacks: offerings, price changes, ends of life")
    cr.add_argument("--from", dest="sources", nargs=2, action="append", metavar=("FORMAT", "FILE"), required=True,
                    help="a source file the team has: " + ", ".join(f"{k} FILE" for k in _api.IMPORTERS) + " (repeatable)")
    cr.add_argument("--source-date", help="the date an undated source file's prices stand for")
    cr.add_argument("--on", help="the report's date (default: today)")
    cr.add_argument("--threshold", type=_number, default=_D["diff_threshold"],
                    help=f"smallest relative price difference to report (default {_D['diff_threshold']:g})")
    cr.add_argument("--out", metavar="FILE", help="write the report to FILE (in --format), whole or not at all")
    cr.add_argument("--force", action="store_true", help="replace --out FILE if it exists")
    cr.set_defaults(run=cmd_catalog_refresh)

    sh = sub.add_parser("selfhost", help="self-hosting: throughput, capacity and cost, hardware data")
    sh_sub = sh.add_subparsers(dest="selfhost_command", required=True, parser_class=_Parser)
    st = sh_sub.add_parser("throughput", parents=[common], help="one replica's throughput and latency")
    _deployment_args(st)
    st.add_argument("--isl", type=_number, required=True, help="input tokens per request")
    st.add_argument("--osl", type=_number, required=True, help="output tokens per request")
    st.add_argument("--cached", type=_number, default=0.0, help="prompt tokens per request read from the prefix cache")
    st.add_argument("--concurrency", type=_int, help="sequences in flight (default: the best that meets the targets)")
    st.add_argument("--rate", type=_number, help="offered load in requests a second: latency quantiles with queueing")
    st.add_argument("--prefill-gpus", type=_int,
                    help="disaggregate: a prefill pool of replicas of this many GPUs (the other flags describe the decode pool)")
    st.add_argument("--prefill-tp", type=_int, help="tensor parallelism of the prefill replicas")
    st.add_argument("--prefill-dp", type=_int, help="attention data parallelism of the prefill replicas")
    st.add_argument("--prefill-ep", type=_int, default=_D["ep"], help="expert parallelism of the prefill replicas")
    st.add_argument("--tpot-ms", type=_number, help="time-per-output-token target in ms")
    st.add_argument("--explain", action="store_true",
                    help="also print what the engine step spends its time on and what bounds it")
    st.add_argument("--ttft-ms", type=_number, help="time-to-first-token target in ms")
    st.set_defaults(run=cmd_selfhost_throughput)
    sc = sh_sub.add_parser("cost", parents=[common],
                           help="plan and price a scenario's self-hosted options (or one given by flags)")
    sc.add_argument("scenario", help="scenario YAML file: its workload, and its self_hosted options unless --model")
    _deployment_args(sc, required=False)
    sc.add_argument("--cloud-offer", help="cloud offer id (infercost selfhost offers)")
    sc.add_argument("--owned", help="owned-hardware profile id (infercost selfhost owned)")
    sc.add_argument("--purchase", default=_D["purchase"], help=f"on_demand, spot or committed (default {_D['purchase']})")
    sc.add_argument("--committed-months", type=_int, help="term of a committed purchase")
    sc.add_argument("--provisioning", help="fixed or autoscale (default: autoscale; fixed for owned or committed)")
    sc.add_argument("--min-replicas", type=_int, default=_D["min_replicas"], help="replicas kept running at the quietest hour")
    sc.add_argument("--spot-share", type=_number, default=_D["spot_share"], help="share of instance-hours on spot")
    sc.add_argument("--spot-interruption", type=_number, default=_D["spot_interruption"],
                    help="share of the spot hours lost to interruptions and refilled on demand")
    sc.add_argument("--max-utilisation", type=_number, default=_D["max_utilisation"],
                    help=f"load per replica as a share of capacity (default {_D['max_utilisation']})")
    sc.add_argument("--tpot-ms", type=_number, help="time-per-output-token target in ms")
    sc.add_argument("--ttft-ms", type=_number, help="time-to-first-token target in ms")
    sc.add_argument("--jurisdiction", action="append", help="country of owned servers (repeatable)")
    sc.add_argument("--against", help="API offering to break even against (default: the scenario's baseline)")
    sc.set_defaults(run=cmd_selfhost_cost)
    for name, helptext in [("gpus", "GPU specifications"), ("offers", "cloud GPU offers"),
                           ("models", "model architectures"), ("owned", "owned-hardware profiles"),
                           ("calibration", "predicted against published throughput, with the mean error")]:
        sl = sh_sub.add_parser(name, parents=[common], help=helptext)
        if name == "offers":
            sl.add_argument("--gpu", help="only offers of this GPU")
        if name == "calibration":
            sl.add_argument("--regime", default="offline", choices=["offline", "served", "production"],
                            help="which published rows (default offline)")
        sl.set_defaults(run=cmd_selfhost_list)

    cm = sub.add_parser("claim", parents=[common], help="the request volume behind a claimed yearly saving")
    cm.add_argument("--baseline", required=True, help="offering id (append :batch etc. for a service tier)")
    cm.add_argument("--candidate", required=True, help="offering id (append :batch etc. for a service tier)")
    cm.add_argument("--saving", type=_number, required=True, help="claimed saving per year")
    cm.add_argument("--workload", metavar="FILE", help="scenario file whose workload shape and horizon to use")
    cm.add_argument("--input-tokens", type=_number,
                    help="prompt tokens per request (without --workload): each request's, or the mean with --input-p90")
    cm.add_argument("--input-p90", type=_number, help="90th percentile of the prompt: lengths spread as a lognormal")
    cm.add_argument("--output-tokens", type=_number,
                    help="output tokens per request (without --workload): each request's, or the mean with --output-p90")
    cm.add_argument("--output-p90", type=_number, help="90th percentile of the output: lengths spread as a lognormal")
    cm.add_argument("--cached-share", type=_number,
                    help="share of the prompt read from cache (without --workload; default 0)")
    cm.add_argument("--reasoning-share", type=_number,
                    help="share of output that is reasoning (without --workload; default 0)")
    cm.add_argument("--start", help="first day of the claimed year (default: the scenario's)")
    cm.add_argument("--months", type=_int, help=f"months to average over (default: the scenario's, else {_D['months']})")
    cm.add_argument("--currency", help="currency of the saving (default: the scenario's, else USD)")
    cm.set_defaults(run=cmd_claim)

    rl = sub.add_parser("replay", parents=[common], help="price a usage log again under its own and other offerings")
    rl.add_argument("log", help="a usage log: canonical CSV or Parquet, JSON lines of API usage, or a provider's export")
    rl.add_argument("--log-format", metavar="FORMAT", help="the log's format (default: recognised from the file)")
    rl.add_argument("--offerings", metavar="ID,...", help="candidate offerings to price the log under")
    rl.add_argument("--by", metavar="KEY", help="also show the cost by day, model, or an attribution column (team...)")
    rl.add_argument("--reconcile", metavar="COST_REPORT", help="set the log against a provider's cost report")
    rl.add_argument("--columns", metavar="OLD=NEW", action="append", help="map a column name to a canonical one")
    rl.add_argument("--timezone", help="the zone of timestamps written without one (e.g. UTC, Europe/Berlin)")
    rl.add_argument("--currency", default="USD", help="reporting currency (default: USD), converted at each day's rate")
    rl.add_argument("--aggregate-tiers", choices=["refuse", "mean"], default="refuse",
                    help="a row summing several requests across a context tier: refuse it, or tier it at its mean")
    rl.add_argument("--over-limits", choices=["refuse", "exclude"], default="refuse",
                    help="a row beyond an offering's context window or output limit: refuse it, or leave it out")
    rl.add_argument("--self-hosted", metavar="SCENARIO",
                    help="also serve the log's own hours on the self_hosted options of a scenario file")
    rl.add_argument("--profile", metavar="CLOCK", nargs="?", const="+00:00",
                    help="fit the workload the log shows on a clock (default +00:00) and print it as a scenario block")
    rl.set_defaults(run=cmd_replay)
    return p


# Where a user reports an error the program did not expect: the README section that says how and what to send.
REPORT_WHERE = "see 'Reporting a bug' in infercost's README"


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _os_error_text(e: OSError) -> str:
    """An operating-system error as a sentence naming the path: 'cannot open '/x/y.yaml': Permission denied'."""
    what = e.strerror or type(e).__name__
    paths = [p for p in (e.filename, getattr(e, "filename2", None)) if p is not None]
    return f"cannot use '{paths[0]}': {what}" if paths else what


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs one command. Every failure is one line on stderr and exit status 2 (argparse's own errors too); a
    failure the program did not expect says that it is one, where it happened and where to report it."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.run(args, sys.stdout)
        sys.stdout.flush()
    except Error as e:
        sys.stderr.write(f"infercost: error: {_one_line(e)}\n")
        return 2
    except BrokenPipeError:  # the reader went away (| head): not an error of ours
        try:
            sys.stdout = open(os.devnull, "w")  # so that the interpreter's own flush at exit stays quiet
        except OSError:
            pass
        return 0
    except KeyboardInterrupt:
        sys.stderr.write("infercost: interrupted\n")
        return 130
    except OSError as e:  # a file the command reads or writes: say which and why
        sys.stderr.write(f"infercost: error: {_one_line(_os_error_text(e))}\n")
        return 2
    except UnicodeDecodeError as e:
        sys.stderr.write(f"infercost: error: a file is not UTF-8 text (byte {e.start}: {e.reason}); "
                         "save it as UTF-8 and try again\n")
        return 2
    except MemoryError:
        sys.stderr.write("infercost: error: out of memory; use a smaller input or fewer samples\n")
        return 2
    except Exception as e:  # noqa: BLE001 - the last line of defence: no traceback reaches a user
        frame = traceback.extract_tb(e.__traceback__)[-1] if e.__traceback__ else None
        where = f" in {os.path.basename(frame.filename)}:{frame.lineno}" if frame else ""
        sys.stderr.write(f"infercost: internal error: {type(e).__name__}: {_one_line(e)}{where}. This is a bug in "
                         f"infercost {_core.__version__}; please report it with the command you ran ({REPORT_WHERE})\n")
        return 2
    return 0

if __name__ == "__main__":
    sys.exit(main())
