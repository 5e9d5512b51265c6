/**
 * Renders a Genesys Velocity template with velocityjs so the output matches Java Velocity:
 * - nulls are dropped from the context (velocityjs prints "null" even for `$!x`, Java prints "");
 * - the Genesys helpers (`$esc`, `$encoding`, `$math`, `$successTemplateUtils`) are frozen marker
 *   objects answered by method handlers: velocityjs mutates objects whose real methods it calls
 *   (it adds `eval`), and a frozen helper could not be corrupted by a template anyway;
 * - Java String methods are reimplemented with Java semantics (JS `replace` replaces once,
 *   `trim` strips other characters, `"s".isEmpty()` throws in velocityjs...);
 * - context objects have no prototype, so `$input.toString` is absent as in Java, not a JS function;
 * - input values print as Java prints them: a decimal number as `Double.toString` (`1.0E-5`, not
 *   `0.00001`); a list, an object or an integer beyond 2^53 is refused when rendered (velocityjs
 *   prints `[1, a]` / `{a=1}` where Java's rendering depends on types Genesys does not document);
 * - a block comment `#* … *#` is replaced by an empty silent reference before rendering:
 *   velocityjs swallows the whitespace and newline after it, Java Velocity 1.7 keeps them;
 * - an undefined reference prints as written in the template, as Java prints it: velocityjs
 *   rebuilds its text from the syntax tree (`$x.replace("a", "b")` came out as
 *   `$x.replace("a","b")`).
 * Values are never re-evaluated: an input containing `$input.x` or `#if` is printed as is.
 * Templates must first pass velocity-support.ts, which refuses what this cannot reproduce.
 */
import { Compile, Helper, parse } from 'velocityjs';
import {
  base64,
  escapeJson,
  javaDoubleToString,
  javaEqualsIgnoreCase,
  javaReplace,
  javaSubstring,
  javaTrim,
  urlEncode,
} from './java-text.ts';
import { ESC_CONSTANTS, JAVA_STRING_METHODS } from './velocity-support.ts';

interface MethodCall {
  property: string;
  context: unknown;
  params: unknown[];
}
interface MethodHandler {
  uid: string;
  match: (call: MethodCall) => boolean;
  resolve: (call: MethodCall) => unknown;
}

const ESC = Object.freeze({ ...ESC_CONSTANTS });
const ENCODING = Object.freeze({});
const MATH = Object.freeze({});
const SUCCESS_TEMPLATE_UTILS = Object.freeze({});

/** A non-integral number as Java holds it (a Double): prints as `Double.toString`. */
class JavaDouble {
  constructor(readonly value: number) {}
  toString(): string {
    return javaDoubleToString(this.value);
  }
}

/** A value whose Java rendering is not verified: any attempt to print it fails the render. */
class UnverifiedValue {
  constructor(
    private readonly name: string,
    private readonly why: string,
  ) {}
  toString(): string {
    throw new Error(`$input.${this.name} ${this.why}; the local runtime refuses to render it`);
  }
}

/** An input value as the Java side holds it (see the module comment). */
function javaInputValue(name: string, value: unknown): unknown {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value;
    if (Number.isInteger(value))
      return new UnverifiedValue(
        name,
        'is an integer beyond 2^53 (Java may hold it as Long, BigInteger or Double, each printed differently)',
      );
    return new JavaDouble(value);
  }
  if (Array.isArray(value))
    return new UnverifiedValue(name, 'is a list (how Genesys prints a list is not verified)');
  if (value !== null && typeof value === 'object')
    return new UnverifiedValue(name, 'is an object (how Genesys prints a map is not verified)');
  return value;
}

/** Java's `String.valueOf` for the values a flat contract can hold; null stays null. */
function javaString(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return String(value);
}

/** A helper method on a marker object; `undefined` renders the reference text, as Java does for null. */
function helper(
  marker: object,
  property: string,
  resolve: (params: unknown[]) => unknown,
): MethodHandler {
  return {
    uid: `helper.${property}`,
    match: (call) => call.context === marker && call.property === property,
    resolve: (call) => resolve(call.params),
  };
}

