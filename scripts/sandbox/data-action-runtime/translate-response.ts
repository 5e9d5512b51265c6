/**
 * translationMap → named JSON values for the success template. Each key's JSONPath is evaluated
 * on the parsed response; only when it matches nothing is the key's translationMapDefaults entry
 * (JSON text) used. A key with neither a match nor a default fails the execution, naming the path.
 * Paths are evaluated as Jayway does (jsonpath-jayway.ts): indefinite paths always give a list.
 */
import { evaluateJsonPath, type JsonPathResult } from './jsonpath-jayway.ts';

export interface TranslatedValue {
  path: string;
  /** Where the value came from: the response, or translationMapDefaults. */
  source: 'response' | 'default';
  /** The value as JSON text, as the success template receives it. */
  json: string;
}

export type TranslationResult =
  | { ok: true; values: Record<string, TranslatedValue> }
  | { ok: false; problems: string[]; values: Record<string, TranslatedValue> };

function parseDefault(key: string, text: string): { json: string } | { problem: string } {
  try {
    JSON.parse(text);
    return { json: text };
  } catch {
    return {
      problem: `translationMapDefaults.${key} is not JSON text (a string default needs quotes: "\\"x\\"")`,
    };
  }
}

export function translateResponse(
  body: unknown,
  translationMap: Readonly<Record<string, string>>,
  defaults: Readonly<Record<string, string>>,
): TranslationResult {
  const values: Record<string, TranslatedValue> = {};
  const problems: string[] = [];
  for (const [key, path] of Object.entries(translationMap)) {
    let found: JsonPathResult;
    try {
      found = evaluateJsonPath(path, body);
    } catch (error) {
      problems.push(`${key}: ${(error as Error).message}`);
      continue;
    }
    if (found.found) {
      values[key] = { path, source: 'response', json: found.json };
      continue;
    }
    const fallback = defaults[key];
    if (fallback === undefined) {
      problems.push(`${key}: nothing at ${path} and no translationMapDefaults entry`);
      continue;
    }
    const parsed = parseDefault(key, fallback);
    if ('problem' in parsed) problems.push(parsed.problem);
    else values[key] = { path, source: 'default', json: parsed.json };
  }
  return problems.length === 0 ? { ok: true, values } : { ok: false, problems, values };
}
