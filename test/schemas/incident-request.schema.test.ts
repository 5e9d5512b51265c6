import { Ajv } from 'ajv';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { incidentRequestSchema } from '../../servicenow/src/server/core/generated/contract.ts';
import {
  checkObject,
  compileSchema,
  type ObjectSchema,
} from '../../servicenow/src/server/core/schema-check.ts';
import { generatedFiles } from '../../scripts/lib/generated-files.ts';
import { repoRoot } from '../../scripts/lib/paths.ts';
import { readSample, sampleNames } from '../helpers/samples.ts';

const schemaFile = JSON.parse(
  readFileSync(repoRoot + 'schemas/incident-request.schema.json', 'utf8'),
);
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addKeyword('x-hint');
ajv.addKeyword('x-known-channels');
const validate = ajv.compile(schemaFile);
const compiled = compileSchema(incidentRequestSchema as unknown as ObjectSchema);

describe('schemas/incident-request.schema.json', () => {
  it('compiles under ajv strict mode', () => {
    expect(validate).toBeTypeOf('function');
  });

  it.each(sampleNames('data-action-request'))('accepts the request sample %s', (name) => {
    const sample = readSample(name);
    // Architect sends unset optionals as "": the contract treats them as absent
    const cleaned = Object.fromEntries(Object.entries(sample).filter(([, v]) => v !== ''));
    expect(validate(cleaned), JSON.stringify(validate.errors)).toBe(true);
    expect(checkObject(compiled, cleaned)).toEqual([]);
  });

  it('uses only patterns ServiceNow (Rhino) can run', () => {
    for (const property of Object.values(schemaFile.properties) as Array<{ pattern?: string }>) {
      if (property.pattern === undefined) continue;
      expect(property.pattern).not.toMatch(/\(\?<|\\[pPk]/);
    }
  });
});

describe('generated files', () => {
  it('are up to date (run `npm run generate` after changing schemas/)', async () => {
    for (const file of await generatedFiles()) {
      const committed = readFileSync(repoRoot + file.path, 'utf8');
      expect(committed, `${file.path} is stale`).toBe(file.content);
    }
  });

  it('embed the committed schema exactly', () => {
    expect(incidentRequestSchema).toEqual(schemaFile);
  });
});

describe('schema-check agrees with ajv', () => {
  const properties = schemaFile.properties as Record<string, { enum?: unknown[] }>;
  const fieldNames = Object.keys(properties);
  const anyValue = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
    fc.constantFrom(
      '',
      'voice',
      'whatsapp',
      'inbound',
      '1',
      'a:b.c-d_e',
      '2026-11-20T09:12:44Z',
      '2026-11-20',
    ),
    fc.integer({ min: -2, max: 5 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.string({ minLength: 99, maxLength: 102 }).map((s) => s.replace(/[^A-Za-z0-9]/g, 'x')),
  );
  const body = fc.dictionary(fc.constantFrom(...fieldNames, 'extra'), anyValue, { maxKeys: 8 });

  it('on random bodies: same verdict, same failing fields', () => {
    fc.assert(
      fc.property(body, (candidate) => {
        const ours = checkObject(compiled, candidate);
        const valid = validate(candidate);
        expect(ours.length === 0).toBe(valid);
        const ajvFields = new Set(
          (validate.errors ?? []).map((e) =>
            e.keyword === 'required'
              ? '/' + (e.params as { missingProperty: string }).missingProperty
              : e.instancePath,
          ),
        );
        expect(new Set(ours.map((e) => e.path))).toEqual(ajvFields);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a schema keyword it does not implement', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string', format: 'email' } },
    } as unknown as ObjectSchema;
    expect(() => compileSchema(schema)).toThrow(/format/);
  });
});
