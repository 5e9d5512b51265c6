/**
 * Which Velocity templates the local runtime agrees to render. Genesys runs Java Velocity;
 * velocityjs differs from it in documented ways (JS truthiness and `==` in `#if`, `#set` with
 * nulls, Java String methods, escapes of undefined references, `#stop`, formal `#{directives}`).
 * Rather than render such a template differently from Genesys and let a test pass that
 * production would fail, the runtime refuses it and names the construct, its line and why.
 *
 * The accepted subset is what generated actions need and both engines render identically
 * (given the null-dropping and method handlers of velocity-render.ts):
 * - references `$x`, `$!x`, `${x}`, `$!{x}` to the roots the template kind provides;
 *   properties only as `$input.name` and `$esc.<constant>`;
 * - helper methods `$esc.jsonString/url`, `$encoding.base64`, `$math.add/sub/mul/max/min`,
 *   `$successTemplateUtils.firstFromArray` (success template), and the Java String methods of
 *   {@link JAVA_STRING_METHODS} on values;
 * - `#if/#elseif/#else/#end` whose conditions compare string literals (`"$!{input.x}" != ""`),
 *   combined with `&&`, `||`, `!`, parentheses and `true`/`false`;
 * - comments and `#[[raw]]#` blocks.
 */
import { parse } from 'velocityjs';

export type TemplateKind = 'request' | 'success';

export interface TemplateProblem {
  line: number;
  column: number;
  construct: string;
  reason: string;
}

/** Java String methods reimplemented with Java semantics in velocity-render.ts. */
export const JAVA_STRING_METHODS: readonly string[] = [
  'length',
  'isEmpty',
  'contains',
  'equals',
  'equalsIgnoreCase',
  'startsWith',
  'endsWith',
  'trim',
  'toLowerCase',
  'toUpperCase',
  'replace',
  'substring',
];

/** Constants of Velocity's EscapeTool, readable as properties (`$esc.quote`). */
export const ESC_CONSTANTS: Readonly<Record<string, string>> = Object.freeze({
  dollar: '$',
  d: '$',
  hash: '#',
  h: '#',
  backslash: '\\',
  b: '\\',
  quote: '"',
  q: '"',
  singleQuote: "'",
  s: "'",
  exclamation: '!',
  e: '!',
  newline: '\n',
  n: '\n',
});

const HELPER_METHODS: Readonly<Record<string, readonly string[]>> = {
  esc: ['jsonString', 'url', 'urlFormEncode'],
  encoding: ['base64'],
  math: ['add', 'sub', 'mul', 'max', 'min'],
  successTemplateUtils: ['firstFromArray'],
};

/** Roots each template kind may reference, besides translation-map keys in success templates. */
export const TEMPLATE_ROOTS: Readonly<Record<TemplateKind, readonly string[]>> = {
  request: ['input', 'esc', 'encoding', 'math'],
  success: ['rawResult', 'esc', 'encoding', 'math', 'successTemplateUtils'],
};

/**
 * Roots Genesys provides in some integrations that the local runtime cannot: named in the refusal
 * so an admin knows why their action does not run here. `credentials` and `authResponse` are
 * from Genesys's custom-auth articles; `salesforce` and `dynamics` are ASSUMED names of the
 * vendor macro roots (not verified) — any other unknown root is refused by its own name anyway.
 */
export const UNAVAILABLE_ROOTS: Readonly<Record<string, string>> = {
  credentials:
    '$credentials holds the fields of a User Defined credential (custom authentication); the local runtime sends Basic credentials only',
  authResponse:
    "$authResponse is the custom auth action's response (User Defined OAuth credential); the local runtime has no auth action",
  urlTool:
    '$urlTool (urlTool.optionalQueryParam) is a Genesys helper the local runtime does not reproduce',
  salesforce: 'Salesforce integration macros run only in the Salesforce data actions integration',
  dynamics:
    'Microsoft Dynamics integration macros run only in the Microsoft Dynamics data actions integration',
};

type Node = Record<string, unknown> & { type?: string };
type Position = { first_line: number; first_column: number } | undefined;

class Checker {
  readonly problems: TemplateProblem[] = [];

  constructor(private readonly roots: ReadonlySet<string>) {}

  refuse(pos: Position, construct: string, reason: string): void {
    this.problems.push({
      line: pos?.first_line ?? 0,
      column: (pos?.first_column ?? -1) + 1,
      construct,
      reason,
    });
  }

