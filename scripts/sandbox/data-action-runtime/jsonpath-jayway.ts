/**
 * JSONPath as Genesys evaluates translation maps: Jayway's Java JsonPath (json-path/JsonPath,
 * README "What is Returned When?"), reproduced over jsonpath-plus (safe evaluator only):
 * - a path is *indefinite* when it has a deep scan `..`, a wildcard `*`, a filter `[?(…)]`, several
 *   indexes `[0,1]` or a slice `[0:2]`; an indefinite path always returns a list (possibly empty),
 *   even for one match, where jsonpath-plus would unwrap it;
 * - a definite path that matches nothing is "not found" (Jayway throws PathNotFoundException, the
 *   translation map then falls back to its default); a present `null` is a value;
 * - the trailing functions `length()` (Integer) and `min() max() avg() sum() stddev()` (Double)
 *   apply to the result; Doubles print as Java does (`3.0`);
 * - a filter whose result depends on comparing values of different types (`@.id == '1'` on a
 *   number) is refused: Jayway 2.0 coerces them ("01" == 1 is true), later versions and
 *   jsonpath-plus each differ; the filter runs strict and loose, and must agree.
 * Syntax only one engine knows is refused with a reason, never evaluated differently: Jayway's
 * filter operators (`=~`, `in`, `nin`, `subsetof`, `anyof`, `noneof`, `size`, `empty`) and its
 * newer functions, jsonpath-plus extensions (`^`, `~`, `@property`, `@path`, `@string()`,
 * script `[(…)]`, backticks). Checked against Jayway 2.0.0 (Debian libjsonpath-java) for
 * definiteness, lists and not-found; the functions against its README (ASSUMED: Genesys runs
 * Jayway 2.1 or later, which has them).
 */
import { JSONPath } from 'jsonpath-plus';
import { javaDoubleToString } from './java-text.ts';

export type JsonPathResult =
  | { found: true; value: unknown; /** JSON text as Genesys passes it on. */ json: string }
  | { found: false };

export class UnsupportedJsonPath extends Error {
  constructor(path: string, reason: string) {
    super(`JSONPath ${path}: ${reason}`);
    this.name = 'UnsupportedJsonPath';
  }
}

