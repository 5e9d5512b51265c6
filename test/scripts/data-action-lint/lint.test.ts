/**
 * `action lint` over fixtures that reproduce, one file each, the bug patterns seen in public
 * Data Actions (issue 15), and over our own generated actions, which must lint clean.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintPaths } from '../../../scripts/data-action-lint/lint.ts';
import { absentSets } from '../../../scripts/data-action-lint/template-checks.ts';
import { repoRoot } from '../../../scripts/lib/paths.ts';

const REPO_ROOT = repoRoot.replace(/\/$/, '');

const FIXTURES = `${REPO_ROOT}/test/fixtures/data-actions`;
const fixture = (name: string) => `${FIXTURES}/${name}`;

async function rulesOf(file: string): Promise<string[]> {
  const report = await lintPaths([file]);
  return [...new Set(report.findings.map((f) => f.rule))].sort();
}

describe('action lint finds every bug pattern of the issue', () => {
  const expected: Array<[string, string[]]> = [
    ['unescaped-string-input.action.json', ['unescaped-string-input']],
    ['wrong-case-root.action.json', ['runtime-unsupported', 'wrong-case-root']],
    [
      'terraform-escape-leaked.action.json',
      ['runtime-unsupported', 'success-not-json', 'terraform-escape-leaked'],
    ],
    ['extra-brace-success.action.json', ['success-not-json']],
    ['sparse-array.action.json', ['request-not-json']],
    ['literal-when-absent.action.json', ['literal-reference', 'request-not-json']],
    ['relative-url.action.json', ['relative-url']],
    ['contract-rules.action.json', ['contract', 'literal-reference']],
    [
      'translation-problems.action.json',
      ['success-not-json', 'translation-default', 'translation-shape'],
    ],
    [
      'terraform-actions.tf',
      [
        'runtime-unsupported',
        'terraform-interpolation',
        'unescaped-string-input',
        'wrong-case-root',
      ],
    ],
    ['terraform-actions.tf.json', ['literal-reference', 'unescaped-string-input']],
    ['unencoded-url-input.action.json', ['unencoded-url-input']],
    ['terraform-variables.tf', ['terraform-expression']],
    ['whole-output-translation.action.json', ['relative-url']],
    ['clean.action.json', []],
  ];
  for (const [file, rules] of expected)
    it(file, async () => {
      expect(await rulesOf(fixture(file))).toEqual(rules);
    });

  it('points at the unescaped reference itself, in the file and in the template', async () => {
    const file = fixture('unescaped-string-input.action.json');
    const lines = readFileSync(file, 'utf8').split('\n');
    const { findings } = await lintPaths([file]);
    const found = findings.filter((f) => f.rule === 'unescaped-string-input');
    expect(found.map((f) => f.message)).toEqual([
      expect.stringContaining('string input subject'),
      expect.stringContaining('string input email'),
    ]);
    for (const [f, reference] of [
      [found[0]!, '${input.subject}'],
      [found[1]!, '$input.email'],
    ] as const) {
      expect(lines[f.line - 1]!.slice(f.column - 1)).toMatch(new RegExp(`^\\${reference}`));
      expect(f.fix).toContain('$esc.jsonString');
    }
    expect(found[0]!.templatePosition).toEqual({ line: 2, column: 15 });
  });

  it('names the absent inputs behind a body that is not JSON', async () => {
    const { findings } = await lintPaths([fixture('sparse-array.action.json')]);
    expect(findings[0]!.message).toMatch(/with every optional input absent the body is not JSON/);
    expect(findings[0]!.templatePosition).toEqual({ line: 5, column: 9 }); // the comma after #end
  });

  it('points at the stray closing brace of a success template', async () => {
    const { findings } = await lintPaths([fixture('extra-brace-success.action.json')]);
    // {"name": ${name}, "tier": ${tier}}} : the third } of the end, column 35
    expect(findings[0]!.templatePosition).toEqual({ line: 1, column: 35 });
  });

  it('names an action after its resource label when its name is a Terraform variable', async () => {
    const report = await lintPaths([fixture('terraform-variables.tf')]);
    expect(report.actions.map((a) => a.name)).toEqual(['classify_email']);
    expect(report.findings.map((f) => [f.field, f.message])).toEqual([
      ['config.request.requestUrlTemplate', expect.stringContaining('(${var.classifier_url})')],
      ['config.request.headers.X-API-Key', expect.stringContaining('(${var.classifier_api_key})')],
    ]);
  });

  it('reads Terraform contracts written with jsonencode(), heredocs and file()', async () => {
    const report = await lintPaths([fixture('terraform-actions.tf')]);
    expect(report.actions.map((a) => a.name)).toEqual(['Create Ticket', 'Get Ticket']);
    expect(report.findings.filter((f) => f.action === 'Get Ticket')).toEqual([]);
    expect(report.findings.some((f) => f.rule === 'contract-not-static')).toBe(false);
  });

  it('reports a Terraform contract it cannot evaluate instead of guessing', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(`${tmpdir()}/lint-`);
    const text = readFileSync(fixture('terraform-actions.tf'), 'utf8')
      .replace('contract_input = jsonencode({', 'contract_input = jsonencode(merge(local.base, {')
      .replace(
        '      email   = { type = "string" }\n    }\n  })',
        '      email   = { type = "string" }\n    }\n  }))',
      );
    await writeFile(`${dir}/a.tf`, text);
    const { findings } = await lintPaths([`${dir}/a.tf`]);
    const notStatic = findings.filter((f) => f.rule === 'contract-not-static');
    // merge(local.base, …) cannot be evaluated; file() of a JSON file not copied along cannot be read
    expect(notStatic.map((f) => [f.action, f.field])).toEqual([
      ['Create Ticket', 'contract.input'],
      ['Get Ticket', 'contract.input'],
    ]);
    // the skipped input contract is not reported as missing
    expect(findings.filter((f) => f.rule === 'contract')).toEqual([]);
  });

  it('finds nothing in the generated actions (JSON and Terraform)', async () => {
    const report = await lintPaths([`${REPO_ROOT}/genesys/generated`]);
    expect(report.actions.length).toBeGreaterThanOrEqual(4);
    expect(report.findings).toEqual([]);
  });

  it('skips JSON that holds no action inside a directory, reports it when named', async () => {
    const inDirectory = await lintPaths([`${REPO_ROOT}/test/fixtures/sarif`]);
    expect(inDirectory.files).toEqual([]);
    const named = await lintPaths([`${REPO_ROOT}/package.json`]);
    expect(named.findings.map((f) => f.rule)).toEqual(['file-unreadable']);
  });
});

describe('absentSets', () => {
  it('renders every combination up to 10 optional inputs', () => {
    expect(absentSets(['a', 'b', 'c'])).toHaveLength(8);
    expect(absentSets(Array.from({ length: 10 }, (_, i) => `i${i}`))).toHaveLength(1024);
  });

  it('beyond that: all, none, each alone, each left out (2n + 2)', () => {
    const names = Array.from({ length: 12 }, (_, i) => `i${i}`);
    const sets = absentSets(names);
    expect(sets).toHaveLength(26);
    expect(sets).toContainEqual([]);
    expect(sets).toContainEqual(names);
    expect(sets).toContainEqual(['i3']);
    expect(sets).toContainEqual(names.filter((n) => n !== 'i3'));
  });
});