  nodes(list: unknown[], pos?: Position, topLevel = false): void {
    for (const item of list) {
      if (typeof item === 'string') continue;
      if (Array.isArray(item)) this.block(item);
      else if (topLevel && ['else', 'elseif'].includes((item as Node).type ?? ''))
        this.refuse(
          (item as Node).pos as Position,
          `#${(item as Node).type} without #if`,
          'Java refuses the template',
        );
      else this.node(item as Node, pos);
    }
  }

  /** A directive with a body: `[directive, ...body]`. */
  block(list: unknown[]): void {
    const [head, ...body] = list as [Node, ...unknown[]];
    if (head.type === 'if') this.condition(head.condition as Node, head.pos as Position);
    else this.node(head);
    let elseSeen = false;
    for (const item of body) {
      const type = (item as Node | undefined)?.type;
      if (type !== 'else' && type !== 'elseif') continue;
      if (elseSeen)
        this.refuse(
          (item as Node).pos as Position,
          `#${type} after #else`,
          'Java refuses the template; velocityjs renders part of it',
        );
      elseSeen ||= type === 'else';
    }
    this.nodes(body, head.pos as Position);
  }

  node(node: Node, outer?: Position): void {
    const pos = (node.pos as Position) ?? outer;
    switch (node.type) {
      case 'comment':
      case 'raw':
      case 'else':
      case 'end':
        return;
      case 'elseif':
        return this.condition(node.condition as Node, pos);
      case 'references':
        return this.reference(node, pos);
      case 'set':
        return this.refuse(
          pos,
          '#set',
          'Velocity 1.7 keeps the old value when the right side is null, velocityjs sets null',
        );
      case 'foreach':
        return this.refuse(
          pos,
          '#foreach',
          'flat contracts have no arrays; loop semantics ($velocityCount, nulls) are not verified against Java',
        );
      case 'macro':
      case 'define':
        return this.refuse(pos, `#${node.type}`, 'macros and #define are not supported');
      case 'macro_call':
        return this.refuse(
          pos,
          `#${String(node.id)}`,
          'macro calls, #parse, #include and #evaluate are not supported',
        );
      default:
        return this.refuse(pos, `#${String(node.type)}`, 'not supported by the local runtime');
    }
  }

  condition(condition: Node, pos: Position): void {
    switch (condition.type) {
      case 'bool':
        if (condition.value === 'true' || condition.value === 'false') return;
        return this.refuse(pos, 'null', 'null literals differ between the engines');
      case 'math': {
        const operator = condition.operator as string;
        const operands = condition.expression as Node[];
        if (['&&', '||', 'not', 'parenthesis'].includes(operator)) {
          for (const operand of operands) this.condition(operand, pos);
          return;
        }
        if (
          (operator === '==' || operator === '!=') &&
          operands.every((o) => o.type === 'string')
        ) {
          for (const operand of operands) this.stringLiteral(operand, pos);
          return;
        }
        return this.refuse(
          pos,
          `condition with ${operator}`,
          'velocityjs compares with JavaScript semantics ("" == 0 is true there, false in Java); compare string literals instead, e.g. #if("$!{input.x}" != "")',
        );
      }
      case 'references':
        return this.refuse(
          pos,
          `#if(${describeReference(condition)})`,
          'velocityjs treats "" and 0 as false, Java Velocity 1.7 as true; write #if("$!{input.x}" != "")',
        );
      default:
        return this.refuse(
          pos,
          `condition of type ${String(condition.type)}`,
          'only string comparisons, &&, ||, ! and true/false are supported',
        );
    }
  }

  /** A double-quoted literal is itself a template: check what it interpolates. */
  stringLiteral(literal: Node, pos: Position): void {
    if (literal.isEval !== true) return;
    try {
      this.nodes(parse(String(literal.value)) as unknown[], pos);
    } catch (error) {
      this.refuse(
        pos,
        JSON.stringify(literal.value),
        `does not parse: ${(error as Error).message}`,
      );
    }
  }

  argument(argument: Node, pos: Position): void {
    switch (argument.type) {
      case 'references':
        return this.reference(argument, pos);
      case 'string':
        return this.stringLiteral(argument, pos);
      case 'integer':
        return;
      case 'bool':
        if (argument.value !== 'null') return;
        return this.refuse(pos, 'null', 'null literals differ between the engines');
      default:
        return this.refuse(
          pos,
          `${String(argument.type)} literal`,
          'only string, integer and boolean arguments are supported (Java formats decimals differently)',
        );
    }
  }