const DOUBLE_FUNCTIONS = ['min', 'max', 'avg', 'sum', 'stddev'] as const;
const FUNCTION_SUFFIX = /\.(length|min|max|avg|sum|stddev)\(\)$/;
const OTHER_FUNCTION = /\.([A-Za-z]+)\(\)/;
const JAYWAY_ONLY_OPERATOR = /(=~|\s(in|nin|subsetof|anyof|noneof|size|empty)\s)/;
const PLUS_ONLY =
  /[\^~`]|@(property|parentProperty|parent|path|root|string|number|boolean|null|array|object|integer|scalar|other)\b|\[\(/;

/** Outside quotes: `==` → `===`, `!=` → `!==`. */
function strictComparisons(path: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < path.length; i++) {
    const ch = path[i]!;
    if (quote) {
      if (ch === quote && path[i - 1] !== '\\') quote = undefined;
      out += ch;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    if ((ch === '=' || ch === '!') && path[i + 1] === '=' && path[i + 2] !== '=') {
      out += ch === '=' ? '===' : '!==';
      i++;
      continue;
    }
    out += ch;
  }
  return out;
}

/** `$.a.[0]` is `$.a[0]` to Jayway, a deep scan `$.a..0` to jsonpath-plus: read it as Jayway. */
const asJayway = (path: string) => path.replace(/(?<!\.)\.\[/g, '[');

/** Jayway's definiteness (see the module comment), from jsonpath-plus's own tokenizer. */
export function isDefinitePath(path: string): boolean {
  return JSONPath.toPathArray(asJayway(path)).every(
    (token) =>
      token !== '..' &&
      token !== '*' &&
      !token.startsWith('?(') &&
      !/^-?\d*:-?\d*(:-?\d*)?$/.test(token) &&
      !/^\s*-?\d+\s*(,\s*-?\d+\s*)+$/.test(token) &&
      !/^'[^']*'(\s*,\s*'[^']*')+$/.test(token),
  );
}

/** Paths the engines answer differently, checked on the text (see the tests for Jayway's answers). */
const DIFFERING_SYNTAX: ReadonlyArray<[RegExp, string]> = [
  [
    /\.length(?![(\w])/,
    'Jayway reads .length as a property (not found on a list), jsonpath-plus as the list length; write .length()',
  ],
  [/"/, "Jayway 2.0 refuses or ignores double-quoted strings; write 'text'"],
  [/\[[^\]]*:[^\]]*:/, 'Jayway refuses slices with a step ([::2])'],
  [
    /\[\s*'[^']*'\s*,/,
    "several names in one bracket (['a','b']) give a map in Jayway, a list in jsonpath-plus",
  ],
  [/:\s*0\s*\]/, 'a slice ending at 0 is empty in Jayway, everything in jsonpath-plus'],
];

function refuseForeignSyntax(path: string): void {
  if (!path.startsWith('$'))
    throw new UnsupportedJsonPath(path, 'must start with $ (the response root)');
  for (const [pattern, reason] of DIFFERING_SYNTAX)
    if (pattern.test(path)) throw new UnsupportedJsonPath(path, reason);
  if (JAYWAY_ONLY_OPERATOR.test(path))
    throw new UnsupportedJsonPath(
      path,
      'uses a Jayway filter operator (=~, in, nin, subsetof, anyof, noneof, size, empty) the local runtime does not reproduce',
    );
  if (PLUS_ONLY.test(path))
    throw new UnsupportedJsonPath(
      path,
      'uses syntax Jayway does not know (^, ~, @property/@path/@string(), [(…)] scripts, backticks)',
    );
  const other = OTHER_FUNCTION.exec(path.replace(FUNCTION_SUFFIX, ''));
  if (other)
    throw new UnsupportedJsonPath(
      path,
      `function ${other[1]}() is not reproduced (supported at the end of a path: length(), ${DOUBLE_FUNCTIONS.map((f) => `${f}()`).join(', ')})`,
    );
}

function numbersOf(path: string, value: unknown): number[] {
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((n) => typeof n === 'number'))
    throw new UnsupportedJsonPath(path, 'numeric functions need a list of numbers');
  if (list.length === 0)
    throw new UnsupportedJsonPath(path, 'numeric functions of an empty list fail in Jayway');
  return list as number[];
}

function applyDoubleFunction(name: (typeof DOUBLE_FUNCTIONS)[number], numbers: number[]): number {
  const sum = numbers.reduce((a, b) => a + b, 0);
  const avg = sum / numbers.length;
  switch (name) {
    case 'min':
      return Math.min(...numbers);
    case 'max':
      return Math.max(...numbers);
    case 'sum':
      return sum;
    case 'avg':
      return avg;
    case 'stddev':
      return Math.sqrt(numbers.reduce((a, n) => a + (n - avg) ** 2, 0) / numbers.length);
  }
}

/**
 * `$..[0].id` where some `[0]` has no `id`: Jayway 2.0 throws PathNotFoundException (the default
 * applies), later versions leave that match out. Versions disagree, so the path is refused when
 * it happens on this response.
 */
function refuseMissingAfterDeepScan(path: string, base: string, run: (p: string) => unknown[]) {
  const tokens = JSONPath.toPathArray(base);
  const scan = tokens.indexOf('..');
  const last = tokens[tokens.length - 1]!;
  if (scan === -1 || tokens.length - scan < 3 || !/^[A-Za-z_$][\w$-]*$/.test(last)) return;
  const parents = run(JSONPath.toPathString(tokens.slice(0, -1)));
  const missing = parents.some(
    (p) => p !== null && typeof p === 'object' && !Array.isArray(p) && !(last in p),
  );
  if (missing)
    throw new UnsupportedJsonPath(
      path,
      `after the deep scan some matches have no ${last}; Jayway 2.0 then fails the path (the default applies), later versions skip them`,
    );
}

/** Evaluates `path` on a parsed JSON body as Jayway would. Throws UnsupportedJsonPath. */
export function evaluateJsonPath(path: string, body: unknown): JsonPathResult {
  refuseForeignSyntax(path);
  const fn = FUNCTION_SUFFIX.exec(path)?.[1];
  const base = asJayway(fn ? path.slice(0, -`.${fn}()`.length) : path);
  const definite = isDefinitePath(base);
  const run = (p: string) =>
    JSONPath({ path: p, json: body as object, wrap: true, eval: 'safe' }) as unknown[];
  let matches: unknown[];
  try {
    matches = run(strictComparisons(base));
    if (base.includes('?(') && JSON.stringify(run(base)) !== JSON.stringify(matches))
      throw new UnsupportedJsonPath(
        path,
        'a filter compares values of different types here (e.g. a number with a quoted string); Jayway versions disagree on that, compare like with like',
      );
    refuseMissingAfterDeepScan(path, base, run);
  } catch (error) {
    if (error instanceof UnsupportedJsonPath) throw error;
    throw new UnsupportedJsonPath(path, `does not evaluate: ${(error as Error).message}`);
  }
  // ASSUMED: Genesys uses the default only when Jayway throws PathNotFoundException, so an
  // indefinite path without matches is the value [] (Jayway returns it without an exception).
  if (definite && matches.length === 0) return { found: false };
  const value = definite ? matches[0] : matches;
  if (fn === undefined) return { found: true, value, json: JSON.stringify(value) };
  if (fn === 'length') {
    if (!Array.isArray(value))
      throw new UnsupportedJsonPath(path, 'length() applies to a list here');
    return { found: true, value: value.length, json: String(value.length) };
  }
  const result = applyDoubleFunction(
    fn as (typeof DOUBLE_FUNCTIONS)[number],
    numbersOf(path, value),
  );
  return { found: true, value: result, json: javaDoubleToString(result) };
}
