/**
 * The rules Genesys enforces when an action is saved or published (DESIGN §3): draft-04 contracts
 * that compile, a flat input object with legal, unreserved names, no arrays of arrays in the
 * output, a request type, a URL, a timeout of 1–60 s, translation keys a success template can
 * reference. Draft-06+ keywords are named: Genesys validates with draft-04 and ignores or refuses
 * them (ASSUMED which of the two; either way the contract does not mean what it says).
 */
import { GENESYS_INPUT_NAME, GENESYS_RESERVED_INPUT_NAMES } from '../../genesys/input-contract.ts';
import { REQUEST_TYPES } from '../sandbox/data-action-runtime/check-action.ts';
import { validateAgainstContract } from '../sandbox/data-action-runtime/contract-validation.ts';
import { TEMPLATE_ROOTS } from '../sandbox/data-action-runtime/velocity-support.ts';
import { RULES, type Finding, type Rule } from './findings.ts';
import type { SourceAction } from './read-actions.ts';

const DRAFT_04 = /^https?:\/\/json-schema\.org\/draft-04\/schema#?$/;
const LATER_DRAFT_KEYWORDS = [
  'const',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'examples',
  '$id',
  'dependentRequired',
  'dependentSchemas',
  'unevaluatedProperties',
  'prefixItems',
  '$defs',
];
const TRANSLATION_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

type Schema = Record<string, unknown> & {
  type?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
};

function at(
  source: SourceAction,
  rule: Rule,
  field: string,
  message: string,
  fix: string,
): Finding {
  const position = source.positionOf(field);
  return {
    rule: rule.id,
    severity: rule.severity,
    file: source.file,
    action: source.name,
    field,
    line: position.line,
    column: position.column,
    message,
    fix,
  };
}

/** Keywords of later drafts anywhere in the schema, with their JSON Pointer. */
function laterDraftKeywords(schema: unknown, pointer = ''): Array<[string, string]> {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return [];
  const node = schema as Schema;
  const found: Array<[string, string]> = [];
  for (const keyword of LATER_DRAFT_KEYWORDS)
    if (keyword in node) found.push([keyword, pointer || '/']);
  for (const keyword of ['exclusiveMinimum', 'exclusiveMaximum'])
    if (typeof node[keyword] === 'number') found.push([`numeric ${keyword}`, pointer || '/']);
  for (const [name, child] of Object.entries(node.properties ?? {}))
    found.push(...laterDraftKeywords(child, `${pointer}/properties/${name}`));
  if (node.items) found.push(...laterDraftKeywords(node.items, `${pointer}/items`));
  return found;
}

function nestedArrays(schema: Schema | undefined, pointer = ''): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const found: string[] = [];
  if (schema.type === 'array' && (schema.items as Schema | undefined)?.type === 'array')
    found.push(pointer || '/');
  if (schema.items) found.push(...nestedArrays(schema.items, `${pointer}/items`));
  for (const [name, child] of Object.entries(schema.properties ?? {}))
    found.push(...nestedArrays(child, `${pointer}/properties/${name}`));
  return found;
}

function schemaChecks(source: SourceAction, field: string, schema: unknown): Finding[] {
  const findings: Finding[] = [];
  const rule = RULES.contract;
  if (schema === undefined || schema === null || typeof schema !== 'object') {
    return [
      at(source, rule, field, `${field} is missing`, 'Declare a draft-04 JSON Schema object.'),
    ];
  }
  const declared = (schema as Schema).$schema;
  if (declared !== undefined && !DRAFT_04.test(String(declared)))
    findings.push(
      at(
        source,
        rule,
        field,
        `${field} declares ${String(declared)}; Genesys contracts are draft-04`,
        'Set "$schema": "http://json-schema.org/draft-04/schema#" and use draft-04 keywords.',
      ),
    );
  for (const [keyword, pointer] of laterDraftKeywords(schema))
    findings.push(
      at(
        source,
        rule,
        field,
        `${field} uses ${keyword} at ${pointer}, which draft-04 does not have`,
        keyword.startsWith('numeric')
          ? 'In draft-04, exclusiveMinimum/Maximum are booleans beside minimum/maximum.'
          : `Remove ${keyword} or express it with draft-04 keywords (enum for const).`,
      ),
    );
  try {
    validateAgainstContract(schema, {});
  } catch (error) {
    findings.push(
      at(
        source,
        rule,
        field,
        `${field} does not compile as draft-04: ${(error as Error).message}`,
        'Fix the schema so a draft-04 validator accepts it.',
      ),
    );
  }
  return findings;
}

