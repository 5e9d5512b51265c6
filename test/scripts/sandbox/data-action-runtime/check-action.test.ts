import { describe, expect, it } from 'vitest';
import { buildGenesysArtifacts, type PostActionInput } from '../../../../genesys/index.ts';
import { findActionProblems } from '../../../../scripts/sandbox/data-action-runtime/check-action.ts';

const { createIncident, getIncident } = buildGenesysArtifacts().actions;

function variant(change: (a: PostActionInput) => void): PostActionInput {
  const copy = structuredClone(createIncident);
  change(copy);
  return copy;
}

describe('findActionProblems', () => {
  it('finds none in the generated actions', () => {
    expect(findActionProblems(createIncident)).toEqual([]);
    expect(findActionProblems(getIncident)).toEqual([]);
  });

  it.each([
    [
      'timeout out of range',
      (a: PostActionInput) => (a.config.timeoutSeconds = 61),
      /timeoutSeconds/,
    ],
    [
      'unknown method',
      (a: PostActionInput) => (a.config.request!.requestType = 'TRACE'),
      /requestType/,
    ],
    [
      'no URL',
      (a: PostActionInput) => delete a.config.request!.requestUrlTemplate,
      /requestUrlTemplate is missing/,
    ],
    [
      'unsafe body template',
      (a: PostActionInput) => (a.config.request!.requestTemplate = '#if($input.x)1#end'),
      /requestTemplate line 1:1 #if/,
    ],
    [
      'unsafe header',
      (a: PostActionInput) => (a.config.request!.headers!['X-Id'] = '#set($a = 1)'),
      /header X-Id/,
    ],
    [
      'unsafe success template',
      (a: PostActionInput) => (a.config.response!.successTemplate = '$input.x'),
      /successTemplate/,
    ],
    [
      'translation key shadowing a helper',
      (a: PostActionInput) => (a.config.response!.translationMap!.esc = '$.x'),
      /key "esc"/,
    ],
    [
      'reserved input name',
      (a: PostActionInput) => {
        (a.contract.input.inputSchema.properties as Record<string, object>).rawRequest = {
          type: 'string',
        };
      },
      /reserved/,
    ],
    [
      'output array of arrays',
      (a: PostActionInput) => {
        (a.contract.output.successSchema.properties as Record<string, object>).grid = {
          type: 'array',
          items: { type: 'array' },
        };
      },
      /array of arrays/,
    ],
    [
      'schema that does not compile',
      (a: PostActionInput) => {
        (a.contract.input.inputSchema as { type: unknown }).type = 'thing';
      },
      /does not compile/,
    ],
  ])('reports %s', (_, change, message) => {
    expect(findActionProblems(variant(change)).join('\n')).toMatch(message);
  });

  it('lists every problem at once', () => {
    const broken = variant((a) => {
      a.config.timeoutSeconds = 0;
      a.config.request!.requestType = 'TRACE';
    });
    expect(findActionProblems(broken)).toHaveLength(2);
  });
});
