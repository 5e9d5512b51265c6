/**
 * The runtime's JSONPath against Jayway itself (test/fixtures/jsonpath-jayway/README.md): every
 * vector is refused, or gives what Jayway gave — the same value, or not found.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateJsonPath } from '../../../../scripts/sandbox/data-action-runtime/jsonpath-jayway.ts';
import { repoRoot } from '../../../../scripts/lib/paths.ts';

const { documents, vectors } = JSON.parse(
  readFileSync(`${repoRoot}test/fixtures/jsonpath-jayway/vectors.json`, 'utf8'),
) as { documents: unknown[]; vectors: Array<{ path: string; document: number; jayway: string }> };

function ours(path: string, document: unknown): string {
  try {
    const result = evaluateJsonPath(path, document);
    return result.found ? `OK ${JSON.stringify(JSON.parse(result.json))}` : 'NOTFOUND';
  } catch {
    return 'refused';
  }
}

const normalize = (jayway: string) =>
  jayway.startsWith('OK ') ? `OK ${JSON.stringify(JSON.parse(jayway.slice(3)))}` : jayway;

describe('Jayway JsonPath reference vectors', () => {
  it('every path is refused or answered as Jayway answered it', () => {
    const wrong = vectors
      .map((v) => ({ ...v, ours: ours(v.path, documents[v.document]) }))
      .filter((v) => v.ours !== 'refused' && v.ours !== normalize(v.jayway));
    expect(wrong).toEqual([]);
  });

  it('a path Jayway refuses is never answered', () => {
    const refusedByJayway = vectors.filter((v) => v.jayway.startsWith('EXC '));
    expect(refusedByJayway.length).toBeGreaterThan(0);
    for (const v of refusedByJayway)
      expect(ours(v.path, documents[v.document]), v.path).toBe('refused');
  });

  it('most paths are answered (173 of 195 when written)', () => {
    const answered = vectors.filter((v) => ours(v.path, documents[v.document]) !== 'refused');
    expect(answered.length / vectors.length).toBeGreaterThan(0.8);
  });
});