const withString = (value: unknown, f: (s: string) => unknown) => {
  const text = javaString(value);
  return text === undefined ? undefined : f(text);
};

function integers(params: unknown[], method: string): number[] {
  if (!params.every((p) => Number.isSafeInteger(p)))
    throw new Error(
      `$math.${method} is reproduced for integers only (Java returns Doubles otherwise)`,
    );
  return params as number[];
}

function firstFromArray(params: unknown[]): unknown {
  const [arrayText, fallback] = params;
  const parsed: unknown = JSON.parse(String(arrayText));
  if (!Array.isArray(parsed))
    throw new Error('$successTemplateUtils.firstFromArray expects a JSON array');
  if (parsed.length === 0) return fallback === undefined ? '' : String(fallback);
  return JSON.stringify(parsed[0]);
}

/** Java String semantics for the methods velocity-support.ts lets through. */
function stringMethod(text: string, method: string, params: unknown[]): unknown {
  const strings = params.every((p) => typeof p === 'string');
  switch (method) {
    case 'length':
      return text.length;
    case 'isEmpty':
      return text.length === 0;
    case 'trim':
      return javaTrim(text);
    case 'toLowerCase':
      return text.toLowerCase();
    case 'toUpperCase':
      return text.toUpperCase();
    case 'equals':
      return params[0] === text;
    case 'substring':
      return javaSubstring(text, params[0] as number, params[1] as number | undefined);
  }
  // The remaining methods take strings; Java finds no such overload otherwise (→ undefined).
  if (!strings) return undefined;
  const [a, b] = params as string[];
  switch (method) {
    case 'contains':
      return text.includes(a!);
    case 'equalsIgnoreCase':
      return javaEqualsIgnoreCase(text, a!);
    case 'startsWith':
      return text.startsWith(a!);
    case 'endsWith':
      return text.endsWith(a!);
    case 'replace':
      return b === undefined ? undefined : javaReplace(text, a!, b);
  }
  return undefined;
}

const HANDLERS: MethodHandler[] = [
  helper(ESC, 'jsonString', ([v]) => withString(v, escapeJson)),
  helper(ESC, 'url', ([v]) => withString(v, urlEncode)),
  // Documented by Genesys as the same encoding as $esc.url (spaces become +).
  helper(ESC, 'urlFormEncode', ([v]) => withString(v, urlEncode)),
  helper(ENCODING, 'base64', ([v]) => withString(v, base64)),
  helper(MATH, 'add', (p) => integers(p, 'add').reduce((x, y) => x + y)),
  helper(MATH, 'sub', (p) => integers(p, 'sub').reduce((x, y) => x - y)),
  helper(MATH, 'mul', (p) => integers(p, 'mul').reduce((x, y) => x * y)),
  helper(MATH, 'max', (p) => Math.max(...integers(p, 'max'))),
  helper(MATH, 'min', (p) => Math.min(...integers(p, 'min'))),
  helper(SUCCESS_TEMPLATE_UTILS, 'firstFromArray', firstFromArray),
  {
    uid: 'java.lang.String',
    match: ({ context, property }) =>
      context !== null && context !== undefined && JAVA_STRING_METHODS.includes(property),
    resolve: ({ context, property, params }) =>
      typeof context === 'string'
        ? stringMethod(context, property, params)
        : property === 'equals'
          ? context instanceof JavaDouble
            ? params[0] instanceof JavaDouble && params[0].value === context.value
            : params[0] === context // Integer.equals(Integer), Boolean.equals(Boolean)
          : undefined, // no such method on Integer/Boolean: Java prints the reference text
  },
];

/** A copy without nulls and without a prototype (see the module comment). */
function plainMap(values: Record<string, unknown>): Record<string, unknown> {
  const map = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(values)) {
    if (value !== null && value !== undefined) map[key] = value;
  }
  return map;
}

