/**
 * Counts the work a function does without a clock, so linearity can be asserted without timing:
 * - string work: characters touched by String.prototype methods (charCodeAt/charAt count 1,
 *   indexOf the distance scanned, slice/split/case/trim the length handled) and by
 *   RegExp.prototype.exec (the input length: an upper bound);
 * - object work (with `countingProxy`): every read, key listing and `in` test on the input.
 *
 * The patches are installed only while `fn` runs and removed in `finally`. This is independent of
 * maskTextWithStats().steps, which the code under test maintains itself.
 */

type Method = (this: unknown, ...args: never[]) => unknown;

export interface Work {
  string: number;
  object: number;
}

const STRING_METHODS: Record<string, (self: string, args: unknown[], result: unknown) => number> = {
  charCodeAt: () => 1,
  charAt: () => 1,
  codePointAt: () => 1,
  indexOf: (self, args, result) => {
    const from = Math.max(0, Number(args[1] ?? 0) || 0);
    return ((result as number) < 0 ? self.length : (result as number) + 1) - from + 1;
  },
  lastIndexOf: (self) => self.length,
  slice: (_self, _args, result) => (result as string).length + 1,
  substring: (_self, _args, result) => (result as string).length + 1,
  split: (self) => self.length + 1,
  toUpperCase: (self) => self.length + 1,
  toLowerCase: (self) => self.length + 1,
  trim: (self) => self.length + 1,
  repeat: (_self, _args, result) => (result as string).length + 1,
};

export function countWork<T>(fn: (counter: Work) => T): { result: T; work: Work } {
  const work: Work = { string: 0, object: 0 };
  const prototype = String.prototype as unknown as Record<string, Method>;
  const originals: Record<string, Method> = {};
  for (const [name, cost] of Object.entries(STRING_METHODS)) {
    const original = prototype[name] as Method;
    originals[name] = original;
    prototype[name] = function (this: unknown, ...args: never[]) {
      const result = original.apply(this, args);
      work.string += cost(String(this), args, result);
      return result;
    };
  }
  const regexp = RegExp.prototype as unknown as Record<string, Method>;
  const originalExec = regexp.exec as Method;
  regexp.exec = function (this: unknown, ...args: never[]) {
    work.string += String(args[0]).length + 1;
    return originalExec.apply(this, args);
  };
  try {
    return { result: fn(work), work };
  } finally {
    for (const [name, original] of Object.entries(originals)) prototype[name] = original;
    regexp.exec = originalExec;
  }
}

/** Wraps a parsed JSON value so every access the code makes to it is counted. */
export function countingProxy<T>(value: T, work: Work): T {
  const cache = new WeakMap<object, unknown>();
  const wrap = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object') return node;
    const known = cache.get(node);
    if (known) return known;
    const proxy = new Proxy(node, {
      get(target, key, receiver) {
        work.object++;
        return wrap(Reflect.get(target, key, receiver));
      },
      has(target, key) {
        work.object++;
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        const keys = Reflect.ownKeys(target);
        work.object += keys.length + 1;
        return keys;
      },
      getOwnPropertyDescriptor(target, key) {
        work.object++;
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
    });
    cache.set(node, proxy);
    return proxy;
  };
  return wrap(value) as T;
}
