import Ajv04Module from 'ajv-draft-04';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DRAFT_04_SCHEMA,
  GENESYS_RESERVED_INPUT_NAMES,
  deriveInputContract,
  type SourceObjectSchema,
} from '../../genesys/index.ts';
import { repoRoot } from '../../scripts/lib/paths.ts';
import { readSample, sampleNames } from '../helpers/samples.ts';

const Ajv04 = Ajv04Module.default;
const requestSchema = JSON.parse(
  readFileSync(repoRoot + 'schemas/incident-request.schema.json', 'utf8'),
) as SourceObjectSchema & { required: string[] };
const committedAction = JSON.parse(
  readFileSync(repoRoot + 'genesys/generated/create-incident.action.json', 'utf8'),
);
const committedContract = committedAction.contract.input.inputSchema;

describe('the committed create action input contract', () => {
  // Written against the schema file directly (not through deriveInputContract), so a change to
  // either side that is not regenerated, or a derivation bug, fails here.
  it('has exactly the schema properties, types, descriptions and limits', () => {
    expect(Object.keys(committedContract.properties).sort()).toEqual(
      Object.keys(requestSchema.properties).sort(),
    );
    for (const [name, source] of Object.entries(requestSchema.properties) as Array<
      [string, Record<string, unknown>]
    >) {
      const derived = committedContract.properties[name];
      const optional = !requestSchema.required.includes(name);
      expect(derived.type, name).toBe(source.type);
      expect(derived.description, name).toBe(source.description);
      for (const keyword of ['minLength', 'maxLength', 'minimum', 'maximum'])
        expect(derived[keyword], `${name}.${keyword}`).toBe(source[keyword]);
      if (source.pattern !== undefined)
        expect(derived.pattern, name).toBe(optional ? `^$|${source.pattern}` : source.pattern);
      if (source.enum !== undefined)
        expect(derived.enum, name).toEqual(
          optional ? ['', ...(source.enum as string[])] : source.enum,
        );
      expect(
        Object.keys(derived).some((k) => k.startsWith('x-')),
        name,
      ).toBe(false);
    }
  });

  it('requires what the schema requires, in draft-04', () => {
    expect(committedContract.required).toEqual(requestSchema.required);
    expect(committedContract.$schema).toBe(DRAFT_04_SCHEMA);
    expect(committedContract.type).toBe('object');
  });
});

describe('deriveInputContract', () => {
  const contract = deriveInputContract(requestSchema, 'Create input');
  const validate = new Ajv04({ allErrors: true, strict: true }).compile(contract);

  it('compiles under ajv-draft-04 strict mode (no stray keywords)', () => {
    expect(validate).toBeTypeOf('function');
  });

  it.each(sampleNames('data-action-request'))(
    'accepts the request sample %s as Architect sends it',
    (name) => {
      expect(validate(readSample(name)), JSON.stringify(validate.errors)).toBe(true);
    },
  );

  it('lets "" through for every optional string (Architect passes unset variables as "")', () => {
    const allEmpty = Object.fromEntries(
      Object.entries(contract.properties)
        .filter(([name, p]) => p.type === 'string' && !contract.required.includes(name))
        .map(([name]) => [name, '']),
    );
    expect(
      validate({ customCallId: 'c1', channel: 'sms', shortDescription: 's', ...allEmpty }),
    ).toBe(true);
  });

  it('still rejects what the schema rejects', () => {
    const bad = {
      customCallId: 'has space',
      channel: 'carrier pigeon',
      shortDescription: '',
      direction: 'sideways',
      urgency: 4,
      conversationStart: 'yesterday',
      dryRun: 'yes',
    };
    expect(validate(bad)).toBe(false);
    expect(new Set(validate.errors!.map((e) => e.instancePath))).toEqual(
      new Set([
        '/customCallId',
        '/channel',
        '/shortDescription',
        '/direction',
        '/urgency',
        '/conversationStart',
        '/dryRun',
      ]),
    );
  });

  it('never uses a reserved or illegal Genesys input name', () => {
    for (const name of Object.keys(contract.properties)) {
      expect(name).toMatch(/^[A-Za-z][A-Za-z0-9_-]*$/);
      expect(GENESYS_RESERVED_INPUT_NAMES).not.toContain(name);
    }
  });

  const derive = (properties: Record<string, Record<string, unknown>>, required: string[] = []) =>
    deriveInputContract({ required, properties }, 't');

  it.each(['orgId', 'integrationId', 'rawRequest', 'RAWREQUEST'])(
    'refuses the reserved name %s',
    (name) => {
      expect(() => derive({ [name]: { type: 'string' } })).toThrow(/reserved/);
    },
  );

  it.each(['1st', '_x', 'a.b', 'a b', 'ünï'])('refuses the illegal name %s', (name) => {
    expect(() => derive({ [name]: { type: 'string' } })).toThrow(/legal Genesys input name/);
  });

  it.each([
    [{ type: 'object' }, /type/],
    [{ type: 'array', items: { type: 'string' } }, /items|type/],
    [{ type: ['string', 'null'] }, /type/],
    [{ type: 'string', format: 'email' }, /format/],
    [{ type: 'integer', exclusiveMinimum: 0 }, /exclusiveMinimum/],
    [{ type: 'string', const: 'x' }, /const/],
  ])('refuses what a flat draft-04 contract cannot express: %j', (property, message) => {
    expect(() => derive({ a: property })).toThrow(message);
  });

  it('drops annotations without validation meaning', () => {
    const derived = derive({
      a: { type: 'string', 'x-hint': 'h', examples: ['e'], $comment: 'c' },
    });
    expect(derived.properties.a).toEqual({ type: 'string' });
  });

  it('refuses an optional string that could not accept ""', () => {
    expect(() => derive({ a: { type: 'string', minLength: 1 } })).toThrow(/minLength/);
    expect(derive({ a: { type: 'string', minLength: 1 } }, ['a']).properties.a).toEqual({
      type: 'string',
      minLength: 1,
    });
  });

  it('refuses a required name that is not declared', () => {
    expect(() => derive({ a: { type: 'string' } }, ['b'])).toThrow(/required but not declared/);
  });
});
