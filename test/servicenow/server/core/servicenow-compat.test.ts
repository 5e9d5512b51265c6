/**
 * The core runs inside ServiceNow's server-side JavaScript (Rhino-based): no Node APIs, no
 * imports outside the core, and no regular-expression features Rhino lacks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../../scripts/lib/paths.ts';

const coreDir = repoRoot + 'servicenow/src/server/core/';
const files = readdirSync(coreDir, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.ts'))
  .sort();

interface RegexUse {
  file: string;
  source: string;
  flags: string;
}

function scan(file: string): { imports: string[]; regexes: RegexUse[]; identifiers: Set<string> } {
  const text = readFileSync(coreDir + file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const imports: string[] = [];
  const regexes: RegexUse[] = [];
  const identifiers = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      if (node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
        imports.push(node.moduleSpecifier.text);
    }
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = node.getText();
      const end = literal.lastIndexOf('/');
      regexes.push({ file, source: literal.slice(1, end), flags: literal.slice(end + 1) });
    }
    if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'RegExp'
    ) {
      const [pattern, flags] = node.arguments ?? [];
      if (pattern && ts.isStringLiteral(pattern)) {
        regexes.push({
          file,
          source: pattern.text,
          flags: flags && ts.isStringLiteral(flags) ? flags.text : '',
        });
      }
    }
    if (ts.isIdentifier(node)) identifiers.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { imports, regexes, identifiers };
}

describe('servicenow/src/server/core runs inside ServiceNow', () => {
  it('has files to check', () => {
    expect(files).toEqual(expect.arrayContaining(['mask.ts', 'normalize.ts', 'mapping.ts']));
  });

  it.each(files)('%s imports only relative core modules', (file) => {
    for (const specifier of scan(file).imports) expect(specifier).toMatch(/^\.\.?\/[\w./-]+\.ts$/);
  });

  it.each(files)('%s uses no Node or browser globals', (file) => {
    const { identifiers } = scan(file);
    for (const name of [
      'process',
      'Buffer',
      'require',
      'globalThis',
      'setTimeout',
      'window',
      'TextEncoder',
      'structuredClone',
    ]) {
      expect(identifiers.has(name), `${file} uses ${name}`).toBe(false);
    }
  });

  it.each(files)('%s uses only Rhino-safe regular expressions', (file) => {
    for (const regex of scan(file).regexes) {
      const where = `${regex.file}: /${regex.source}/${regex.flags}`;
      expect(regex.flags, where).toMatch(/^[gim]*$/);
      expect(regex.source, where).not.toMatch(/\(\?<[=!]/); // lookbehind
      expect(regex.source, where).not.toMatch(/\(\?<[A-Za-z]/); // named group
      expect(regex.source, where).not.toMatch(/\\[pPk]\{?/); // unicode property / named back-reference
    }
  });
});
