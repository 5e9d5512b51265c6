/**
 * Platform security the emulator applies before a script runs: logins, roles (with
 * containment) and the REST endpoint ACLs of the installed app, read from its own records.
 */
import type { BuiltApp } from '../../servicenow/built-app.ts';
import type { EmulatorUser } from './users.ts';

/** Every login (REST Basic, UI form, upload): right password, active, not locked out. */
export function authenticate(
  users: readonly EmulatorUser[],
  userName: string | null | undefined,
  password: string | null | undefined,
): EmulatorUser | undefined {
  return users.find(
    (u) => u.userName === userName && u.password === password && u.active !== false && !u.lockedOut,
  );
}

/** The platform's "Scripted REST External Default" ACL: routes without their own get it. */
export const DEFAULT_ACL = 'cf9d01d3e73003009d6247e603f6a990';

export function roleClosure(app: BuiltApp, roles: readonly string[]): Set<string> {
  const nameById = new Map(
    app.of('sys_user_role').map((r) => [r.fields.sys_id ?? '', r.fields.name ?? '']),
  );
  const contains = new Map<string, string[]>();
  for (const link of app.of('sys_user_role_contains')) {
    const role = nameById.get(link.fields.role ?? '') ?? link.attributes.role?.name ?? '';
    const inner = nameById.get(link.fields.contains ?? '') ?? link.attributes.contains?.name ?? '';
    contains.set(role, [...(contains.get(role) ?? []), inner]);
  }
  const all = new Set<string>();
  const visit = (role: string) => {
    if (all.has(role)) return;
    all.add(role);
    for (const inner of contains.get(role) ?? []) visit(inner);
  };
  roles.forEach(visit);
  return all;
}

export function aclAllows(app: BuiltApp, aclIds: string[], roles: Set<string>): boolean {
  for (const aclId of aclIds) {
    if (aclId === DEFAULT_ACL) {
      if (!roles.has('snc_internal') && !roles.has('admin')) return false;
      continue;
    }
    const acl = app.byId('sys_security_acl', aclId);
    if (!acl || acl.fields.active !== 'true') return false;
    if (acl.fields.admin_overrides === 'true' && roles.has('admin')) continue;
    const required = app
      .of('sys_security_acl_role')
      .filter((link) => link.fields.sys_security_acl === aclId)
      .map((link) => link.attributes.sys_user_role?.name ?? '');
    const allowed = required.length === 0 || required.some((role) => roles.has(role));
    if ((acl.fields.decision_type ?? 'allow') === 'deny' ? allowed : !allowed) return false;
  }
  return true;
}
