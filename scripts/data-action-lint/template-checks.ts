/**
 * Checks of the request side, decided by rendering with the local runtime (velocity-render.ts),
 * never by guessing from the text alone:
 * - the body is rendered for combinations of present and absent optional inputs; each render
 *   must be JSON and must not contain a reference's own text (an omitted `${input.x}`);
 * - every string input is rendered once as a marker value: a marker that arrives raw inside a
 *   JSON string was not escaped (`$esc.jsonString` would have escaped it), one outside a string
 *   was not quoted;
 * plus what the text shows directly: roots in the wrong case and Terraform escapes.
 * Combinations: all of them up to {@link MAX_EXHAUSTIVE_OPTIONALS} optional inputs (2^10 = 1,024
 * renders); above that 2n + 2: all present, none, each one alone, each one left out.
 */
import { parse } from 'velocityjs';
import { escapeJson } from '../sandbox/data-action-runtime/java-text.ts';
import { renderRequestTemplate } from '../sandbox/data-action-runtime/velocity-render.ts';
import {
  findUnsupportedVelocity,
  TEMPLATE_ROOTS,
} from '../sandbox/data-action-runtime/velocity-support.ts';
import { RULES, type Finding, type Rule } from './findings.ts';
import type { SourceAction, TemplateField } from './read-actions.ts';
import {
  excerpt,
  findMarkers,
  jsonErrorOffset,
  locateInTemplate,
  marker,
  offsetOf,
  templatePosition,
} from './template-text.ts';

export const MAX_EXHAUSTIVE_OPTIONALS = 10;
const BODY_METHODS = ['POST', 'PUT', 'PATCH'];
/** Velocity roots Genesys provides; a case variant of one is a typo Velocity prints literally. */
const KNOWN_ROOTS = [
  ...new Set([...TEMPLATE_ROOTS.request, ...TEMPLATE_ROOTS.success, 'credentials', 'authResponse']),
];

interface InputProperty {
  name: string;
  type: string;
  required: boolean;
  enum?: unknown[];
}

export interface CombinationCoverage {
  optional: number;
  rendered: number;
  total: number;
}

/** A finding at `offset` in a template, with its file and in-template positions. */
export function templateFinding(
  source: SourceAction,
  template: TemplateField,
  rule: Rule,
  offset: number,
  message: string,
  fix: string,
): Finding {
  const at = template.position(offset);
  return {
    rule: rule.id,
    severity: rule.severity,
    file: source.file,
    action: source.name,
    field: template.field,
    line: at.line,
    column: at.column,
    templatePosition: templatePosition(template.text, offset),
    message,
    fix,
  };
}

export function inputProperties(source: SourceAction): InputProperty[] {
  const schema = source.action.contract?.input?.inputSchema as
    | { properties?: Record<string, { type?: unknown; enum?: unknown[] }>; required?: unknown }
    | undefined;
  const required = Array.isArray(schema?.required) ? (schema.required as string[]) : [];
  return Object.entries(schema?.properties ?? {}).map(([name, p]) => ({
    name,
    type: typeof p?.type === 'string' ? p.type : 'string',
    required: required.includes(name),
    ...(Array.isArray(p?.enum) ? { enum: p.enum } : {}),
  }));
}

/** A value of the input's type that cannot break JSON by itself. */
function benignValue(p: InputProperty): unknown {
  const fromEnum = p.enum?.find((v) => v !== '');
  if (fromEnum !== undefined) return fromEnum;
  switch (p.type) {
    case 'integer':
      return 1;
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    default:
      return 'sample';
  }
}

/** Subsets of optional inputs to leave out (see the module comment). */
export function absentSets(optional: string[]): string[][] {
  if (optional.length <= MAX_EXHAUSTIVE_OPTIONALS) {
    return Array.from({ length: 2 ** optional.length }, (_, mask) =>
      optional.filter((_, i) => (mask >> i) & 1),
    );
  }
  return [
    [],
    optional,
    ...optional.map((name) => [name]),
    ...optional.map((name) => optional.filter((other) => other !== name)),
  ];
}

function renderOrError(template: string, input: Record<string, unknown>): string | Error {
  try {
    return renderRequestTemplate(template, input);
  } catch (error) {
    return error as Error;
  }
}

const describeAbsent = (absent: string[], optional: string[]) =>
  absent.length === 0
    ? 'with every optional input present'
    : absent.length === optional.length
      ? 'with every optional input absent'
      : `with ${absent.join(', ')} absent`;

/** Output-position references to `$input.<name>` (not helper arguments, not conditions). */
function inputReferenceSites(template: string): Map<string, number[]> {
  const sites = new Map<string, number[]>();
  let ast: unknown[];
  try {
    ast = parse(template) as unknown[];
  } catch {
    return sites;
  }
  const walk = (list: unknown[]) => {
    for (const item of list) {
      if (Array.isArray(item)) walk(item.slice(1));
      else if (item && typeof item === 'object') {
        const node = item as {
          type?: string;
          id?: string;
          path?: Array<{ type: string; id: string }>;
          pos?: { first_line: number; first_column: number };
        };
        const first = node.path?.[0];
        if (node.type === 'references' && node.id === 'input' && first?.type === 'property') {
          const offset = offsetOf(template, node.pos?.first_line ?? 1, node.pos?.first_column ?? 0);
          sites.set(first.id, [...(sites.get(first.id) ?? []), offset]);
        }
      }
    }
  };
  walk(ast);
  return sites;
}

