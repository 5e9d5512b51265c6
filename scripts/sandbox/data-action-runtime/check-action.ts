/**
 * Is this action something the runtime can execute exactly as Genesys would? Checked before any
 * input is looked at, so a broken or unsupported action fails the same way for every input,
 * with every problem listed.
 */
import {
  GENESYS_INPUT_NAME,
  GENESYS_RESERVED_INPUT_NAMES,
} from '../../../genesys/input-contract.ts';
import { validateAgainstContract } from './contract-validation.ts';
import type { DataAction } from './types.ts';
import {
  findUnsupportedVelocity,
  TEMPLATE_ROOTS,
  type TemplateKind,
  type TemplateProblem,
} from './velocity-support.ts';

export const REQUEST_TYPES: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Genesys's own default success template: the response body unchanged. */
export const DEFAULT_SUCCESS_TEMPLATE = '${rawResult}';
const TRANSLATION_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

function templateProblems(
  where: string,
  template: string,
  kind: TemplateKind,
  roots: readonly string[] = [],
): string[] {
  return findUnsupportedVelocity(template, kind, roots).map(
    (p: TemplateProblem) => `${where} line ${p.line}:${p.column} ${p.construct}: ${p.reason}`,
  );
}

function schemaProblems(where: string, schema: unknown): string[] {
  if (schema === null || typeof schema !== 'object') return [`${where} is missing`];
  try {
    validateAgainstContract(schema, {});
  } catch (error) {
    return [`${where} does not compile as draft-04: ${(error as Error).message}`];
  }
  return [];
}

function inputNameProblems(schema: unknown): string[] {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return Object.keys(properties ?? {}).flatMap((name) => {
    if (!GENESYS_INPUT_NAME.test(name))
      return [`input "${name}" is not a legal Genesys input name`];
    if (GENESYS_RESERVED_INPUT_NAMES.includes(name))
      return [`input "${name}" is reserved by Genesys`];
    return [];
  });
}

/** Genesys refuses output contracts with arrays of arrays. */
function nestedArrayProblems(schema: unknown, path = 'output'): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  const node = schema as { type?: unknown; items?: unknown; properties?: Record<string, unknown> };
  const problems: string[] = [];
  if (node.type === 'array') {
    const items = node.items as { type?: unknown } | undefined;
    if (items?.type === 'array') problems.push(`${path} is an array of arrays`);
    problems.push(...nestedArrayProblems(node.items, `${path}[]`));
  }
  for (const [name, child] of Object.entries(node.properties ?? {}))
    problems.push(...nestedArrayProblems(child, `${path}.${name}`));
  return problems;
}

/** Every reason the runtime cannot execute `action` faithfully; [] when it can. */
export function findActionProblems(action: DataAction): string[] {
  const problems: string[] = [];
  const request = action.config?.request;
  const response = action.config?.response;
  const timeout = action.config?.timeoutSeconds;
  if (!action.name) problems.push('name is missing');
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 1 && timeout <= 60))
    problems.push(`config.timeoutSeconds must be an integer 1–60, got ${String(timeout)}`);
  if (!request?.requestUrlTemplate) problems.push('config.request.requestUrlTemplate is missing');
  else
    problems.push(...templateProblems('requestUrlTemplate', request.requestUrlTemplate, 'request'));
  if (!REQUEST_TYPES.includes(request?.requestType ?? ''))
    problems.push(`config.request.requestType must be one of ${REQUEST_TYPES.join(', ')}`);
  for (const [name, value] of Object.entries(request?.headers ?? {}))
    problems.push(...templateProblems(`header ${name}`, value, 'request'));
  problems.push(...templateProblems('requestTemplate', request?.requestTemplate ?? '', 'request'));

  const translationKeys = Object.keys(response?.translationMap ?? {});
  for (const key of translationKeys) {
    if (!TRANSLATION_KEY.test(key) || TEMPLATE_ROOTS.success.includes(key))
      problems.push(
        `translationMap key "${key}" cannot be referenced as a success template variable`,
      );
  }
  problems.push(
    ...templateProblems(
      'successTemplate',
      response?.successTemplate ?? DEFAULT_SUCCESS_TEMPLATE,
      'success',
      translationKeys,
    ),
  );

  const inputSchema = action.contract?.input?.inputSchema;
  const outputSchema = action.contract?.output?.successSchema;
  problems.push(...schemaProblems('contract.input.inputSchema', inputSchema));
  problems.push(...schemaProblems('contract.output.successSchema', outputSchema));
  problems.push(...inputNameProblems(inputSchema), ...nestedArrayProblems(outputSchema));
  return problems;
}
