/**
 * Paths of settings and where they are in the YAML source: from the `yaml` library's node ranges
 * (character offsets) turned into line and column by its LineCounter.
 */
import { isMap, isNode, isPair, isScalar, isSeq, type Document, type LineCounter } from 'yaml';

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `environments.dev.genesys.region`; keys that are not identifiers in brackets. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment.length > 60 ? segment.slice(0, 60) + '…' : segment)}]`;
  }
  return out;
}

/** A JSON Pointer (ajv's instancePath, RFC 6901) as path segments. */
export function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const start = (node: unknown): number | undefined =>
  isNode(node) && node.range ? node.range[0] : undefined;

/**
 * Where a path is in the YAML source: the value's start, or the key's when `at` is 'key'. A path
 * that does not exist (a missing property) resolves to the deepest existing parent.
 */
export function locate(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PathSegment[],
  at: 'value' | 'key' = 'value',
): { line: number; col: number } | undefined {
  let node: unknown = doc.contents;
  let offset = start(node);
  for (const [i, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      if (i === path.length - 1 && at === 'key') {
        offset = start(pair.key) ?? offset;
        break;
      }
      offset = start(pair.value) ?? start(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      offset = start(item) ?? offset;
      node = item;
    } else break;
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset);
}
