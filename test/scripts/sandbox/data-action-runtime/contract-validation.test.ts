import { describe, expect, it } from 'vitest';
import {
  describeFieldErrors,
  validateAgainstContract,
} from '../../../../scripts/sandbox/data-action-runtime/contract-validation.ts';

const schema = {
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', pattern: '^[a-z]+$' },
    n: { type: 'integer', minimum: 1, maximum: 3, exclusiveMaximum: true },
    uiHint: { type: 'string', displayName: 'Genesys-only keyword' },
  },
};

describe('validateAgainstContract', () => {
  it('accepts a valid value', () => {
    expect(validateAgainstContract(schema, { id: 'abc', n: 2 })).toEqual([]);
  });

  it('names every failing field by JSON Pointer, a missing one included', () => {
    expect(validateAgainstContract(schema, { n: 3 })).toEqual([
      { path: '/id', message: 'is required' },
      { path: '/n', message: 'must be < 3' },
    ]);
  });

  it('never echoes the offending value (inputs carry customer data)', () => {
    const secret = 'CUSTOMER-SECRET 4111 1111 1111 1111';
    const errors = validateAgainstContract(schema, { id: secret, n: secret });
    expect(errors.map((e) => e.path)).toEqual(['/id', '/n']);
    expect(JSON.stringify(errors)).not.toContain('4111');
  });

  it('speaks draft-04 and tolerates unknown keywords', () => {
    expect(validateAgainstContract(schema, { id: 'x', uiHint: 'y' })).toEqual([]);
  });

  it('formats errors on one line', () => {
    expect(
      describeFieldErrors([
        { path: '/a', message: 'is required' },
        { path: '', message: 'must be object' },
      ]),
    ).toBe('/a: is required; /: must be object');
  });
});
