// Everything in one include.
#pragma once

#include "infercost/architecture.hpp"
#include "infercost/catalog.hpp"
#include "infercost/comparison.hpp"
#include "infercost/costing.hpp"
#include "infercost/error.hpp"
#include "infercost/fx.hpp"
#include "infercost/hardware.hpp"
#include "infercost/importers.hpp"
#include "infercost/pricing.hpp"
#include "infercost/scenario.hpp"
#include "infercost/selfhost.hpp"
#include "infercost/throughput.hpp"
#include "infercost/time.hpp"
#include "infercost/units.hpp"
#include "infercost/workload.hpp"
