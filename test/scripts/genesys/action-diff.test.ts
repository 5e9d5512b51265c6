import { describe, expect, it } from 'vitest';
import {
  diffActions,
  diffValues,
  lineDiff,
  renderChange,
  withoutAnnotations,
} from '../../../scripts/genesys/action-diff.ts';
import { buildGenesysArtifacts } from '../../../genesys/index.ts';

describe('diffValues', () => {
  it('reports added, removed and changed leaves by dotted path', () => {
    expect(
      diffValues({ a: 1, b: { c: 'x', d: true } }, { a: 2, b: { c: 'x' }, e: [1] }, 'root'),
    ).toEqual([
      { path: 'root.a', kind: 'changed', before: 1, after: 2 },
      { path: 'root.b.d', kind: 'removed', before: true },
      { path: 'root.e', kind: 'added', after: [1] },
    ]);
  });

  it('ignores key order and reports differing arrays whole', () => {
    expect(diffValues({ x: { b: 1, a: 2 } }, { x: { a: 2, b: 1 } })).toEqual([]);
    expect(diffValues({ r: ['a', 'b'] }, { r: ['b', 'a'] })).toEqual([
      { path: 'r', kind: 'changed', before: ['a', 'b'], after: ['b', 'a'] },
    ]);
  });
});

describe('withoutAnnotations', () => {
  it('drops annotation keywords but keeps properties that happen to be named like them', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-04/schema#',
      title: 't',
      description: 'd',
      type: 'object',
      properties: {
        description: { type: 'string', description: 'free text' },
        title: { type: 'string', maxLength: 5 },
      },
      items: { title: 'x', type: 'string' },
    };
    expect(withoutAnnotations(schema)).toEqual({
      type: 'object',
      properties: { description: { type: 'string' }, title: { type: 'string', maxLength: 5 } },
      items: { type: 'string' },
    });
  });
});

describe('diffActions', () => {
  const generated = buildGenesysArtifacts({ integrationId: 'i-1' }).actions.createIncident;
  const copy = () => structuredClone(generated);

  it('finds nothing between an action and itself', () => {
    expect(diffActions(copy(), generated)).toEqual({ config: [], contract: [], annotations: [] });
  });

  it('treats server-side defaults and missing maps as equal', () => {
    const current = copy();
    delete current.config.response?.translationMapDefaults;
    const desired = copy();
    (desired.config.response as { translationMapDefaults: object }).translationMapDefaults = {};
    expect(diffActions(current, desired).config).toEqual([]);
  });

  it('puts category and config in the in-place group, contract and secure in the new-version group', () => {
    const desired = copy();
    desired.category = 'ITSM';
    desired.secure = !desired.secure;
    (desired.contract.input.inputSchema as { required: string[] }).required = ['customCallId'];
    const diff = diffActions(copy(), desired);
    expect(diff.config.map((c) => c.path)).toEqual(['category']);
    expect(diff.contract.map((c) => c.path)).toEqual(['secure', 'contract.input.required']);
  });

  it('keeps annotation-only contract changes apart', () => {
    const desired = copy();
    (desired.contract.output.successSchema as { title: string }).title = 'Renamed';
    const diff = diffActions(copy(), desired);
    expect(diff.contract).toEqual([]);
    expect(diff.annotations.map((c) => c.path)).toEqual(['contract.output.title']);
  });
});

describe('rendering', () => {
  it('shows a line diff with one line of context, removals first', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f'].join('\n');
    const after = ['a', 'b', 'C', 'd', 'e', 'f', 'g'].join('\n');
    expect(lineDiff(before, after)).toEqual([
      '  …',
      '  b',
      '- c',
      '+ C',
      '  d',
      '  …',
      '  f',
      '+ g',
    ]);
  });

  it('renders short values inline and long texts as a diff', () => {
    expect(
      renderChange({ path: 'config.timeoutSeconds', kind: 'changed', before: 20, after: 30 }),
    ).toEqual(['~ config.timeoutSeconds: 20 → 30']);
    expect(renderChange({ path: 'x', kind: 'added', after: { a: 1 } })).toEqual(['+ x: {"a":1}']);
    expect(renderChange({ path: 'x', kind: 'removed', before: 'y' })).toEqual(['- x: "y"']);
    expect(renderChange({ path: 't', kind: 'changed', before: 'a\nb', after: 'a\nc' })).toEqual([
      '~ t:',
      '      a',
      '    - b',
      '    + c',
    ]);
  });
});
