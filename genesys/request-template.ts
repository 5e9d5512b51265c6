/**
 * The Velocity request template of the create action. Seed 001's 400s came from a hand-written
 * template that left a value unescaped and rendered absent optionals as `null`/broken JSON; this
 * one is generated from the contract so every member follows the same safe pattern:
 * - strings go through `$esc.jsonString` inside quotes; integers, numbers and booleans are emitted
 *   bare (they are validated by the input contract, so they cannot carry JSON syntax);
 * - an optional member is wrapped in `#if("$!{input.x}" != "")`, the one condition Genesys's Java
 *   Velocity and velocityjs agree on (absent, null and "" are all left out);
 * - required members come first and each optional starts with its own comma, so any subset of
 *   optionals yields valid JSON.
 */
import type { Draft04ObjectSchema, FlatType } from './input-contract.ts';

/**
 * Stricter than the Genesys naming rule: Velocity versions disagree on `-` in identifiers
 * (`$input.a-b`), so a hyphenated name cannot be referenced safely.
 */
const VELOCITY_IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

function valueExpression(name: string, type: FlatType): string {
  return type === 'string' ? `"$esc.jsonString($input.${name})"` : `$input.${name}`;
}

export function buildRequestTemplate(contract: Draft04ObjectSchema): string {
  const names = Object.keys(contract.properties);
  for (const name of names) {
    if (!VELOCITY_IDENTIFIER.test(name))
      throw new Error(`cannot reference input "${name}" safely in Velocity (use [A-Za-z0-9_])`);
  }
  const required = names.filter((n) => contract.required.includes(n));
  const optional = names.filter((n) => !contract.required.includes(n));
  if (required.length === 0)
    throw new Error('the request template needs at least one required property to lead the JSON');
  const member = (name: string) =>
    `"${name}": ${valueExpression(name, contract.properties[name]!.type)}`;
  const lines = required.map((name, i) => `  ${member(name)}${i < required.length - 1 ? ',' : ''}`);
  const optionalTail = optional
    .map((name) => `#if("$!{input.${name}}" != ""),\n  ${member(name)}#end`)
    .join('');
  return `{\n${lines.join('\n')}${optionalTail}\n}`;
}
