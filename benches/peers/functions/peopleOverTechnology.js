// FM10 (b): total technology spend above total people spend.
module.exports = (programme) => {
  let tech = 0;
  let people = 0;
  for (const s of (programme.blocks && programme.blocks.spend) || []) {
    const amount = Number(s.attributes.amount.amount);
    if (s.attributes.category === "technology") tech += amount;
    if (s.attributes.category === "people") people += amount;
  }
  if (tech > 0 && tech > people) {
    return [{ message: `technology spend ${tech} exceeds people spend ${people}` }];
  }
  return [];
};
