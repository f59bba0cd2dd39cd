// Everything in one include, except the opt-in Eigen views of infercost/pricing/batch.hpp.
// The folders are the layers: core (units, money, time, FX, tables, errors), pricing (price lists and the
// rules of one request), demand (workloads, calendars, length mixes), api (costing a workload on a price list),
// selfhost (architectures, hardware, throughput, plans), governance (facts and policies), scenario
// (comparisons, claims, scenarios, terms and finance over time); catalog.hpp holds the data, io.hpp reads and writes it.
#pragma once

#include "infercost/version.hpp"

#include "infercost/core/error.hpp"
#include "infercost/core/fx.hpp"
#include "infercost/core/limits.hpp"
#include "infercost/core/table.hpp"
#include "infercost/core/time.hpp"
#include "infercost/core/units.hpp"

#include "infercost/pricing/offering.hpp"

#include "infercost/demand/calendar.hpp"
#include "infercost/demand/length_mix.hpp"
#include "infercost/demand/workload.hpp"

#include "infercost/api/costing.hpp"
#include "infercost/logs/profile.hpp"
#include "infercost/logs/replay.hpp"

#include "infercost/selfhost/architecture.hpp"
#include "infercost/selfhost/hardware.hpp"
#include "infercost/selfhost/plan.hpp"
#include "infercost/selfhost/throughput.hpp"

#include "infercost/governance/policy.hpp"

#include "infercost/scenario/comparison.hpp"
#include "infercost/scenario/finance.hpp"
#include "infercost/scenario/tasks.hpp"
#include "infercost/scenario/terms.hpp"
#include "infercost/scenario/scenario.hpp"

#include "infercost/uncertainty/distribution.hpp"
#include "infercost/uncertainty/monte_carlo.hpp"

#include "infercost/catalog.hpp"
#include "infercost/io.hpp"
#include "infercost/results.hpp"
