"""
infercost's C++ core. Use the `infercost` package rather than this module directly.
"""
from __future__ import annotations
import collections.abc
import datetime
import infercost._money
import infercost.uncertainty
import numpy
import numpy.typing
import os
import pathlib
import typing
import pandas as pd
from infercost._api import BatchPrices
__version__: str
__all__: list[str] = ['BreakEven', 'COST_LINES', 'Catalog', 'ClaimCheck', 'CloudOffer', 'Comparison', 'CostReport', 'DAYS_PER_MONTH', 'DEFAULTS', 'Deployment', 'EfficiencyProfile', 'FxTable', 'Gpu', 'HardwareCatalog', 'ImportedCatalog', 'METERS', 'METER_UNITS', 'MeterCharge', 'ModelArchitecture', 'Offering', 'Option', 'OwnedProfile', 'Policy', 'PolicyCheck', 'PriceBreakdown', 'Provider', 'Replica', 'Savings', 'Scenario', 'SelfHostReport', 'SelfHosted', 'Table', 'ThroughputEstimate', 'TokenDistribution', 'USAGE_COLUMNS', 'Usage', 'Workload', 'expected_experts_touched', 'focus_table', 'irr', 'npv', 'payback_month']
class Error(Exception):
    """Base of every infercost error."""

class InputError(Error, ValueError):
    """Bad input: a file, an argument, or a request that cannot be priced as given."""
    file: str | None
    line: int | None
    column: int | None
    field: str | None
    reason: str

class NotFoundError(Error, KeyError):
    """An unknown id. ``suggestions`` holds the closest known ids."""
    kind: str
    id: str
    suggestions: list[str]

class CurrencyError(Error, ValueError):
    """Money in two currencies combined without a dated exchange rate, or a rate that is missing."""

class Gpu:
    """
    An accelerator's specification (dense peaks), with its source.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def __repr__(self) -> str:
        ...
    @property
    def bf16_tflops(self) -> float:
        ...
    @property
    def read_url(self) -> str:
        """
        The page actually read, where it is not `source`; empty if it is.
        """
    @property
    def checked(self) -> datetime.date:
        ...
    @property
    def verified(self) -> str | None:
        """
        official, secondary or derived; None where the data does not say.
        """
    @property
    def fp4_tflops(self) -> float | None:
        ...
    @property
    def fp8_tflops(self) -> float | None:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def interconnect_gbps(self) -> float:
        ...
    @property
    def memory_bandwidth_tbps(self) -> float:
        ...
    @property
    def memory_gb(self) -> float:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def note(self) -> str:
        ...
    @property
    def source(self) -> str:
        ...
    @property
    def tdp_w(self) -> float:
        ...
    @property
    def vendor(self) -> str:
        ...
class CloudOffer:
    """
    A rentable GPU instance type in one region; prices per instance-hour.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def __repr__(self) -> str:
        ...
    @property
    def read_url(self) -> str:
        """
        The page actually read, where it is not `source`; empty if it is.
        """
    @property
    def checked(self) -> datetime.date:
        ...
    @property
    def verified(self) -> str | None:
        """
        official, secondary or derived; None where the data does not say.
        """
    @property
    def committed(self) -> dict[int, float]:
        """
        Term in months -> price per instance-hour.
        """
    @property
    def currency(self) -> str:
        ...
    @property
    def gpu(self) -> str:
        ...
    @property
    def gpus(self) -> int:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def instance(self) -> str:
        ...
    @property
    def jurisdictions(self) -> list[str]:
        ...
    @property
    def jurisdictions_complete(self) -> bool:
        ...
    @property
    def note(self) -> str:
        ...
    @property
    def on_demand_per_hour(self) -> float:
        ...
    @property
    def provider(self) -> str:
        ...
    @property
    def region(self) -> str:
        ...
    @property
    def source(self) -> str:
        ...
    @property
    def spot_per_hour(self) -> float | None:
        ...
class OwnedProfile:
    """
    Buying 8-GPU servers and running them in a colocation facility.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def __repr__(self) -> str:
        ...
    def cost_per_gpu_hour(self, life_years: float | None = None) -> dict:
        """
        Cost of one GPU for one hour by component (capital, power, colocation, operations, total); `life_years` overrides the profile's life.
        """
    @property
    def colocation_per_kw_month(self) -> float:
        ...
    @property
    def cost_of_capital(self) -> float:
        ...
    @property
    def currency(self) -> str:
        ...
    @property
    def electricity_per_kwh(self) -> float:
        ...
    @property
    def gpu(self) -> str:
        ...
    @property
    def gpus_per_server(self) -> int:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def life_years(self) -> float:
        ...
    @property
    def network_capex_per_server(self) -> float:
        ...
    @property
    def operations_per_gpu_year(self) -> float:
        ...
    @property
    def power_per_gpu_kw(self) -> float:
        ...
    @property
    def pue(self) -> float:
        ...
    @property
    def residual_value_share(self) -> float:
        ...
    @property
    def server_capex(self) -> float:
        ...
class EfficiencyProfile:
    """
    How close an engine gets to a GPU's peaks.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def __repr__(self) -> str:
        ...
    @property
    def all_to_all(self) -> float:
        ...
    @property
    def basis(self) -> str:
        ...
    @property
    def collective_latency_us(self) -> float:
        ...
    @property
    def compute(self) -> float:
        ...
    @property
    def engine(self) -> str:
        ...
    @property
    def expert_imbalance(self) -> float:
        ...
    @property
    def family(self) -> str:
        ...
    @property
    def gpu(self) -> str:
        ...
    @property
    def interconnect(self) -> float:
        ...
    @property
    def memory(self) -> float:
        ...
    @property
    def reserve_gb(self) -> float:
        ...
    @property
    def sequence_overhead_us(self) -> float:
        ...
    @property
    def source(self) -> str:
        ...
    @property
    def spread(self) -> float:
        """
        Leave-one-model-out error of the calibration behind the profile (wider when transferred).
        """
    @property
    def step_overhead_ms(self) -> float:
        ...
