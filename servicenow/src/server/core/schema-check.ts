/**
 * A small JSON Schema checker for the keywords the request contract uses. ServiceNow's
 * server-side JavaScript cannot run ajv (it generates code with `new Function`), so the
 * handler interprets the committed schema directly; a test compares it with ajv.
 * Unsupported keywords fail loudly at compile time instead of being silently ignored.
 */
import { hasOwn, isPlainObject, pointer, type FieldError } from './field-error.ts';

type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

export interface PropertySchema {
  readonly type: JsonType;
  readonly description?: string;
  readonly enum?: readonly unknown[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  /** Human wording of `pattern` for error messages (ignored by validators). */
  readonly 'x-hint'?: string;
}

export interface ObjectSchema {
  readonly type: 'object';
  readonly required?: readonly string[];
  readonly properties: { readonly [name: string]: PropertySchema };
  readonly additionalProperties?: boolean;
  readonly [annotation: string]: unknown;
}

const ANNOTATIONS = ['$schema', '$id', 'title', 'description', 'x-hint', 'x-known-channels'];
const OBJECT_KEYWORDS = ['type', 'required', 'properties', 'additionalProperties'];
const PROPERTY_KEYWORDS = [
  'type',
  'enum',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
];

export interface CompiledSchema {
  readonly schema: ObjectSchema;
  readonly patterns: { readonly [name: string]: RegExp };
}

function assertKnownKeywords(node: object, allowed: string[], where: string): void {
  for (const key of Object.keys(node)) {
    if (allowed.indexOf(key) < 0 && ANNOTATIONS.indexOf(key) < 0) {
      throw new Error(
        `schema keyword "${key}" at ${where || '/'} is not supported by schema-check`,
      );
    }
  }
}

/** Checks that the schema only uses supported keywords and precompiles its patterns. */
export function compileSchema(schema: ObjectSchema): CompiledSchema {
  assertKnownKeywords(schema, OBJECT_KEYWORDS, '');
  const patterns: { [name: string]: RegExp } = {};
  for (const name of Object.keys(schema.properties)) {
    const property = schema.properties[name] as PropertySchema;
    assertKnownKeywords(property, PROPERTY_KEYWORDS, pointer('properties', name));
    if (property.pattern !== undefined) patterns[name] = new RegExp(property.pattern);
  }
  return { schema, patterns };
}

/** JSON Schema measures string length in Unicode code points, not UTF-16 units. */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

function typeMatches(expected: JsonType, value: unknown): boolean {
  const actual = typeOf(value);
  return actual === expected || (expected === 'number' && actual === 'integer');
}

const ARTICLE: { [type: string]: string } = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  object: 'an object',
};

function checkProperty(
  name: string,
  property: PropertySchema,
  value: unknown,
  pattern: RegExp | undefined,
): string | undefined {
  if (!typeMatches(property.type, value)) {
    return `must be ${ARTICLE[property.type] ?? property.type}, got ${typeOf(value)}`;
  }
  if (property.enum && property.enum.indexOf(value) < 0) {
    return `must be one of: ${property.enum.join(', ')}`;
  }
  if (typeof value === 'string') {
    const length = codePointLength(value);
    if (property.minLength !== undefined && length < property.minLength) {
      return property.minLength === 1
        ? 'must not be empty'
        : `must be at least ${property.minLength} characters`;
    }
    if (property.maxLength !== undefined && length > property.maxLength) {
      return `must be at most ${property.maxLength} characters, got ${length}`;
    }
    if (pattern && !pattern.test(value)) {
      return property['x-hint']
        ? `must be ${property['x-hint']}`
        : `must match ${property.pattern}`;
    }
  }
  if (typeof value === 'number') {
    if (property.minimum !== undefined && value < property.minimum) {
      return `must be at least ${property.minimum}`;
    }
    if (property.maximum !== undefined && value > property.maximum) {
      return `must be at most ${property.maximum}`;
    }
  }
  return undefined;
}

/**
 * Validates a flat object against the compiled schema; returns every error at once, in
 * schema order. Unknown properties are not errors here (the caller turns them into warnings).
 */
export function checkObject(compiled: CompiledSchema, value: unknown): FieldError[] {
  if (!isPlainObject(value))
    return [{ path: '', message: `must be an object, got ${typeOf(value)}` }];
  const errors: FieldError[] = [];
  const { schema, patterns } = compiled;
  for (const name of schema.required ?? []) {
    if (!hasOwn(value, name)) errors.push({ path: pointer(name), message: 'is required' });
  }
  for (const name of Object.keys(schema.properties)) {
    if (!hasOwn(value, name)) continue;
    const message = checkProperty(
      name,
      schema.properties[name] as PropertySchema,
      value[name],
      patterns[name],
    );
    if (message) errors.push({ path: pointer(name), message });
  }
  return errors;
}
