// FM10 (a): requirements missing or signed off after the spend's date.
module.exports = (spend) => {
  const req = spend.attributes.requirements;
  const date = spend.attributes.date;
  if (!req || (date && req > date)) {
    return [{ message: `spend "${spend.name}" is bought before its requirements are signed off` }];
  }
  return [];
};
