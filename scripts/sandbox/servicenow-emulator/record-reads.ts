/**
 * Reads of platform records through the Table API, with the security a real instance applies:
 * the caller must be allowed to read the table, and every field the installed app guards with a
 * field-level read ACL (`incident.<field>`, operation read) is left out of the row unless the
 * caller's roles pass that ACL. The sandbox page reads incidents this way, so what it shows is
 * the emulator's decision, never its own.
 *
 * The query's name=value filters on real columns, its ORDERBY terms and (when nothing else
 * filters) its limit run in SQL, so a page of the newest incidents costs the same with ten
 * rows or ten thousand; the Table API's own filtering then runs on the readable rows as before.
 */
import type { BuiltApp } from '../../servicenow/built-app.ts';
import type { Condition, EmulatorDatabase } from './database.ts';
import { aclAllows, roleClosure } from './security.ts';

/** Tables served with record security; other tables keep the Table API's admin-only rule. */
const RECORD_TABLES = new Set(['incident']);

/**
 * ASSUMED (not verified on an instance): the out-of-box incident read ACLs reduced to "an
 * internal user (snc_internal, itil or admin) may read incidents"; callers of their own incident
 * and ess users are not modelled.
 */
const TABLE_READ_ROLES = ['snc_internal', 'itil', 'admin'];

export type RecordRead = Array<Record<string, string>> | 'forbidden' | undefined;

/** What of a Table API query the database can do itself. */
function pushDown(
  db: EmulatorDatabase,
  table: string,
  query: URLSearchParams,
  hidden: ReadonlySet<string>,
) {
  // a field the caller may not read neither filters nor orders in SQL: no oracle on its values
  const columns = db.columns(table);
  const known = { has: (name: string) => columns.has(name) && !hidden.has(name) };
  const groups: Condition[][] = [];
  let exact = true;
  for (const [name, value] of query) {
    if (name.startsWith('sysparm_')) continue;
    if (known.has(name)) groups.push([{ column: name, operator: '=', value }]);
    else exact = false;
  }
  const order: Array<{ column: string; descending: boolean }> = [];
  for (const term of (query.get('sysparm_query') ?? '').split('^')) {
    if (term === '') continue;
    const ordering = /^ORDERBY(DESC)?(\w+)$/.exec(term);
    if (ordering && known.has(ordering[2] as string))
      order.push({ column: ordering[2] as string, descending: !!ordering[1] });
    else exact = false;
  }
  // a limit is only safe in SQL when SQL applies every filter the Table API would
  const limit = Number(query.get('sysparm_limit') ?? 'NaN');
  return {
    groups,
    order,
    limit: exact && Number.isSafeInteger(limit) && limit >= 0 ? limit : undefined,
  };
}

/**
 * The rows of `table` as `roles` may read them; 'forbidden' when the caller may not read the
 * table; undefined when the table is not served this way. Values are strings ('' for null) like
 * the Table API's; a readable `caller_id` also brings the dot-walked `caller_id.name`.
 */
export function readRecords(
  app: BuiltApp | undefined,
  db: EmulatorDatabase,
  table: string,
  userRoles: readonly string[],
  query: URLSearchParams = new URLSearchParams(),
): RecordRead {
  if (!RECORD_TABLES.has(table) || !db.hasTable(table)) return undefined;
  const roles = app ? roleClosure(app, userRoles) : new Set(userRoles);
  if (!TABLE_READ_ROLES.some((role) => roles.has(role))) return 'forbidden';
  const fieldAcls = new Map<string, string[]>();
  for (const acl of app?.of('sys_security_acl') ?? []) {
    const { type, operation, name, sys_id: id } = acl.fields;
    if (type !== 'record' || operation !== 'read' || !name?.startsWith(`${table}.`) || !id)
      continue;
    const field = name.slice(table.length + 1);
    fieldAcls.set(field, [...(fieldAcls.get(field) ?? []), id]);
  }
  // the platform grants a field when any one of its ACLs passes; a field that fails is left out
  // of the Table API's answer. ASSUMED: left out rather than returned empty (not verified on an
  // instance; either way the value never leaves the emulator)
  const hidden = new Set(
    [...fieldAcls]
      .filter(([, ids]) => !app || !ids.some((id) => aclAllows(app, [id], roles)))
      .map(([field]) => field),
  );
  const people = new Map(
    db.rows('sys_user').map((p) => [p.sys_id ?? '', [p.first_name, p.last_name]]),
  );
  const { groups, order, limit } = pushDown(db, table, query, hidden);
  return db.select(table, groups, limit, order).map((row) => {
    const readable: Record<string, string> = {};
    for (const [field, value] of Object.entries(row)) {
      if (!hidden.has(field)) readable[field] = value ?? '';
    }
    if (readable.caller_id !== undefined) {
      const name = people.get(readable.caller_id);
      readable['caller_id.name'] = name ? name.filter(Boolean).join(' ') : '';
    }
    return readable;
  });
}
