"""infercost: what LLM inference costs on every option, and what switching saves.

Quick start::

    import infercost as ic
    cat = ic.Catalog.default()
    b = cat["alibaba/qwen3-max"].price(input=40_000, cached_input=10_000, output=800, at="2026-11-28T09:00:00Z")
    w = ic.Workload(requests_per_day=150_000, input_tokens=ic.lognormal(mean=3000, p90=6000),
                    output_tokens=400, cached_share=0.3)
    c = ic.compare(w, ["openai/gpt-4.1", "alibaba/qwen3-max"], start="2027-01-01")
    c.to_frame()
"""

from __future__ import annotations

from . import _core, plots  # noqa: F401  (ic.plots: the charts)
from ._api import (
    BatchPrices,
    OverlayResult,
    apply_overlay,
    check_claim,
    check_policy,
    compare,
    fixed,
    histogram,
    import_genai_prices,
    import_litellm,
    import_openrouter,
    lognormal,
    price_request,
)
from ._selfhost import (
    break_even,
    break_even_curve,
    check_calibration,
    import_hf_config,
    plan_self_hosted,
    self_hosted,
    selfhost_throughput,
)
from ._core import (
    BreakEven,
    CloudOffer,
    Deployment,
    EfficiencyProfile,
    EngineSettings,
    Gpu,
    HardwareCatalog,
    ModelArchitecture,
    OwnedProfile,
    Replica,
    SelfHosted,
    SelfHostReport,
    ThroughputEstimate,
    expected_experts_touched,
    METERS,
    METER_UNITS,
    USAGE_COLUMNS,
    Catalog,
    ClaimCheck,
    Comparison,
    CostReport,
    FxTable,
    ImportedCatalog,
    MeterCharge,
    Offering,
    Option,
    Policy,
    PolicyCheck,
    PriceBreakdown,
    Provider,
    Scenario,
    TokenDistribution,
    Usage,
    Workload,
)
from ._money import Money
from .errors import CurrencyError, Error, InputError, NotFoundError

__version__: str = _core.__version__  # infercost/version.hpp, through the compiled library

__all__ = [
    "METERS",
    "METER_UNITS",
    "USAGE_COLUMNS",
    "BreakEven",
    "CloudOffer",
    "Deployment",
    "EfficiencyProfile",
    "EngineSettings",
    "Gpu",
    "HardwareCatalog",
    "ModelArchitecture",
    "OwnedProfile",
    "Replica",
    "SelfHostReport",
    "SelfHosted",
    "ThroughputEstimate",
    "break_even",
    "break_even_curve",
    "check_calibration",
    "expected_experts_touched",
    "import_hf_config",
    "plan_self_hosted",
    "self_hosted",
    "selfhost_throughput",
    "BatchPrices",
    "Catalog",
    "ClaimCheck",
    "Comparison",
    "CostReport",
    "CurrencyError",
    "Error",
    "FxTable",
    "ImportedCatalog",
    "InputError",
    "MeterCharge",
    "Money",
    "NotFoundError",
    "Offering",
    "Option",
    "OverlayResult",
    "Policy",
    "PolicyCheck",
    "PriceBreakdown",
    "Provider",
    "Scenario",
    "TokenDistribution",
    "Usage",
    "Workload",
    "apply_overlay",
    "check_claim",
    "check_policy",
    "compare",
    "fixed",
    "histogram",
    "import_genai_prices",
    "import_litellm",
    "import_openrouter",
    "lognormal",
    "price_request",
]
