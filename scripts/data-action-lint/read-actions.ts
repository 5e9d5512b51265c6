/**
 * Reads Data Actions from the files admins have: Genesys exports and API bodies (JSON: one action,
 * an array, or a `{entities: […]}` page), Terraform `genesyscloud_integration_action` resources
 * in `.tf` (parsed by HashiCorp's HCL parser, @cdktf/hcl2json) and `.tf.json`. Each action comes
 * in Genesys's own shape (PostActionInput) plus where each field sits in the file. Terraform
 * strings are templates: `$${` and `%%{` are unescaped to what Genesys receives, and a bare `${`
 * is Terraform's own interpolation (reported by the template checks).
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import type { DataAction } from '../sandbox/data-action-runtime/index.ts';
import { RULES, type Finding } from './findings.ts';
import {
  escapePointer,
  LineIndex,
  parseJsonSource,
  type JsonSource,
  type Position,
} from './json-source.ts';

/** Largest file read (a Terraform module with many actions stays far below). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface TemplateField {
  /** Genesys field: `config.request.requestTemplate`, `config.request.headers.Accept`, … */
  field: string;
  kind: 'request' | 'success';
  /** The template as Genesys receives it. */
  text: string;
  /** Terraform only: the attribute's text before unescaping (`$${…}`). */
  terraformText?: string;
  /** File position of the template's `index`-th character. */
  position(index: number): Position;
}

export interface SourceAction {
  file: string;
  origin: 'json' | 'terraform';
  /** Export name, or the Terraform `name` (falls back to the resource label). */
  name: string;
  action: DataAction;
  templates: TemplateField[];
  /** File position of a non-template field (`contract.input.inputSchema`, …). */
  positionOf(field: string): Position;
}

