"""Uncertainty through Python: distributions against scipy, runs against the engine sample by sample, seeds and
threads, frames, charts, the command line, and refusals."""

from __future__ import annotations

import subprocess
import textwrap

import numpy as np
import pytest

import infercost as ic
from infercost import _core, uncertainty

from conftest import infercost_command

HEAD = textwrap.dedent("""\
    name: acme under uncertainty
    currency: USD
    horizon: {start: 2027-01-01, months: 12}
    workload:
      requests_per_day: 20000
      utc_offset: "+00:00"
      input_tokens: {lognormal: {median: 30000, p90: 120000}}
      output_tokens: {fixed: 600}
      cached_share: CACHED
      reasoning_share: 0.2
      growth: {yearly: GROWTH}
    baseline: acme/tiered
    candidates:
      - acme/base
    claim:
      saving_per_year: 1000000
      candidate: acme/base
""")

UNCERTAIN = textwrap.dedent("""\
    uncertainty:
      inputs:
        workload.requests_per_day: {lognormal: {median: 20000, p90: 30000}}
        workload.cached_share: {triangular: {low: 0.1, mode: 0.3, high: 0.5}}
        workload.output_tokens.mean: {pert: {low: 400, mode: 600, high: 1200}}
        workload.reasoning_share: {uniform: {low: 0.0, high: 0.6}}
        workload.growth.yearly: {normal: {mean: 0.3, sd: 0.1}}
        price_change.acme/base: {uniform: {low: -0.4, high: 0.1}}
      rank_correlation:
        - [workload.requests_per_day, workload.growth.yearly, 0.6]
""")


def scenario_text(cached: float = 0.3, growth: float = 0.3, extra: str = UNCERTAIN) -> str:
    return HEAD.replace("CACHED", repr(cached)).replace("GROWTH", repr(growth)) + extra


@pytest.fixture()
def scenario(acme: ic.Catalog) -> ic.Scenario:
    return ic.Scenario.parse(scenario_text(), "acme.yaml", acme)


def test_distribution_quantiles_match_scipy() -> None:
    stats = pytest.importorskip("scipy.stats")
    u = np.concatenate([np.linspace(1e-6, 1 - 1e-6, 2001), [1e-9, 1 - 1e-9]])
    q = lambda kind, params: _core._distribution_quantiles(kind, params, u)  # noqa: E731
    # PERT(2, 3, 10): Beta(1 + 4 x 1/8, 1 + 4 x 7/8) = Beta(1.5, 4.5) on [2, 10]; interpolated from a table.
    assert np.max(np.abs(q("pert", [2, 3, 10]) - (2 + 8 * stats.beta.ppf(u, 1.5, 4.5)))) < 1e-7 * 8
    assert np.max(np.abs(q("pert", [0, 1, 1]) - stats.beta.ppf(u, 5, 1))) < 1e-7
    np.testing.assert_allclose(q("normal", [5, 2]), stats.norm.ppf(u, 5, 2), rtol=1e-12, atol=1e-12)
    # Lognormal by median 100 and p90 250: sigma = ln(2.5) / z90.
    sigma = np.log(2.5) / stats.norm.ppf(0.9)
    np.testing.assert_allclose(q("lognormal", [100, 250]), stats.lognorm.ppf(u, sigma, scale=100), rtol=1e-12)
    np.testing.assert_allclose(q("triangular", [1, 2, 5]), stats.triang.ppf(u, 0.25, loc=1, scale=4), rtol=1e-12)
    np.testing.assert_allclose(q("empirical", [3, 1, 2, 5]), np.quantile([1, 2, 3, 5], u), rtol=1e-12)