function bodyIsJson(source: SourceAction): boolean {
  const request = source.action.config?.request;
  if (!BODY_METHODS.includes(request?.requestType ?? '')) return false;
  const contentType = Object.entries(request?.headers ?? {}).find(
    ([name]) => name.toLowerCase() === 'content-type',
  )?.[1];
  return contentType === undefined || /json/i.test(contentType);
}

function bodyChecks(
  source: SourceAction,
  template: TemplateField,
): { findings: Finding[]; coverage: CombinationCoverage } {
  const findings: Finding[] = [];
  const properties = inputProperties(source);
  const optional = properties.filter((p) => !p.required).map((p) => p.name);
  const sets = absentSets(optional);
  const coverage = {
    optional: optional.length,
    rendered: sets.length,
    total: 2 ** optional.length,
  };
  const benign = Object.fromEntries(properties.map((p) => [p.name, benignValue(p)]));

  let notJson: { absent: string[]; rendered: string; offset: number; count: number } | undefined;
  const literal = new Map<string, string[]>();
  for (const absent of sets) {
    const input = Object.fromEntries(Object.entries(benign).filter(([k]) => !absent.includes(k)));
    const rendered = renderOrError(template.text, input);
    if (rendered instanceof Error) continue; // reported as runtime-unsupported
    for (const m of rendered.matchAll(/\$!?\{?input\.([A-Za-z][A-Za-z0-9_-]*)\}?/g))
      if (!literal.has(m[0])) literal.set(m[0], absent);
    const error = jsonErrorOffset(rendered.trim() === '' ? '{}' : rendered);
    if (error) {
      if (notJson) notJson.count++;
      else notJson = { absent, rendered, offset: error.offset, count: 1 };
    }
  }
  for (const [text, absent] of literal) {
    const at = Math.max(0, template.text.indexOf(text));
    findings.push(
      templateFinding(
        source,
        template,
        RULES.literalReference,
        at,
        `${describeAbsent(absent, optional)} the body contains the literal text ${text} (Velocity prints an undefined reference as written)`,
        `Use the silent form $!{…} inside #if("$!{input.x}" != "") … #end, or make the input required.`,
      ),
    );
  }
  if (notJson) {
    const at = locateInTemplate(template.text, notJson.rendered, notJson.offset);
    findings.push(
      templateFinding(
        source,
        template,
        RULES.requestNotJson,
        at,
        `${describeAbsent(notJson.absent, optional)} the body is not JSON (${notJson.count} of ${sets.length} rendered combinations fail): ${excerpt(notJson.rendered, notJson.offset)}`,
        'Put each optional member, with its comma, inside #if("$!{input.x}" != "") … #end so absent inputs leave no dangling comma, empty element or extra brace.',
      ),
    );
  }

  // Escaping: every string input as a marker, everything present. An enum of values that need
  // no escaping cannot break the JSON, escaped or not.
  const strings = stringInputs(properties);
  const markerInput: Record<string, unknown> = { ...benign };
  strings.forEach((p, i) => (markerInput[p.name] = marker(i)));
  const rendered = renderOrError(template.text, markerInput);
  if (!(rendered instanceof Error)) {
    const sites = inputReferenceSites(template.text);
    const reported = new Set<string>();
    for (const site of findMarkers(rendered)) {
      const property = strings[site.id];
      if (!property) continue;
      const key = `${property.name}:${site.inString}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const rule = site.inString ? RULES.unescapedStringInput : RULES.unquotedStringInput;
      for (const offset of sites.get(property.name) ?? [0])
        findings.push(
          templateFinding(
            source,
            template,
            rule,
            offset,
            site.inString
              ? `string input ${property.name} is inserted into a JSON string unescaped: a " or \\ in it makes the body invalid JSON (a Genesys 400)`
              : `string input ${property.name} is inserted into the JSON body without quotes`,
            site.inString
              ? `Write $esc.jsonString($input.${property.name}).`
              : `Write "$esc.jsonString($input.${property.name})", or declare the input as integer, number or boolean if it is one.`,
          ),
        );
    }
  }
  return { findings, coverage };
}

/** String inputs that cannot be shown harmless by their enum (see bodyChecks). */
function stringInputs(properties: InputProperty[]): InputProperty[] {
  const jsonSafe = (v: unknown) => typeof v === 'string' && escapeJson(v) === v;
  return properties.filter((p) => p.type === 'string' && !(p.enum?.every(jsonSafe) ?? false));
}

