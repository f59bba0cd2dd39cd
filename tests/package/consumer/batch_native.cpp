// Built with -march=native: prices a batch through infercost/pricing/batch.hpp and destroys the Eigen result. Before
// batch.hpp, the library allocated those matrices with its own alignment and this program freed them with
// another, which aborted in free(). Checks every row against pricing the request alone.
#include <infercost/pricing/batch.hpp>
#include <infercost/infercost.hpp>

#include <cmath>
#include <cstdio>
#include <exception>

namespace ic = infercost;

int main() {
    try {
        ic::PriceVersion v;
        v.effective_from = ic::parse_timestamp("2025-01-01");
        v.currency = ic::usd();
        v.source = "https://example.com/pricing";
        v.checked = ic::parse_date("2026-11-28");
        v.prices.set(ic::Meter::input, 2.0);
        v.prices.set(ic::Meter::cached_input, 0.5);
        v.prices.set(ic::Meter::output, 8.0);
        v.fallbacks[static_cast<std::size_t>(ic::Meter::reasoning)] = ic::Meter::output;
        ic::Offering o;
        o.id = "acme/flat";
        o.provider = "acme";
        o.model = "flat";
        o.versions = {v};
        ic::validate_offering(o);

        int bad = 0;
        for (int round = 0; round < 100; ++round) {  // many allocations and frees of odd sizes
            const Eigen::Index n = 1 + round % 7;
            ic::UsageMatrix usage(n, 5);
            for (Eigen::Index i = 0; i < n; ++i) usage.row(i) << 1000 * (i + 1), 100 * i, 0, 50 * (i + 1), 10 * i;
            ic::UnixSeconds at(1);
            at << ic::parse_timestamp("2026-01-01").time_since_epoch().count();
            const ic::BatchResult r = ic::price_batch(o, usage, at);
            for (Eigen::Index i = 0; i < n; ++i) {
                const ic::Usage u{ic::TokenCount(usage(i, 0)), ic::TokenCount(usage(i, 1)), ic::TokenCount(usage(i, 2)),
                                  ic::TokenCount(usage(i, 3)), ic::TokenCount(usage(i, 4))};
                const double one = ic::price_request(o, u, {.at = ic::parse_timestamp("2026-01-01")}).total.amount();
                if (std::abs(r.total(i) - one) > 1e-12 || std::abs(r.by_meter.row(i).sum() - one) > 1e-12) ++bad;
            }
        }
        // Row 0 by hand: 1,000 input x 2 + 50 output x 8 per million = 0.002 + 0.0004 = 0.0024.
        ic::UsageMatrix first(1, 5);
        first << 1000, 0, 0, 50, 0;
        const double row0 = ic::price_batch(o, first, ic::UnixSeconds::Constant(1, v.effective_from.time_since_epoch().count())).total(0);
        if (std::abs(row0 - 0.0024) > 1e-12) ++bad;
        std::printf("batch priced and freed under -march=native: %d mismatches\n", bad);
        return bad == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