class EngineSettings:
    """
    A serving engine's scheduler settings, stated with their source.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def __repr__(self) -> str:
        ...
    @property
    def chunked_prefill(self) -> bool:
        ...
    @property
    def cuda_graph_max_batch(self) -> int:
        ...
    @property
    def engine(self) -> str:
        ...
    @property
    def expert_exchange(self) -> str:
        ...
    @property
    def heuristic(self) -> str:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def kv_memory(self) -> str:
        ...
    @property
    def kv_memory_fraction(self) -> float:
        ...
    @property
    def kv_reservation(self) -> str:
        ...
    @property
    def max_batch_size(self) -> int:
        ...
    @property
    def max_num_tokens(self) -> int:
        ...
    @property
    def moe_gemm_tile_tokens(self) -> int:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def note(self) -> str:
        ...
    @property
    def overlap_scheduler(self) -> bool:
        ...
    @property
    def source(self) -> str:
        ...
    @property
    def verified(self) -> str:
        ...
    @property
    def version(self) -> str:
        ...
class ModelArchitecture:
    """
    A model's architecture from its published config.json.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def __repr__(self) -> str:
        ...
    def kv_bytes_per_token(self, precision: str = 'bf16') -> float:
        """
        KV-cache bytes per token over the full-attention layers.
        """
    @property
    def active_params(self) -> float:
        ...
    @property
    def attention(self) -> str:
        ...
    @property
    def experts(self) -> int:
        ...
    @property
    def experts_per_token(self) -> int:
        ...
    @property
    def head_dim(self) -> int:
        ...
    @property
    def heads(self) -> int:
        ...
    @property
    def hidden(self) -> int:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def kv_heads(self) -> int:
        ...
    @property
    def kv_lora_rank(self) -> int:
        ...
    @property
    def layers(self) -> int:
        ...
    @property
    def license(self) -> str:
        ...
    @property
    def model_type(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def open_weights(self) -> bool:
        ...
    @property
    def origin(self) -> str:
        ...
    @property
    def published_active_params_b(self) -> float:
        ...
    @property
    def published_total_params_b(self) -> float:
        ...
    @property
    def served_by(self) -> list[str]:
        ...
    @property
    def shared_experts(self) -> int:
        ...
    @property
    def linear_layers(self) -> int:
        """
        Linear-attention (Gated DeltaNet) layers: a fixed state per sequence instead of a KV cache.
        """
    @property
    def sliding_layers(self) -> int:
        ...
    @property
    def sliding_window(self) -> int:
        ...
    @property
    def source(self) -> str:
        ...
    @property
    def total_params(self) -> float:
        ...
    @property
    def vocab(self) -> int:
        ...
class HardwareCatalog:
    """
    The self-hosting data of a catalog.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def cloud_offer(self, id: str) -> CloudOffer:
        ...
    def efficiency_for(self, engine: str, gpu: str) -> EfficiencyProfile:
        ...
    def engine_settings(self, id: str) -> EngineSettings:
        ...
    def gpu(self, id: str) -> Gpu:
        ...
    def model(self, id: str) -> ModelArchitecture:
        ...
    def model_served_by(self, offering_id: str) -> typing.Any:
        """
        The architecture an API offering serves, or None.
        """
    def owned_profile(self, id: str) -> OwnedProfile:
        ...
    @property
    def cloud_offers(self) -> list[CloudOffer]:
        ...
    @property
    def efficiency(self) -> list[EfficiencyProfile]:
        ...
    @property
    def engines(self) -> list[EngineSettings]:
        ...
    @property
    def gpus(self) -> list[Gpu]:
        ...
    @property
    def models(self) -> list[ModelArchitecture]:
        ...
    @property
    def owned(self) -> list[OwnedProfile]:
        ...
class Deployment:
    """
    A model on GPUs: parallel layout, precision, serving engine and its settings.
    """
    def __init__(self, *, model: str, gpu: str, gpus: int = 1, tp: int | None = None, dp: int | None = None, pp: int = 1, ep: int = 1, nodes: int | None = None, weights: str = 'fp8', expert_weights: str | None = None, kv: str = 'fp8', engine: str = 'tensorrt-llm', settings: str = '', max_batch_size: int | None = None, max_num_tokens: int | None = None, chunked_prefill: bool | None = None, kv_memory_fraction: float | None = None, spec_tokens: int = 0, spec_accept: float = 0.0, draft: str = '', expert_imbalance: float | None = None, scale_out_gbps: float | None = None) -> None:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def chunked_prefill(self) -> bool | None:
        ...
    @property
    def dp(self) -> int:
        ...
    @property
    def draft(self) -> str:
        ...
    @property
    def engine(self) -> str:
        ...
    @property
    def ep(self) -> int:
        ...
    @property
    def expert_imbalance(self) -> float:
        ...
    @property
    def expert_weights(self) -> str | None:
        ...
    @property
    def gpu(self) -> str:
        ...
    @property
    def gpus(self) -> int:
        ...
    @property
    def kv(self) -> str:
        ...
    @property
    def max_batch_size(self) -> int:
        ...
    @property
    def max_num_tokens(self) -> int:
        ...
    @property
    def model(self) -> str:
        ...
    @property
    def nodes(self) -> int:
        ...
    @property
    def pp(self) -> int:
        ...
    @property
    def settings(self) -> str:
        ...
    @property
    def spec_accept(self) -> float:
        ...
    @property
    def spec_tokens(self) -> int:
        ...
    @property
    def tp(self) -> int:
        ...
    @property
    def weights(self) -> str:
        ...
class ThroughputEstimate:
    """
    One replica's throughput and latency at a concurrency or an offered load.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def __repr__(self) -> str:
        ...
    def to_dict(self) -> dict[str, typing.Any]:
        """
        The estimate's measures and memory plan as one flat dict.
        """
    def to_frame(self) -> pd.DataFrame:
        """
        The estimate as a one-column frame, one row per measure.
        """
    def step_table(self) -> Table:
        """
        What the engine step spends its time on, part by part, with what bounds it in the title and what slows the layout in the notes (`selfhost throughput --explain`).
        """
    @property
    def step(self) -> dict:
        """
        The steady state's step part by part, in ms: each kernel (the weights' matrix math, the experts', attention) takes the larger of its memory traffic and its math; the kernels, collectives and drafting add up, plus host_wait_ms: the engine's host work (overhead_ms), all of it, or with an overlap scheduler (overhead_overlapped) only what exceeds the GPU's part; plus uneven_prompts_ms, what prompts scheduled whole add because only prompt_step_share of the steps carry them.
        """
    @property
    def calibrated(self) -> bool:
        ...
    @property
    def concurrency(self) -> int:
        ...
    @property
    def decode_bound(self) -> str:
        ...
    @property
    def decode_step_ms(self) -> float:
        ...
    @property
    def decoding_sequences(self) -> float:
        ...
    @property
    def experts_touched_per_layer(self) -> float:
        ...
    @property
    def input_time_share(self) -> float:
        ...
    @property
    def input_tokens_per_second(self) -> float:
        ...
    @property
    def layout(self) -> dict:
        ...
    @property
    def limit(self) -> str:
        ...
    @property
    def max_batch_size(self) -> int:
        ...
    @property
    def max_concurrent_sequences(self) -> int:
        ...
    @property
    def max_num_tokens(self) -> int:
        ...
    @property
    def memory(self) -> dict:
        ...
    @property
    def notes(self) -> list[str]:
        ...
    @property
    def offered_rate(self) -> float:
        ...
    @property
    def output_tokens_per_second(self) -> float:
        ...
    @property
    def prefill_ms(self) -> float:
        ...
    @property
    def prefill_utilisation(self) -> float:
        ...
    @property
    def requests_per_second(self) -> float:
        ...
    @property
    def round_ms(self) -> float:
        ...
    @property
    def tokens_per_step(self) -> float:
        ...
    @property
    def tpot(self) -> typing.Any:
        """
        TPOT quantiles in ms (mean, p50, p90, p99) under an offered load, or None.
        """
    @property
    def tpot_ms(self) -> float:
        ...
    @property
    def ttft(self) -> typing.Any:
        """
        TTFT quantiles in ms (mean, p50, p90, p99) under an offered load, or None.
        """
    @property
    def ttft_ms(self) -> float:
        ...
class Replica:
    """
    A deployment checked against the hardware data, ready to estimate.
    """
    def __init__(self, catalog: Catalog, deployment: Deployment, efficiency: dict = {}) -> None:
        """
        `efficiency` overrides factors of the engine's profile (compute, memory, interconnect, all_to_all, step_overhead_ms, sequence_overhead_us, collective_latency_us, reserve_gb, expert_imbalance), e.g. to refit it.
        """
    def at(self, isl: float, osl: float, concurrency: int, *, cached: float = 0.0) -> ThroughputEstimate:
        """
        Closed loop: `concurrency` sequences in flight, as in an offline benchmark.
        """
    def at_rate(self, isl: float, osl: float, rate: float, *, cached: float = 0.0) -> ThroughputEstimate:
        """
        Poisson arrivals at `rate` requests a second: TTFT and TPOT quantiles with queueing.
        """
    def best(self, isl: float, osl: float, *, tpot_ms: float | None = None, ttft_ms: float | None = None, cached: float = 0.0) -> ThroughputEstimate:
        ...
    def best_rate(self, isl: float, osl: float, *, tpot_ms: float | None = None, ttft_ms: float | None = None, quantile: float = 0.9, cached: float = 0.0) -> ThroughputEstimate:
        """
        The highest Poisson rate whose latency quantile (0.5, 0.9 or 0.99) meets the targets.
        """
    def max_concurrency(self, isl: float, osl: float) -> int:
        ...
    @property
    def deployment(self) -> Deployment:
        ...
    @property
    def efficiency(self) -> EfficiencyProfile:
        ...
    @property
    def layout(self) -> dict:
        ...
    @property
    def memory(self) -> dict:
        ...
    @property
    def settings(self) -> EngineSettings:
        ...
class DisaggregatedEstimate:
    """
    Prefill and decode on separate pools: each pool's replica, the KV transfer and the pool ratio.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def __repr__(self) -> str:
        ...
    @property
    def decode(self) -> ThroughputEstimate:
        ...
    @property
    def input_time_share(self) -> float:
        ...
    @property
    def kv_transfer_ms(self) -> float:
        ...
    @property
    def output_tokens_per_second_per_gpu(self) -> float:
        ...
    @property
    def prefill(self) -> ThroughputEstimate:
        ...
    @property
    def prefill_replicas_per_decode_replica(self) -> float:
        ...
    @property
    def requests_per_second_per_gpu(self) -> float:
        ...
    @property
    def tpot_ms(self) -> float:
        ...
    @property
    def ttft_ms(self) -> float:
        ...
class SelfHosted:
    """
    A self-hosted option: a deployment, a price source and a provisioning policy.
    """
    def __init__(self, deployment: Deployment, *, cloud_offer: str = '', owned: str = '', purchase: str = 'on_demand', committed_months: int | None = None, provisioning: str | None = None, min_replicas: int = 1, spot_share: float = 0.0, spot_interruption: float = 0.0, max_utilisation: float = 0.8, tpot_ms: float | None = None, ttft_ms: float | None = None, jurisdictions: collections.abc.Sequence[str] = [], label: str = '', prefill: Deployment | None = None, max_replicas: int | None = None) -> None:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def cloud_offer(self) -> str:
        ...
    @property
    def committed_months(self) -> int:
        ...
    @property
    def deployment(self) -> Deployment:
        ...
    @property
    def jurisdictions(self) -> list[str]:
        ...
    @property
    def label(self) -> str:
        ...
    @property
    def max_utilisation(self) -> float:
        ...
    @property
    def min_replicas(self) -> int:
        ...
    @property
    def max_replicas(self) -> int | None:
        """
        At most this many replicas run (None: as many as the load needs); a hybrid option sends the load above their capacity to its overflow API.
        """
    @property
    def owned(self) -> str:
        ...
    @property
    def prefill(self) -> Deployment | None:
        """
        The prefill pool's replica of a disaggregated option, or None.
        """
    @property
    def provisioning(self) -> str:
        ...
    @property
    def purchase(self) -> str:
        ...
    @property
    def spot_interruption(self) -> float:
        ...
    @property
    def spot_share(self) -> float:
        ...
    @property
    def tpot_ms(self) -> float | None:
        ...
    @property
    def ttft_ms(self) -> float | None:
        ...
class SelfHostReport:
    def table(self) -> Table:
        """The plan's figures as one row."""
    """
    A workload planned and priced on a self-hosted option.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def __repr__(self) -> str:
        ...
    def _repr_html_(self) -> str:
        ...
    def buckets_frame(self) -> pd.DataFrame:
        """
        A replica's throughput for each bucket of the workload's length mix, at the latency targets.
        """
    def cost_per_month_at(self, requests_per_day: float) -> infercost._money.Money:
        """
        The same plan's monthly cost at another volume.
        """
    def summary_frame(self) -> pd.DataFrame:
        """
        The plan's headline figures as one column.
        """
    def to_frame(self) -> pd.DataFrame:
        """
        Every hour of the plan's period, one row each: load, replicas needed, instances running, utilisation,
            cost.
        """
    @property
    def buckets(self) -> list:
        """
        A replica's throughput per bucket of the length mix, at the latency targets.
        """
    @property
    def cost_per_million_input(self) -> float:
        ...
    @property
    def cost_per_million_output(self) -> float:
        ...
    @property
    def cost_per_month(self) -> infercost._money.Money:
        ...
    @property
    def cost_per_request(self) -> infercost._money.Money:
        ...
    @property
    def currency(self) -> str:
        ...
    @property
    def governance(self) -> typing.Any:
        ...
    @property
    def gpu_hours_per_month(self) -> float:
        ...
    @property
    def gpus_per_instance(self) -> int:
        ...
    @property
    def hours(self) -> dict:
        """
        Every hour of the period on the workload's clock, as columns (numpy arrays).
        """
    @property
    def input_time_share(self) -> float:
        ...
    @property
    def input_tokens_per_month(self) -> float:
        ...
    @property
    def label(self) -> str:
        ...
    @property
    def months(self) -> int:
        ...
    @property
    def option(self) -> SelfHosted:
        ...
    @property
    def output_tokens_per_month(self) -> float:
        ...
    @property
    def owned_cost(self) -> typing.Any:
        ...
    @property
    def peak_gpus(self) -> int:
        ...
    @property
    def peak_instances(self) -> int:
        ...
    @property
    def price_basis(self) -> str:
        ...
    @property
    def price_per_gpu_hour(self) -> float:
        ...
    @property
    def replica(self) -> ThroughputEstimate:
        ...
    @property
    def gpus_per_replica(self) -> int:
        """
        GPUs of one replica; for a disaggregated option a unit of one decode replica and its prefill replicas.
        """
    @property
    def marginal_cost_per_million_tokens(self) -> infercost._money.Money:
        """
        What one more million tokens costs once the fleet is sized (cloud: the GPU-hour; owned: power only).
        """
    @property
    def peak_latency(self) -> ThroughputEstimate | None:
        """
        TTFT and TPOT quantiles at that rate (ThroughputEstimate.ttft, .tpot), or None when it exceeds a replica's capacity (peak_latency_note says so).
        """
    @property
    def peak_latency_note(self) -> str:
        ...
    @property
    def peak_minute_requests_per_second(self) -> float:
        """
        Requests a second one replica takes in the busiest minute of the busiest hour.
        """
    @property
    def prefill_replicas_per_unit(self) -> int:
        ...
    @property
    def replica_requests_per_second(self) -> float:
        ...
    @property
    def replicas_per_instance(self) -> float:
        ...
    @property
    def requests_per_month(self) -> float:
        ...
    @property
    def start(self) -> datetime.date:
        ...
    @property
    def overflow_share(self) -> float:
        """
        Share of the period's requests above the capacity of max_replicas (a hybrid option's overflow).
        """
    @property
    def utilisation(self) -> float:
        ...
class BreakEven:
    def table(self, against: str, currency: typing.Any) -> Table:
        """The break-even as one row, amounts in the plan's currency."""
    """
    The volume at which self-hosting and an API cost the same.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def __repr__(self) -> str:
        ...
    @property
    def api_cost_per_request(self) -> float:
        ...
    @property
    def cost_per_month(self) -> float:
        ...
    @property
    def input_tokens_per_month(self) -> float:
        ...
    @property
    def output_tokens_per_month(self) -> float:
        ...
    @property
    def reached(self) -> bool:
        ...
    @property
    def replicas(self) -> int:
        """
        Replicas the busiest hour runs at the break-even volume.
        """
    @property
    def requests_per_day(self) -> float:
        ...
    @property
    def requests_per_month(self) -> float:
        ...
    @property
    def self_hosted_marginal_cost_per_request(self) -> float:
        ...
    @property
    def stays_cheaper_from(self) -> float:
        """
        Requests a day from which self-hosting stays cheaper; above the break-even when an added replica makes it dearer again for a while.
        """
    @property
    def summary(self) -> str:
        ...
class TokenDistribution:
    """
    A distribution of token counts per request. Build one with fixed(), lognormal() or histogram().
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    @staticmethod
    def fixed(tokens: float) -> TokenDistribution:
        """
        Every request has this many tokens.
        """
    @staticmethod
    def histogram(edges: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], weights: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> TokenDistribution:
        """
        Bins [edges[i], edges[i+1]) holding weights[i], uniform within each bin.
        """
    @staticmethod
    def lognormal(*, mean: float | None = None, median: float | None = None, p90: float) -> TokenDistribution:
        """
        A lognormal given its mean (or median) and 90th percentile.
        """
    def __repr__(self) -> str:
        ...
    def describe(self) -> str:
        ...
    def prob_above(self, tokens: typing.SupportsFloat | typing.SupportsIndex) -> float:
        """
        P(X > tokens).
        """
    def quantile(self, p: typing.SupportsFloat | typing.SupportsIndex) -> float:
        ...
    @property
    def mean(self) -> float:
        ...