export interface ReadResult {
  actions: SourceAction[];
  findings: Finding[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function unreadable(file: string, message: string, at: Position = { line: 1, column: 1 }): Finding {
  return {
    rule: RULES.fileUnreadable.id,
    severity: RULES.fileUnreadable.severity,
    file,
    line: at.line,
    column: at.column,
    message,
    fix: 'Export the action from Genesys (Actions › ⋮ › Export) or point lint at the Terraform files that declare it.',
  };
}

// ---------------------------------------------------------------- JSON exports

function looksLikeAction(v: unknown): v is Json {
  return isObject(v) && isObject(v.config) && isObject(v.contract);
}

function actionsInJson(root: unknown): Array<{ value: Json; pointer: string }> {
  if (looksLikeAction(root)) return [{ value: root, pointer: '' }];
  const list = Array.isArray(root) ? root : isObject(root) ? root.entities : undefined;
  const base = Array.isArray(root) ? '' : '/entities';
  if (!Array.isArray(list)) return [];
  return list.flatMap((v, i) =>
    looksLikeAction(v) ? [{ value: v, pointer: `${base}/${i}` }] : [],
  );
}

function templatesOfExport(action: Json, pointer: string, source: JsonSource): TemplateField[] {
  const config = (action.config ?? {}) as Json;
  const request = (config.request ?? {}) as Json;
  const response = (config.response ?? {}) as Json;
  const fields: Array<[string, 'request' | 'success', unknown, string]> = [
    [
      'config.request.requestUrlTemplate',
      'request',
      request.requestUrlTemplate,
      '/config/request/requestUrlTemplate',
    ],
    [
      'config.request.requestTemplate',
      'request',
      request.requestTemplate,
      '/config/request/requestTemplate',
    ],
    [
      'config.response.successTemplate',
      'success',
      response.successTemplate,
      '/config/response/successTemplate',
    ],
  ];
  for (const [name, value] of Object.entries(isObject(request.headers) ? request.headers : {}))
    fields.push([
      `config.request.headers.${name}`,
      'request',
      value,
      `/config/request/headers/${escapePointer(name)}`,
    ]);
  return fields.flatMap(([field, kind, text, path]) =>
    typeof text === 'string'
      ? [
          {
            field,
            kind,
            text,
            position: (index: number) =>
              source.positionInString(pointer + path, index) ?? { line: 1, column: 1 },
          },
        ]
      : [],
  );
}

const EXPORT_POINTERS: Readonly<Record<string, string>> = {
  'contract.input.inputSchema': '/contract/input/inputSchema',
  'contract.output.successSchema': '/contract/output/successSchema',
  'config.response.translationMap': '/config/response/translationMap',
  'config.response.translationMapDefaults': '/config/response/translationMapDefaults',
  'config.timeoutSeconds': '/config/timeoutSeconds',
  'config.request.requestType': '/config/request/requestType',
  'config.request': '/config/request',
};

/** The file as JSON with positions, or the one finding that says why it is not JSON. */
function readJsonFile(file: string, text: string): JsonSource | ReadResult {
  try {
    return parseJsonSource(text);
  } catch (error) {
    const at = (error as { position?: Position }).position;
    return {
      actions: [],
      findings: [unreadable(file, `not valid JSON: ${(error as Error).message}`, at)],
    };
  }
}

function readExport(file: string, text: string): ReadResult {
  const source = readJsonFile(file, text);
  if ('findings' in source) return source;
  const found = actionsInJson(source.value);
  if (found.length === 0)
    return {
      actions: [],
      findings: [unreadable(file, 'holds no Data Action (an object with config and contract)')],
    };
  const actions = found.map(({ value, pointer }, i): SourceAction => {
    const start = source.positionOf(pointer) ?? { line: 1, column: 1 };
    return {
      file,
      origin: 'json',
      name: typeof value.name === 'string' ? value.name : `action #${i + 1}`,
      action: value as unknown as DataAction,
      templates: templatesOfExport(value, pointer, source),
      positionOf: (field) => {
        const [head, ...rest] = field.split('.');
        const known = EXPORT_POINTERS[field];
        const path = known ?? EXPORT_POINTERS[[head, ...rest.slice(0, 2)].join('.')] ?? '';
        const key = known ? undefined : rest.slice(2).join('.');
        const exact = key
          ? source.positionOf(`${pointer}${path}/${escapePointer(key)}`)
          : undefined;
        return exact ?? source.positionOf(pointer + path) ?? start;
      },
    };
  });
  return { actions, findings: [] };
}

// ---------------------------------------------------------------- Terraform

/** `$${` → `${`, `%%{` → `%{`; `map[i]` is the raw index of the unescaped text's i-th char. */
export function unescapeTerraform(raw: string): { text: string; map: number[] } {
  let text = '';
  const map: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw.startsWith('$${', i) || raw.startsWith('%%{', i)) {
      map.push(i);
      text += raw[i];
      i++; // skip the doubled sign
      continue;
    }
    map.push(i);
    text += raw[i];
  }
  return { text, map };
}

/** Stands for a value Terraform computes (`${var.url}`), which lint cannot know. */
export const TERRAFORM_VALUE = 'TERRAFORM_VALUE';
/** Roots of Velocity references: a `${…}` starting with one is Velocity's, misplaced in Terraform. */
const VELOCITY_ROOTS = [
  'input',
  'esc',
  'math',
  'encoding',
  'rawresult',
  'successtemplateutils',
  'credentials',
  'authresponse',
];

/** End of the `${…}` starting at `start` (index of its `}`), braces and quotes balanced. */
function interpolationEnd(raw: string, start: number): number {
  let depth = 0;
  let quote = false;
  for (let i = start + 1; i < raw.length; i++) {
    const ch = raw[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === '"') quote = false;
    } else if (ch === '"') quote = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  return raw.length - 1;
}

/**
 * A Terraform template attribute as Genesys receives it: escapes undone, and each of Terraform's
 * own interpolations (`${var.url}`, not `${input.x}`) replaced by {@link TERRAFORM_VALUE}.
 */
