// Convex's JSON spells every number as a float ("1.0"): the Python client refuses a bare "1"
// where a Convex value is expected (an integer there would be an int64, sent as {"$integer"}).
export function floatJson(value) {
  if (typeof value === "number") {
    const text = JSON.stringify(value);
    return /[.eE]/.test(text) || text === "null" ? text : `${text}.0`;
  }
  if (Array.isArray(value)) return `[${value.map(floatJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${floatJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
