// FM06: the share of a pay plan's variable pay on metrics of the customer class.
const CUSTOMER = new Set(["retention", "repeat_purchase", "churn", "lifetime_value", "satisfaction",
  "nps", "effort", "engagement", "complaints_resolved", "referrals"]);
module.exports = (plan, opts) => {
  const metrics = (plan.blocks && plan.blocks.metric) || [];
  let weight = 0;
  for (const m of metrics) {
    if (CUSTOMER.has(m.attributes.type)) weight += m.attributes.weight;
  }
  if (weight < opts.min) {
    return [{ message: `pay plan "${plan.name}" puts ${weight}% on customer outcomes; the minimum is ${opts.min}%` }];
  }
  return [];
};
