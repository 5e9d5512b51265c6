/**
 * The local runtime against Java Velocity 1.7 itself: for every reference vector (see
 * test/fixtures/velocity-java/README.md) the runtime refuses the template or value, or prints
 * exactly what Java printed. Never a third outcome.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderRequestTemplate } from '../../../../scripts/sandbox/data-action-runtime/velocity-render.ts';
import { findUnsupportedVelocity } from '../../../../scripts/sandbox/data-action-runtime/velocity-support.ts';
import { repoRoot } from '../../../../scripts/lib/paths.ts';

interface Vector {
  template: string;
  input: Record<string, unknown>;
  java: string;
}

const vectors = JSON.parse(
  readFileSync(`${repoRoot}test/fixtures/velocity-java/vectors.json`, 'utf8'),
) as Vector[];

function runtime(vector: Vector): string | 'refused' {
  if (findUnsupportedVelocity(vector.template, 'request').length > 0) return 'refused';
  try {
    return renderRequestTemplate(vector.template, vector.input);
  } catch {
    return 'refused';
  }
}

describe('Java Velocity 1.7 reference vectors', () => {
  it('every vector is refused or rendered exactly as Java rendered it', () => {
    const wrong = vectors
      .map((vector) => ({ ...vector, runtime: runtime(vector) }))
      .filter((v) => v.runtime !== 'refused' && v.runtime !== v.java);
    expect(wrong).toEqual([]);
  });

  it('a template Java refuses is never rendered', () => {
    const refusedByJava = vectors.filter((v) => v.java.startsWith('EXC '));
    expect(refusedByJava.length).toBeGreaterThan(0);
    for (const vector of refusedByJava) expect(runtime(vector), vector.template).toBe('refused');
  });

  it('refuses only where it must: most vectors render', () => {
    const rendered = vectors.filter((v) => runtime(v) !== 'refused').length;
    // 249 of the 456 vectors rendered when this test was written (many are random junk)
    expect(rendered / vectors.length).toBeGreaterThan(0.5);
  });
});
