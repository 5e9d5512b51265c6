/**
 * The three ways `action lint` prints a report: text for people, one JSON document for scripts,
 * SARIF 2.1.0 for code-scanning tools (GitHub, Azure DevOps, GitLab) to show findings on the
 * lines of a pull request. Paths are relative to the working directory, with `/`.
 */
import { relative, sep } from 'node:path';
import { RULES, SEVERITY_ORDER, type Finding, type Severity } from './findings.ts';
import type { LintReport } from './lint.ts';
import { MAX_EXHAUSTIVE_OPTIONALS } from './template-checks.ts';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

const displayPath = (file: string, cwd: string) => {
  const rel = relative(cwd, file);
  return (rel.startsWith('..') ? file : rel).split(sep).join('/');
};

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatText(report: LintReport, cwd: string): string[] {
  const lines: string[] = [];
  for (const f of report.findings) {
    const where = [f.action, f.field].filter(Boolean).join(' › ');
    const inTemplate = f.templatePosition
      ? ` (template ${f.templatePosition.line}:${f.templatePosition.column})`
      : '';
    lines.push(
      `${displayPath(f.file, cwd)}:${f.line}:${f.column}  ${f.severity}  ${f.rule}${where ? `  ${where}` : ''}${inTemplate}`,
      `    ${f.message}`,
      `    fix: ${f.fix}`,
    );
  }
  const counts = countBySeverity(report.findings);
  if (lines.length > 0) lines.push('');
  lines.push(
    `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')} in ${plural(report.actions.length, 'action')} (${plural(report.files.length, 'file')})`,
  );
  const sampled = report.actions.filter(
    (a) => a.combinations && a.combinations.rendered < a.combinations.total,
  );
  for (const a of sampled)
    lines.push(
      `${displayPath(a.file, cwd)} › ${a.name}: request body rendered for ${a.combinations!.rendered} of ${a.combinations!.total} present/absent combinations of its ${a.combinations!.optional} optional inputs (all, none, each alone, each left out; every combination up to ${MAX_EXHAUSTIVE_OPTIONALS} optional inputs)`,
    );
  return lines;
}

export function toJsonDocument(report: LintReport, cwd: string) {
  return {
    ok: countBySeverity(report.findings).error === 0,
    summary: countBySeverity(report.findings),
    files: report.files.map((f) => displayPath(f, cwd)),
    actions: report.actions.map((a) => ({ ...a, file: displayPath(a.file, cwd) })),
    findings: report.findings.map((f) => ({ ...f, file: displayPath(f.file, cwd) })),
  };
}

const RULE_LIST = Object.values(RULES).sort((a, b) => a.id.localeCompare(b.id));

export function toSarif(report: LintReport, cwd: string, version: string) {
  const ruleIndex = new Map<string, number>(RULE_LIST.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'incident-bridge action lint',
            version,
            rules: RULE_LIST.map((r) => ({
              id: r.id,
              shortDescription: { text: r.summary },
              defaultConfiguration: { level: r.severity },
            })),
          },
        },
        originalUriBaseIds: {
          SRCROOT: { uri: `file://${cwd.split(sep).join('/').replace(/\/?$/, '/')}` },
        },
        results: [...report.findings]
          .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
          .map((f) => ({
            ruleId: f.rule,
            ruleIndex: ruleIndex.get(f.rule) ?? 0,
            level: f.severity,
            message: { text: `${f.message}. Fix: ${f.fix}` },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: displayPath(f.file, cwd), uriBaseId: 'SRCROOT' },
                  region: { startLine: f.line, startColumn: f.column },
                },
                ...(f.action
                  ? {
                      logicalLocations: [
                        {
                          name: f.field ?? f.action,
                          fullyQualifiedName: [f.action, f.field].filter(Boolean).join('/'),
                          kind: 'member',
                        },
                      ],
                    }
                  : {}),
              },
            ],
          })),
      },
    ],
  };
}