export function genesysTextOf(
  raw: string,
  translationKeys: readonly string[],
): { text: string; map: number[]; expressions: string[] } {
  let text = '';
  const map: number[] = [];
  const expressions: string[] = [];
  const emit = (chars: string, at: number) => {
    text += chars;
    for (let k = 0; k < chars.length; k++) map.push(at);
  };
  for (let i = 0; i < raw.length; i++) {
    if (raw.startsWith('$${', i) || raw.startsWith('%%{', i)) {
      emit(raw[i]!, i);
      i++;
      continue;
    }
    if (raw.startsWith('${', i)) {
      const end = interpolationEnd(raw, i);
      const expression = raw.slice(i + 2, end).trim();
      const root = /^!?\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(expression)?.[1] ?? '';
      const velocity =
        VELOCITY_ROOTS.includes(root.toLowerCase()) || translationKeys.includes(root);
      if (!velocity) {
        expressions.push(expression);
        emit(TERRAFORM_VALUE, i);
        i = end;
        continue;
      }
    }
    emit(raw[i]!, i);
  }
  return { text, map, expressions };
}

/** The whole value is one Terraform expression, e.g. `${jsonencode({…})}`. */
function wholeExpression(raw: string): string | undefined {
  const m = /^\$\{([\s\S]*)\}$/.exec(raw.trim());
  if (!m || unescapeTerraform(raw).text !== raw) return undefined;
  return m[1]!.replaceAll('${path.module}', '').includes('${') ? undefined : m[1]!.trim();
}

/** Contracts written as `jsonencode({…})` or `file("…")` are evaluated when they are literals. */
async function evaluateContract(raw: string, tfFile: string): Promise<unknown> {
  const expression = wholeExpression(raw);
  if (expression === undefined) return JSON.parse(unescapeTerraform(raw).text);
  const encoded = /^jsonencode\(([\s\S]*)\)$/.exec(expression);
  if (encoded) {
    const parsed = await parseHcl('contract.tf', `locals {\n  value = ${encoded[1]}\n}\n`);
    const value = (parsed.locals as Array<{ value: unknown }> | undefined)?.[0]?.value;
    if (value === undefined || JSON.stringify(value).includes('${'))
      throw new Error('jsonencode() of a value that is not a literal');
    return value;
  }
  const file = /^file\("(?:\$\{path\.module\}\/)?([^"$]+)"\)$/.exec(expression);
  if (file) return JSON.parse(await readFile(resolve(dirname(tfFile), file[1]!), 'utf8'));
  throw new Error(`the expression ${expression.slice(0, 60)} is not a literal`);
}

interface TerraformLocator {
  /** File position of attribute `name` of the resource (nested one level for blocks). */
  attribute(path: string[]): Position;
  /** File position of a template attribute's `index`-th raw character. */
  inString(path: string[], rawIndex: number, raw?: string): Position;
}

function jsonLocator(
  source: JsonSource,
  base: string,
  blockPrefixes: Map<string, string>,
): TerraformLocator {
  const pointer = (path: string[]) => {
    const [first, ...rest] = path;
    const prefix = blockPrefixes.get(first!) ?? `/${escapePointer(first!)}`;
    return base + prefix + rest.map((p) => `/${escapePointer(p)}`).join('');
  };
  return {
    attribute: (path) =>
      source.positionOf(pointer(path)) ?? source.positionOf(base) ?? { line: 1, column: 1 },
    inString: (path, index) =>
      source.positionInString(pointer(path), index) ??
      source.positionOf(base) ?? { line: 1, column: 1 },
  };
}

/** HCL positions: hcl2json has none, so find the resource and its attributes in the text. */
function hclLocator(text: string, label: string): TerraformLocator {
  const lines = new LineIndex(text);
  const header = new RegExp(
    `resource\\s+"genesyscloud_integration_action"\\s+"${label.replace(/[^A-Za-z0-9_-]/g, '')}"`,
  );
  const start = Math.max(0, text.search(header));
  const attributeOffset = (name: string) => {
    const m = new RegExp(`(^|[\\s{])${name.replace(/[^A-Za-z0-9_-]/g, '')}\\s*=\\s*`, 'm').exec(
      text.slice(start),
    );
    return m ? start + m.index + m[0].length : start;
  };
  return {
    attribute: (path) => lines.position(attributeOffset(path[path.length - 1]!)),
    // Approximate inside the string: a heredoc's lines are the file's lines (its indentation is
    // not added back); a quoted string counts characters after its opening quote.
    inString: (path, index, raw = '') => {
      const offset = attributeOffset(path[path.length - 1]!);
      const at = lines.position(offset);
      if (!text.startsWith('<<', offset)) return { line: at.line, column: at.column + 1 + index };
      const before = raw.slice(0, index);
      const newlines = before.split('\n').length - 1;
      return { line: at.line + 1 + newlines, column: index - before.lastIndexOf('\n') };
    },
  };
}