/** Never a context key: translation keys start with a letter, roots are fixed names. */
const EMPTY_REFERENCE = '$!{__blockComment}';

/**
 * Block comments outside `#[[raw]]#` blocks and line comments, replaced by an empty reference
 * (see the module comment). Java: `a #* c *#\nb` → `a \nb`; velocityjs without this: `a b`.
 */
export function replaceBlockComments(template: string): string {
  let out = '';
  let i = 0;
  const at = (prefix: string) => template.startsWith(prefix, i);
  while (i < template.length) {
    if (at('#[[')) {
      const end = template.indexOf(']]#', i + 3);
      const stop = end === -1 ? template.length : end + 3;
      out += template.slice(i, stop);
      i = stop;
    } else if (at('##')) {
      const end = template.indexOf('\n', i);
      const stop = end === -1 ? template.length : end;
      out += template.slice(i, stop);
      i = stop;
    } else if (at('#*')) {
      const end = template.indexOf('*#', i + 2);
      if (end === -1) return out + template.slice(i); // unterminated: let the parser refuse it
      out += EMPTY_REFERENCE;
      i = end + 2;
    } else {
      out += template[i];
      i++;
    }
  }
  return out;
}

type ReferenceNode = Parameters<Compile['getReferences']>[0] & {
  leader?: string;
  pos?: { first_line: number; first_column: number; last_line: number; last_column: number };
};

/** velocityjs with Java's text for undefined references (see the module comment). */
class JavaVelocity extends Compile {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly source: string) {
    super(parse(source), { customMethodHandlers: HANDLERS, escape: false });
    for (let i = 0; i < source.length; i++) if (source[i] === '\n') this.lineStarts.push(i + 1);
  }

  private sourceOf(node: ReferenceNode): string | undefined {
    const pos = node.pos;
    if (!pos) return undefined;
    const start = (this.lineStarts[pos.first_line - 1] ?? NaN) + pos.first_column;
    const end = (this.lineStarts[pos.last_line - 1] ?? NaN) + pos.last_column;
    return Number.isFinite(start) && Number.isFinite(end)
      ? this.source.slice(start, end)
      : undefined;
  }

  protected override getReferences(node: ReferenceNode, isVal?: boolean): string {
    const value: unknown = super.getReferences(node, false);
    if (!isVal || value !== undefined) return value as string;
    if (this.silence || node.leader === '$!') return '';
    // Undefined: Java prints the reference as written. Positions of references inside string
    // literals are relative to the literal, so the slice is used only when it is the same
    // reference, differing from velocityjs's rebuilt text only in whitespace.
    const rebuilt: string = Helper.getRefText(node as Parameters<typeof Helper.getRefText>[0]);
    const written = this.sourceOf(node);
    return written !== undefined && written.replace(/\s+/g, '') === rebuilt.replace(/\s+/g, '')
      ? written
      : rebuilt;
  }
}

function renderWith(template: string, context: Record<string, unknown>): string {
  return new JavaVelocity(replaceBlockComments(template)).render(plainMap(context));
}

/**
 * Request URL, headers and body: `$input` holds the (null-free) input plus `rawRequest`, the input
 * as JSON text, which Genesys provides for pass-through templates.
 */
export function renderRequestTemplate(template: string, input: Record<string, unknown>): string {
  const values = plainMap(input);
  for (const [name, value] of Object.entries(values)) values[name] = javaInputValue(name, value);
  values.rawRequest = JSON.stringify(input);
  return renderWith(template, { input: values, esc: ESC, encoding: ENCODING, math: MATH });
}

/**
 * Success template: each translation value as JSON text (so strings arrive quoted) and
 * `$rawResult`, the response body as received.
 */
export function renderSuccessTemplate(
  template: string,
  translated: Record<string, string>,
  rawResult: string,
): string {
  return renderWith(template, {
    ...plainMap(translated),
    rawResult,
    esc: ESC,
    encoding: ENCODING,
    math: MATH,
    successTemplateUtils: SUCCESS_TEMPLATE_UTILS,
  });
}
