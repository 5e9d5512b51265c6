/**
 * Checks of the response side, by running it: a response is built that holds a value at every
 * translation path (typed after the output contract), translated with the runtime's Jayway
 * JSONPath, put through the success template, parsed and validated against the output contract —
 * and once more with an empty response, where the defaults apply. A second render with a marker
 * per translation value shows where each value lands in the output, so a path that always yields
 * a list (`$..id`, `[*]`) aimed at a string field is reported.
 */
import { JSONPath } from 'jsonpath-plus';
import {
  describeFieldErrors,
  validateAgainstContract,
} from '../sandbox/data-action-runtime/contract-validation.ts';
import { DEFAULT_SUCCESS_TEMPLATE } from '../sandbox/data-action-runtime/check-action.ts';
import { isDefinitePath } from '../sandbox/data-action-runtime/jsonpath-jayway.ts';
import { translateResponse } from '../sandbox/data-action-runtime/translate-response.ts';
import { renderSuccessTemplate } from '../sandbox/data-action-runtime/velocity-render.ts';
import { RULES, type Finding, type Rule } from './findings.ts';
import { escapePointer } from './json-source.ts';
import type { SourceAction, TemplateField } from './read-actions.ts';
import { templateFinding } from './template-checks.ts';
import { excerpt, jsonErrorOffset, locateInTemplate } from './template-text.ts';

type Schema = {
  type?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: unknown;
};

function fieldFinding(
  source: SourceAction,
  rule: Rule,
  field: string,
  message: string,
  fix: string,
  severity = rule.severity,
): Finding {
  const at = source.positionOf(field);
  return {
    rule: rule.id,
    severity,
    file: source.file,
    action: source.name,
    field,
    line: at.line,
    column: at.column,
    message,
    fix,
  };
}

/** A finding in a response template, or on config.response when the action has none. */
function responseFinding(
  source: SourceAction,
  template: TemplateField | undefined,
  rule: Rule,
  offset: number,
  message: string,
  fix: string,
): Finding {
  if (!template) return fieldFinding(source, rule, 'config.response', message, fix);
  return templateFinding(source, template, rule, offset, message, fix);
}

function sampleFor(schema: Schema | undefined, depth = 0): unknown {
  switch (schema?.type) {
    case 'integer':
      return 1;
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, child]) => [
          name,
          depth < 20 ? sampleFor(child, depth + 1) : null,
        ]),
      );
    case 'array':
      return [sampleFor(schema.items, depth + 1)];
    default:
      return 'sample';
  }
}