class Usage:
    """
    Usage of one request. input counts the whole prompt (cached_input, cache_write and cache_write_long are parts of it); output counts everything generated (reasoning is a part of it); web_searches counts the web search or fetch calls the request made.
    """
    __hash__: typing.ClassVar[None]  # type: ignore[assignment]
    @staticmethod
    def from_anthropic(usage: typing.Any, *, thinking_tokens: int = 0) -> Usage:
        """
        Usage from an Anthropic-style usage object or dict: ``input_tokens`` excludes
            ``cache_read_input_tokens`` and ``cache_creation_input_tokens``; ``output_tokens`` includes thinking
            (pass ``thinking_tokens`` if you know them). ``cache_creation.ephemeral_1h_input_tokens`` (part of the
            cache writes) is billed as ``cache_write_long``, ``server_tool_use.web_search_requests`` as web searches.
        """
    @staticmethod
    def from_openai(usage: typing.Any) -> Usage:
        """
        Usage from an OpenAI-style usage object or dict: ``prompt_tokens`` includes
            ``prompt_tokens_details.cached_tokens``; ``completion_tokens`` includes
            ``completion_tokens_details.reasoning_tokens``.
        """
    def __eq__(self, other: object) -> bool:
        ...
    def __init__(self, *, input: int = 0, cached_input: int = 0, cache_write: int = 0, output: int = 0, reasoning: int = 0, cache_write_long: int = 0, web_searches: int = 0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def cache_write(self) -> int:
        ...
    @property
    def cache_write_long(self) -> int:
        ...
    @property
    def web_searches(self) -> int:
        ...
    @property
    def cached_input(self) -> int:
        ...
    @property
    def input(self) -> int:
        ...
    @property
    def output(self) -> int:
        ...
    @property
    def reasoning(self) -> int:
        ...
class MeterCharge:
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    @property
    def cost(self) -> infercost._money.Money:
        ...
    @property
    def level(self) -> int:
        ...
    @property
    def meter(self) -> str:
        ...
    @property
    def quantity(self) -> float:
        ...
    @property
    def rate(self) -> float:
        """
        Per million tokens (per call for request and web_search, per million token-hours for cache_storage).
        """
class PriceBreakdown:
    """
    The price of one request, meter by meter.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def __repr__(self) -> str:
        ...
    def _repr_html_(self) -> str:
        ...
    def cost_of(self, meter: str) -> infercost._money.Money:
        ...
    def table(self) -> Table:
        """
        One row per charge.
        """
    def to_frame(self) -> pd.DataFrame:
        """
        One row per charge: meter, quantity, unit, rate (per unit), level, cost.
        """
    @property
    def charges(self) -> list[MeterCharge]:
        ...
    @property
    def checked(self) -> datetime.date:
        ...
    @property
    def currency(self) -> str:
        ...
    @property
    def level(self) -> int:
        """
        Context tier chosen by the prompt size (0 = base).
        """
    @property
    def offering_id(self) -> str:
        ...
    @property
    def scope(self) -> str:
        """The serving scope priced; empty for the list's default."""
    @property
    def service_tier(self) -> str:
        ...
    @property
    def source(self) -> str:
        ...
    @property
    def time_rule(self) -> str | None:
        ...
    @property
    def total(self) -> infercost._money.Money:
        ...
    @property
    def version_from(self) -> datetime.datetime:
        ...
    @property
    def version_index(self) -> int:
        ...
class Offering:
    """
    A model at a provider at a price list, with the list's history.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def __repr__(self) -> str:
        ...
    def _price_batch(self, usage: numpy.typing.NDArray[numpy.int64], unix_seconds: numpy.typing.NDArray[numpy.int64], service_tier: str, scope: str = '') -> tuple[numpy.typing.NDArray[numpy.float64], numpy.typing.NDArray[numpy.float64], str]:
        ...
    def _repr_html_(self) -> str:
        ...
    def history_frame(self) -> pd.DataFrame:
        """
        The offering's price versions, oldest first.
        """
    def price(self, *, at: str | datetime.datetime | datetime.date, service_tier: str = 'standard', input: int = 0, cached_input: int = 0, cache_write: int = 0, output: int = 0, reasoning: int = 0, scope: str = '', cache_write_long: int = 0, web_searches: int = 0) -> PriceBreakdown:
        """
        Prices one request; `at` selects the price version and the time-of-day rules, `scope` a serving scope (regional processing, data residency) of the list.
        """
    def price_batch(self, usage: typing.Any, *, at: str | datetime.datetime | datetime.date, service_tier: str = 'standard', scope: str = '') -> BatchPrices:
        """
        Prices many requests at once. ``usage`` is an integer array of (N, 5) with the columns input,
            cached_input, cache_write, output, reasoning (``Usage`` semantics), or of (N, 7) with cache_write_long and
            web_searches after them (:data:`infercost.USAGE_COLUMNS`), or a DataFrame with those columns (the last two
            may be left out). ``at`` is one instant or one per row (numpy datetime64 values are read as UTC). An int64
            array is read in place, without a copy, whatever its memory layout. ``scope`` names a serving scope.
        """
    def price_usage(self, usage: Usage, *, at: str | datetime.datetime | datetime.date, service_tier: str = 'standard', scope: str = '') -> PriceBreakdown:
        ...
    def version_at(self, at: str | datetime.datetime | datetime.date) -> dict:
        ...
    @property
    def aliases(self) -> list[str]:
        ...
    @property
    def context_window(self) -> int | None:
        ...
    @property
    def display_name(self) -> str:
        ...
    @property
    def governance(self) -> typing.Any:
        """
        Who hosts it and where the data goes, with the source; None when not known.
        """
    @property
    def id(self) -> str:
        ...
    @property
    def max_output(self) -> int | None:
        ...
    @property
    def model(self) -> str:
        ...
    @property
    def notes(self) -> str:
        ...
    @property
    def provider(self) -> str:
        ...
    @property
    def deprecated(self) -> datetime.datetime | None:
        ...
    @property
    def retired(self) -> datetime.datetime | None:
        ...
    @property
    def successor(self) -> str | None:
        """The offering the provider names as replacement, once deprecated or retired; None otherwise."""
    @property
    def versions(self) -> list:
        """
        Price versions as dicts, oldest first.
        """
class Provider:
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def __repr__(self) -> str:
        ...
    @property
    def file(self) -> str:
        ...
    @property
    def homepage(self) -> str:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def source_ids(self) -> dict[str, list[str]]:
        ...
class FxTable:
    """
    Dated exchange rates.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def conversion(self, from_currency: str, to_currency: str, on: str | datetime.date) -> dict:
        """
        The rate from one currency to another in force on a date, with its date and source.
        """
    def convert(self, amount: float, from_currency: str, to_currency: str, on: str | datetime.date) -> infercost._money.Money:
        """
        The amount (Money, or a number in from_currency) in to_currency at the rate in force on a date.
        """
    @property
    def currencies(self) -> list[str]:
        ...
    @property
    def rates(self) -> list:
        ...
class Catalog:
    """
    Every API offering and the FX table; immutable once loaded.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    @staticmethod
    def bundled_directory() -> pathlib.Path:
        """
        The bundled data directory: $INFERCOST_DATA_DIR if set, else the pricing/ folder beside the compiled module (or <prefix>/share/infercost/pricing).
        """
    @staticmethod
    def default() -> Catalog:
        """
        The bundled catalog, loaded once from :meth:`Catalog.bundled_directory` ($INFERCOST_DATA_DIR, else the
        data shipped beside the compiled module).
        """
    @staticmethod
    def load(directory: os.PathLike | str | bytes) -> Catalog:
        """
        Loads a catalog directory (api/*.yaml and fx.yaml) with strict validation.
        """
    @staticmethod
    def load_default() -> Catalog:
        """
        Loads the bundled catalog afresh (see bundled_directory); Catalog.default() keeps one.
        """
    def __contains__(self, arg0: str) -> bool:
        ...
    def __getitem__(self, arg0: str) -> Offering:
        ...
    def __len__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def _repr_html_(self) -> str:
        ...
    def by_provider(self, provider: str) -> list:
        """
        The offerings of one provider; NotFoundError with close matches for an unknown one.
        """
    def cloud_offers_frame(self, gpu: str | None = None) -> pd.DataFrame:
        """
        Cloud GPU offers, with the price per GPU-hour worked out from the instance price; ``jurisdictions`` is a
            list, ``committed_per_hour`` maps a term in months to its price per instance-hour.
        """
    def diff(self, source: 'ImportedCatalog', threshold: float = 0.01) -> typing.Any:
        """
        Prices of this catalog's offerings that differ from an imported source's by more than ``threshold``
            (relative), with both values and dates, largest difference first. ``frame.attrs`` holds the number of
            offerings matched and the ids not found in the source.
        """
    def governance_frame(self, provider: str | None = None) -> pd.DataFrame:
        """
        Governance facts per offering: deployment class, jurisdictions, origin, licence, retention, source.
        """
    def gpus_frame(self) -> pd.DataFrame:
        """
        GPU specifications with their sources.
        """
    def models_frame(self) -> pd.DataFrame:
        """
        Model architectures: size, attention, experts, KV bytes per token, and the API offerings serving them
            (``served_by``, a list).
        """
    def offering(self, id: str) -> Offering:
        """
        Looks an offering up by id or alias; NotFoundError (a KeyError) with close matches otherwise.
        """
    def offering_at(self, id: str, at: str | datetime.datetime | datetime.date) -> Offering:
        """
        Looks an offering up, resolving aliases that named different offerings over time at `at`.
        """
    def owned_frame(self) -> pd.DataFrame:
        """
        Owned-hardware profiles with their cost per GPU-hour by component.
        """
    def table(self, at: str | datetime.datetime | datetime.date | None = None, provider: str = '') -> Table:
        """
        One row per offering with the prices in force at `at` (default: each offering's latest version).
        """
    def audit_table(self, on: str | datetime.date, *, sources: list = [], threshold: float = 0.01,
                    stale_days: int = 90, retiring_days: int = 90) -> Table:
        """
        What `catalog audit` reports as of `on`: stale checks, prices not read on the provider's page, offerings retiring soon or without a successor, and prices that differ from each imported source.
        """
    def refresh_table(self, on: str | datetime.date, *, sources: list, threshold: float = 0.01) -> Table:
        """
        What `catalog refresh` reports: per imported source, the offerings it prices that the catalog lacks (of the providers the catalog covers), prices that differ by more than `threshold`, and ends of life the source knows and the catalog does not.
        """
    @property
    def calendars(self) -> dict:
        """The holiday calendars time rules exclude (calendars/*.yaml), by id."""
    def to_frame(self, at: str | datetime.datetime | datetime.date | None = None, provider: str | None = None) -> pd.DataFrame:
        """
        One row per offering with the prices in force at ``at`` (default: each offering's latest
            version), per million tokens in the list's currency (missing where the list has no price).
        """
    def with_overlay(self, path: str | os.PathLike) -> Catalog:
        """
        A new catalog with an overlay file applied; use :func:`apply_overlay` to see what it changed.
        """
    @property
    def directory(self) -> pathlib.Path:
        ...
    @property
    def fx(self) -> FxTable:
        ...
    @property
    def hardware(self) -> HardwareCatalog:
        """
        The self-hosting data: GPUs, cloud offers, owned-hardware profiles, models.
        """
    @property
    def offerings(self) -> list:
        ...
    @property
    def providers(self) -> list[Provider]:
        ...
class Option:
    """
    An offering at a service tier and serving scope, with a label for tables.
    """
    @typing.overload
    def __init__(self, offering_id: str, *, service_tier: str = 'standard', label: str = '', scope: str = '', price_trend_per_year: float = 0.0, one_offs: list[dict[str, typing.Any]] | None = None) -> None:
        """
        An API option. ``price_trend_per_year`` assumes a price change after the offering's last known version (-0.2: 20% cheaper a year); ``one_offs`` lists costs outside the price list as dicts {label, date, amount, depreciation_months}.
        """
    @typing.overload
    def __init__(self, self_hosted: SelfHosted, *, one_offs: list[dict[str, typing.Any]] | None = None, overflow: str | None = None, overflow_tier: str = 'standard') -> None:
        """
        A self-hosted option with one-off costs (migration work, hardware set-up); with ``overflow`` (an API offering id) and a SelfHosted with ``max_replicas``, a hybrid option: the load above the replicas' capacity goes to the API, hour by hour.
        """
    @staticmethod
    def routed(label: str, routes: list, *, shares: typing.Any = None, prompt_edges: typing.Any = None, one_offs: typing.Any = None) -> Option:
        """
        A routed option: traffic split among ``routes`` (offering ids, Options or SelfHosted) by ``shares`` of requests (summing to 1) or by prompt length (``prompt_edges``, ascending, one fewer than the routes: route k takes the prompts above edge k-1 and up to edge k).
        """
    @property
    def kind(self) -> str:
        """api, self_hosted, hybrid or routed."""
    @property
    def overflow_offering(self) -> str:
        ...
    @property
    def routes(self) -> list[Option]:
        ...
    @property
    def route_shares(self) -> list[float]:
        ...
    @property
    def route_prompt_edges(self) -> list[float]:
        ...
    @property
    def price_trend_per_year(self) -> float:
        ...
    @property
    def one_offs(self) -> list[dict[str, typing.Any]]:
        ...
    @property
    def scope(self) -> str:
        """A serving scope of the offering (regional processing, data residency); empty for the list's default."""
    def __repr__(self) -> str:
        ...
    @property
    def label(self) -> str:
        ...
    @property
    def offering_id(self) -> str:
        ...
    @property
    def self_hosted(self) -> SelfHosted | None:
        ...
    @property
    def service_tier(self) -> str:
        ...
class Workload:
    """
    How many requests, of what shape, at which hours.
    """
    def __init__(self, *, requests_per_day: float | None = None, input_tokens: TokenDistribution | float, output_tokens: TokenDistribution | float, cached_share: float = 0.0, cache_write_share: float = 0.0, reasoning_share: float = 0.0, utc_offset: str = '+00:00', hourly_profile: collections.abc.Sequence[float] | None = None, weekday_profile: collections.abc.Sequence[float] | None = None, context_overflow: str = 'refuse', cache_write_long_share: float = 0.0, web_searches_per_request: float = 0.0, cache_storage_tokens: float = 0.0, requests_per_month: float | None = None, requests_per_year: float | None = None, growth: dict[str, typing.Any] | None = None) -> None:
        """
        A workload. Give the volume once: ``requests_per_day`` (averaged over the week), ``requests_per_month`` (each calendar month carries exactly that many) or ``requests_per_year`` (a twelfth a month); ``growth`` is a dict with one of ``monthly`` or ``yearly`` (a compound rate) or ``series`` (a multiplier per month of the horizon).
        """
    def to_yaml(self) -> str:
        """The workload as the `workload:` block of a scenario file (no growth; a fitted log profile, for instance)."""
    def __repr__(self) -> str:
        ...
    def with_volume(self, requests_per_day: float) -> Workload:
        """
        A copy with another request volume.
        """
    @property
    def volume_unit(self) -> str:
        """How the volume was stated: day, month or year."""
    @property
    def stated_volume(self) -> float:
        """The volume in the unit it was stated in."""
    @property
    def growth(self) -> dict[str, typing.Any] | None:
        """The volume's growth over a horizon as given (None: none)."""
    @property
    def cache_storage_tokens(self) -> float:
        ...
    @property
    def cache_write_long_share(self) -> float:
        ...
    @property
    def cache_write_share(self) -> float:
        ...
    @property
    def cached_share(self) -> float:
        ...
    @property
    def context_overflow(self) -> str:
        ...
    @property
    def hourly_profile(self) -> typing.Annotated[list[float], "FixedSize(24)"]:
        ...
    @property
    def input_tokens(self) -> TokenDistribution:
        ...
    @property
    def output_tokens(self) -> TokenDistribution:
        ...
    @property
    def reasoning_share(self) -> float:
        ...
    @property
    def requests_per_day(self) -> float:
        ...
    @property
    def utc_offset(self) -> str:
        ...
    @property
    def web_searches_per_request(self) -> float:
        ...
    @property
    def weekday_profile(self) -> typing.Annotated[list[float], "FixedSize(7)"]:
        ...
class CostReport:
    """
    The cost of a workload on one option, month by month.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def __repr__(self):
        ...
    def _repr_html_(self) -> str:
        ...
    def table(self) -> Table:
        """
        Month by month, by cost line.
        """
    def to_frame(self) -> pd.DataFrame:
        """
        Month by month: requests, cost per cost line (the lines this option has) and total, in the report's
            currency.
        """
    @property
    def by_meter(self) -> dict:
        """
        Amounts by cost line (COST_LINES): the meters, then GPU-hours, capital, power, hosting and operations.
        """
    @property
    def conversions(self) -> list:
        ...
    @property
    def notes(self) -> list[str]:
        """What a reader should know about the figures: stale exchange rates, unknown or provisional holidays, deprecations, retirements after which the successor is priced."""
    @property
    def cost_per_request(self) -> infercost._money.Money:
        ...
    @property
    def currency(self) -> str:
        ...
    @property
    def input_tokens(self) -> float:
        ...
    @property
    def label(self) -> str:
        ...
    @property
    def months(self) -> list:
        ...
    @property
    def offering_id(self) -> str:
        ...
    @property
    def output_tokens(self) -> float:
        ...
    @property
    def per_year(self) -> infercost._money.Money:
        ...
    @property
    def requests(self) -> float:
        ...
    @property
    def service_tier(self) -> str:
        ...
    @property
    def time_rules(self) -> dict:
        ...
    @property
    def total(self) -> infercost._money.Money:
        ...
    @property
    def versions(self) -> list:
        ...
class Comparison:
    """
    Options costed for one workload, against a baseline.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def __repr__(self) -> str:
        ...
    def _repr_html_(self) -> str:
        ...
    def assumptions_frame(self) -> pd.DataFrame:
        """
        What each option's cost rests on: price versions (with source and checked date), time-of-day
            rules and exchange rates, and for a self-hosted option its GPU price and replica.
        """
    def assumptions_table(self) -> Table:
        """
        What each option's cost rests on.
        """
    def by_meter_frame(self) -> pd.DataFrame:
        """
        Yearly cost per option (rows) and cost line (columns: the meters, then GPU-hours, capital, power, hosting
            and operations for self-hosted options; lines no option has are left out). Each row sums to the option's
            yearly cost.
        """
    def by_meter_table(self, every_line: bool = False) -> Table:
        """
        Yearly cost per option and cost line: every line, or (the default) the lines some option has.
        """
    def cheapest(self) -> int:
        ...
    def check_policy(self, policy: 'Policy' | str | os.PathLike, data_class: str = '', catalog: Catalog | None = None) -> 'PolicyCheck':
        ...
    def projection_frame(self, by: str = 'month') -> pd.DataFrame:
        """
        Per period (``by``: month, quarter or year) and option, in long form: requests, the cost lines some option has, cost and cash (one-off costs when paid, owned servers bought outright).
        """
    def projection_table(self, by: str = 'month') -> Table:
        """
        Per period (month, quarter or year) and option: requests, cost lines, cost and cash, in long form.
        """
    def savings_frame(self, by: str = 'month') -> pd.DataFrame:
        """
        Per period and option against the baseline: cost, saving, cash saving and the cumulated cash saving.
        """
    def savings_table(self, by: str = 'month') -> Table:
        """
        Per period and option against the baseline: cost, saving, cash saving, cumulated.
        """
    def finance_frame(self) -> pd.DataFrame:
        """
        Per option against the baseline: saving and cash saving over the horizon, payback month, NPV (at the scenario's discount rate) and IRR.
        """
    def finance_table(self) -> Table:
        """
        Per option against the baseline: saving, payback, NPV and IRR.
        """
    def focus_frame(self, catalog: Catalog | None = None) -> pd.DataFrame:
        """
        The projection as FOCUS 1.3 cost rows (column names as FOCUS spells them), to join a FinOps data set; the BilledCost of an option's rows adds up to its projected cost.
        """
    def to_excel(self, path: str | os.PathLike, catalog: Catalog | None = None) -> pathlib.Path:
        """
        Writes the comparison as an Excel workbook (options, projection, savings, finance, tasks, FOCUS rows, assumptions), units in the column headings, dates without time zones; returns the path.
        """
    def task_table(self) -> Table:
        """
        With tasks, per option: requests and tokens per task, success rate, cost per task and per successful task.
        """
    def task_frame(self) -> pd.DataFrame:
        """
        With tasks, per option: requests and tokens per task, token ratio, thinking, success rate, cost per task and per successful task.
        """
    def plot_cost_per_task(self, ax: typing.Any | None = None) -> typing.Any:
        """
        Cost per task and per successful task of each option, as paired horizontal bars.
        """
    @property
    def has_tasks(self) -> bool:
        """
        Whether the options were compared per task (a tasks section or compare(tasks=...)).
        """
    def savings(self, i: typing.SupportsInt | typing.SupportsIndex) -> Savings:
        """
        Option i against the baseline, month by month: saving (cost view), cash saving, cumulated cash saving, payback month, NPV and IRR.
        """
    def plot_projection(self, by: str = 'month', ax: typing.Any | None = None) -> typing.Any:
        """
        Cost per period (``by``: month, quarter or year) of each option over the horizon; the baseline is drawn thicker.
        """
    @property
    def discount_rate(self) -> float | None:
        """
        The yearly rate the NPV of savings is discounted at (None: not stated).
        """
    def monthly_frame(self) -> pd.DataFrame:
        """
        Cost per month (rows) and option (columns).
        """
    def monthly_table(self) -> Table:
        """
        Cost per month and option.
        """
    def plot(self, ax: typing.Any | None = None) -> typing.Any:
        """
        Yearly cost per option as horizontal bars stacked by cost line; the baseline is marked.
        """
    def plot_cumulative_savings(self, ax: typing.Any | None = None) -> typing.Any:
        """
        Cumulated cash saving of each option against the baseline, month by month; each option's payback month is marked.
        """
    def saving_per_year(self, i: typing.SupportsInt | typing.SupportsIndex) -> infercost._money.Money:
        ...
    def saving_share(self, i: typing.SupportsInt | typing.SupportsIndex) -> float:
        ...
    def table(self) -> Table:
        """
        Per option: cost and saving per year, saving share, cost per request.
        """
    def to_frame(self) -> pd.DataFrame:
        """
        One row per option: kind, offering (missing for a self-hosted option), service tier, baseline, yearly
            cost, saving against the baseline and its share, cost per request and volume.
        """
    @property
    def baseline(self) -> int:
        ...
    @property
    def currency(self) -> str:
        ...
    @property
    def fx_date(self) -> datetime.date | None:
        ...
    @property
    def months(self) -> int:
        ...
    @property
    def options(self) -> list[CostReport]:
        ...
    @property
    def self_hosted(self) -> list[SelfHostReport | None]:
        """
        One entry per option: the capacity plan behind a self-hosted option, None for an API option.
        """
    @property
    def start(self) -> datetime.date:
        ...
class Savings:
    """
    An option against the baseline over the horizon, in the reporting currency.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    @property
    def option(self) -> str:
        ...
    @property
    def baseline(self) -> str:
        ...
    @property
    def months(self) -> list[datetime.date]:
        ...
    @property
    def saving(self) -> list[float]:
        ...
    @property
    def cash_saving(self) -> list[float]:
        ...
    @property
    def cumulative(self) -> list[float]:
        ...
    @property
    def total(self) -> float:
        ...
    @property
    def cash_total(self) -> float:
        ...
    @property
    def payback(self) -> datetime.date | None:
        """
        The first month from which the cumulated cash saving stays at zero or above (None: it never does).
        """
    @property
    def npv(self) -> float | None:
        ...
    @property
    def irr(self) -> float | None:
        """
        Yearly; None unless the cash savings change sign once.
        """
class ClaimCheck:
    """
    The request volume that makes a claimed yearly saving true.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def __repr__(self):
        ...
    def _repr_html_(self) -> str:
        ...
    def table(self) -> Table:
        """
        The claim check as one row.
        """
    def to_frame(self) -> pd.DataFrame:
        """
        The claim check as a two-column table of quantities (the claim table's headings) and values; the share
            as a percentage, as its heading says.
        """
    @property
    def achievable(self) -> bool:
        ...
    @property
    def baseline(self) -> str:
        ...
    @property
    def baseline_cost_per_request(self) -> infercost._money.Money:
        ...
    @property
    def candidate(self) -> str:
        ...
    @property
    def candidate_cost_per_request(self) -> infercost._money.Money:
        ...
    @property
    def claimed_saving_per_year(self) -> infercost._money.Money:
        ...
    @property
    def currency(self) -> str:
        ...
    @property
    def implied_baseline_per_year(self) -> infercost._money.Money:
        ...
    @property
    def implied_candidate_per_year(self) -> infercost._money.Money:
        ...
    @property
    def implied_input_tokens_per_day(self) -> float:
        ...
    @property
    def implied_output_tokens_per_day(self) -> float:
        ...
    @property
    def implied_requests_per_day(self) -> float:
        ...
    @property
    def saving_share(self) -> float:
        ...
    @property
    def summary(self) -> str:
        ...
    @property
    def workload_requests_per_day(self) -> float:
        ...
    @property
    def workload_saving_per_year(self) -> infercost._money.Money:
        ...
class Scenario:
    """
    A scenario file: workload, horizon, options and an optional claim.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    @staticmethod
    def load(path: str | os.PathLike, catalog: Catalog | None = None) -> Scenario:
        """
        Loads a scenario file; offering ids are checked against the catalog (default: the bundled one).
        """
    @staticmethod
    def parse(text: str, name: str = '<scenario>', catalog: Catalog | None = None) -> Scenario:
        ...
    def __repr__(self):
        ...
    def write_report(self, out_dir: str | os.PathLike, catalog: Catalog | None = None, comparison: Comparison | None = None) -> dict[str, pathlib.Path]:
        """
        Writes report.html, report.xlsx and focus.csv for the scenario into a folder (created if needed).
        """
    def claim_variants(self, catalog: Catalog | None = None) -> pd.DataFrame:
        """
        The claim under other workload shapes (cache share, reasoning, long-context requests, peak or night hours) and on the other lists the claim names (``claim.also``): the volume it takes in each, as a frame.
        """
    def check_claim(self, catalog: Catalog | None = None) -> ClaimCheck:
        """
        Checks the scenario's claim.
        """
    def check_policy(self, comparison: Comparison, catalog: Catalog | None = None) -> 'PolicyCheck':
        """
        Judges the scenario's comparison by the policy the scenario names (InputError when it names none).
        """
    def run(self, catalog: Catalog | None = None) -> Comparison:
        """
        Costs every option of the scenario.
        """
    def monte_carlo(self, samples: int = ..., seed: int = ..., *, threads: int = 0, monthly: bool = True, keep_samples: bool = True, catalog: Catalog | None = None) -> infercost.uncertainty.MonteCarlo:
        """
        Draws the scenario's uncertain inputs (its `uncertainty:` section) ``samples`` times and prices every option for every draw: a :class:`infercost.uncertainty.MonteCarlo` with ranges per option, P(cheaper) and the claim's odds. The same seed gives the same result on any number of threads.
        """
    def tornado(self, candidate: str = '', *, catalog: Catalog | None = None) -> infercost.uncertainty.Tornado:
        """
        Each uncertain input from its p10 to its p90, the others at their medians: what moves the saving of ``candidate`` (default: the claim's candidate).
        """
    def sweep(self, input: str, values: collections.abc.Sequence[float] | None = None, points: int = 21, *, catalog: Catalog | None = None) -> infercost.uncertainty.Sweep:
        """
        One uncertain input across values (default: 21 from its p1 to its p99), the others at their medians: every option's saving per year.
        """
    def uncertainty_frame(self) -> pd.DataFrame:
        """
        One row per uncertain input: its distribution as stated, p10, median, p90 and mean.
        """
    @property
    def baseline(self) -> int:
        ...
    @property
    def claim(self) -> dict[str, typing.Any] | None:
        ...
    @property
    def currency(self) -> str:
        ...
    @property
    def data_class(self) -> str:
        ...
    @property
    def description(self) -> str:
        ...
    @property
    def file(self) -> pathlib.Path:
        ...
    @property
    def fx_date(self) -> datetime.date | None:
        ...
    @property
    def months(self) -> int:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def options(self) -> list[Option]:
        ...
    @property
    def policy_file(self) -> typing.Any:
        ...
    @property
    def start(self) -> datetime.date:
        ...
    @property
    def workload(self) -> Workload:
        ...
class ImportedCatalog:
    """
    A catalog imported from another price source, with its report.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def flags_frame(self: 'ImportedCatalog') -> typing.Any:
        """
        Every data-quality finding, one row per flag.
        """
    def report_frame(self: 'ImportedCatalog') -> typing.Any:
        """
        Counts per provider and status, with totals.
        """
    def write(self, directory: os.PathLike | str | bytes, *, replace: bool = False) -> None:
        """
        Writes the imported offerings as pricing/ YAML that Catalog.load reads: whole, beside the folder and then swapped in; a folder that already holds files is replaced only with replace=True.
        """
    @property
    def catalog(self) -> Catalog:
        ...
    @property
    def commit(self) -> str:
        ...
    @property
    def entries(self) -> list:
        """
        One dict per entry of the source: key, provider, status, flags (reasons), unmapped_keys.
        """
    @property
    def file(self) -> str:
        ...
    @property
    def source(self) -> str:
        ...
    @property
    def source_date(self) -> typing.Any:
        ...
    @property
    def source_date_basis(self) -> str:
        ...
class Policy:
    """
    A data-governance policy (docs/policies.md).
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    @staticmethod
    def load(path: str | os.PathLike, catalog: Catalog | None = None) -> 'Policy':
        """
        Loads a policy file; jurisdiction codes are checked against the catalog's list.
        """
    def __repr__(self) -> str:
        ...
    def evaluate(self, offering: Offering, data_class: str = '') -> tuple:
        """
        (passes, reasons) for an offering; every rule it fails is a reason.
        """
    @property
    def data_classes(self) -> dict[str, bool]:
        """
        Data class -> whether it must be processed on a self-hosted deployment.
        """
    @property
    def name(self) -> str:
        ...
    @property
    def note(self) -> str:
        ...
class PolicyCheck:
    """
    A comparison judged by a policy, with the yearly cost of the policy.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def __repr__(self):
        ...
    def _repr_html_(self) -> str:
        ...
    def table(self) -> Table:
        """
        Per option: cost, verdict, reasons.
        """
    def to_frame(self: 'PolicyCheck') -> pd.DataFrame:
        """
        One row per option: yearly cost, whether it passes, and every reason it fails.
        """
    @property
    def cheapest(self) -> int:
        ...
    @property
    def cheapest_compliant(self) -> int | None:
        ...
    @property
    def cost_of_policy_per_year(self) -> infercost._money.Money | None:
        ...
    @property
    def cost_per_year(self) -> list[infercost._money.Money]:
        ...
    @property
    def data_class(self) -> str:
        ...
    @property
    def labels(self) -> list[str]:
        ...
    @property
    def passes(self) -> list[bool]:
        ...
    @property
    def policy(self) -> str:
        ...
    @property
    def reasons(self) -> list[list[str]]:
        ...
    @property
    def summary(self) -> str:
        ...
class Table:
    """
    A result as a table: named columns of a kind (text, boolean, integer, number, money, share, date, timestamp), money in a stated currency. The one definition of a result's columns.
    """
    def __init__(self, *args: typing.Any, **kwargs: typing.Any) -> None:
        """Not constructible from Python (raises TypeError): the library makes these."""
    def __len__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def to_json(self, indent: typing.SupportsInt | typing.SupportsIndex = 2) -> str:
        """
        The rows as a JSON array of objects.
        """
    def to_records(self) -> typing.Any:
        """
        The rows as a numpy structured array, one field per column (float64 with NaN for missing numbers and amounts, datetime64 with NaT for missing dates).
        """
    @property
    def columns(self) -> list:
        """
        One dict per column: name, kind, heading, currency (or currency_column, for money), unit.
        """
    @property
    def name(self) -> str:
        ...
    @property
    def notes(self) -> list[str]:
        ...
    @property
    def title(self) -> str:
        ...
def _apply_overlay(arg0: Catalog, arg1: os.PathLike | str | bytes) -> tuple[Catalog, str, list]:
    ...
def _break_even(arg0: Catalog, arg1: SelfHostReport, arg2: Workload, arg3: typing.Any) -> BreakEven:
    ...
def _break_even_curve(arg0: Catalog, arg1: SelfHostReport, arg2: Workload, arg3: typing.Any, arg4: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> dict:
    ...
def _check_calibration(catalog: Catalog, regime: typing.Any = 'offline') -> tuple[list, float]:
    ...
def _check_claim(arg0: Catalog, arg1: Workload, arg2: typing.Any, arg3: typing.Any, arg4: typing.Any, arg5: typing.Any, arg6: typing.SupportsInt | typing.SupportsIndex, arg7: typing.Any, arg8: typing.Any, arg9: str) -> ClaimCheck:
    ...
def _check_policy(arg0: Comparison, arg1: Catalog, arg2: Policy, arg3: str) -> PolicyCheck:
    ...
def _scenario_claim_variants(arg0: Scenario, arg1: Catalog) -> Table:
    ...
def _check_scenario_claim(arg0: Scenario, arg1: Catalog) -> ClaimCheck:
    ...
def _check_scenario_policy(arg0: Scenario, arg1: Comparison, arg2: Catalog) -> PolicyCheck:
    ...
def _clean_number(x: typing.SupportsFloat | typing.SupportsIndex) -> float:
    """
    A number as the JSON writer writes it (eight significant digits).
    """
def _compare(arg0: Catalog, arg1: Workload, arg2: list, arg3: typing.SupportsInt | typing.SupportsIndex, arg4: typing.Any, arg5: typing.SupportsInt | typing.SupportsIndex, arg6: typing.Any, arg7: typing.Any, arg8: str, arg9: typing.Any, arg10: typing.Any, arg11: typing.Any, arg12: typing.Any) -> Comparison:
    ...
def _diff(arg0: Catalog, arg1: ImportedCatalog, arg2: typing.Any) -> tuple[str, int, list[str], list]:
    ...
def _break_even_by_utilisation(arg0: SelfHostReport, arg1: typing.Any, arg2: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> list:
    ...
def _disaggregate(arg0: Catalog, arg1: Deployment, arg2: Deployment, arg3: typing.Any, arg4: typing.Any, arg5: typing.Any, arg6: typing.Any, arg7: typing.Any) -> DisaggregatedEstimate:
    ...
def _import_hf_config(arg0: os.PathLike | str | bytes, arg1: str) -> ModelArchitecture:
    ...
def _import_genai_prices(arg0: os.PathLike | str | bytes, arg1: Catalog, arg2: typing.Any, arg3: str) -> ImportedCatalog:
    ...
def _import_litellm(arg0: os.PathLike | str | bytes, arg1: Catalog, arg2: typing.Any, arg3: str) -> ImportedCatalog:
    ...
def _import_openrouter(arg0: os.PathLike | str | bytes, arg1: Catalog, arg2: typing.Any, arg3: str) -> ImportedCatalog:
    ...
def _json_dumps(value: typing.Any, indent: typing.SupportsInt | typing.SupportsIndex = 2) -> str:
    """
    The JSON text of a document: the library's one JSON writer, with its rules for missing values, dates and numbers.
    """
def _json_record(arg0: Table) -> typing.Any:
    """
    The one row of a table as a dict, as JSON writes it.
    """
def _load_policy(arg0: os.PathLike | str | bytes, arg1: Catalog) -> Policy:
    ...
def _load_scenario(arg0: os.PathLike | str | bytes, arg1: Catalog) -> Scenario:
    ...
def _money(amount: float, currency: str) -> infercost._money.Money:
    ...
def _money_add(arg0: infercost._money.Money, arg1: infercost._money.Money) -> infercost._money.Money:
    ...
def _money_compare(arg0: infercost._money.Money, arg1: infercost._money.Money) -> int:
    ...
def _money_ratio(arg0: infercost._money.Money, arg1: infercost._money.Money) -> float:
    ...
def _money_str(arg0: infercost._money.Money) -> str:
    ...
def _money_subtract(arg0: infercost._money.Money, arg1: infercost._money.Money) -> infercost._money.Money:
    ...
def _parse_scenario(arg0: str, arg1: str, arg2: Catalog) -> Scenario:
    ...
def _parse_timestamp(arg0: str) -> int:
    ...
def _plan_self_hosted(arg0: Catalog, arg1: SelfHosted, arg2: Workload, arg3: typing.Any, arg4: typing.SupportsInt | typing.SupportsIndex) -> SelfHostReport:
    ...
def _run_scenario(arg0: Scenario, arg1: Catalog) -> Comparison:
    ...
def _usage_from_anthropic(arg0: typing.Any, arg1: typing.Any, arg2: typing.Any, arg3: typing.Any, arg4: typing.Any, arg5: typing.Any, arg6: typing.Any) -> Usage:
    ...
def _usage_from_openai(arg0: typing.Any, arg1: typing.Any, arg2: typing.Any, arg3: typing.Any) -> Usage:
    ...
def speculative_tokens_per_step(k: typing.SupportsInt | typing.SupportsIndex, accept: float) -> float:
    """
    Expected tokens per step with k drafted tokens each accepted with probability `accept`.
    """
def expected_experts_touched(experts: typing.SupportsInt | typing.SupportsIndex, k: typing.SupportsInt | typing.SupportsIndex, tokens: float) -> float:
    """
    Distinct experts a batch of `tokens` tokens touches in one MoE layer under uniform routing.
    """
COST_LINES: list = ['input', 'cached_input', 'cache_write', 'cache_write_long', 'output', 'reasoning', 'request', 'web_search', 'cache_storage', 'gpu_hours', 'capital', 'power', 'hosting', 'operations', 'one_off', 'discount', 'commitment', 'credit']
DAYS_PER_MONTH: float = 30.4375
DEFAULTS: dict = {'gpus': 1, 'ep': 1, 'pp': 1, 'spec_tokens': 0, 'spec_accept': 0.0, 'weights': 'fp8', 'kv': 'fp8', 'engine': 'tensorrt-llm', 'purchase': 'on_demand', 'min_replicas': 1, 'spot_share': 0.0, 'spot_interruption': 0.0, 'max_utilisation': 0.8}
METERS: list = ['input', 'cached_input', 'cache_write', 'cache_write_long', 'output', 'reasoning', 'request', 'web_search', 'cache_storage']
METER_UNITS: dict = {'input': '1M tokens', 'cached_input': '1M tokens', 'cache_write': '1M tokens', 'cache_write_long': '1M tokens', 'output': '1M tokens', 'reasoning': '1M tokens', 'request': 'call', 'web_search': 'call', 'cache_storage': '1M token-hours'}
USAGE_COLUMNS: list = ['input', 'cached_input', 'cache_write', 'output', 'reasoning', 'cache_write_long', 'web_searches']
def focus_table(comparison: Comparison, catalog: Catalog) -> Table:
    """
    The projection as FOCUS 1.3 cost rows: one per option, part, month and cost line; their BilledCost adds up to each option's projected cost.
    """
def npv(yearly_rate: float, monthly_flows: collections.abc.Sequence[float]) -> float:
    """
    NPV of monthly cash flows, month 0 first, each dated on its month's first day (the first not discounted).
    """
def irr(monthly_flows: collections.abc.Sequence[float]) -> float | None:
    """
    The yearly rate at which the flows' NPV is zero; None unless the flows change sign exactly once.
    """
def payback_month(monthly_flows: collections.abc.Sequence[float]) -> int | None:
    """
    The first month (index) from which the cumulated flows stay at zero or above; None when they end below.
    """
def plans_table(plans: list) -> Table:
    """Self-hosted plans side by side, one row each (one currency)."""
REPLAY_BLOCK_ROWS: int
MAX_TOKEN_COUNT: int
SERVICE_TIERS: list[str]
def _replay(unix_seconds: numpy.typing.NDArray[numpy.int64], usage: collections.abc.Sequence[typing.Any], requests: typing.Any, offering: typing.Any, offerings: collections.abc.Sequence[Offering], tier: typing.Any, scope: typing.Any, scopes: collections.abc.Sequence[str], group: typing.Any, groups: typing.SupportsInt | typing.SupportsIndex, candidates: collections.abc.Sequence[Offering], own: bool, day_offset_minutes: typing.SupportsInt | typing.SupportsIndex, aggregate_tiers: str, over_limits: str, threads: typing.SupportsInt | typing.SupportsIndex, reporting: str | None, fx: FxTable | None, row_costs: bool, progress: typing.Any = None, unix_seconds_end: typing.Any = None) -> dict[str, typing.Any]: ...
RANGE_QUANTILES: list[float]
MAX_SAMPLES: int
UNCERTAIN_INPUT_PATHS: list[tuple[str, str]]
def _distribution_quantiles(kind: str, parameters: collections.abc.Sequence[typing.SupportsFloat], probabilities: numpy.typing.NDArray[numpy.float64]) -> numpy.typing.NDArray[numpy.float64]: ...
def _uncertain_inputs(scenario: Scenario) -> tuple[list[dict[str, typing.Any]], list[float], Table]: ...
def _monte_carlo(scenario: Scenario, catalog: Catalog, samples: typing.SupportsInt | typing.SupportsIndex, seed: typing.SupportsInt | typing.SupportsIndex, threads: typing.SupportsInt | typing.SupportsIndex, monthly: bool, keep_samples: bool) -> tuple[dict[str, typing.Any], Table, Table, Table]: ...
def _decompose(scenario: Scenario, catalog: Catalog) -> dict[str, typing.Any]: ...
def _tornado(scenario: Scenario, catalog: Catalog, candidate: str) -> tuple[dict[str, typing.Any], Table]: ...
def _sweep(scenario: Scenario, catalog: Catalog, input: str, values: collections.abc.Sequence[typing.SupportsFloat], points: typing.SupportsInt | typing.SupportsIndex) -> tuple[dict[str, typing.Any], Table]: ...
def _profile_log(unix_seconds: numpy.typing.NDArray[numpy.int64], usage: collections.abc.Sequence[typing.Any], requests: typing.Any, clock_minutes: typing.SupportsInt | typing.SupportsIndex, unix_seconds_end: typing.Any = None) -> dict[str, typing.Any]: ...
def _plan_observed(catalog: Catalog, option: SelfHosted, workload: Workload, first_day: typing.Any, hourly: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], currency: str) -> tuple[SelfHostReport, CostReport]: ...
def _rate_table(offering: Offering, version: typing.SupportsInt | typing.SupportsIndex, rule: typing.SupportsInt | typing.SupportsIndex, service_tier: typing.Any = 'standard', scope: str = '') -> tuple[typing.Any, ...]: ...
def _utc_offset_minutes(arg0: str) -> int: ...
