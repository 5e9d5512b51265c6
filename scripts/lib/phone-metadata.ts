/**
 * Reads libphonenumber's numbering plans (libphonenumber-js metadata, a devDependency used only
 * here, at generate and test time) as digit automata, so that two things can be derived from the
 * authority itself rather than from the masker's code:
 *   - the compact plan table the core ships (`npm run generate` →
 *     servicenow/src/server/core/generated/phone-plans.ts): per region its calling code, trunk
 *     prefix, whether numbers are also written without the trunk prefix, and for every national
 *     length the first two digits a fixed-line or mobile number of that length can start with;
 *   - numbers for the test corpus: random strings the fixed-line and mobile patterns accept.
 *
 * The patterns use a small regex subset (digits, \d, classes, groups, alternation, quantifiers);
 * `digitAutomaton` compiles it to an NFA over digits (Thompson construction).
 */
import { readFileSync } from 'node:fs';
import { Metadata } from 'libphonenumber-js/max';
import metadataJson from 'libphonenumber-js/metadata.max.json';
import { repoRoot } from './paths.ts';

type Node =
  | { t: 'set'; mask: number }
  | { t: 'cat'; xs: Node[] }
  | { t: 'alt'; xs: Node[] }
  | { t: 'rep'; x: Node; min: number; max: number };

const ALL_DIGITS = 0x3ff;

function parsePattern(source: string): Node {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`unsupported phone pattern (${why}) at ${i}: ${source}`);
  };
  const alternation = (): Node => {
    const xs = [sequence()];
    while (source[i] === '|') {
      i++;
      xs.push(sequence());
    }
    return xs.length === 1 ? (xs[0] as Node) : { t: 'alt', xs };
  };
  const sequence = (): Node => {
    const xs: Node[] = [];
    while (i < source.length && source[i] !== '|' && source[i] !== ')') xs.push(quantified());
    return { t: 'cat', xs };
  };
  const quantified = (): Node => {
    let x = atom();
    for (;;) {
      const c = source[i];
      if (c === '?') x = { t: 'rep', x, min: 0, max: 1 };
      else if (c === '*') x = { t: 'rep', x, min: 0, max: Infinity };
      else if (c === '+') x = { t: 'rep', x, min: 1, max: Infinity };
      else if (c === '{') {
        const close = source.indexOf('}', i);
        const [lo, hi] = source.slice(i + 1, close).split(',');
        const min = Number(lo);
        const max = hi === undefined ? min : hi === '' ? Infinity : Number(hi);
        x = { t: 'rep', x, min, max };
        i = close;
      } else return x;
      i++;
    }
  };
  const atom = (): Node => {
    const c = source[i];
    if (c === '(') {
      i += source.startsWith('(?:', i) ? 3 : 1;
      const x = alternation();
      if (source[i] !== ')') fail('unclosed group');
      i++;
      return x;
    }
    if (c === '[') {
      i++;
      let mask = 0;
      while (source[i] !== ']') {
        if (source.startsWith('\\d', i)) {
          mask |= ALL_DIGITS;
          i += 2;
          continue;
        }
        const from = Number(source[i]);
        if (source[i + 1] === '-' && source[i + 2] !== ']') {
          const to = Number(source[i + 2]);
          for (let d = from; d <= to; d++) mask |= 1 << d;
          i += 3;
        } else {
          mask |= 1 << from;
          i++;
        }
      }
      i++;
      return { t: 'set', mask };
    }
    if (source.startsWith('\\d', i)) {
      i += 2;
      return { t: 'set', mask: ALL_DIGITS };
    }
    if (c !== undefined && c >= '0' && c <= '9') {
      i++;
      return { t: 'set', mask: 1 << Number(c) };
    }
    return fail(`character ${c}`);
  };
  const node = alternation();
  if (i !== source.length) fail('trailing input');
  return node;
}

/** An NFA over the digits 0-9: epsilon edges and at most one digit-class edge per state. */
export class DigitAutomaton {
  readonly eps: number[][] = [];
  readonly mask: number[] = [];
  readonly next: number[] = [];
  readonly start: number;
  readonly accept: number;
  /** canAccept[k]: states from which exactly k more digits reach the accepting state. */
  private readonly canAccept: Array<Set<number>> = [];