  reference(reference: Node, pos: Position): void {
    const root = String(reference.id);
    const text = describeReference(reference);
    const path = (reference.path as Node[] | undefined) ?? [];
    if (!this.roots.has(root))
      return this.refuse(
        pos,
        text,
        UNAVAILABLE_ROOTS[root] ??
          `$${root} is not provided to this template (known: ${[...this.roots].join(', ')})`,
      );
    let rest = path;
    if (root === 'input') {
      if (path[0]?.type !== 'property')
        return this.refuse(
          pos,
          text,
          'reference an input as $input.name (the whole map renders differently)',
        );
      rest = path.slice(1);
    } else if (root in HELPER_METHODS) {
      const [first, ...after] = path;
      const constant =
        root === 'esc' && first?.type === 'property' && String(first.id) in ESC_CONSTANTS;
      const method = first?.type === 'method' && HELPER_METHODS[root]!.includes(String(first.id));
      if (!constant && !method)
        return this.refuse(
          pos,
          text,
          `$${root} supports only ${[...HELPER_METHODS[root]!, ...(root === 'esc' ? Object.keys(ESC_CONSTANTS) : [])].join(', ')}`,
        );
      if (method) for (const arg of (first!.args as Node[] | false) || []) this.argument(arg, pos);
      rest = after;
    }
    for (const element of rest) {
      if (element.type === 'method' && JAVA_STRING_METHODS.includes(String(element.id))) {
        for (const arg of (element.args as Node[] | false) || []) this.argument(arg, pos);
        continue;
      }
      return this.refuse(
        pos,
        text,
        element.type === 'method'
          ? `.${String(element.id)}() is not one of the Java String methods the runtime reproduces (${JAVA_STRING_METHODS.join(', ')})`
          : 'only $input.name and $esc constants may use properties; no nested properties or [index]',
      );
    }
  }
}

function describeReference(reference: Node): string {
  const path = ((reference.path as Node[] | undefined) ?? [])
    .map((p) =>
      p.type === 'method' ? `.${String(p.id)}(…)` : p.type === 'index' ? '[…]' : `.${String(p.id)}`,
    )
    .join('');
  return `$${String(reference.id)}${path}`;
}

/** A reference in shorthand notation (`$a.b.c("x")`), as text. */
const SHORTHAND_REFERENCE =
  '\\$!?[A-Za-z][A-Za-z0-9_-]*(?:\\.[A-Za-z][A-Za-z0-9_-]*(?:\\([^()\\n]*\\))?)*';