/** Puts `value` at a simple path (names, indexes, `*`); false when the path is not that simple. */
function place(root: Record<string, unknown>, path: string, value: unknown): boolean {
  // A deep scan finds the name anywhere, so at the top level too.
  const tokens = JSONPath.toPathArray(path)
    .slice(1)
    .filter((t) => t !== '..');
  if (tokens.length === 0) return false;
  if (tokens.some((t) => /^[?(]/.test(t) || t.includes(':') || t.includes(','))) return false;
  let node: Record<string, unknown> | unknown[] = root;
  tokens.forEach((token, i) => {
    const last = i === tokens.length - 1;
    const nextIsIndex = !last && (/^-?\d+$/.test(tokens[i + 1]!) || tokens[i + 1] === '*');
    const child = last ? value : nextIsIndex ? [] : {};
    if (Array.isArray(node)) {
      const index = token === '*' || token.startsWith('-') ? 0 : Number(token);
      while (node.length <= index) node.push(structuredClone(child));
      node = node[index] as Record<string, unknown>;
    } else {
      if (!(token in node) || last) node[token] = child;
      node = node[token] as Record<string, unknown>;
    }
  });
  return true;
}

function schemaAt(schema: Schema | undefined, pointer: string[]): Schema | undefined {
  let node = schema;
  for (const part of pointer) {
    if (!node) return undefined;
    node = /^\d+$/.test(part) && node.type === 'array' ? node.items : node.properties?.[part];
  }
  return node;
}

/**
 * Translation values for the landing render: numbers no real template computes, so they survive
 * being quoted (`"${x}"` gives the string "739100") and stay JSON when not.
 */
const MARKER_BASE = 739_100;

function markerPaths(value: unknown, path: string[] = [], out = new Map<number, string[]>()) {
  const id =
    typeof value === 'number' || typeof value === 'string' ? Number(value) - MARKER_BASE : NaN;
  if (Number.isInteger(id) && id >= 0 && String(value) === String(MARKER_BASE + id))
    out.set(id, path);
  else if (Array.isArray(value)) value.forEach((v, i) => markerPaths(v, [...path, String(i)], out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) markerPaths(v, [...path, k], out);
  return out;
}

export function checkResponse(source: SourceAction): Finding[] {
  const findings: Finding[] = [];
  const response = source.action.config?.response ?? {};
  const map = response.translationMap ?? {};
  const defaults = response.translationMapDefaults ?? {};
  const outputSchema = source.action.contract?.output?.successSchema as Schema | undefined;
  const template = source.templates.find((t) => t.field === 'config.response.successTemplate');
  const successTemplate = response.successTemplate ?? DEFAULT_SUCCESS_TEMPLATE;

  for (const [key, text] of Object.entries(defaults)) {
    const field = `config.response.translationMapDefaults.${key}`;
    if (!(key in map))
      findings.push(
        fieldFinding(
          source,
          RULES.translationDefault,
          field,
          `default ${key} has no translationMap path, so it is never used`,
          `Add a translationMap entry ${key} or remove the default.`,
          'warning',
        ),
      );
    try {
      JSON.parse(text);
    } catch {
      findings.push(
        fieldFinding(
          source,
          RULES.translationDefault,
          field,
          `default ${key} is not JSON text, so Genesys fails when it is needed`,
          `Quote strings inside the value: "\\"${text.replace(/"/g, '')}\\"" (or a number, true/false, null).`,
        ),
      );
    }
  }

  // A response with a value at every simple path.
  const body: Record<string, unknown> = {};
  const placed = Object.entries(map).filter(([key, path]) => {
    // A template that is just ${key} outputs that value: it must look like the whole output.
    const whole = [`\${${key}}`, `$${key}`].includes(successTemplate.trim());
    const target = whole ? outputSchema : outputSchema?.properties?.[key];
    const leaf = !isDefinitePath(path) && target?.type === 'array' ? target.items : target;
    return place(body, path, sampleFor(leaf));
  });
  // With defaults only, the output is checked for JSON but not against the contract: a default
  // that fails the contract (null for a required string) is a deliberate way to fail the action.
  const cases: Array<{ label: string; body: unknown; validate: boolean }> = [];
  const mapped = Object.keys(map).length > 0;
  if (mapped && placed.length === Object.keys(map).length)
    cases.push({ label: 'for a response holding every translation path', body, validate: true });
  if (Object.keys(map).length > 0 && Object.keys(map).every((k) => k in defaults))
    cases.push({
      label: 'for a response holding none of the paths (defaults)',
      body: {},
      validate: false,
    });
  // Without a translation map the template usually passes the response through ($rawResult):
  // a response shaped like the output contract must then come out as JSON that satisfies it.
  if (!mapped)
    cases.push({
      label: 'for a response shaped like the output contract',
      body: sampleFor(outputSchema) ?? {},
      validate: true,
    });

  for (const { label, body: responseBody, validate } of cases) {
    const translated = translateResponse(responseBody, map, defaults);
    if (!translated.ok) continue; // bad defaults and unsupported paths are reported elsewhere
    const values = Object.fromEntries(
      Object.entries(translated.values).map(([k, v]) => [k, v.json]),
    );
    let rendered: string;
    try {
      rendered = renderSuccessTemplate(successTemplate, values, JSON.stringify(responseBody));
    } catch {
      continue; // reported as runtime-unsupported
    }
    const error = jsonErrorOffset(rendered);
    if (error) {
      const offset = template ? locateInTemplate(template.text, rendered, error.offset) : 0;
      findings.push(
        responseFinding(
          source,
          template,
          RULES.successNotJson,
          offset,
          `${label} the success template is not JSON: ${excerpt(rendered, error.offset)}`,
          'Translation values arrive as JSON text (strings with their quotes): write "name": ${name}, not "name": "${name}", and balance the braces.',
        ),
      );
      continue;
    }
    const output: unknown = JSON.parse(rendered);
    if (validate && outputSchema && typeof outputSchema === 'object') {
      let errors;
      try {
        errors = validateAgainstContract(outputSchema, output);
      } catch {
        continue; // the schema itself is reported by the contract checks
      }
      if (errors.length > 0)
        findings.push(
          responseFinding(
            source,
            template,
            RULES.outputContractMismatch,
            0,
            `${label} the output breaks the output contract: ${describeFieldErrors(errors)}`,
            'Make the success template produce what contract.output.successSchema declares, or change the contract.',
          ),
        );
    }
  }

  // Where each translation value lands, and whether the schema there can hold it.
  const keys = Object.keys(map);
  if (keys.length > 0 && outputSchema) {
    let rendered: string | undefined;
    try {
      rendered = renderSuccessTemplate(
        successTemplate,
        Object.fromEntries(keys.map((k, i) => [k, String(MARKER_BASE + i)])),
        '{}',
      );
    } catch {
      rendered = undefined;
    }
    let output: unknown;
    try {
      output = rendered === undefined ? undefined : JSON.parse(rendered);
    } catch {
      output = undefined;
    }
    for (const [id, pointer] of markerPaths(output)) {
      const key = keys[id]!;
      const path = map[key]!;
      const target = schemaAt(outputSchema, pointer);
      const where = `/${pointer.map(escapePointer).join('/')}`;
      const lengthFn = /\.length\(\)$/.test(path);
      const list =
        !lengthFn && !/\.(min|max|avg|sum|stddev)\(\)$/.test(path) && !isDefinitePath(path);
      if (list && target?.type !== undefined && target.type !== 'array')
        findings.push(
          fieldFinding(
            source,
            RULES.translationShape,
            `config.response.translationMap.${key}`,
            `${key} = ${path} always yields a list in Genesys (Jayway: deep scans, wildcards and filters return lists), but output ${where} is ${String(target.type)}`,
            `Point at one element with a definite path (an index such as [0] instead of [*] or a filter, the full path instead of ..), or declare ${where} as an array.`,
          ),
        );
      if (
        lengthFn &&
        target?.type !== undefined &&
        !['integer', 'number'].includes(String(target.type))
      )
        findings.push(
          fieldFinding(
            source,
            RULES.translationShape,
            `config.response.translationMap.${key}`,
            `${key} = ${path} is an integer, but output ${where} is ${String(target.type)}`,
            `Declare ${where} as integer.`,
          ),
        );
      if (target === undefined) {
        const parent = schemaAt(outputSchema, pointer.slice(0, -1));
        if (parent?.additionalProperties === false)
          findings.push(
            fieldFinding(
              source,
              RULES.translationShape,
              `config.response.translationMap.${key}`,
              `${key} lands at output ${where}, which the output contract does not declare and does not allow (additionalProperties: false)`,
              `Declare ${where} in contract.output.successSchema.`,
            ),
          );
      }
    }
  }
  return findings;
}