  constructor(pattern: string) {
    const fragment = this.compile(parsePattern(pattern));
    this.start = fragment[0];
    this.accept = fragment[1];
  }

  private state(): number {
    this.eps.push([]);
    this.mask.push(0);
    this.next.push(-1);
    return this.eps.length - 1;
  }

  private compile(node: Node): [number, number] {
    const s = this.state();
    switch (node.t) {
      case 'set': {
        const e = this.state();
        this.mask[s] = node.mask;
        this.next[s] = e;
        return [s, e];
      }
      case 'cat': {
        let end = s;
        for (const x of node.xs) {
          const [xs, xe] = this.compile(x);
          this.eps[end]!.push(xs);
          end = xe;
        }
        return [s, end];
      }
      case 'alt': {
        const e = this.state();
        for (const x of node.xs) {
          const [xs, xe] = this.compile(x);
          this.eps[s]!.push(xs);
          this.eps[xe]!.push(e);
        }
        return [s, e];
      }
      case 'rep': {
        let end = s;
        for (let k = 0; k < node.min; k++) {
          const [xs, xe] = this.compile(node.x);
          this.eps[end]!.push(xs);
          end = xe;
        }
        const e = this.state();
        if (node.max === Infinity) {
          const [xs, xe] = this.compile(node.x);
          this.eps[end]!.push(xs, e);
          this.eps[xe]!.push(end);
        } else {
          for (let k = node.min; k < node.max; k++) {
            const [xs, xe] = this.compile(node.x);
            this.eps[end]!.push(xs, e);
            end = xe;
          }
          this.eps[end]!.push(e);
        }
        return [s, e];
      }
    }
  }

  closure(states: Iterable<number>): Set<number> {
    const out = new Set<number>();
    const stack = [...states];
    while (stack.length > 0) {
      const s = stack.pop() as number;
      if (out.has(s)) continue;
      out.add(s);
      for (const t of this.eps[s]!) stack.push(t);
    }
    return out;
  }

  initial(): Set<number> {
    return this.closure([this.start]);
  }

  step(states: Set<number>, digit: number): Set<number> {
    const moved: number[] = [];
    for (const s of states) if ((this.mask[s]! >> digit) & 1) moved.push(this.next[s]!);
    return this.closure(moved);
  }

  /** States from which exactly `k` more digits can end in the accepting state. */
  acceptableIn(k: number): Set<number> {
    const reverseEps: number[][] = this.eps.map(() => []);
    this.eps.forEach((targets, s) => targets.forEach((t) => reverseEps[t]!.push(s)));
    const reverseClosure = (seed: Iterable<number>): Set<number> => {
      const out = new Set<number>();
      const stack = [...seed];
      while (stack.length > 0) {
        const s = stack.pop() as number;
        if (out.has(s)) continue;
        out.add(s);
        for (const t of reverseEps[s]!) stack.push(t);
      }
      return out;
    };
    if (this.canAccept.length === 0) this.canAccept.push(reverseClosure([this.accept]));
    while (this.canAccept.length <= k) {
      const after = this.canAccept[this.canAccept.length - 1]!;
      const before: number[] = [];
      this.next.forEach((t, s) => {
        if (t >= 0 && after.has(t)) before.push(s);
      });
      this.canAccept.push(reverseClosure(before));
    }
    return this.canAccept[k]!;
  }

  /** True when some string of `length` digits starting with `prefix` matches. */
  acceptsPrefix(prefix: string, length: number): boolean {
    let states = this.initial();
    for (const ch of prefix) states = this.step(states, Number(ch));
    const goal = this.acceptableIn(length - prefix.length);
    for (const s of states) if (goal.has(s)) return true;
    return false;
  }