const asBlock = (v: unknown): Json =>
  Array.isArray(v) ? (isObject(v[0]) ? v[0] : {}) : isObject(v) ? v : {};

async function terraformAction(
  file: string,
  label: string,
  resource: Json,
  locator: TerraformLocator,
  findings: Finding[],
): Promise<SourceAction> {
  const request = asBlock(resource.config_request);
  const response = asBlock(resource.config_response);
  const name =
    typeof resource.name === 'string' && wholeExpression(resource.name) === undefined
      ? unescapeTerraform(resource.name).text
      : label;
  const contract: Record<'input' | 'output', unknown> = { input: undefined, output: undefined };
  for (const [key, attribute] of [
    ['input', 'contract_input'],
    ['output', 'contract_output'],
  ] as const) {
    const raw = resource[attribute];
    if (typeof raw !== 'string') continue;
    try {
      contract[key] = await evaluateContract(raw, file);
    } catch (error) {
      const at = locator.attribute([attribute]);
      findings.push({
        rule: RULES.contractNotStatic.id,
        severity: RULES.contractNotStatic.severity,
        file,
        action: name,
        field: `contract.${key}`,
        line: at.line,
        column: at.column,
        message: `${attribute} cannot be read statically (${(error as Error).message}); its contract checks were skipped`,
        fix: 'Write the contract as jsonencode({…}) of a literal, a heredoc, or file("…json").',
      });
    }
  }
  const stringMap = (v: unknown) =>
    Object.fromEntries(
      Object.entries(isObject(v) ? v : {}).map(([k, x]) => [k, unescapeTerraform(String(x)).text]),
    );
  const templates: TemplateField[] = [];
  const translationKeys = Object.keys(
    isObject(response.translation_map) ? response.translation_map : {},
  );
  const template = (field: string, kind: 'request' | 'success', path: string[], raw: unknown) => {
    if (typeof raw !== 'string') return undefined;
    const { text, map, expressions } = genesysTextOf(raw, translationKeys);
    if (expressions.length > 0) {
      const at = locator.inString(path, raw.indexOf('${'), raw);
      findings.push({
        rule: RULES.terraformExpression.id,
        severity: RULES.terraformExpression.severity,
        file,
        action: name,
        field,
        line: at.line,
        column: at.column,
        message: `Terraform computes part of this template (${expressions.map((e) => `\${${e}}`).join(', ')}); lint checks the rest with ${TERRAFORM_VALUE} in its place`,
        fix: 'Nothing to fix; check the computed value yourself.',
      });
    }
    templates.push({
      field,
      kind,
      text,
      terraformText: raw,
      position: (index) => locator.inString(path, map[index] ?? raw.length, raw),
    });
    return text;
  };
  const requestTemplate = template(
    'config.request.requestTemplate',
    'request',
    ['config_request', 'request_template'],
    request.request_template,
  );
  const urlTemplate = template(
    'config.request.requestUrlTemplate',
    'request',
    ['config_request', 'request_url_template'],
    request.request_url_template,
  );
  const successTemplate = template(
    'config.response.successTemplate',
    'success',
    ['config_response', 'success_template'],
    response.success_template,
  );
  const headers: Record<string, string> = {};
  for (const [header, raw] of Object.entries(isObject(request.headers) ? request.headers : {}))
    headers[header] =
      template(
        `config.request.headers.${header}`,
        'request',
        ['config_request', 'headers', header],
        raw,
      ) ?? '';
  const action = {
    name,
    category: typeof resource.category === 'string' ? resource.category : undefined,
    integrationId: '',
    secure: resource.secure === true || resource.secure === 'true',
    config: {
      request: {
        requestUrlTemplate: urlTemplate,
        requestType: typeof request.request_type === 'string' ? request.request_type : undefined,
        headers,
        requestTemplate: requestTemplate,
      },
      response: {
        translationMap: stringMap(response.translation_map),
        translationMapDefaults: stringMap(response.translation_map_defaults),
        ...(successTemplate === undefined ? {} : { successTemplate }),
      },
      ...(resource.config_timeout_seconds === undefined
        ? {}
        : { timeoutSeconds: Number(resource.config_timeout_seconds) }),
    },
    contract: {
      input: { inputSchema: contract.input },
      output: { successSchema: contract.output },
    },
  } as unknown as DataAction;
  const fieldPaths: Readonly<Record<string, string[]>> = {
    'contract.input.inputSchema': ['contract_input'],
    'contract.output.successSchema': ['contract_output'],
    'config.response.translationMap': ['config_response', 'translation_map'],
    'config.response.translationMapDefaults': ['config_response', 'translation_map_defaults'],
    'config.timeoutSeconds': ['config_timeout_seconds'],
    'config.request.requestType': ['config_request', 'request_type'],
    'config.request': ['config_request'],
  };
  return {
    file,
    origin: 'terraform',
    name,
    action,
    templates,
    positionOf: (field) => {
      const known = fieldPaths[field];
      if (known) return locator.attribute(known);
      const prefix = Object.keys(fieldPaths).find((p) => field.startsWith(`${p}.`));
      return locator.attribute(
        prefix ? [...fieldPaths[prefix]!, field.slice(prefix.length + 1)] : ['name'],
      );
    },
  };
}

