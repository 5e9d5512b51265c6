/**
 * What `action lint` reports: one finding per problem, with the file, action, field, position, a
 * one-line reason and the fix. The rule table is also the SARIF `tool.driver.rules`.
 */
import type { Position } from './json-source.ts';

export type Severity = 'error' | 'warning' | 'note';

export interface Rule {
  id: string;
  severity: Severity;
  /** One line, shown by code-scanning tools as the rule's title. */
  summary: string;
}

export const RULES = {
  fileUnreadable: {
    id: 'file-unreadable',
    severity: 'error',
    summary: 'The file is not valid JSON or HCL, or holds no Data Action.',
  },
  contractNotStatic: {
    id: 'contract-not-static',
    severity: 'note',
    summary: 'A Terraform contract is an expression lint cannot evaluate; its checks were skipped.',
  },
  unescapedStringInput: {
    id: 'unescaped-string-input',
    severity: 'error',
    summary: 'A string input is rendered inside a JSON string without $esc.jsonString.',
  },
  unquotedStringInput: {
    id: 'unquoted-string-input',
    severity: 'error',
    summary: 'A string input is rendered into JSON outside quotes.',
  },
  unencodedUrlInput: {
    id: 'unencoded-url-input',
    severity: 'warning',
    summary: 'A string input is inserted into the request URL without $esc.url.',
  },
  wrongCaseRoot: {
    id: 'wrong-case-root',
    severity: 'error',
    summary: 'A Velocity root in the wrong case ($Input, $INPUT): Velocity prints it literally.',
  },
  terraformEscapeLeaked: {
    id: 'terraform-escape-leaked',
    severity: 'error',
    summary: 'A Terraform $${ or %%{ escape in a Genesys export: Genesys sends an extra $ or %.',
  },
  terraformExpression: {
    id: 'terraform-expression',
    severity: 'note',
    summary:
      'Terraform computes part of a template (a variable, a function); lint checks the rest.',
  },
  terraformInterpolation: {
    id: 'terraform-interpolation',
    severity: 'error',
    summary: 'A Velocity ${…} in Terraform that Terraform itself would interpolate.',
  },
  requestNotJson: {
    id: 'request-not-json',
    severity: 'error',
    summary:
      'The request body is not JSON for some combination of present and absent optional inputs.',
  },
  literalReference: {
    id: 'literal-reference',
    severity: 'error',
    summary: 'An absent optional input is sent as the literal text of its reference.',
  },
  successNotJson: {
    id: 'success-not-json',
    severity: 'error',
    summary: 'The success template is not JSON for a response that matches the translation map.',
  },
  outputContractMismatch: {
    id: 'output-contract-mismatch',
    severity: 'error',
    summary: 'The success template output does not satisfy the output contract.',
  },
  translationShape: {
    id: 'translation-shape',
    severity: 'error',
    summary: 'A translation path yields a shape the output schema cannot hold.',
  },
  translationDefault: {
    id: 'translation-default',
    severity: 'error',
    summary: 'A translationMapDefaults entry is not JSON text or has no translation path.',
  },
  contract: {
    id: 'contract',
    severity: 'error',
    summary:
      'A contract rule Genesys enforces (draft-04, flat input, names, no nested output arrays).',
  },
  config: {
    id: 'config',
    severity: 'error',
    summary: 'The request or response configuration is incomplete or out of range.',
  },
  relativeUrl: {
    id: 'relative-url',
    severity: 'note',
    summary:
      'A relative request URL: Genesys resolves it against the integration; run needs --base-url.',
  },
  runtimeUnsupported: {
    id: 'runtime-unsupported',
    severity: 'note',
    summary:
      'A construct the local runtime refuses because it cannot render it exactly as Genesys.',
  },
} as const satisfies Record<string, Rule>;

export interface Finding {
  rule: string;
  severity: Severity;
  file: string;
  /** The action's name, when the problem is inside one. */
  action?: string;
  /** Genesys field, e.g. `config.request.requestTemplate` or `contract.input.inputSchema`. */
  field?: string;
  /** In the file. */
  line: number;
  column: number;
  /** Inside the template, when the problem is in one. */
  templatePosition?: Position;
  message: string;
  fix: string;
}

export const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, note: 2 };
