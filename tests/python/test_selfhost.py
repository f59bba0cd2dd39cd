"""Self-hosting from Python and from the command line: throughput, plans, break-even, frames, plots."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path
from typing import List

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import infercost as ic
from conftest import ROOT, infercost_command

SCENARIO = str(ROOT / "examples" / "scenarios" / "selfhost_qwen.yaml")


def run(args: List[str], ok: bool = True) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    p = subprocess.run([infercost_command(), *args], capture_output=True, text=True, timeout=120)
    if ok:
        assert p.returncode == 0, p.stderr
    return p


def workload(requests_per_day: float = 50_000) -> ic.Workload:
    return ic.Workload(requests_per_day=requests_per_day, input_tokens=ic.lognormal(mean=2000, p90=4000),
                       output_tokens=300, utc_offset="-05:00",
                       hourly_profile=[1, 1, 1, 1, 1, 2, 3, 5, 8, 10, 10, 10, 9, 10, 10, 9, 8, 6, 4, 3, 2, 2, 1, 1])


def test_throughput_identities_and_targets() -> None:
    e = ic.selfhost_throughput(model="llama-3.1-8b", gpu="h100-sxm", isl=1000, osl=500, concurrency=32)
    assert e.concurrency == 32
    assert e.output_tokens_per_second == pytest.approx(32 / (e.tpot_ms / 1000))
    assert e.input_tokens_per_second == pytest.approx(2 * e.output_tokens_per_second)
    # A looser target admits a bigger batch until the KV cache (or the engine's batch limit) stops it.
    tight = ic.selfhost_throughput(model="llama-3.1-8b", gpu="h100-sxm", isl=1000, osl=500, tpot_ms=8)
    loose = ic.selfhost_throughput(model="llama-3.1-8b", gpu="h100-sxm", isl=1000, osl=500, tpot_ms=12)
    assert tight.tpot_ms <= 8 < loose.tpot_ms <= 12
    assert tight.concurrency < loose.concurrency < loose.max_concurrent_sequences
    assert tight.limit == loose.limit == "tpot_target"
    capped = ic.selfhost_throughput(model="llama-3.1-8b", gpu="h100-sxm", isl=1000, osl=500, tpot_ms=1000)
    assert capped.concurrency == capped.max_concurrent_sequences and capped.limit in ("kv_capacity", "max_batch_size")
    assert loose.output_tokens_per_second > tight.output_tokens_per_second
    d = loose.to_dict()
    assert d["max_concurrent_sequences"] >= d["concurrency"]
    assert d["weights_gb_per_gpu"] == pytest.approx(ic.Catalog.default().hardware.model("llama-3.1-8b").total_params / 1e9)


def test_bad_deployments_raise_clear_errors() -> None:
    with pytest.raises(ic.InputError, match="weights need"):
        ic.selfhost_throughput(model="deepseek-v3", gpu="h100-sxm", gpus=4, isl=1000, osl=100)
    with pytest.raises(ic.InputError, match="does not divide the 64 attention heads"):
        ic.selfhost_throughput(model="llama-3.3-70b", gpu="h100-sxm", gpus=6, isl=1000, osl=100)
    with pytest.raises(ic.NotFoundError) as e:
        ic.selfhost_throughput(model="llama-3.1-8b", gpu="h100", isl=1000, osl=100)
    assert "h100-sxm" in e.value.suggestions
    with pytest.raises(ic.InputError):
        ic.selfhost_throughput(model="llama-3.1-8b", gpu="h100-sxm", isl=1000, osl=100, concurrency=4, tpot_ms=20)


@settings(max_examples=25, deadline=None)
@given(isl=st.integers(64, 30_000), osl=st.integers(16, 4_000), a=st.integers(1, 64), b=st.integers(1, 64))
def test_more_concurrency_more_throughput_and_slower_tokens(isl: int, osl: int, a: int, b: int) -> None:
    r = ic.Replica(ic.Catalog.default(), ic.Deployment(model="llama-3.3-70b", gpu="h200", gpus=2, chunked_prefill=True))
    lo, hi = sorted((a, b))
    hi = min(hi, r.max_concurrency(isl, osl))
    lo = min(lo, hi)
    x, y = r.at(isl, osl, lo), r.at(isl, osl, hi)
    assert y.output_tokens_per_second >= x.output_tokens_per_second * (1 - 1e-12)
    assert y.tpot_ms >= x.tpot_ms * (1 - 1e-12)


def test_plan_frames_and_html() -> None:
    opt = ic.self_hosted(model="llama-3.3-70b", gpu="h100-sxm", gpus=2, cloud_offer="lambda/gpu_8x_h100_sxm5/global",
                         tpot_ms=40, chunked_prefill=True)
    plan = ic.plan_self_hosted(opt, workload(), start="2027-02-01", months=1)
    frame = plan.to_frame()
    assert len(frame) == 28 * 24  # every hour of February 2027
    assert list(frame["day"].unique()) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]  # 2027-02-01 is a Monday
    # A mean month is the period's cost times 365.25 / 12 / 28 days.
    assert frame["cost"].sum() * 365.25 / 12 / 28 == pytest.approx(plan.cost_per_month.amount)
    assert abs(plan.buckets_frame()["weight"].sum() - 1) < 1e-12
    assert (frame["instances"] >= 1).all()
    assert plan.governance["deployment_class"] == "self_hosted_cloud"
    html = plan._repr_html_()
    assert "cost/month USD" in html and "utilisation %" in html and "USD/M input" in html
    assert plan.summary_frame().shape[1] == 1


def test_compare_api_and_self_hosted_side_by_side() -> None:
    opt = ic.self_hosted(model="qwen3-235b-a22b", gpu="h200", gpus=8, ep=8, owned="h200-8x-colo-us",
                         jurisdictions=["US"], tpot_ms=50, label="owned H200", chunked_prefill=True)
    c = ic.compare(workload(), ["fireworks/qwen3-235b-a22b-instruct-2507", opt], start="2027-01-01")
    assert c.self_hosted[0] is None
    plan = c.self_hosted[1]
    assert plan is not None and plan.option.provisioning == "fixed"
    assert c.options[1].label == "owned H200"
    # Owned servers run all year: peak GPUs x owned cost per GPU-hour x 8,760 hours in 2027.
    per_gpu_hour = ic.Catalog.default().hardware.owned_profile("h200-8x-colo-us").cost_per_gpu_hour()["total"]
    assert c.options[1].per_year.amount == pytest.approx(plan.peak_gpus * per_gpu_hour * 8760)
    assert "owned H200" in c.to_frame().index


def test_break_even_is_where_costs_meet() -> None:
    w = workload()
    opt = ic.self_hosted(model="llama-3.3-70b", gpu="h100-sxm", gpus=2, cloud_offer="lambda/gpu_8x_h100_sxm5/global",
                         tpot_ms=40, chunked_prefill=True)
    plan = ic.plan_self_hosted(opt, w, start="2027-02-01", months=1)
    be = ic.break_even(plan, w, 0.004)
    assert be.reached and be.stays_cheaper_from >= be.requests_per_day
    assert plan.cost_per_month_at(be.requests_per_day).amount == pytest.approx(be.cost_per_month)
    assert be.cost_per_month == pytest.approx(0.004 * be.requests_per_day * 365.25 / 12)
    curve = ic.break_even_curve(plan, w, 0.004)
    assert len(curve) == 200
    below = curve[curve["requests_per_day"] < be.requests_per_day]
    assert (below["api_cost_per_month"] <= below["self_hosted_cost_per_month"] + 1e-6).all()
    above = curve[curve["requests_per_day"] > be.stays_cheaper_from]
    assert len(above) > 0 and (above["self_hosted_cost_per_month"] <= above["api_cost_per_month"] + 1e-6).all()
    ax = ic.plots.break_even(curve)
    assert len(ax.lines) >= 3  # API, self-hosted, break-even marker
    # Against a catalog offering, costed for the same workload over the plan's own period.
    api = ic.break_even(plan, w, "openai/gpt-6.2-sol")
    c = ic.compare(w, ["openai/gpt-6.2-sol"], start="2027-02-01", months=1)
    assert api.api_cost_per_request == pytest.approx(c.options[0].cost_per_request.amount)


def test_catalog_frames_and_calibration() -> None:
    cat = ic.Catalog.default()
    assert {"h100-sxm", "h200", "b200", "mi300x"} <= set(cat.gpus_frame().index)
    offers = cat.cloud_offers_frame(gpu="h200")
    assert (offers["gpu"] == "h200").all()
    assert (offers["on_demand_per_gpu_hour"] * offers["gpus"] == offers["on_demand_per_hour"]).all()
    models = cat.models_frame()
    assert models.loc["deepseek-v3", "attention"] == "mla"
    assert "fireworks/deepseek-r1" in models.loc["deepseek-v3", "served_by"]
    assert cat.hardware.model_served_by("zai/glm-4.5").id == "glm-4.5"
    cal = ic.check_calibration()
    assert len(cal) == 51  # the offline rows; served ones on request
    assert len(ic.check_calibration(regime="served")) == 2
    assert set(cal["limit"]) <= {"kv_capacity", "max_batch_size", "max_num_tokens"}
    assert cal.attrs["mape"] <= 0.15
    assert (cal["predicted"] / cal["published"] - 1 - cal["error"]).abs().max() < 1e-9


def test_import_hf_config(tmp_path: Path) -> None:
    d = tmp_path / "tiny-llama"
    d.mkdir()
    (d / "config.json").write_text(json.dumps({
        "model_type": "llama", "hidden_size": 2048, "intermediate_size": 8192, "num_hidden_layers": 16,
        "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 32000, "tie_word_embeddings": True}))
    m = ic.import_hf_config(d / "config.json")
    assert m.id == "tiny-llama"
    # KV: 2 x 16 layers x 8 heads x 64 (2048 / 32) x 2 bytes = 32,768 B per token.
    assert m.kv_bytes_per_token("bf16") == 32768
    # Tied embeddings count once: 32,000 x 2,048 = 65,536,000.
    # Attention per layer 2 x 2048 x 2048 + 2 x 2048 x 512 = 10,485,760; FFN 3 x 2048 x 8192 = 50,331,648.
    assert m.total_params == 65_536_000 + 16 * (10_485_760 + 50_331_648)
    (d / "config.json").write_text("{\"hidden_size\": 10}")
    with pytest.raises(ic.InputError) as e:
        ic.import_hf_config(d / "config.json")
    assert e.value.field == "num_hidden_layers"


def test_cli_throughput_json() -> None:
    out = run(["selfhost", "throughput", "--model", "qwen3-235b-a22b", "--gpu", "h200", "--gpus", "8", "--ep", "8",
               "--precision", "fp8", "--isl", "3000", "--osl", "400", "--tpot-ms", "50", "--format", "json"]).stdout
    doc = json.loads(out)
    assert doc["schema"] == "infercost.selfhost.throughput/2"
    for key in ("output_tokens_per_second", "input_tokens_per_second", "ttft_ms", "tpot_ms", "max_concurrent_sequences"):
        assert doc[key] > 0
    assert doc["tpot_ms"] <= 50
    assert doc["input_tokens_per_second"] == pytest.approx(doc["output_tokens_per_second"] * 3000 / 400)
    # Without a target or concurrency: the highest throughput that fits.
    free = json.loads(run(["selfhost", "throughput", "--model", "qwen3-235b-a22b", "--gpu", "h200", "--gpus", "8",
                           "--ep", "8", "--isl", "3000", "--osl", "400", "--format", "json"]).stdout)
    assert free["concurrency"] == free["max_concurrent_sequences"]
    assert free["output_tokens_per_second"] >= doc["output_tokens_per_second"]


def test_cli_throughput_refuses_bad_input() -> None:
    p = run(["selfhost", "throughput", "--model", "llama-3.1-405b", "--gpu", "h100-sxm", "--isl", "100", "--osl", "10"],
            ok=False)
    assert p.returncode == 2 and "weights need" in p.stderr
    p = run(["selfhost", "throughput", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--isl", "100", "--osl", "10",
             "--concurrency", "4", "--tpot-ms", "20"], ok=False)
    assert p.returncode == 2 and "not both" in p.stderr


def test_cli_selfhost_cost_and_compare() -> None:
    doc = json.loads(run(["selfhost", "cost", SCENARIO, "--format", "json"]).stdout)
    assert doc["schema"] == "infercost.selfhost.cost/2"
    assert len(doc["options"]) == 3
    for o in doc["options"]:
        hours = o["hours"]  # columns, one value per hour of the scenario's 12 months of 2027
        assert len(hours["cost"]) == len(hours["date"]) == 365 * 24
        assert hours["date"][0] == "2027-01-01" and hours["hour"][:3] == [0, 1, 2]
        assert o["break_even"]["against"] == "fireworks/qwen3-235b-a22b-instruct-2507"
        # A mean month: the year's cost times 365.25 / 12 / 365 days.
        assert o["cost_per_month"] == pytest.approx(sum(hours["cost"]) * 365.25 / 12 / 365)
    flags = json.loads(run(["selfhost", "cost", SCENARIO, "--model", "llama-3.3-70b", "--gpu", "h100-sxm", "--gpus", "2",
                            "--cloud-offer", "lambda/gpu_8x_h100_sxm5/global", "--tpot-ms", "40", "--chunked-prefill", "--against",
                            "openai/gpt-6.2-sol", "--format", "json"]).stdout)
    assert len(flags["options"]) == 1 and flags["options"][0]["model"] == "llama-3.3-70b"
    cmp = json.loads(run(["compare", SCENARIO, "--format", "json"]).stdout)
    kinds = [o["kind"] for o in cmp["options"]]
    assert kinds == ["api", "self_hosted", "self_hosted", "self_hosted"]
    assert cmp["options"][1]["self_hosted"]["peak_gpus"] >= 8
    table = run(["compare", SCENARIO]).stdout
    assert "owned 8x H200, US colocation" in table


def test_cli_listings() -> None:
    gpus = run(["selfhost", "gpus", "--format", "csv"]).stdout.splitlines()
    assert gpus[0].startswith("id,") and len(gpus) == 15  # header + 14 GPUs
    # JSON keeps lists and maps; the table shows them as text.
    offers = json.loads(run(["selfhost", "offers", "--gpu", "h200", "--format", "json"]).stdout)["offers"]
    assert all(isinstance(o["jurisdictions"], list) and o["jurisdictions"] for o in offers)
    assert any(o["committed_per_hour"] for o in offers)
    for o in offers:
        for months, price in o["committed_per_hour"].items():
            assert int(months) > 0 and 0 < price <= o["on_demand_per_hour"]
    models = json.loads(run(["selfhost", "models", "--format", "json"]).stdout)["models"]
    assert "fireworks/deepseek-r1" in next(m for m in models if m["id"] == "deepseek-v3")["served_by"]
    cal = run(["selfhost", "calibration"]).stdout
    assert "mean absolute percentage error" in cal


def test_cli_explain_gives_the_step_part_by_part() -> None:
    doc = json.loads(run(["selfhost", "throughput", "--model", "deepseek-v3", "--gpu", "h100-sxm", "--gpus", "16",
                          "--isl", "1000", "--osl", "1000", "--explain", "--format", "json"]).stdout)
    step = doc["step"]
    parts = {p["part"]: p for p in step["parts"]}
    # 16 GPUs at TP 16 span two 8-GPU servers: the all-reduces are there and the notes say why.
    assert parts["tensor-parallel all-reduce"]["kind"] == "communication"
    assert any("scale-out network" in n for n in step["notes"])
    assert doc["layout"]["nodes"] == 2 and doc["layout"]["tp_crosses"]
    # The parts that add to the step (the bound side, collectives, overhead) make the whole of it.
    assert sum(p["share"] for p in step["parts"] if p["share"] is not None) == pytest.approx(1.0)
    assert step["title"].startswith("step of ") and "-bound" in step["title"]
    # TensorRT-LLM's overlap scheduler: the host's work runs beside the GPU's, and the notes say what it costs.
    assert any("overlap scheduler" in n for n in step["notes"])
    # The collectives bound this step; the title compares them with the larger of the memory-bound and the
    # compute-bound kernels' time (each kernel counts the larger of its memory traffic and its math).
    ms = {p["part"]: p["ms"] for p in step["parts"]}
    comm = ms["tensor-parallel all-reduce"] + ms.get("expert-parallel exchange", 0)
    sides = {"memory": 0.0, "compute": 0.0}
    for read, math in (("weights read", "matrix math"), ("experts read", "expert math"), ("KV cache read", "attention")):
        m, c = ms.get(read, 0.0), ms.get(math, 0.0)
        sides["memory" if m > c else "compute"] += max(m, c)
    other = max(sides.values())
    assert f"communication-bound ({comm / other:.3g}x the" in step["title"]
    text = run(["selfhost", "throughput", "--model", "qwen3-30b-a3b", "--gpu", "h200", "--isl", "1000", "--osl", "200",
                "--explain"]).stdout
    assert "step of" in text and "KV cache read" in text and "Traceback" not in text
    # CSV holds one table; with --explain it is the step, with the same parts and times as the JSON.
    csv_text = run(["selfhost", "throughput", "--model", "deepseek-v3", "--gpu", "h100-sxm", "--gpus", "16",
                    "--isl", "1000", "--osl", "1000", "--explain", "--format", "csv"]).stdout
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert [r["part"] for r in rows] == [p["part"] for p in step["parts"]]
    assert [float(r["ms"]) for r in rows] == pytest.approx([p["ms"] for p in step["parts"]], rel=1e-6)
    # The same layout as expert parallelism keeps the heavy traffic inside each server's NVLink for half the peers.
    ep = json.loads(run(["selfhost", "throughput", "--model", "deepseek-v3", "--gpu", "h100-sxm", "--gpus", "16", "--tp", "1",
                         "--ep", "16", "--isl", "1000", "--osl", "1000", "--format", "json"]).stdout)
    assert ep["layout"]["ep_crosses"] and any("crosses the 50 GB/s network" in n for n in ep["notes"])
    assert ep["output_tokens_per_second"] > doc["output_tokens_per_second"]


def test_whole_prompts_ride_in_some_steps_and_explain_says_what_that_adds() -> None:
    # 20,000-token prompts with trtllm-bench's budget (the prompt plus the batch): a prompt goes through in one step,
    # so only prefill_tokens / 20,000 of the steps carry one, and those steps are compute-bound.
    est = ic.selfhost_throughput(model="llama-3.3-70b", gpu="h200", isl=20000, osl=2000, settings="trtllm-bench")
    step = est.step
    assert step["prompt_step_share"] == pytest.approx(step["prefill_tokens"] / 20000, rel=1e-9)
    assert step["uneven_prompts_ms"] > 0
    assert est.decode_step_ms == pytest.approx(step["total_ms"], rel=1e-12)
    doc = json.loads(run(["selfhost", "throughput", "--model", "llama-3.3-70b", "--gpu", "h200", "--isl", "20000",
                          "--osl", "2000", "--settings", "trtllm-bench", "--explain", "--format", "json"]).stdout)
    parts = {p["part"]: p for p in doc["step"]["parts"]}
    assert parts["prompts in some steps only"]["ms"] == pytest.approx(step["uneven_prompts_ms"], rel=1e-6)
    assert parts["prompts in some steps only"]["kind"] == "scheduler"
    assert any(n.startswith("prompts ride in ") for n in doc["step"]["notes"])
    # A budget that binds (100 tokens, chunked: 100 / (1 + 20,000 / 2,000) = 9.1 sequences decode, and the 90.9
    # tokens they leave take a prompt chunk) puts a chunk in every step: nothing is uneven.
    even = ic.selfhost_throughput(model="llama-3.3-70b", gpu="h200", isl=20000, osl=2000, settings="trtllm-bench",
                                  max_num_tokens=100, chunked_prefill=True, concurrency=16)
    assert even.limit == "max_num_tokens"
    assert even.step["prompt_step_share"] == pytest.approx(1.0) and even.step["uneven_prompts_ms"] == 0


def test_an_overlap_scheduler_hides_host_work_shorter_than_the_gpu_step() -> None:
    cat = ic.Catalog.default()
    assert cat.hardware.engine_settings("tensorrt-llm").overlap_scheduler  # the case this test is about
    dep = ic.Deployment(model="llama-3.1-8b", gpu="h200", gpus=1, weights="fp8", kv="fp8", engine="tensorrt-llm",
                        settings="tensorrt-llm")

    def step(**factors: float) -> dict:
        return ic.Replica(cat, dep, dict(factors, step_overhead_ms=0)).best(1000, 1000).step

    gpu = step(sequence_overhead_us=0)
    assert gpu["host_wait_ms"] == 0 and gpu["overhead_overlapped"]
    # Host work per step well under the GPU's (a microsecond a sequence) is hidden: the step does not change.
    small = step(sequence_overhead_us=1)
    assert 0 < small["overhead_ms"] < gpu["total_ms"] and small["total_ms"] == pytest.approx(gpu["total_ms"], rel=1e-12)
    # A millisecond a sequence outlasts the GPU: the step is the host's time and the host bounds it.
    big = step(sequence_overhead_us=1000)
    assert big["bound"] == "host" and big["total_ms"] == pytest.approx(big["overhead_ms"], rel=1e-12)
    # What it waits beyond the GPU's part: the GPU's part is the step without host work, the same batch.
    assert big["decode_sequences"] == gpu["decode_sequences"]
    assert big["total_ms"] - big["host_wait_ms"] == pytest.approx(gpu["total_ms"], rel=1e-9)


def test_the_expert_exchange_follows_the_engine_settings() -> None:
    cat = ic.Catalog.default()
    by_id = {e.id: e.expert_exchange for e in cat.hardware.engines}
    assert set(by_id.values()) <= {"all_to_all", "all_gather", "all_gather_up_to_top_k"}
    # DEP8 of DeepSeek (8 experts per token) gathers under TensorRT-LLM; DEP16 goes all-to-all.
    base = dict(model="deepseek-v3", gpu="h200", tp=1, isl=1000, osl=1000)
    dep8 = ic.selfhost_throughput(**base, gpus=8, ep=8)
    dep16 = ic.selfhost_throughput(**base, gpus=16, ep=16)
    assert dep8.step["expert_parallel_ms"] > 0 and dep16.step["expert_parallel_ms"] > 0
    assert any("all-to-all traffic crosses" in n for n in dep16.notes)


def test_offered_load_gives_latency_quantiles_and_speculation_raises_tokens_per_step() -> None:
    base = dict(model="llama-3.3-70b", gpu="h200", isl=2000, osl=500)
    top = ic.selfhost_throughput(**base)
    busy = ic.selfhost_throughput(**base, rate=0.8 * top.requests_per_second)
    quiet = ic.selfhost_throughput(**base, rate=0.05 * top.requests_per_second)
    assert busy.requests_per_second == pytest.approx(0.8 * top.requests_per_second, rel=1e-6)
    assert busy.ttft["p99"] >= busy.ttft["p90"] >= busy.ttft["p50"] > 0
    assert busy.ttft["p99"] > quiet.ttft["p99"] and busy.tpot["mean"] > quiet.tpot["mean"]
    with pytest.raises(ic.InputError, match="add replicas"):
        ic.selfhost_throughput(**base, rate=2 * top.requests_per_second)
    doc = json.loads(run(["selfhost", "throughput", "--model", "llama-3.3-70b", "--gpu", "h200", "--isl", "2000", "--osl",
                          "500", "--rate", "1", "--format", "json"]).stdout)
    assert doc["offered_rate"] == 1 and doc["ttft_p99_ms"] >= doc["ttft_p50_ms"] and doc["limit"] == "offered_load"
    # MTP with one drafted token accepted 70% of the time yields 1.7 tokens a step.
    mtp = ic.selfhost_throughput(model="deepseek-v3", gpu="h200", gpus=8, tp=1, ep=8, isl=1000, osl=1000, concurrency=512,
                                 spec_tokens=1, spec_accept=0.7)
    plain = ic.selfhost_throughput(model="deepseek-v3", gpu="h200", gpus=8, tp=1, ep=8, isl=1000, osl=1000, concurrency=512)
    assert mtp.tokens_per_step == pytest.approx(1.7)
    assert mtp.tpot_ms < plain.tpot_ms
    with pytest.raises(ic.InputError, match="multi-token-prediction"):
        ic.selfhost_throughput(model="llama-3.1-8b", gpu="h200", isl=100, osl=100, spec_tokens=2, spec_accept=0.5)


def test_disaggregated_pools_and_cost_lenses() -> None:
    d = ic.disaggregated(model="deepseek-v3", gpu="h200", isl=2000, osl=500,
                         prefill=dict(gpus=8, tp=1, ep=8, chunked_prefill=True), decode=dict(gpus=8, tp=1, ep=8), tpot_ms=60)
    assert d.decode.tpot_ms <= 60 and d.decode.step["prefill_tokens"] == 0
    assert d.prefill.requests_per_second > 0 and d.ttft_ms == pytest.approx(d.prefill.ttft_ms + d.kv_transfer_ms)
    # Balanced pools: the prefill replicas per decode replica carry the decode pool's request rate.
    assert d.prefill_replicas_per_decode_replica * d.prefill.requests_per_second == pytest.approx(d.decode.requests_per_second)
    doc = json.loads(run(["selfhost", "throughput", "--model", "deepseek-v3", "--gpu", "h200", "--gpus", "8", "--tp", "1",
                          "--ep", "8", "--prefill-gpus", "8", "--prefill-tp", "1", "--prefill-ep", "8", "--isl", "2000",
                          "--osl", "500", "--chunked-prefill", "--tpot-ms", "60", "--format", "json"]).stdout)
    assert doc["schema"] == "infercost.selfhost.disaggregated/1"
    assert doc["prefill_replicas_per_decode_replica"] == pytest.approx(d.prefill_replicas_per_decode_replica)
    with pytest.raises(ic.InputError, match="same model"):
        ic._core._disaggregate(ic.Catalog.default(), ic.Deployment(model="llama-3.1-8b", gpu="h200"),
                               ic.Deployment(model="llama-3.3-70b", gpu="h200"), 100, 100, 0, None, None)
    # Cost lenses of a plan: the marginal token, spot interruptions, the break-even by utilisation.
    w = workload()
    opt = ic.self_hosted(model="llama-3.3-70b", gpu="h100-sxm", gpus=2, cloud_offer="lambda/gpu_8x_h100_sxm5/global",
                         tpot_ms=40, chunked_prefill=True)
    plan = ic.plan_self_hosted(opt, w, start="2027-02-01", months=1)
    assert 0 < plan.marginal_cost_per_million_tokens.amount and plan.marginal_cost_per_million_tokens.currency == "USD"
    frame = ic.break_even_by_utilisation(plan, w, 0.004, utilisations=[0.6, 0.8, 1.0])
    assert list(frame["utilisation"]) == [0.6, 0.8, 1.0] and frame.attrs["currency"] == "USD"
    reached = frame.dropna(subset=["requests_per_day"])
    assert reached["requests_per_day"].is_monotonic_decreasing or len(reached) <= 1
    spot = ic.self_hosted(model="llama-3.3-70b", gpu="b200", gpus=1, cloud_offer="aws/p6-b200.48xlarge/us-east-1",
                          spot_share=0.5, spot_interruption=0.2, chunked_prefill=True)
    assert ic.plan_self_hosted(spot, w, start="2027-02-01", months=1).price_per_gpu_hour * 8 == pytest.approx(
        0.5 * 113.9328 + 0.5 * (0.8 * 19.09 + 0.2 * 113.9328))


def test_disaggregated_option_in_a_scenario_and_in_python(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "scenarios" / "selfhost_qwen.yaml").read_text()
    head = text[:text.index("candidates:")]
    scenario = tmp_path / "disagg.yaml"
    scenario.write_text(head + """candidates:
  - self_hosted:
      label: disaggregated H200 pools
      model: qwen3-235b-a22b
      gpu: h200
      gpus: 8
      tp: 1
      ep: 8
      chunked_prefill: true
      prefill: {gpus: 8, tp: 1, ep: 8}
      cloud_offer: coreweave/8x-hgx-h200/us
      tpot_ms: 50
