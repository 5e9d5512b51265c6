/** The installed app's Scripted REST operations: method, URI templates, script, security flags. */
import type { BuiltApp } from '../../servicenow/built-app.ts';

export interface Route {
  sysId: string;
  name: string;
  method: string;
  /** URI templates of the operation (`operation_uri`, `default_operation_uri`), `{name}` parameters. */
  templates: string[];
  script: string;
  aclIds: string[];
  requiresAuthentication: boolean;
  requiresAclAuthorization: boolean;
  requiresSncInternal: boolean;
}

export function routesOf(app: BuiltApp): Route[] {
  return app.of('sys_ws_operation').map((op) => {
    const f = op.fields;
    const templates = [f.operation_uri, f.default_operation_uri].filter((t): t is string => !!t);
    return {
      sysId: f.sys_id ?? '',
      name: f.name ?? '',
      method: (f.http_method ?? 'GET').toUpperCase(),
      templates,
      script: f.operation_script ?? '',
      aclIds: (f.enforce_acl ?? '').split(',').filter(Boolean),
      requiresAuthentication: f.requires_authentication !== 'false',
      requiresAclAuthorization: f.requires_acl_authorization !== 'false',
      requiresSncInternal: f.requires_snc_internal_role !== 'false',
    };
  });
}
