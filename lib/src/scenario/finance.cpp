#include "infercost/scenario/finance.hpp"

#include "infercost/core/error.hpp"

#include <cmath>

namespace infercost {

double npv(double yearly_rate, const std::vector<double>& flows) {
    if (!std::isfinite(yearly_rate) || yearly_rate <= -1) throw InputError("a discount rate is a yearly share above -1");
    double v = 0;
    const double monthly = std::pow(1 + yearly_rate, 1.0 / 12.0);
    double factor = 1;
    for (double f : flows) {
        v += f / factor;
        factor *= monthly;
    }
    return v;
}

std::optional<double> irr(const std::vector<double>& flows) {
    int changes = 0, last = 0;
    for (double f : flows) {
        const int sign = f > 0 ? 1 : f < 0 ? -1 : 0;
        if (sign == 0) continue;
        if (last != 0 && sign != last) ++changes;
        last = sign;
    }
    if (changes != 1) return std::nullopt;
    // One sign change: the NPV is monotone in the discount factor, so bisection on the monthly rate finds the one root.
    auto at = [&](double monthly) {
        double v = 0, factor = 1;
        for (double f : flows) {
            v += f / factor;
            factor *= 1 + monthly;
        }
        return v;
    };
    double lo = -0.999, hi = 10.0;  // -99.9% to +1000% a month
    const double vlo = at(lo), vhi = at(hi);
    if (!(vlo * vhi <= 0)) return std::nullopt;  // the root lies beyond any rate worth reporting
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        if ((at(mid) > 0) == (vlo > 0)) lo = mid;
        else hi = mid;
    }
    return std::pow(1 + 0.5 * (lo + hi), 12.0) - 1;
}

std::optional<std::size_t> payback_month(const std::vector<double>& flows) {
    double cum = 0;
    std::optional<std::size_t> from;
    for (std::size_t m = 0; m < flows.size(); ++m) {
        cum += flows[m];
        if (cum < 0) from.reset();
        else if (!from) from = m;
    }
    return from;
}

Savings savings(const Comparison& c, std::size_t i) {
    if (i >= c.options.size())
        throw InputError("option index " + std::to_string(i) + " is out of range (there are " + std::to_string(c.options.size()) +
                         " options)");
    const CostReport& b = c.options.at(c.baseline);
    const CostReport& o = c.options[i];
    Savings s;
    s.option = o.label;
    s.baseline = b.label;
    double cum = 0;
    for (std::size_t m = 0; m < b.months.size() && m < o.months.size(); ++m) {
        s.months.push_back(b.months[m].month);
        s.saving.push_back(b.months[m].total - o.months[m].total);
        s.cash_saving.push_back(b.months[m].cash - o.months[m].cash);
        cum += s.cash_saving.back();
        s.cumulative.push_back(cum);
        s.total += s.saving.back();
    }
    s.cash_total = cum;
    s.payback = payback_month(s.cash_saving);
    if (c.settings.discount_rate) s.npv = npv(*c.settings.discount_rate, s.cash_saving);
    s.irr = irr(s.cash_saving);
    return s;
}

}  // namespace infercost