""")
    doc = json.loads(run(["selfhost", "cost", str(scenario), "--format", "json"]).stdout)
    o = doc["options"][0]
    assert o["prefill"]["replicas_per_unit"] >= 1
    assert o["gpus_per_replica"] == 8 + 8 * o["prefill"]["replicas_per_unit"]
    assert o["peak_gpus"] % o["gpus_per_replica"] == 0
    opt = ic.self_hosted(model="qwen3-235b-a22b", gpu="h200", gpus=8, tp=1, ep=8, chunked_prefill=True,
                         cloud_offer="coreweave/8x-hgx-h200/us", tpot_ms=50, prefill=dict(gpus=8, tp=1, ep=8))
    assert opt.prefill is not None and opt.prefill.gpus == 8 and opt.prefill.chunked_prefill is True
    plan = ic.plan_self_hosted(opt, workload(), start="2027-02-01", months=1)
    assert plan.prefill_replicas_per_unit >= 1 and plan.gpus_per_replica == 8 + 8 * plan.prefill_replicas_per_unit
    bad = tmp_path / "bad.yaml"
    bad.write_text(scenario.read_text().replace("prefill: {gpus: 8, tp: 1, ep: 8}", "prefill: {gpus: 8, colour: red}"))
    p = run(["selfhost", "cost", str(bad)], ok=False)
    assert p.returncode == 2 and "colour" in p.stderr and "Traceback" not in p.stderr
