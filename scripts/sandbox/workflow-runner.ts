/**
 * Runs the generated conversation-end workflow's input mapping locally: a detail event becomes
 * the workflow's `Flow.*` inputs as the trigger's `TopLevelPrimitives` data format fills them
 * (each top-level string, number or boolean of the event into the input of the same name), and
 * the module call's input expressions, read from the generated Archy YAML itself, are evaluated
 * into the Data Action's input — so the sandbox exercises the same expressions Genesys would.
 *
 * The evaluator covers the subset of Architect's expression language the generated flows use:
 * `Flow.x` variables, string literals, `==`, `and`, `If`, `IsSet`, `ToLower`, `Replace`,
 * `ToString`. An unset variable is NOT_SET; an input left NOT_SET is not sent.
 */
import { parse } from 'yaml';

type Value = string | number | boolean | undefined;

/** The workflow's declared inputs filled from an event, as the trigger would. */
export function workflowInputsFromEvent(
  workflowYaml: string,
  eventBody: Record<string, unknown>,
): Record<string, Value> {
  const workflow = (parse(workflowYaml) as { workflow: { variables: unknown[] } }).workflow;
  const inputs: Record<string, Value> = {};
  for (const entry of workflow.variables) {
    const variable = Object.values(entry as Record<string, unknown>)[0] as {
      name: string;
      isInput: boolean;
    };
    if (!variable.isInput) continue;
    const field = variable.name.replace(/^Flow\./, '');
    const value = eventBody[field];
    // arrays and objects are not top-level primitives: they never reach the workflow
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      inputs[variable.name] = typeof value === 'string' ? value : String(value);
  }
  return inputs;
}

/** The Data Action input the workflow's callCommonModule step sends for these flow inputs. */
export function workflowActionInput(
  workflowYaml: string,
  flowInputs: Record<string, Value>,
): Record<string, string> {
  const workflow = (parse(workflowYaml) as { workflow: Record<string, unknown> }).workflow;
  const call = findKey(workflow, 'callCommonModule') as {
    commonModule: Record<string, { ver_latestPublished: { inputs: Record<string, unknown> } }>;
  };
  const module = Object.values(call.commonModule)[0]!;
  const input: Record<string, string> = {};
  for (const [name, binding] of Object.entries(module.ver_latestPublished.inputs)) {
    const b = binding as { lit?: unknown; exp?: string; noValue?: boolean };
    let value: Value;
    if (b.lit !== undefined) value = b.lit as Value;
    else if (b.exp !== undefined) value = evaluate(b.exp, flowInputs);
    if (value === undefined) continue;
    input[name.replace(/^Common\./, '')] = String(value);
  }
  return input;
}

function findKey(node: unknown, key: string): unknown {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findKey(item, key);
      if (found !== undefined) return found;
    }
  } else if (node !== null && typeof node === 'object') {
    for (const [k, value] of Object.entries(node)) {
      if (k === key) return value;
      const found = findKey(value, key);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

// ----- the expression subset -------------------------------------------------------------------

type Token = { kind: 'name' | 'string' | 'op'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ') i++;
    else if (c === '"') {
      const end = source.indexOf('"', i + 1);
      if (end < 0) throw new Error(`unterminated string in ${source}`);
      tokens.push({ kind: 'string', text: source.slice(i + 1, end) });
      i = end + 1;
    } else if (source.startsWith('==', i)) {
      tokens.push({ kind: 'op', text: '==' });
      i += 2;
    } else if ('(),'.includes(c)) {
      tokens.push({ kind: 'op', text: c });
      i++;
    } else {
      const match = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(source.slice(i));
      if (!match) throw new Error(`unsupported expression syntax at "${source.slice(i)}"`);
      tokens.push({ kind: 'name', text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  If: ([condition, a, b]) => (condition === true ? a : b),
  IsSet: ([x]) => x !== undefined && x !== '',
  ToLower: ([x]) => (x === undefined ? undefined : String(x).toLowerCase()),
  ToString: ([x]) => (x === undefined ? undefined : String(x)),
  Replace: ([x, a, b]) =>
    x === undefined ? undefined : String(x).split(String(a)).join(String(b)),
};

/** Evaluates one expression of the subset; throws on anything outside it. */
export function evaluate(source: string, variables: Record<string, Value>): Value {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const take = (text?: string): Token => {
    const token = tokens[at++];
    if (!token || (text !== undefined && token.text !== text))
      throw new Error(`expected ${text ?? 'a token'} in ${source}`);
    return token;
  };
  const primary = (): Value => {
    const token = take();
    if (token.kind === 'string') return token.text;
    if (token.kind !== 'name') throw new Error(`unexpected "${token.text}" in ${source}`);
    if (peek()?.text === '(') {
      take('(');
      const args: Value[] = [];
      while (peek()?.text !== ')') {
        args.push(or());
        if (peek()?.text === ',') take(',');
      }
      take(')');
      const fn = FUNCTIONS[token.text];
      if (!fn) throw new Error(`function ${token.text} is not supported here`);
      return fn(args);
    }
    if (!token.text.startsWith('Flow.')) throw new Error(`unknown name ${token.text}`);
    return variables[token.text];
  };
  const comparison = (): Value => {
    const left = primary();
    if (peek()?.text !== '==') return left;
    take('==');
    const right = primary();
    return left !== undefined && right !== undefined && left === right;
  };
  const or = (): Value => {
    let value = comparison();
    while (peek()?.text === 'and') {
      take('and');
      const right = comparison();
      value = value === true && right === true;
    }
    return value;
  };
  const result = or();
  if (at !== tokens.length) throw new Error(`trailing input in ${source}`);
  return result;
}