  /** A random string of `length` digits the pattern matches, or undefined when there is none. */
  sample(random: () => number, length: number): string | undefined {
    let states = this.initial();
    let out = '';
    for (let left = length; left > 0; left--) {
      const goal = this.acceptableIn(left - 1);
      const options: Array<[number, Set<number>]> = [];
      for (let d = 0; d <= 9; d++) {
        const moved = this.step(states, d);
        for (const s of moved)
          if (goal.has(s)) {
            options.push([d, moved]);
            break;
          }
      }
      if (options.length === 0) return undefined;
      const [digit, moved] = options[Math.floor(random() * options.length)]!;
      out += String(digit);
      states = moved;
    }
    return out;
  }
}

export type PlanType = 'FIXED_LINE' | 'MOBILE';
export const PLAN_TYPES: readonly PlanType[] = ['FIXED_LINE', 'MOBILE'];

export interface RegionPlan {
  region: string;
  callingCode: string;
  /** Trunk (national) prefix, "" when the region has none. */
  trunk: string;
  /** Numbers are also written nationally without the trunk prefix (or there is none). */
  bare: boolean;
  /** Per type: its pattern and national (significant) lengths. */
  types: Array<{ type: PlanType; pattern: string; lengths: number[] }>;
}

// the typings declare no constructor argument; the class takes the metadata JSON (its README)
const metadata = new (Metadata as unknown as new (json: unknown) => object)(metadataJson);

/** Every region of the metadata (ISO 3166 codes and "001"-style non-geographic ones excluded). */
export const PLAN_REGIONS: readonly string[] = Object.keys(
  (metadataJson as { countries: Record<string, unknown> }).countries,
).sort();

interface PlanLike {
  callingCode(): string;
  nationalPrefix(): string | undefined;
  possibleLengths(): number[];
  formats(): Array<{
    nationalPrefixFormattingRule(): string | 0 | undefined;
    nationalPrefixIsOptionalWhenFormattingInNationalFormat(): boolean;
  }>;
  type(name: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

export function regionPlan(region: string): RegionPlan {
  const selectable = metadata as unknown as {
    selectNumberingPlan(region: string): void;
    numberingPlan: PlanLike;
  };
  selectable.selectNumberingPlan(region);
  const plan = selectable.numberingPlan;
  const trunk = plan.nationalPrefix() || '';
  const formats = plan.formats();
  // national formats that leave the trunk prefix out: "(21) 98765-4321" in Brazil
  const bare =
    trunk === '' ||
    formats.length === 0 ||
    formats.some(
      (f) =>
        String(f.nationalPrefixFormattingRule() || '').indexOf(trunk) < 0 ||
        f.nationalPrefixIsOptionalWhenFormattingInNationalFormat(),
    );
  const types: RegionPlan['types'] = [];
  for (const type of PLAN_TYPES) {
    const t = plan.type(type);
    if (!t) continue;
    types.push({
      type,
      pattern: t.pattern(),
      lengths: t.possibleLengths() ?? plan.possibleLengths(),
    });
  }
  return { region, callingCode: plan.callingCode(), trunk, bare, types };
}

const PREFIXES = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/**
 * The plan table row of one region: "cc,trunk,bare,length:bitmap;…" where the bitmap marks which
 * of the 100 two-digit prefixes 00…99 start a fixed-line or mobile number of that length (25 hex
 * digits, most significant first = prefix 00).
 */
export function planRow(plan: RegionPlan): string {
  const byLength = new Map<number, bigint>();
  for (const { pattern, lengths } of plan.types) {
    const automaton = new DigitAutomaton(pattern);
    for (const length of lengths) {
      let bits = byLength.get(length) ?? 0n;
      PREFIXES.forEach((prefix, index) => {
        if (automaton.acceptsPrefix(prefix, length)) bits |= 1n << BigInt(99 - index);
      });
      byLength.set(length, bits);
    }
  }
  const lengths = [...byLength.entries()]
    .filter(([, bits]) => bits !== 0n)
    .sort((a, b) => a[0] - b[0])
    .map(([length, bits]) => `${length}:${bits.toString(16).padStart(25, '0')}`);
  return [plan.callingCode, plan.trunk, plan.bare ? '1' : '0', lengths.join(';')].join(',');
}

/** The libphonenumber-js release the table was generated from. */
export function metadataVersion(): string {
  const manifest = readFileSync(repoRoot + 'node_modules/libphonenumber-js/package.json', 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
}
