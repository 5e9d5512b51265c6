/**
 * What differs between a Data Action in Genesys Cloud and the generated one, split by what deploy
 * may change in place (category, request/response configuration, timeout) and what a published
 * action never changes (its contract and the secure flag: a new action version is needed).
 * Both sides are normalized first, so server-side defaults and key order never count as changes.
 */
import { sortKeysDeep } from '../../genesys/sorted-keys.ts';

export interface Change {
  /** Dotted path, e.g. `config.request.requestTemplate`. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/** The parts of an action (published, draft or generated) that deploy compares. */
export interface ActionLike {
  category?: string;
  secure?: boolean;
  config?: {
    timeoutSeconds?: number;
    request?: {
      requestUrlTemplate?: string;
      requestType?: string;
      headers?: Record<string, string>;
      requestTemplate?: string;
    };
    response?: {
      translationMap?: Record<string, string>;
      translationMapDefaults?: Record<string, string>;
      successTemplate?: string;
    };
  };
  contract?: {
    input?: { inputSchema?: unknown };
    output?: { successSchema?: unknown };
  };
}

export function comparableConfig(config: ActionLike['config'], withTimeout = true): unknown {
  const request = config?.request ?? {};
  const response = config?.response ?? {};
  return sortKeysDeep({
    ...(withTimeout ? { timeoutSeconds: config?.timeoutSeconds ?? null } : {}),
    request: {
      requestUrlTemplate: request.requestUrlTemplate ?? '',
      requestType: request.requestType ?? '',
      headers: request.headers ?? {},
      requestTemplate: request.requestTemplate ?? '',
    },
    response: {
      translationMap: response.translationMap ?? {},
      translationMapDefaults: response.translationMapDefaults ?? {},
      successTemplate: response.successTemplate ?? '',
    },
  });
}

const ANNOTATIONS = new Set(['$schema', 'title', 'description', 'examples']);
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];
const SCHEMA_VALUES = ['items', 'additionalProperties', 'not'];

/** A JSON Schema without annotation keywords (only where they are keywords, not property names). */
export function withoutAnnotations(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutAnnotations);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    if (ANNOTATIONS.has(key)) continue;
    if (SCHEMA_MAPS.includes(key) && value && typeof value === 'object' && !Array.isArray(value))
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [
          k,
          withoutAnnotations(v),
        ]),
      );
    else if (SCHEMA_LISTS.includes(key) && Array.isArray(value))
      out[key] = value.map(withoutAnnotations);
    else if (SCHEMA_VALUES.includes(key)) out[key] = withoutAnnotations(value);
    else out[key] = value;
  }
  return out;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Leaf-level differences; arrays that differ are reported whole (their order carries meaning). */
export function diffValues(before: unknown, after: unknown, path = ''): Change[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    const changes: Change[] = [];
    for (const key of keys) {
      const inBefore =
        Object.prototype.hasOwnProperty.call(before, key) && before[key] !== undefined;
      const inAfter = Object.prototype.hasOwnProperty.call(after, key) && after[key] !== undefined;
      if (inBefore && !inAfter)
        changes.push({ path: join(path, key), kind: 'removed', before: before[key] });
      else if (!inBefore && inAfter)
        changes.push({ path: join(path, key), kind: 'added', after: after[key] });
      else if (inBefore && inAfter)
        changes.push(...diffValues(before[key], after[key], join(path, key)));
    }
    return changes;
  }
  if (JSON.stringify(sortKeysDeep(before)) === JSON.stringify(sortKeysDeep(after))) return [];
  return [{ path, kind: 'changed', before, after }];
}

export interface ActionDiff {
  /** Changes deploy makes in place through a draft: category, config. */
  config: Change[];
  /** Changes a published action cannot take: contract, secure. */
  contract: Change[];
  /** Title/description-only contract differences (ignored: not worth a new action version). */
  annotations: Change[];
}

export function diffActions(current: ActionLike, desired: ActionLike): ActionDiff {
  const config = [
    ...diffValues(current.category ?? '', desired.category ?? '', 'category'),
    ...diffValues(comparableConfig(current.config), comparableConfig(desired.config), 'config'),
  ];
  const contractOf = (action: ActionLike) => ({
    input: action.contract?.input?.inputSchema ?? null,
    output: action.contract?.output?.successSchema ?? null,
  });
  const before = contractOf(current);
  const after = contractOf(desired);
  const stripped = (contract: typeof before) =>
    sortKeysDeep({
      input: withoutAnnotations(contract.input),
      output: withoutAnnotations(contract.output),
    });
  const structural = diffValues(stripped(before), stripped(after), 'contract');
  const contract = [
    ...diffValues(current.secure ?? false, desired.secure ?? false, 'secure'),
    ...structural,
  ];
  const annotations =
    structural.length === 0
      ? diffValues(sortKeysDeep(before), sortKeysDeep(after), 'contract')
      : [];
  return { config, contract, annotations };
}

// ---------------------------------------------------------------------------------------------
// Rendering

const MAX_VALUE = 120;
const MAX_DIFF_LINES = 40;

function show(value: unknown): string {
  const text =
    typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? 'undefined');
  return text.length > MAX_VALUE ? text.slice(0, MAX_VALUE) + '…' : text;
}

/** Line diff of two texts (LCS; templates are small), changed lines with one line of context. */
export function lineDiff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length * b.length > 250_000) return [`- (${a.length} lines)`, `+ (${b.length} lines)`];
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      (lcs[i] as number[])[j] =
        a[i] === b[j]
          ? ((lcs[i + 1] as number[])[j + 1] as number) + 1
          : Math.max((lcs[i + 1] as number[])[j] as number, (lcs[i] as number[])[j + 1] as number);
  const ops: Array<{ op: ' ' | '-' | '+'; line: string }> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ op: ' ', line: a[i] as string });
      i++;
      j++;
    } else if (
      i < a.length &&
      (j >= b.length ||
        ((lcs[i + 1] as number[])[j] as number) >= ((lcs[i] as number[])[j + 1] as number))
    ) {
      ops.push({ op: '-', line: a[i] as string });
      i++;
    } else {
      ops.push({ op: '+', line: b[j] as string });
      j++;
    }
  }
  const keep = ops.map(
    (op, k) =>
      op.op !== ' ' ||
      ops[k - 1]?.op === '-' ||
      ops[k - 1]?.op === '+' ||
      ops[k + 1]?.op === '-' ||
      ops[k + 1]?.op === '+',
  );
  const lines: string[] = [];
  let skipped = false;
  ops.forEach((op, k) => {
    if (!keep[k]) {
      if (!skipped) lines.push('  …');
      skipped = true;
      return;
    }
    skipped = false;
    lines.push(`${op.op} ${op.line}`);
  });
  return lines.length > MAX_DIFF_LINES
    ? [...lines.slice(0, MAX_DIFF_LINES), `  … (${lines.length - MAX_DIFF_LINES} more lines)`]
    : lines;
}

/** A change as readable lines: `~ path: before → after`, or a line diff for long texts. */
export function renderChange(change: Change): string[] {
  if (change.kind === 'added') return [`+ ${change.path}: ${show(change.after)}`];
  if (change.kind === 'removed') return [`- ${change.path}: ${show(change.before)}`];
  const { before, after } = change;
  if (
    typeof before === 'string' &&
    typeof after === 'string' &&
    (before.includes('\n') || after.includes('\n') || before.length > 60 || after.length > 60)
  )
    return [`~ ${change.path}:`, ...lineDiff(before, after).map((line) => `    ${line}`)];
  return [`~ ${change.path}: ${show(before)} → ${show(after)}`];
}