def test_every_draw_costs_what_the_engine_says(scenario: ic.Scenario, acme: ic.Catalog) -> None:
    mc = scenario.monte_carlo(samples=30, seed=4, catalog=acme)
    assert mc.input_samples is not None and mc.per_year_samples is not None
    names = mc.inputs
    for i in range(0, 30, 6):
        x = {name: float(v) for name, v in zip(names, mc.input_samples[i])}
        text = scenario_text(x["workload.cached_share"], x["workload.growth.yearly"], "")
        text = text.replace("requests_per_day: 20000", f"requests_per_day: {x['workload.requests_per_day']!r}")
        text = text.replace("output_tokens: {fixed: 600}", f"output_tokens: {{fixed: {x['workload.output_tokens.mean']!r}}}")
        text = text.replace("reasoning_share: 0.2", f"reasoning_share: {x['workload.reasoning_share']!r}")
        c = ic.Scenario.parse(text, "draw.yaml", acme).run(acme)
        # The price change scales acme/base's bill: (1 + change) times its cost at list prices.
        expected = [c.options[0].per_year, c.options[1].per_year * (1 + x["price_change.acme/base"])]
        np.testing.assert_allclose(mc.per_year_samples[:, i], expected, rtol=1e-10)


def test_the_numpy_formula_of_the_decomposition_reproduces_each_draw(scenario: ic.Scenario, acme: ic.Catalog) -> None:
    """The decomposition is a documented formula (infercost/uncertainty/monte_carlo.hpp); rebuilt here in numpy it
    gives the library's per-draw costs."""
    model = uncertainty.decomposition(scenario, acme)
    assert model["roles"] == ["volume", "affine", "output_mean", "reasoning_share", "growth_yearly", "price_change"]
    mc = scenario.monte_carlo(samples=500, seed=9, catalog=acme)
    n = 500
    x = mc.input_samples
    stated = np.asarray(model["stated"])
    s = x[:, 2] / stated[2]
    phi = np.column_stack([np.ones(n), x[:, 1] - stated[1], s * (x[:, 3] - stated[3]), s - 1])
    k = np.arange(model["months"])
    growth = (1 + x[:, 4])[:, None] ** (k / 12) / np.asarray(model["growth_stated"])[None, :]
    volume = x[:, 0] / stated[0]
    for o in range(2):
        factor = np.ones(n)
        for i in model["factor_inputs"][o]:
            factor *= 1 + x[:, i]
        monthly = model["one_off"][o] + factor[:, None] * (volume[:, None] * growth * (phi @ model["coefficients"][o]) + model["storage"][o])
        np.testing.assert_allclose(monthly.sum(axis=1) * model["per_year"], mc.per_year_samples[o], rtol=1e-12)


def test_seed_and_threads(scenario: ic.Scenario, acme: ic.Catalog) -> None:
    a = scenario.monte_carlo(samples=40_000, seed=21, threads=1, catalog=acme)
    b = scenario.monte_carlo(samples=40_000, seed=21, threads=2, catalog=acme)
    c = scenario.monte_carlo(samples=40_000, seed=22, threads=2, catalog=acme)
    assert np.array_equal(a.per_year_samples, b.per_year_samples)
    assert a.ranges_frame().equals(b.ranges_frame())
    assert not np.array_equal(a.per_year_samples, c.per_year_samples)
    # The stated rank correlation shows in the draws (standard error about 1 / sqrt(40,000) = 0.005).
    from scipy.stats import spearmanr  # type: ignore[import-untyped]

    rho = spearmanr(a.input_samples[:, 0], a.input_samples[:, 4])[0]
    assert abs(rho - 0.6) < 0.03
    assert abs(spearmanr(a.input_samples[:, 0], a.input_samples[:, 1])[0]) < 0.03


def test_frames_and_charts_read_as_money(scenario: ic.Scenario, acme: ic.Catalog) -> None:
    mc = scenario.monte_carlo(samples=5_000, seed=3, catalog=acme)
    r = mc.ranges_frame()
    assert list(r.index) == ["acme/tiered", "acme/base"]
    assert r.attrs["currency"] == "USD"
    assert (r["p5"] < r["p50"]).all() and (r["p50"] < r["p95"]).all()
    assert np.isnan(r.loc["acme/tiered", "saving_p50"])  # the baseline saves nothing against itself
    # The stated case lies inside the range; P(cheaper) is a share of the samples.
    assert r.loc["acme/base", "p5"] < r.loc["acme/base", "stated"] < r.loc["acme/base", "p95"]
    saving = mc.saving_samples()
    assert r.loc["acme/base", "p_cheaper"] == pytest.approx((saving > 0).mean())
    assert mc.probability_claim == pytest.approx((saving >= 1_000_000).mean())
    samples = mc.samples_frame()
    assert samples.shape == (5_000, len(mc.inputs) + 2)
    monthly = mc.monthly_frame()
    assert len(monthly) == 12 * 2 and (monthly["p5"] <= monthly["p95"]).all()
    for ax in (mc.plot_savings(), mc.plot_fan(), scenario.tornado(catalog=acme).plot(),
               scenario.sweep("workload.cached_share", points=5, catalog=acme).plot()):
        assert "USD" in ax.get_xlabel() + ax.get_ylabel()
    inputs = scenario.uncertainty_frame()
    assert list(inputs.index)[0] == "workload.requests_per_day"
    assert inputs.loc["workload.requests_per_day", "median"] == pytest.approx(20000)


