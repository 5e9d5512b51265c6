/**
 * The Data Action input contract, derived from the request schema (schemas/, the single source of
 * truth) so the two cannot drift. Genesys wants a flat draft-04 object whose property names follow
 * its naming rules; anything the derivation cannot carry over faithfully is an error at build time,
 * never a silently looser contract.
 */

export const DRAFT_04_SCHEMA = 'http://json-schema.org/draft-04/schema#';

/** Names Genesys fills in itself; an input property with one of them would be shadowed. */
export const GENESYS_RESERVED_INPUT_NAMES: readonly string[] = [
  'orgId',
  'integrationId',
  'rawRequest',
];

/** Genesys input names: a letter first, then letters, digits, `_` or `-`. */
export const GENESYS_INPUT_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

export type FlatType = 'string' | 'integer' | 'number' | 'boolean';

export interface Draft04Property {
  type: FlatType;
  title?: string;
  description?: string;
  enum?: Array<string | number | boolean>;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

export interface Draft04ObjectSchema {
  $schema: typeof DRAFT_04_SCHEMA;
  title: string;
  description?: string;
  type: 'object';
  required: string[];
  properties: Record<string, Draft04Property>;
  additionalProperties: boolean;
}

/** The part of a JSON Schema object the derivation reads (the generated schema is deeply readonly). */
export interface SourceObjectSchema {
  readonly description?: string;
  readonly required?: readonly string[];
  readonly properties: { readonly [name: string]: { readonly [keyword: string]: unknown } };
}

const FLAT_TYPES: readonly string[] = ['string', 'integer', 'number', 'boolean'];
/** Validation and annotation keywords draft-04 and Genesys understand the same way. */
const CARRIED_KEYWORDS = [
  'type',
  'title',
  'description',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
] as const;
/** Annotations with no draft-04 meaning: dropped, nothing is validated by them. */
const isDroppedAnnotation = (keyword: string) =>
  keyword.startsWith('x-') || ['examples', '$comment', 'deprecated'].includes(keyword);

function fail(name: string, reason: string): never {
  throw new Error(`cannot derive the Genesys input contract: property "${name}" ${reason}`);
}

function deriveProperty(
  name: string,
  source: { readonly [keyword: string]: unknown },
  required: boolean,
): Draft04Property {
  for (const keyword of Object.keys(source)) {
    if (!(CARRIED_KEYWORDS as readonly string[]).includes(keyword) && !isDroppedAnnotation(keyword))
      fail(name, `uses "${keyword}", which the flat draft-04 contract cannot express`);
  }
  if (typeof source.type !== 'string' || !FLAT_TYPES.includes(source.type))
    fail(
      name,
      `has type ${JSON.stringify(source.type)}; inputs must be string/integer/number/boolean`,
    );
  const property = Object.fromEntries(
    CARRIED_KEYWORDS.filter((k) => source[k] !== undefined).map((k) => [
      k,
      Array.isArray(source[k]) ? [...(source[k] as unknown[])] : source[k],
    ]),
  ) as unknown as Draft04Property;
  return required ? property : acceptEmptyString(name, property);
}

/**
 * Architect passes an unset optional variable as "" (the contract treats it as absent): the input
 * contract must let "" through, or Genesys would fail the action before ServiceNow sees it.
 */
function acceptEmptyString(name: string, property: Draft04Property): Draft04Property {
  if (property.type !== 'string') return property;
  if ((property.minLength ?? 0) > 0)
    fail(name, 'is optional with minLength > 0: "" (unset in Architect) could not pass');
  const adapted = { ...property };
  if (adapted.enum && !adapted.enum.includes('')) adapted.enum = ['', ...adapted.enum];
  if (adapted.pattern !== undefined) adapted.pattern = `^$|${adapted.pattern}`;
  return adapted;
}

/** Throws unless `name` is a Genesys-legal, non-reserved input name. */
export function assertGenesysInputName(name: string): void {
  if (!GENESYS_INPUT_NAME.test(name))
    fail(name, 'is not a legal Genesys input name (letter first, then [A-Za-z0-9_-])');
  if (GENESYS_RESERVED_INPUT_NAMES.some((r) => r.toLowerCase() === name.toLowerCase()))
    fail(name, 'is reserved by Genesys');
}

/** The request schema as a flat draft-04 Genesys input contract (property order kept). */
export function deriveInputContract(
  source: SourceObjectSchema,
  title: string,
): Draft04ObjectSchema {
  const required = [...(source.required ?? [])];
  const properties: Record<string, Draft04Property> = {};
  for (const [name, property] of Object.entries(source.properties)) {
    assertGenesysInputName(name);
    properties[name] = deriveProperty(name, property, required.includes(name));
  }
  for (const name of required) {
    if (!(name in properties)) fail(name, 'is required but not declared');
  }
  return {
    $schema: DRAFT_04_SCHEMA,
    title,
    ...(source.description === undefined ? {} : { description: source.description }),
    type: 'object',
    required,
    properties,
    // Genesys ignores inputs the template does not use; the wire contract tolerates unknown fields too.
    additionalProperties: true,
  };
}