/** A string input in the URL without $esc.url: a space, &, / or # in it changes the URL. */
function urlChecks(source: SourceAction, template: TemplateField): Finding[] {
  const properties = inputProperties(source);
  const strings = stringInputs(properties);
  const input: Record<string, unknown> = Object.fromEntries(
    properties.map((p) => [p.name, benignValue(p)]),
  );
  strings.forEach((p, i) => (input[p.name] = marker(i)));
  const rendered = renderOrError(template.text, input);
  if (rendered instanceof Error) return [];
  const sites = inputReferenceSites(template.text);
  const found = new Set(findMarkers(rendered).map((site) => site.id));
  return [...found].flatMap((id) => {
    const property = strings[id];
    if (!property) return [];
    return (sites.get(property.name) ?? [0]).map((offset) =>
      templateFinding(
        source,
        template,
        RULES.unencodedUrlInput,
        offset,
        `string input ${property.name} is inserted into the URL unencoded: a space, &, /, ? or # in it changes the request`,
        `Write $esc.url($input.${property.name}).`,
      ),
    );
  });
}

function wrongCaseRoots(source: SourceAction, template: TemplateField): Finding[] {
  const findings: Finding[] = [];
  for (const m of template.text.matchAll(/\$!?\{?([A-Za-z][A-Za-z0-9_]*)/g)) {
    const root = m[1]!;
    const intended = KNOWN_ROOTS.find((r) => r.toLowerCase() === root.toLowerCase());
    if (intended === undefined || intended === root) continue;
    findings.push(
      templateFinding(
        source,
        template,
        RULES.wrongCaseRoot,
        m.index,
        `$${root} is not $${intended}: Velocity names are case-sensitive, so Genesys sends the text ${m[0]}… as written`,
        `Write $${intended}.`,
      ),
    );
  }
  return findings;
}

function terraformEscapes(source: SourceAction, template: TemplateField): Finding[] {
  const findings: Finding[] = [];
  if (source.origin === 'json') {
    for (const m of template.text.matchAll(/\$\$\{|%%\{/g))
      findings.push(
        templateFinding(
          source,
          template,
          RULES.terraformEscapeLeaked,
          m.index,
          `${m[0]} is Terraform's escape, but this is a Genesys export: Genesys renders a literal ${m[0][0]} before the value`,
          `Write ${m[0].slice(1)} (Terraform's $${'{'} belongs only in .tf files).`,
        ),
      );
    return findings;
  }
  // Terraform's own ${var.x} became TERRAFORM_VALUE in the text; a Velocity ${input.x} stayed.
  const raw = template.terraformText ?? '';
  const keys = Object.keys(source.action.config?.response?.translationMap ?? {});
  for (const m of raw.matchAll(/(?<![$%])[$%]\{/g)) {
    const root = /^\{!?\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(raw.slice(m.index + 1))?.[1] ?? '';
    const velocity =
      m[0] === '%{' ||
      KNOWN_ROOTS.some((r) => r.toLowerCase() === root.toLowerCase()) ||
      keys.includes(root);
    if (!velocity) continue;
    // map the raw offset to the unescaped template for the position
    const before = raw.slice(0, m.index);
    const offset = m.index - (before.match(/\$\$\{|%%\{/g)?.length ?? 0);
    findings.push(
      templateFinding(
        source,
        template,
        RULES.terraformInterpolation,
        offset,
        `Terraform interpolates ${m[0]}…} itself (plan fails or Genesys receives Terraform's value), Velocity never sees it`,
        `Write $${m[0]} so Terraform passes ${m[0]} through to Genesys.`,
      ),
    );
  }
  return findings;
}

function runtimeSupport(source: SourceAction, template: TemplateField): Finding[] {
  const keys = Object.keys(source.action.config?.response?.translationMap ?? {});
  return findUnsupportedVelocity(template.text, template.kind, keys).map((p) =>
    templateFinding(
      source,
      template,
      RULES.runtimeUnsupported,
      p.line > 0 ? offsetOf(template.text, p.line, p.column - 1) : 0,
      `the local runtime refuses ${p.construct}: ${p.reason}`,
      'action run cannot execute this template; Genesys may still accept it.',
    ),
  );
}

function relativeUrl(source: SourceAction, template: TemplateField): Finding[] {
  if (template.field !== 'config.request.requestUrlTemplate' || !template.text.startsWith('/'))
    return [];
  return [
    templateFinding(
      source,
      template,
      RULES.relativeUrl,
      0,
      'the URL is relative: Genesys resolves it against the integration (e.g. the Genesys Cloud API of the org)',
      'Give action run --base-url <URL> to say where it goes locally.',
    ),
  ];
}

export function checkTemplates(source: SourceAction): {
  findings: Finding[];
  coverage?: CombinationCoverage;
} {
  const findings: Finding[] = [];
  let coverage: CombinationCoverage | undefined;
  for (const template of source.templates) {
    findings.push(
      ...wrongCaseRoots(source, template),
      ...terraformEscapes(source, template),
      ...relativeUrl(source, template),
      ...runtimeSupport(source, template),
    );
    if (template.field === 'config.request.requestUrlTemplate')
      findings.push(...urlChecks(source, template));
    if (template.field === 'config.request.requestTemplate' && bodyIsJson(source)) {
      const body = bodyChecks(source, template);
      findings.push(...body.findings);
      coverage = body.coverage;
    }
  }
  return { findings, ...(coverage ? { coverage } : {}) };
}