def test_tornado_ranks_the_dominant_input_first(acme: ic.Catalog) -> None:
    text = scenario_text(extra=textwrap.dedent("""\
        uncertainty:
          inputs:
            workload.cached_share: {uniform: {low: 0.29, high: 0.31}}
            workload.requests_per_day: {uniform: {low: 5000, high: 35000}}
    """))
    t = ic.Scenario.parse(text, "t.yaml", acme).tornado(catalog=acme).to_frame()
    assert list(t.index) == ["workload.requests_per_day", "workload.cached_share"]
    assert t["swing"].iloc[0] > 10 * t["swing"].iloc[1]


@pytest.mark.parametrize("samples", [0, -5, uncertainty.MAX_SAMPLES + 1, 2.5, True])
def test_absurd_sample_counts_are_refused(scenario: ic.Scenario, acme: ic.Catalog, samples: object) -> None:
    with pytest.raises(ic.InputError, match="samples must be"):
        scenario.monte_carlo(samples=samples, catalog=acme)  # type: ignore[arg-type]


def test_the_command_line_prints_ranges_and_refuses_cleanly(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from conftest import ROOT

    scen = str(ROOT / "examples" / "scenarios" / "qwen_switch.yaml")
    out = subprocess.run([infercost_command(), "compare", scen, "--samples", "3000", "--seed", "5"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "samples of the uncertain inputs (seed 5)" in out.stdout
    assert "What moves the saving of alibaba/qwen3-max" in out.stdout
    for bad, message in (("0", "samples 0: give 1 to 50,000,000"), ("ten", "samples 'ten' is not a whole number")):
        r = subprocess.run([infercost_command(), "compare", scen, "--samples", bad], capture_output=True, text=True)
        assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr
    plain = tmp_path / "plain.yaml"
    plain.write_text(open(scen).read().split("\nuncertainty:")[0])
    r = subprocess.run([infercost_command(), "compare", str(plain), "--samples", "100"], capture_output=True, text=True)
    assert r.returncode == 2 and "states no uncertain inputs" in r.stderr and "Traceback" not in r.stderr


def test_the_report_pack_gains_its_ranges_and_one_option_runs_alone(tmp_path, acme: ic.Catalog) -> None:  # type: ignore[no-untyped-def]
    import openpyxl  # type: ignore[import-untyped]

    s = ic.Scenario.parse(scenario_text(), str(tmp_path / "acme.yaml"), acme)
    paths = s.write_report(tmp_path / "pack", acme)
    page = paths["html"].read_text()
    assert "Ranges: what is not known" in page and "What moves the saving of acme/base" in page
    assert {"Ranges", "Monthly ranges"} <= set(openpyxl.load_workbook(paths["excel"]).sheetnames)
    # One option: ranges without a saving, no tornado to draw.
    uncertain = "\n".join(line for line in UNCERTAIN.splitlines() if "price_change" not in line) + "\n"
    single = scenario_text().replace("candidates:\n  - acme/base\n", "").split("claim:")[0] + uncertain
    alone = ic.Scenario.parse(single, "alone.yaml", acme)
    mc = alone.monte_carlo(samples=500, catalog=acme)
    assert list(mc.ranges_frame().index) == ["acme/tiered"]
    assert "Ranges: what is not known" in alone.write_report(tmp_path / "alone", acme)["html"].read_text()
