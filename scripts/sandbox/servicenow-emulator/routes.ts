/** The installed app's Scripted REST operations, matched by method and URI template. */
import type { BuiltApp } from '../../servicenow/built-app.ts';

export interface Route {
  sysId: string;
  name: string;
  method: string;
  patterns: RegExp[];
  parameterNames: string[];
  script: string;
  aclIds: string[];
  requiresAuthentication: boolean;
  requiresAclAuthorization: boolean;
  requiresSncInternal: boolean;
}

function uriPattern(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      if (part.startsWith('{') && part.endsWith('}')) {
        names.push(part.slice(1, -1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { pattern: new RegExp(`^${source}/?$`), names };
}

export function routesOf(app: BuiltApp): Route[] {
  return app.of('sys_ws_operation').map((op) => {
    const f = op.fields;
    const templates = [f.operation_uri, f.default_operation_uri].filter((t): t is string => !!t);
    const compiled = templates.map(uriPattern);
    return {
      sysId: f.sys_id ?? '',
      name: f.name ?? '',
      method: (f.http_method ?? 'GET').toUpperCase(),
      patterns: compiled.map((c) => c.pattern),
      parameterNames: compiled[0]?.names ?? [],
      script: f.operation_script ?? '',
      aclIds: (f.enforce_acl ?? '').split(',').filter(Boolean),
      requiresAuthentication: f.requires_authentication !== 'false',
      requiresAclAuthorization: f.requires_acl_authorization !== 'false',
      requiresSncInternal: f.requires_snc_internal_role !== 'false',
    };
  });
}
