/**
 * What a hardened production instance needs of the app, checked over the Table API by
 * deploy:servicenow (after install) and doctor, each with the exact fix when it fails:
 * - the app's cross-scope privileges (sys_scope_privilege) present and allowed: under
 *   "Enforcing" runtime access, or with GlideRecord scope fencing hardened, a missing one turns
 *   the insert into a 500;
 * - incident's and sys_user's application-access settings letting other scopes do what the app
 *   does (a privilege never grants more than the table allows);
 * - the unique index on the dedup column: nothing documents that installing the sys_dictionary
 *   record builds it; without it racing requests duplicate and every replay scans task.
 */
import type { BuiltApp } from './built-app.ts';
import type { ServiceNowClient } from './client.ts';
import type { DoctorCheck } from '../lib/doctor-check.ts';
import { COLUMNS } from '../../servicenow/src/server/app-names.ts';

type Check = Omit<DoctorCheck, 'platform'>;

const ACCESS_FIELD: Record<string, string> = {
  read: 'read_access',
  create: 'create_access',
  write: 'update_access',
};
const ACCESS_LABEL: Record<string, string> = {
  read: 'Can read',
  create: 'Can create',
  write: 'Can update',
};

/** The privileges the built app ships, as `table operation` pairs. */
export function shippedPrivileges(app: BuiltApp): Array<{ table: string; operation: string }> {
  return app
    .of('sys_scope_privilege')
    .filter((p) => p.fields.status === 'allowed')
    .map((p) => ({ table: p.fields.target_name ?? '', operation: p.fields.operation ?? '' }));
}

export async function privilegeCheck(client: ServiceNowClient, app: BuiltApp): Promise<Check> {
  const wanted = shippedPrivileges(app);
  const rows = await client.table(
    'sys_scope_privilege',
    { source_scope: app.scopeId },
    ['sys_id', 'target_name', 'operation', 'status'],
    100,
  );
  const missing = wanted.filter(
    (w) =>
      !rows.some(
        (r) => r.target_name === w.table && r.operation === w.operation && r.status === 'allowed',
      ),
  );
  if (missing.length === 0)
    return {
      name: 'cross-scope privileges',
      status: 'ok',
      detail: wanted.map((w) => `${w.table} ${w.operation}`).join(', ') + ' allowed',
    };
  const list = missing.map((m) => `${m.table} ${m.operation}`).join(', ');
  return {
    name: 'cross-scope privileges',
    status: 'fail',
    detail: `missing or not allowed: ${list} (with runtime access "Enforcing" or hardened scope fencing the app's writes fail as 500s)`,
    fix: `reinstall the app (npm run deploy:servicenow -- --force), or in System Applications > Application Cross-Scope Access set each of ${list} for ${app.scope} to Allowed`,
  };
}

export async function tableAccessChecks(client: ServiceNowClient, app: BuiltApp): Promise<Check[]> {
  const byTable = new Map<string, string[]>();
  for (const { table, operation } of shippedPrivileges(app))
    byTable.set(table, [...(byTable.get(table) ?? []), operation]);
  const checks: Check[] = [];
  for (const [table, operations] of [...byTable].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [row] = await client.table(
      'sys_db_object',
      { name: table },
      ['sys_id', 'name', 'access', 'read_access', 'create_access', 'update_access'],
      1,
    );
    const name = `${table} access from other scopes`;
    if (!row) {
      checks.push({ name, status: 'warn', detail: `could not read sys_db_object for ${table}` });
      continue;
    }
    const refused = operations.filter((op) => row[ACCESS_FIELD[op] ?? ''] !== 'true');
    const problems = [
      ...(row.access === 'public'
        ? []
        : [`Accessible from is "${row.access || 'This application scope only'}"`]),
      ...refused.map((op) => `${ACCESS_LABEL[op]} is off`),
    ];
    checks.push(
      problems.length === 0
        ? {
            name,
            status: 'ok',
            detail: `all application scopes may ${operations.join('/')} ${table}`,
          }
        : {
            name,
            status: 'fail',
            detail: `${problems.join('; ')}: ${app.scope} needs ${operations.join('/')} on ${table}`,
            fix: `open System Definition > Tables > ${table} > Application Access: Accessible from "All application scopes", tick ${operations.map((op) => ACCESS_LABEL[op]).join(', ')}`,
          },
    );
  }
  return checks;
}

/** The dedup column's unique index. ASSUMED(sys-index-table) */
export async function uniqueIndexCheck(client: ServiceNowClient): Promise<Check> {
  const column = COLUMNS.customCallId;
  const indexes = await client.table(
    'sys_index',
    { table: 'incident' },
    ['sys_id', 'name', 'fields', 'unique'],
    500,
  );
  const found = indexes.find(
    (index) => (index.fields ?? '').split(',')[0] === column && index.unique === 'true',
  );
  if (found)
    return {
      name: 'unique index',
      status: 'ok',
      detail: `incident.${column} has a unique index (${found.name})`,
    };
  return {
    name: 'unique index',
    status: 'fail',
    detail: `incident.${column} has no unique index: concurrent requests for one conversation can open two incidents, and every replay scans task`,
    fix: `off-peak, open System Definition > Tables > incident > Database Indexes > New, choose ${column}, tick "Unique index" and create it (or open the dictionary entry incident.${column}, untick and tick "Unique", save); then rerun doctor`,
  };
}