function resourcesOf(document: unknown): Array<[string, Json]> {
  const resource = isObject(document) ? document.resource : undefined;
  const blocks = Array.isArray(resource) ? resource : [resource];
  return blocks.flatMap((block) => {
    const actions = isObject(block) ? block.genesyscloud_integration_action : undefined;
    return Object.entries(isObject(actions) ? actions : {}).flatMap(([label, body]) =>
      (Array.isArray(body) ? body : [body]).filter(isObject).map((b): [string, Json] => [label, b]),
    );
  });
}

async function readTerraformJson(file: string, text: string): Promise<ReadResult> {
  const source = readJsonFile(file, text);
  if ('findings' in source) return source;
  const findings: Finding[] = [];
  const actions: SourceAction[] = [];
  for (const [label, body] of resourcesOf(source.value)) {
    const base = `/resource/genesyscloud_integration_action/${escapePointer(label)}`;
    const prefixes = new Map(
      ['config_request', 'config_response'].map((b) => [
        b,
        Array.isArray(body[b]) ? `/${b}/0` : `/${b}`,
      ]),
    );
    actions.push(
      await terraformAction(file, label, body, jsonLocator(source, base, prefixes), findings),
    );
  }
  return { actions, findings };
}

async function readTerraformHcl(file: string, text: string): Promise<ReadResult> {
  let document: unknown;
  try {
    document = await parseHcl(file, text);
  } catch (error) {
    return {
      actions: [],
      findings: [unreadable(file, `not valid HCL: ${(error as Error).message.split('\n')[0]}`)],
    };
  }
  const findings: Finding[] = [];
  const actions: SourceAction[] = [];
  for (const [label, body] of resourcesOf(document))
    actions.push(await terraformAction(file, label, body, hclLocator(text, label), findings));
  return { actions, findings };
}

/** Reads one file by its extension: `.tf`, `.tf.json`, otherwise a JSON export. */
export async function readActionFile(file: string): Promise<ReadResult> {
  const buffer = await readFile(file);
  if (buffer.length > MAX_FILE_BYTES)
    return { actions: [], findings: [unreadable(file, `larger than ${MAX_FILE_BYTES} bytes`)] };
  const text = buffer.toString('utf8').replace(/^\uFEFF/, '');
  if (file.endsWith('.tf.json')) return readTerraformJson(file, text);
  if (file.endsWith('.tf')) return readTerraformHcl(file, text);
  return readExport(file, text);
}
