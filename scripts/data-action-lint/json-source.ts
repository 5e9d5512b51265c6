/**
 * JSON with positions: parses a file's text into its value plus, for every JSON Pointer, where the
 * value starts in the file, and for every string, where each of its characters came from (a
 * template's `\n` is two characters in the file). That is what lets a finding inside a template
 * point at the file's line and column. Strict JSON (RFC 8259); errors name line and column.
 */

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 units. */
  column: number;
}

export interface JsonSource {
  value: unknown;
  /** Where the value at `pointer` starts (its opening quote for strings). */
  positionOf(pointer: string): Position | undefined;
  /** Where the `index`-th character of the string at `pointer` is written in the file. */
  positionInString(pointer: string, index: number): Position | undefined;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: Position,
  ) {
    super(`${message} at line ${position.line}, column ${position.column}`);
    this.name = 'JsonSyntaxError';
  }
}

/** Line starts of a text, for offset → line/column. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.starts.push(i + 1);
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1 };
  }
}

export const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
/** Deeper documents are refused rather than risking the stack. */
const MAX_DEPTH = 200;

export function parseJsonSource(text: string): JsonSource {
  const lines = new LineIndex(text);
  const starts = new Map<string, number>();
  const stringOffsets = new Map<string, number[]>();
  let i = 0;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, lines.position(Math.min(i, text.length)));
  };
  const skipSpace = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };

  function string(pointer: string | undefined): string {
    i++; // opening quote
    let out = '';
    const offsets: number[] = [];
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const ch = text[i]!;
      if (ch === '"') break;
      if (ch.charCodeAt(0) < 0x20) fail('control character in string');
      offsets.push(i);
      if (ch !== '\\') {
        out += ch;
        i++;
        continue;
      }
      const next = text[i + 1] ?? '';
      if (next === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) fail('bad \\u escape');
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else if (next in SHORT_ESCAPES) {
        out += SHORT_ESCAPES[next];
        i += 2;
      } else fail(`bad escape \\${next}`);
    }
    i++; // closing quote
    if (pointer !== undefined) stringOffsets.set(pointer, offsets);
    return out;
  }

  function value(pointer: string, depth: number): unknown {
    skipSpace();
    starts.set(pointer, i);
    const ch = text[i];
    if ((ch === '{' || ch === '[') && depth >= MAX_DEPTH)
      fail(`nested deeper than ${MAX_DEPTH} levels`);
    if (ch === '{') {
      i++;
      const object: Record<string, unknown> = {};
      skipSpace();
      if (text[i] === '}') {
        i++;
        return object;
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail('expected a property name');
        const key = string(undefined);
        skipSpace();
        if (text[i] !== ':') fail('expected :');
        i++;
        Object.defineProperty(object, key, {
          value: value(`${pointer}/${escapePointer(key)}`, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return object;
        }
        fail('expected , or }');
      }
    }
    if (ch === '[') {
      i++;
      const array: unknown[] = [];
      skipSpace();
      if (text[i] === ']') {
        i++;
        return array;
      }
      for (;;) {
        array.push(value(`${pointer}/${array.length}`, depth + 1));
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return array;
        }
        fail('expected , or ]');
      }
    }
    if (ch === '"') return string(pointer);
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(i, i + 400),
    );
    if (!literal) fail('unexpected character');
    i += literal![0].length;
    return JSON.parse(literal![0]);
  }

  const root = value('', 0);
  skipSpace();
  if (i < text.length) fail('unexpected text after the JSON value');
  return {
    value: root,
    positionOf: (pointer) => {
      const offset = starts.get(pointer);
      return offset === undefined ? undefined : lines.position(offset);
    },
    positionInString: (pointer, index) => {
      const offsets = stringOffsets.get(pointer);
      if (!offsets) return undefined;
      const offset = index < offsets.length ? offsets[index]! : (starts.get(pointer) ?? 0);
      return lines.position(offset);
    },
  };
}