function inputChecks(source: SourceAction, schema: Schema): Finding[] {
  const field = 'contract.input.inputSchema';
  const findings: Finding[] = [];
  if (schema.type !== 'object')
    findings.push(
      at(
        source,
        RULES.contract,
        field,
        'the input contract must be an object',
        'Set "type": "object" with flat properties.',
      ),
    );
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (!GENESYS_INPUT_NAME.test(name))
      findings.push(
        at(
          source,
          RULES.contract,
          field,
          `input name "${name}" is not allowed (a letter first, then letters, digits, _ or -)`,
          'Rename the input.',
        ),
      );
    if (GENESYS_RESERVED_INPUT_NAMES.includes(name))
      findings.push(
        at(
          source,
          RULES.contract,
          field,
          `input name "${name}" is reserved by Genesys (${GENESYS_RESERVED_INPUT_NAMES.join(', ')})`,
          'Rename the input.',
        ),
      );
    const type = property?.type;
    if (type === 'object' || type === 'array')
      findings.push(
        at(
          source,
          RULES.contract,
          field,
          `input "${name}" is ${type}: Genesys input contracts are flat (string, integer, number, boolean)`,
          'Flatten it into separate inputs, or pass JSON text in a string input.',
        ),
      );
  }
  return findings;
}

function configChecks(source: SourceAction): Finding[] {
  const findings: Finding[] = [];
  const config = source.action.config;
  const request = config?.request;
  if (!request)
    return [
      at(
        source,
        RULES.config,
        'config.request',
        'config.request is missing',
        'Add the request configuration.',
      ),
    ];
  if (!request.requestUrlTemplate)
    findings.push(
      at(
        source,
        RULES.config,
        'config.request',
        'requestUrlTemplate is missing',
        'Set the URL the action calls.',
      ),
    );
  if (!REQUEST_TYPES.includes(request.requestType ?? ''))
    findings.push(
      at(
        source,
        RULES.config,
        'config.request.requestType',
        `requestType ${JSON.stringify(request.requestType)} is not one of ${REQUEST_TYPES.join(', ')}`,
        'Use an HTTP method Genesys supports.',
      ),
    );
  const timeout = config.timeoutSeconds;
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 1 && timeout <= 60))
    findings.push(
      at(
        source,
        RULES.config,
        'config.timeoutSeconds',
        `timeoutSeconds ${String(timeout)} is outside 1–60`,
        'Use a whole number of seconds from 1 to 60.',
      ),
    );
  for (const key of Object.keys(config.response?.translationMap ?? {}))
    if (!TRANSLATION_KEY.test(key) || TEMPLATE_ROOTS.success.includes(key))
      findings.push(
        at(
          source,
          RULES.config,
          `config.response.translationMap.${key}`,
          `translationMap key "${key}" cannot be referenced as \${${key}} in the success template`,
          'Use a name of letters, digits and _ starting with a letter, other than rawResult, esc, math, encoding, successTemplateUtils.',
        ),
      );
  return findings;
}

export function checkContracts(
  source: SourceAction,
  skip: { input: boolean; output: boolean },
): Finding[] {
  const findings = configChecks(source);
  const input = source.action.contract?.input?.inputSchema as Schema | undefined;
  const output = source.action.contract?.output?.successSchema as Schema | undefined;
  if (!skip.input) {
    findings.push(...schemaChecks(source, 'contract.input.inputSchema', input));
    if (input && typeof input === 'object') findings.push(...inputChecks(source, input));
  }
  if (!skip.output) {
    findings.push(...schemaChecks(source, 'contract.output.successSchema', output));
    for (const pointer of nestedArrays(output))
      findings.push(
        at(
          source,
          RULES.contract,
          'contract.output.successSchema',
          `the output has an array of arrays at ${pointer}; Genesys refuses nested arrays in output contracts`,
          'Wrap the inner array in an object property.',
        ),
      );
  }
  return findings;
}
