/**
 * Generated artifacts are committed and diffed: object keys are sorted (their order means nothing
 * to Genesys or Terraform) so a regenerated file only changes where its content changed.
 * Array order is kept — it carries meaning (e.g. `required`, flow actions).
 */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeysDeep) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => [k, sortKeysDeep(v)] as const);
  return Object.fromEntries(entries) as T;
}
