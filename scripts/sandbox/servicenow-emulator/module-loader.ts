/**
 * Runs the built app's code as the platform does: each sys_module record is one module (ES
 * module text, `.ts` path with the package version in it), and a Scripted REST operation script
 * is generated glue that `require`s a module and calls the handler with (request, response).
 *
 * Modules are transpiled to CommonJS once (no down-levelling: the JS level is what the build
 * emitted) and evaluated per request in a fresh `node:vm` context that has no Node globals
 * (no process, Buffer, require, setTimeout), so module state never leaks between requests.
 */
import { posix } from 'node:path';
import vm from 'node:vm';
import ts from 'typescript';
import type { BuiltApp } from '../../servicenow/built-app.ts';

export interface ModuleSystem {
  /** Runs an operation script with `request` and `response` in a fresh context. */
  runOperationScript(
    operationSysId: string,
    script: string,
    request: unknown,
    response: unknown,
    builtins: Builtins,
  ): void;
  /** Runs a business rule script (glue calling a module with current, previous) in a fresh context. */
  runBusinessRule(
    ruleSysId: string,
    script: string,
    current: unknown,
    previous: unknown,
    builtins: Builtins,
  ): void;
}

/** Modules the platform provides (e.g. '@servicenow/glide'), by specifier. */
export type Builtins = Record<string, unknown>;

export interface ModuleSystemOptions {
  /** Lets mutation tests alter a module's text before it runs (e.g. misspell a column). */
  transformModule?: (path: string, content: string) => string;
}

type ModuleFactory = (
  exports: object,
  require: (specifier: string) => unknown,
  module: { exports: object },
) => void;

export function createModuleSystem(app: BuiltApp, options: ModuleSystemOptions = {}): ModuleSystem {
  const modules = new Map<string, string>();
  for (const record of app.of('sys_module')) {
    const path = record.fields.path;
    if (!path) continue;
    const content = record.fields.content ?? '';
    modules.set(path, options.transformModule ? options.transformModule(path, content) : content);
  }
  const sysApp = app.of('sys_app')[0];
  const appPackagePath = sysApp?.fields.package_json ?? '';
  const appPackage = modules.has(appPackagePath)
    ? (JSON.parse(modules.get(appPackagePath) as string) as {
        dependencies?: Record<string, string>;
      })
    : {};

  const compiled = new Map<string, vm.Script>();
  const scripts = new Map<string, vm.Script>();

  function candidates(path: string): string[] {
    return [
      path,
      `${path}.ts`,
      `${path}.js`,
      `${path}.mjs`,
      `${path}.cjs`,
      `${path}.json`,
      `${path}/index.ts`,
      `${path}/index.js`,
    ];
  }

  function resolve(specifier: string, from: string): string | undefined {
    if (specifier.startsWith('./') || specifier.startsWith('../')) {
      return candidates(posix.join(posix.dirname(from), specifier)).find((c) => modules.has(c));
    }
    if (modules.has(specifier)) return specifier; // absolute module path, as in the glue
    // bare npm specifier: bundled by the build under <scope>/<name>/<version>/ (resolver 1.0.0)
    const parts = specifier.split('/');
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
    const version = appPackage.dependencies?.[name];
    if (!version) return undefined;
    const root = `${app.scope}/${name}/${version}`;
    const rest = parts.slice(specifier.startsWith('@') ? 2 : 1).join('/');
    if (rest) return candidates(`${root}/${rest}`).find((c) => modules.has(c));
    const manifest = modules.get(`${root}/package.json`);
    const entry = manifest
      ? ((JSON.parse(manifest) as { main?: string }).main ?? 'index.js')
      : 'index.js';
    return candidates(posix.join(root, entry)).find((c) => modules.has(c));
  }

  function compile(path: string): vm.Script {
    let script = compiled.get(path);
    if (script) return script;
    const source = modules.get(path) as string;
    const commonJs = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
      fileName: path,
    }).outputText;
    script = new vm.Script(`(function (exports, require, module) {\n${commonJs}\n})`, {
      filename: path,
    });
    compiled.set(path, script);
    return script;
  }

  function makeRequire(context: vm.Context, builtins: Builtins) {
    const cache = new Map<string, { exports: object }>();
    const load = (path: string): unknown => {
      const cached = cache.get(path);
      if (cached) return cached.exports;
      if (path.endsWith('.json')) {
        const module = { exports: JSON.parse(modules.get(path) as string) as object };
        cache.set(path, module);
        return module.exports;
      }
      const module = { exports: {} };
      cache.set(path, module);
      const factory = compile(path).runInContext(context) as ModuleFactory;
      factory(module.exports, (specifier) => requireFrom(specifier, path), module);
      return module.exports;
    };
    const requireFrom = (specifier: string, from: string): unknown => {
      if (Object.prototype.hasOwnProperty.call(builtins, specifier)) return builtins[specifier];
      const target = resolve(specifier, from);
      if (!target) throw new Error(`Cannot resolve module '${specifier}' from '${from}'`);
      return load(target);
    };
    return (specifier: string) => requireFrom(specifier, appPackagePath);
  }

  /**
   * Runs a platform script (REST operation, business rule) wrapped in a function of its two
   * platform arguments and `require`, so two scripts' top-level consts never collide; compiled
   * once per key, run in a fresh context with the app's modules.
   */
  function runWrapped(
    key: string,
    params: readonly [string, string],
    script: string,
    args: readonly [unknown, unknown],
    builtins: Record<string, unknown>,
  ): void {
    let wrapped = scripts.get(key);
    if (!wrapped) {
      wrapped = new vm.Script(`(function (${params[0]}, ${params[1]}, require) {\n${script}\n})`, {
        filename: key,
      });
      scripts.set(key, wrapped);
    }
    const context = vm.createContext({});
    const run = wrapped.runInContext(context) as (a: unknown, b: unknown, require: unknown) => void;
    run(args[0], args[1], makeRequire(context, builtins));
  }

  return {
    runOperationScript(operationSysId, script, request, response, builtins) {
      runWrapped(
        `sys_ws_operation_${operationSysId}`,
        ['request', 'response'],
        script,
        [request, response],
        builtins,
      );
    },
    runBusinessRule(ruleSysId, script, current, previous, builtins) {
      runWrapped(
        `sys_script_${ruleSysId}`,
        ['current', 'previous'],
        script,
        [current, previous],
        builtins,
      );
    },
  };
}