/** Source-level constructs velocityjs mis-parses or ignores (checked before parsing). */
const SOURCE_RULES: ReadonlyArray<{ pattern: RegExp; construct: string; reason: string }> = [
  {
    pattern: /\\[$#]/g,
    construct: 'backslash escape',
    reason:
      'Velocity 1.7 keeps the backslash of \\$x when $x is undefined, velocityjs drops it; use $esc.dollar / $esc.hash',
  },
  {
    pattern: /#\{[A-Za-z]/g,
    construct: 'formal directive #{...}',
    reason:
      'velocityjs does not parse #{if}-style directives (it silently drops the rest of the template)',
  },
  { pattern: /#@/g, construct: 'block macro #@', reason: 'block macros are not supported' },
  {
    pattern: /\.[A-Za-z_][A-Za-z0-9_-]*\([ \t\r\n]+\)/g,
    construct: 'method call with blank ( )',
    reason:
      'Java Velocity 1.7 refuses the template (parse error) when only whitespace stands between the parentheses, velocityjs calls the method; write ()',
  },
  {
    pattern: /\$!(?![{A-Za-z_])/g,
    construct: '$! without a reference',
    reason:
      'Java Velocity 1.7 drops the ! or refuses the template, velocityjs prints $!; write $esc.dollar!',
  },
  {
    pattern: /\$\$/g,
    construct: '$$',
    reason:
      'Java Velocity 1.7 prints, drops or refuses $$ depending on what follows; write $esc.dollar$esc.dollar',
  },
  {
    pattern: /\$$/g,
    construct: '$ at the end',
    reason: 'Java Velocity 1.7 refuses a template that ends in a lone $; write $esc.dollar',
  },
  {
    pattern: /\$(?=#[A-Za-z{])/g,
    construct: '$ before a directive',
    reason: 'Java Velocity 1.7 drops a $ written right before #if, #end, …; write $esc.dollar',
  },
  {
    pattern: new RegExp(`${SHORTHAND_REFERENCE}##`, 'g'),
    construct: '## right after a reference',
    reason:
      'Java Velocity 1.7 prints the ## text there (it is no comment), velocityjs drops it; put a space before ## or write ${…}',
  },
  {
    pattern: new RegExp(`${SHORTHAND_REFERENCE}(?:#(?:else|end)\\b)+[ \\t]+\\r?\\n`, 'g'),
    construct: '#else/#end right after a reference, then spaces and a newline',
    reason:
      'Java Velocity 1.7 swallows the spaces and newline after the directive, velocityjs prints them; write ${…} or drop the spaces',
  },
  {
    pattern: /(?<!\]\]|\*|#)#$/g,
    construct: '# at the end',
    reason: 'Java Velocity 1.7 refuses a template that ends in a lone #; write $esc.hash',
  },
  {
    pattern: /##[^\n]*#\*/g,
    construct: '#* inside a ## comment',
    reason: 'Java Velocity 1.7 may refuse the template (it still sees the block comment opener)',
  },
  {
    pattern:
      /#(?!(?:if|elseif|else|end|foreach|set|macro|define|parse|include|evaluate|break|stop|literal)\b)[A-Za-z][A-Za-z0-9_]*[ \t]*\(/g,
    construct: '#name(',
    reason:
      'Java Velocity 1.7 reads #name( as a macro call and refuses the template when no such macro exists, velocityjs prints it; write $esc.hash',
  },
  {
    pattern: /#\[\[\]\]#/g,
    construct: 'empty #[[]]#',
    reason: 'Java Velocity prints nothing, velocityjs prints the text #[[]]#',
  },
  {
    pattern: /#(stop|literal)\b/g,
    construct: '#stop / #literal',
    reason: 'velocityjs renders these as text; Java Velocity executes them',
  },
];

/** Blocks (#if, #foreach, ...) in a parsed template, nested ones included. */
function countBlocks(ast: unknown[]): number {
  return ast.reduce<number>(
    (sum, item) => sum + (Array.isArray(item) ? 1 + countBlocks(item.slice(1)) : 0),
    0,
  );
}

/**
 * velocityjs accepts unbalanced templates and renders them wrongly (an unclosed #if duplicates its
 * body, a stray #end drops the rest); Java refuses them. Compare the #end directives in the source
 * (outside comments and raw blocks) with the blocks velocityjs parsed.
 */
function balanceProblems(template: string, ast: unknown[]): TemplateProblem[] {
  const code = template
    .replace(/#\[\[[\s\S]*?\]\]#/g, '')
    .replace(/#\*[\s\S]*?\*#/g, '')
    .replace(/##[^\n]*/g, '');
  const ends = [...code.matchAll(/#(?:end\b|\{end\})/g)].length;
  const blocks = countBlocks(ast);
  if (ends === blocks) return [];
  return [
    {
      line: 0,
      column: 0,
      construct: 'unbalanced #end',
      reason: `${blocks} block(s) but ${ends} #end: Java refuses such a template, velocityjs duplicates or drops text`,
    },
  ];
}

function sourceProblems(template: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const rule of SOURCE_RULES) {
    for (const match of template.matchAll(rule.pattern)) {
      const before = template.slice(0, match.index);
      const line = before.split('\n').length;
      const column = match.index - before.lastIndexOf('\n');
      problems.push({ line, column, construct: rule.construct, reason: rule.reason });
    }
  }
  return problems;
}

/**
 * Every construct of `template` the runtime would render differently from Genesys; [] when it is
 * safe. `extraRoots` are the translation-map keys a success template may reference.
 */
export function findUnsupportedVelocity(
  template: string,
  kind: TemplateKind,
  extraRoots: readonly string[] = [],
): TemplateProblem[] {
  const problems = sourceProblems(template);
  let ast: unknown[];
  try {
    ast = parse(template) as unknown[];
  } catch (error) {
    return [
      ...problems,
      {
        line: 0,
        column: 0,
        construct: 'template',
        reason: `does not parse: ${(error as Error).message}`,
      },
    ];
  }
  const checker = new Checker(new Set([...TEMPLATE_ROOTS[kind], ...extraRoots]));
  checker.nodes(ast, undefined, true);
  return [...problems, ...balanceProblems(template, ast), ...checker.problems];
}
