import { describe, expect, it } from 'vitest';
import { findUnsupportedVelocity } from '../../../../scripts/sandbox/data-action-runtime/velocity-support.ts';

const constructs = (
  template: string,
  kind: 'request' | 'success' = 'request',
  roots: string[] = [],
) => findUnsupportedVelocity(template, kind, roots).map((p) => p.construct);

describe('findUnsupportedVelocity accepts what both engines render alike', () => {
  it.each([
    '{"a": "$esc.jsonString($input.a)"#if("$!{input.b}" != ""), "b": $input.b#end}',
    '$!{input.a} ${input.a} $!input.a $input.a',
    '$esc.url($input.id) $encoding.base64($input.id) $esc.quote$esc.hash$esc.dollar',
    '#if("$!{input.a}" == "x" && !("$!{input.b}" != "") || true)A#elseif(\'y\' == "$!{input.c}")B#else C#end',
    '$input.a.trim().toLowerCase() $input.a.replace("x", "y") $input.a.substring(1, 2) $input.a.length()',
    '$math.add(1, 2) ## comment\n#* block *# #[[ $raw #if ]]#',
    '{"ok": true}',
  ])('%s', (template) => {
    expect(findUnsupportedVelocity(template, 'request')).toEqual([]);
  });

  it('success templates may use translation keys, rawResult and firstFromArray', () => {
    expect(
      findUnsupportedVelocity(
        '{"id": ${id}, "first": $successTemplateUtils.firstFromArray("${ids}", "null"), "raw": $rawResult}',
        'success',
        ['id', 'ids'],
      ),
    ).toEqual([]);
  });
});

describe('findUnsupportedVelocity refuses, naming construct, line and reason', () => {
  it.each([
    ['#if($input.a)x#end', '#if($input.a)'],
    ['#if(!$input.a)x#end', '#if($input.a)'],
    ['#if($input.a == "")x#end', 'condition with =='],
    ['#if("$!{input.a}" == 0)x#end', 'condition with =='],
    ['#if($input.n > 1)x#end', 'condition with >'],
    ['#if(null)x#end', 'null'],
    ['#set($x = $input.a)', '#set'],
    ['#foreach($x in $input.list)$x#end', '#foreach'],
    ['#macro(m)x#end', '#macro'],
    ['#parse("x.vm")', '#parse'],
    ['#include("x")', '#include'],
    ['#evaluate("$input.a")', '#evaluate'],
    ['#define($d)x#end', '#define'],
    ['#break', '#break'],
    ['#stop', '#stop / #literal'],
    ['\\$input.a', 'backslash escape'],
    ['#{if}(true)x#{end}', 'formal directive #{...}'],
    ['$input', '$input'],
    ['$input.a.b', '$input.a.b'],
    ['$input.a[0]', '$input.a[…]'],
    ['$input.a.split(",")', '$input.a.split(…)'],
    ['$input.a.matches("x+")', '$input.a.matches(…)'],
    ['$esc.html($input.a)', '$esc.html(…)'],
    ['$esc.jsonString($input.a, 1.5)', 'decimal literal'],
    ['$math.div(1, 2)', '$math.div(…)'],
    ['$credentials.token', '$credentials.token'],
    ['$foo', '$foo'],
    ['$successTemplateUtils.firstFromArray("[]")', '$successTemplateUtils.firstFromArray(…)'],
  ])('%s', (template, construct) => {
    expect(constructs(template)).toContain(construct);
  });

  it('refuses $input in success templates and translation keys in request templates', () => {
    expect(constructs('${input.a}', 'success')).toEqual(['$input.a']);
    expect(constructs('${id}', 'request')).toEqual(['$id']);
  });

  it('checks inside interpolated string literals', () => {
    expect(constructs('#if("$input.a.split(1)" != "")x#end')).toEqual(['$input.a.split(…)']);
  });

  it('reports the position of each problem', () => {
    const problems = findUnsupportedVelocity('{\n  "a": 1 #set($x = 1)\n}', 'request');
    expect(problems).toEqual([
      { line: 2, column: 10, construct: '#set', reason: expect.any(String) },
    ]);
  });

  it('reports a template that does not parse', () => {
    expect(constructs('#if(')).toEqual(['template']);
    expect(constructs('#elseif(true) q')).toEqual(['#elseif without #if']);
  });

  it.each([
    ['#if("a" == "a") x', 'unbalanced #end'],
    ['x #end y', 'unbalanced #end'],
    ['#if(true) a #if(true) b #end', 'unbalanced #end'],
    ['#if(true)x#else y#else z#end', '#else after #else'],
    ['#if(true)x#else y#elseif(true) z#end', '#elseif after #else'],
  ])(
    'refuses unbalanced or misordered blocks velocityjs would mis-render: %s',
    (template, construct) => {
      expect(constructs(template)).toContain(construct);
    },
  );

  it('counts #end only outside comments and raw blocks', () => {
    expect(constructs('#if(true)x#end ## #end\n#* #end *# #[[ #end ]]#')).toEqual([]);
  });
});
