/**
 * The SARIF output validates against the OASIS SARIF 2.1.0 schema (vendored from npm, see
 * test/fixtures/sarif/README.md) and carries what code scanning needs to annotate a line.
 */
import { readFileSync } from 'node:fs';
import Ajv04Module from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { lintPaths } from '../../../scripts/data-action-lint/lint.ts';
import { formatText, toJsonDocument, toSarif } from '../../../scripts/data-action-lint/report.ts';
import { repoRoot } from '../../../scripts/lib/paths.ts';

const Ajv04 = Ajv04Module.default;
const root = repoRoot.replace(/\/$/, '');
const schema = JSON.parse(
  readFileSync(`${root}/test/fixtures/sarif/sarif-2.1.0-rtm.5.json`, 'utf8'),
) as object;

describe('SARIF report', () => {
  it('validates against the SARIF 2.1.0 schema, one result per finding', async () => {
    const report = await lintPaths([`${root}/test/fixtures/data-actions`]);
    const sarif = toSarif(report, root, '1.2.3');
    const validate = new Ajv04({
      allErrors: true,
      strict: false,
      unicodeRegExp: false,
      logger: false,
    }).compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(sarif.runs[0]!.results).toHaveLength(report.findings.length);
  });

  it('locates each result by a path relative to the working directory, line and column', async () => {
    const report = await lintPaths([
      `${root}/test/fixtures/data-actions/unescaped-string-input.action.json`,
    ]);
    const [first] = toSarif(report, root, '1.2.3').runs[0]!.results;
    const location = first!.locations[0]!;
    expect(location.physicalLocation.artifactLocation.uri).toBe(
      'test/fixtures/data-actions/unescaped-string-input.action.json',
    );
    expect(location.physicalLocation.region).toEqual({ startLine: 12, startColumn: 47 });
    expect(first!.ruleId).toBe('unescaped-string-input');
    expect(first!.level).toBe('error');
    expect(first!.message.text).toMatch(/Fix: Write \$esc\.jsonString\(\$input\.subject\)/);
  });

  it('an invalid document would fail the schema (the check is real)', () => {
    const validate = new Ajv04({ strict: false, unicodeRegExp: false, logger: false }).compile(
      schema,
    );
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false); // no tool
  });
});

describe('text and JSON reports', () => {
  it('text: file:line:col, severity, rule, action and field, then reason and fix', async () => {
    const report = await lintPaths([
      `${root}/test/fixtures/data-actions/wrong-case-root.action.json`,
    ]);
    const lines = formatText(report, root);
    expect(lines[0]).toMatch(
      /^test\/fixtures\/data-actions\/wrong-case-root\.action\.json:7:\d+ {2}note {2}runtime-unsupported/,
    );
    expect(lines).toContain('    fix: Write $input.');
    expect(lines.at(-1)).toBe('2 errors, 0 warnings, 2 notes in 1 action (1 file)');
  });

  it('JSON: ok is false when there are errors; counts per severity', async () => {
    const report = await lintPaths([`${root}/test/fixtures/data-actions/relative-url.action.json`]);
    const document = toJsonDocument(report, root);
    expect(document.ok).toBe(true);
    expect(document.summary).toEqual({ error: 0, warning: 0, note: 1 });
    expect(document.findings[0]!.file).toBe('test/fixtures/data-actions/relative-url.action.json');
  });
});
