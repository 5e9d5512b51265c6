import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildGenesysArtifacts,
  buildRequestTemplate,
  deriveInputContract,
  type SourceObjectSchema,
} from '../../genesys/index.ts';
import { renderRequestTemplate } from '../../scripts/sandbox/data-action-runtime/index.ts';
import { hostileString, requestInputs } from '../helpers/request-inputs.ts';

const action = buildGenesysArtifacts().actions.createIncident;
const template = action.config.request!.requestTemplate!;

describe('buildRequestTemplate', () => {
  it('renders valid JSON with exactly the present, non-empty members, for any subset of optionals', () => {
    fc.assert(
      fc.property(requestInputs(), (input) => {
        const rendered = renderRequestTemplate(template, input);
        const expected = Object.fromEntries(
          Object.entries(input).filter(([, v]) => v !== '' && v !== null),
        );
        // equality also proves no "null", no unrendered `$input`/`$esc` text and no stray member
        expect(JSON.parse(rendered)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('carries any string byte for byte, however hostile', () => {
    fc.assert(
      fc.property(hostileString(), (text) => {
        const body = JSON.parse(
          renderRequestTemplate(template, {
            customCallId: 'c',
            channel: 'sms',
            shortDescription: text || 'x',
            transcript: text,
          }),
        );
        expect(body.shortDescription).toBe(text || 'x');
        if (text !== '') expect(body.transcript).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  const contract = (properties: SourceObjectSchema['properties'], required: string[]) =>
    deriveInputContract({ required, properties }, 't');

  it('needs a required member to lead, so optional commas always have something before them', () => {
    expect(() => buildRequestTemplate(contract({ a: { type: 'string' } }, []))).toThrow(
      /at least one required/,
    );
  });

  it('refuses names Velocity versions read differently', () => {
    expect(() => buildRequestTemplate(contract({ 'a-b': { type: 'string' } }, ['a-b']))).toThrow(
      /Velocity/,
    );
  });

  it('is the documented pattern', () => {
    expect(
      buildRequestTemplate(
        contract({ id: { type: 'string' }, n: { type: 'integer' }, b: { type: 'boolean' } }, [
          'id',
        ]),
      ),
    ).toBe(
      '{\n  "id": "$esc.jsonString($input.id)"#if("$!{input.n}" != ""),\n  "n": $input.n#end#if("$!{input.b}" != ""),\n  "b": $input.b#end\n}',
    );
  });
});
