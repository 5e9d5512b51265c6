/**
 * ajv's findings against schemas/deploy-config.schema.json, worded for people. The wording comes
 * from the schema wherever it can: a pattern's message is its `patternErrorMessage` (the
 * annotation VS Code's JSON language service also shows), bounds and known settings are read
 * from the failing schema node. Never quotes the configured value.
 */
import { Ajv, type ErrorObject } from 'ajv';
import deployConfigSchema from '../../../schemas/deploy-config.schema.json' with { type: 'json' };
import { pointerToPath, type PathSegment } from './positions.ts';

export interface RawProblem {
  path: PathSegment[];
  reason: string;
  at?: 'value' | 'key';
  /** Report the position of this path instead (a missing property points at its parent). */
  locateAt?: PathSegment[];
}

/** Editor annotation in the schema: the message for a failed `pattern`. */
export const PATTERN_MESSAGE_KEYWORD = 'patternErrorMessage';

const ajv = new Ajv({
  allErrors: true,
  verbose: true, // parentSchema: bounds, pattern messages and known properties for the messages
  // "format" is there for editors; URLs get a real check (scheme, host, no path...) elsewhere.
  formats: { uri: true },
});
ajv.addKeyword(PATTERN_MESSAGE_KEYWORD);
export const validateSchema = ajv.compile(deployConfigSchema);

export function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[String(segment)];
  }
  return value;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

type SchemaNode = Record<string, unknown> | undefined;

function typeName(type: unknown): string {
  if (type === 'object') return 'a mapping';
  if (type === 'integer') return 'an integer';
  return `a ${String(type)}`;
}

export function schemaProblems(errors: readonly ErrorObject[], data: unknown): RawProblem[] {
  const problems: RawProblem[] = [];
  for (const error of errors) {
    const path = pointerToPath(error.instancePath);
    const params = error.params as Record<string, unknown>;
    const schema = error.parentSchema as SchemaNode;
    switch (error.keyword) {
      case 'if': // the failing "then" branch reports the real problem
      case 'propertyNames': // reported through the nested pattern error, which names the key
        break;
      case 'required':
        problems.push({
          path: [...path, String(params.missingProperty)],
          reason: 'is required',
          locateAt: path,
        });
        break;
      case 'additionalProperties': {
        const property = String(params.additionalProperty);
        const known = Object.keys((schema?.properties ?? {}) as object);
        const suggestion = closest(property, known);
        problems.push({
          path: [...path, property],
          reason:
            'is not a known setting' +
            (suggestion ? ` (did you mean ${suggestion}?)` : `; known: ${known.join(', ')}`),
          at: 'key',
        });
        break;
      }
      case 'false schema': {
        const type = valueAt(data, [...path.slice(0, -1), 'type']);
        problems.push({
          path,
          reason: `does not apply to type ${typeof type === 'string' ? type : '?'}`,
          at: 'key',
        });
        break;
      }
      case 'pattern': {
        const message = schema?.[PATTERN_MESSAGE_KEYWORD];
        const reason = typeof message === 'string' ? message : 'has an invalid format';
        // a propertyNames pattern is about the key, not its value
        if (error.propertyName !== undefined)
          problems.push({ path: [...path, error.propertyName], reason, at: 'key' });
        else problems.push({ path, reason });
        break;
      }
      case 'enum':
        problems.push({
          path,
          reason: `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`,
        });
        break;
      case 'const':
        problems.push({ path, reason: `must be ${JSON.stringify(params.allowedValue)}` });
        break;
      case 'type':
        problems.push({ path, reason: `must be ${typeName(params.type)}` });
        break;
      case 'minimum':
      case 'maximum':
        problems.push({
          path,
          reason: `must be an integer from ${String(schema?.minimum)} to ${String(schema?.maximum)}`,
        });
        break;
      case 'minLength':
      case 'maxLength':
        problems.push({
          path,
          reason: `must be ${String(schema?.minLength ?? 0)} to ${String(schema?.maxLength)} characters`,
        });
        break;
      case 'minProperties':
        problems.push({ path, reason: 'must define at least one environment' }); // the only one
        break;
      default:
        problems.push({ path, reason: error.message ?? 'is invalid' });
    }
  }
  return problems;
}
