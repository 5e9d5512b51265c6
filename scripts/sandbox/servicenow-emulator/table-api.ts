/**
 * The Table API (`/api/now/table/<table>[/<sys_id>]`) of the emulator, reads and writes, over
 * the records deploy:servicenow and doctor manage on an instance:
 * - `sys_user` accounts (the logins of the emulator) and their `sys_user_has_role` grants;
 * - `sys_user_role` (the app's roles and a few platform roles);
 * - `sys_properties` (the app's properties; a write changes what the scripts read at once);
 * - `sys_scope_privilege` (the installed app's cross-scope privileges), `sys_db_object`
 *   (application-access settings of incident and sys_user), `sys_index` (the database's real
 *   indexes), `sys_app`/`sys_scope`/`sys_upgrade_history`;
 * - `incident` writes, through the same Glide shim the scripts use, so the app's business rules
 *   run on them as they do on the platform.
 * Error bodies follow the platform's shape; writes need the admin role. Filters: name=value
 * parameters and the simple `a=b^c=d` encoded queries the SDK and our client send.
 */
import { createHash } from 'node:crypto';
import type { BuiltApp } from '../../servicenow/built-app.ts';
import type { EmulatorDatabase, Row } from './database.ts';
import { errorBody } from './platform-errors.ts';
import type { EmulatorUser } from './users.ts';

export interface TableReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Application-access settings of a platform table (sys_db_object), as deploy and doctor read them. */
export interface TableAccess {
  access: 'public' | 'package_private';
  read_access: boolean;
  create_access: boolean;
  update_access: boolean;
  delete_access: boolean;
  ws_access: boolean;
}

/** Out-of-box settings of incident and sys_user. ASSUMED(table-access-defaults) */
export const DEFAULT_TABLE_ACCESS: Record<string, TableAccess> = {
  incident: {
    access: 'public',
    read_access: true,
    create_access: true,
    update_access: true,
    delete_access: false,
    ws_access: true,
  },
  sys_user: {
    access: 'public',
    read_access: true,
    create_access: false,
    update_access: false,
    delete_access: false,
    ws_access: true,
  },
};

/** Platform roles the emulator knows besides the app's own. */
export const PLATFORM_ROLES = ['admin', 'itil', 'snc_internal', 'web_service_admin'];

export interface TableApiState {
  installed(): BuiltApp | undefined;
  /** The instance's accounts; writes change them in place (logins see them at once). */
  users: EmulatorUser[];
  /** Property values written on the instance (override the app's defaults). */
  properties: Record<string, string>;
  db: EmulatorDatabase;
  /** sys_db_object settings by table name (changeable, e.g. by tests of a hardened instance). */
  tableAccess: Record<string, TableAccess>;
  /** sys_ids of the app's scope privileges an admin deleted. */
  deletedPrivileges: Set<string>;
  history: Array<Record<string, string>>;
  /** Writes a row of a script-visible table through Glide (business rules run); see emulator.ts. */
  writeRecord(
    table: string,
    sysId: string | undefined,
    values: Record<string, string>,
    caller: EmulatorUser,
  ): { row: Row } | { error: string } | 'not-found';
}

/** Stable sys_id of a thing the emulator has no record file for. */
export const stableSysId = (kind: string, name: string) =>
  createHash('sha256').update(`${kind}:${name}`).digest('hex').slice(0, 32);

export const userSysId = (userName: string) => stableSysId('sys_user', userName);

const bool = (value: boolean) => (value ? 'true' : 'false');
const truthy = (value: unknown) => value === true || value === 'true' || value === '1';

export const NOT_FOUND = {
  status: 404,
  body: errorBody('No Record found', "Record doesn't exist or ACL restricts the record retrieval"),
};
const writeRefused = (operation: 'Insert' | 'Update' | 'Delete') => ({
  status: 403,
  body: errorBody(
    'Operation Failed',
    `ACL Exception ${operation} Failed due to security constraints`,
  ),
});

export function createTableApi(state: TableApiState) {
  function roleRows(): Array<{ sys_id: string; name: string; sys_scope: string }> {
    const app = state.installed();
    const own = (app?.of('sys_user_role') ?? []).map((r) => ({
      sys_id: r.fields.sys_id ?? '',
      name: r.fields.name ?? '',
      sys_scope: app?.scopeId ?? '',
    }));
    const platform = PLATFORM_ROLES.map((name) => ({
      sys_id: stableSysId('sys_user_role', name),
      name,
      sys_scope: 'global',
    }));
    return [...own, ...platform];
  }

  const grantId = (userName: string, role: string) =>
    stableSysId('sys_user_has_role', `${userName}/${role}`);

  function propertyRows(): Array<Record<string, string>> {
    const app = state.installed();
    const rows = (app?.of('sys_properties') ?? []).map((p) => {
      const name = p.fields.name ?? '';
      return {
        sys_id: p.fields.sys_id ?? '',
        name,
        value: state.properties[name] ?? p.fields.value ?? '',
        type: p.fields.type ?? 'string',
      };
    });
    const declared = new Set(rows.map((r) => r.name));
    for (const [name, value] of Object.entries(state.properties)) {
      if (!declared.has(name))
        rows.push({ sys_id: stableSysId('sys_properties', name), name, value, type: 'string' });
    }
    return rows;
  }

  function rowsOf(table: string): Array<Record<string, string>> | undefined {
    const app = state.installed();
    switch (table) {
      case 'sys_user':
        return state.users.map((u) => ({
          sys_id: userSysId(u.userName),
          user_name: u.userName,
          active: bool(u.active !== false),
          locked_out: bool(!!u.lockedOut),
          web_service_access_only: bool(!!u.webServiceAccessOnly),
        }));
      case 'sys_user_has_role': {
        const ids = new Map(roleRows().map((r) => [r.name, r.sys_id]));
        return state.users.flatMap((u) =>
          u.roles.map((role) => ({
            sys_id: grantId(u.userName, role),
            user: userSysId(u.userName),
            role: ids.get(role) ?? stableSysId('sys_user_role', role),
            'role.name': role,
            inherited: 'false',
            state: 'active',
          })),
        );
      }
      case 'sys_user_role':
        return roleRows();
      case 'sys_properties':
        return propertyRows();
      case 'sys_scope_privilege':
        return (app?.of('sys_scope_privilege') ?? [])
          .filter((p) => !state.deletedPrivileges.has(p.fields.sys_id ?? ''))
          .map((p) => ({
            sys_id: p.fields.sys_id ?? '',
            source_scope: p.fields.source_scope ?? '',
            'source_scope.scope': app?.scope ?? '',
            target_scope: p.fields.target_scope ?? '',
            target_name: p.fields.target_name ?? '',
            target_type: p.fields.target_type ?? '',
            operation: p.fields.operation ?? '',
            status: p.fields.status ?? '',
          }));
      case 'sys_db_object':
        return Object.entries(state.tableAccess).map(([name, access]) => ({
          sys_id: stableSysId('sys_db_object', name),
          name,
          access: access.access,
          read_access: bool(access.read_access),
          create_access: bool(access.create_access),
          update_access: bool(access.update_access),
          delete_access: bool(access.delete_access),
          ws_access: bool(access.ws_access),
        }));
      case 'sys_index':
        // ASSUMED(sys-index-table): one row per index with its table, columns and uniqueness
        return ['incident', 'sys_user'].flatMap((table) =>
          state.db.indexes(table).map((index) => ({
            sys_id: stableSysId('sys_index', index.name),
            name: index.name,
            table,
            fields: index.columns.join(','),
            unique: bool(index.unique),
          })),
        );
      case 'sys_app':
      case 'sys_scope':
        return app
          ? [
              {
                sys_id: app.scopeId,
                scope: app.scope,
                name: app.name,
                version: app.version,
                active: 'true',
                sys_class_name: 'sys_app',
                short_description: '',
              },
            ]
          : [];
      case 'sys_upgrade_history':
        return state.history;
      default:
        return undefined;
    }
  }

  function filterRows(
    rows: Array<Record<string, string>>,
    params: URLSearchParams,
  ): Array<Record<string, string>> {
    const conditions: Array<(row: Record<string, string>) => boolean> = [];
    for (const [key, value] of params) {
      if (key.startsWith('sysparm_')) continue;
      conditions.push((row) => row[key] === value);
    }
    const order: Array<{ field: string; descending: boolean }> = [];
    for (const term of (params.get('sysparm_query') ?? '').split('^')) {
      const ordering = /^ORDERBY(DESC)?(\w+)$/.exec(term);
      if (ordering) order.push({ field: ordering[2] as string, descending: !!ordering[1] });
      if (term === '' || term.startsWith('ORDERBY')) continue;
      const notEmpty = /^([\w.]+)ISNOTEMPTY$/.exec(term);
      const equals = /^([\w.]+)=(.*)$/.exec(term);
      if (notEmpty) conditions.push((row) => !!row[notEmpty[1] as string]);
      else if (equals) conditions.push((row) => row[equals[1] as string] === equals[2]);
    }
    const fields = (params.get('sysparm_fields') ?? '').split(',').filter(Boolean);
    const limit = Number(params.get('sysparm_limit') ?? '10000');
    const compare = (x: Record<string, string>, y: Record<string, string>) => {
      for (const { field, descending } of order) {
        const sign = (x[field] ?? '').localeCompare(y[field] ?? '');
        if (sign !== 0) return descending ? -sign : sign;
      }
      return 0;
    };
    return rows
      .filter((row) => conditions.every((test) => test(row)))
      .sort(compare)
      .slice(0, limit)
      .map((row) =>
        fields.length === 0 ? row : Object.fromEntries(fields.map((f) => [f, row[f] ?? ''])),
      );
  }

  /** GET of a table the platform API serves; undefined: not one of them. */
  function read(table: string, params: URLSearchParams): TableReply | undefined {
    const rows = rowsOf(table);
    if (!rows) return undefined;
    return { status: 200, body: { result: filterRows(rows, params) } };
  }

  function parseBody(text: string): Record<string, unknown> | TableReply {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        return value as Record<string, unknown>;
    } catch {
      // fall through
    }
    return {
      status: 400,
      body: errorBody('Exception while reading request', 'The payload is not valid JSON.'),
    };
  }

  /**
   * A password written without sysparm_input_display_value=true is stored as given, not
   * hashed: the account then cannot log in with it. ASSUMED(password-display-value)
   */
  function passwordFrom(values: Record<string, unknown>, displayValue: boolean) {
    if (!('user_password' in values)) return undefined;
    const password = String(values.user_password ?? '');
    return displayValue ? password : `\u0000unusable:${password.length}`;
  }

  function applyUser(user: EmulatorUser, values: Record<string, unknown>, displayValue: boolean) {
    if ('active' in values) user.active = truthy(values.active);
    if ('locked_out' in values) user.lockedOut = truthy(values.locked_out);
    if ('web_service_access_only' in values)
      user.webServiceAccessOnly = truthy(values.web_service_access_only);
    const password = passwordFrom(values, displayValue);
    if (password !== undefined) user.password = password;
  }

  /** POST (sysId undefined), PATCH/PUT or DELETE of one record; admin only. */
  function write(
    method: 'POST' | 'PATCH' | 'DELETE',
    table: string,
    sysId: string | undefined,
    text: string,
    params: URLSearchParams,
    caller: EmulatorUser,
  ): TableReply {
    const operation = method === 'POST' ? 'Insert' : method === 'DELETE' ? 'Delete' : 'Update';
    if (!caller.roles.includes('admin')) return writeRefused(operation);
    const body = method === 'DELETE' ? {} : parseBody(text);
    if ('status' in body && 'body' in body) return body as TableReply;
    const values = body as Record<string, unknown>;
    const displayValue = params.get('sysparm_input_display_value') === 'true';
    const one = (row: Record<string, string> | undefined, status = 200): TableReply =>
      row ? { status, body: { result: row } } : NOT_FOUND;
    const find = (rows: Array<Record<string, string>> | undefined) =>
      rows?.find((row) => row.sys_id === sysId);

    switch (table) {
      case 'sys_user': {
        if (method === 'POST') {
          const userName = String(values.user_name ?? '').trim();
          if (userName === '')
            return {
              status: 400,
              body: errorBody('Operation Failed', 'Data Policy Exception: User ID is mandatory'),
            };
          if (state.users.some((u) => u.userName === userName))
            // ASSUMED(unique-insert-error): the shape of a refused insert through the Table API
            return {
              status: 403,
              body: errorBody('Operation Failed', 'Error during insert of sys_user (unique key)'),
            };
          const user: EmulatorUser = { userName, password: '\u0000unusable:0', roles: [] };
          applyUser(user, values, displayValue);
          state.users.push(user);
          return one(find(rowsOf('sys_user')) ?? rowsOf('sys_user')?.at(-1), 201);
        }
        const user = state.users.find((u) => userSysId(u.userName) === sysId);
        if (!user) return NOT_FOUND;
        if (method === 'DELETE') {
          state.users.splice(state.users.indexOf(user), 1);
          return { status: 204, body: '' };
        }
        applyUser(user, values, displayValue);
        return one(find(rowsOf('sys_user')));
      }
      case 'sys_user_has_role': {
        if (method === 'POST') {
          const user = state.users.find((u) => userSysId(u.userName) === String(values.user));
          const role = roleRows().find(
            (r) => r.sys_id === String(values.role) || (displayValue && r.name === values.role),
          );
          if (!user || !role)
            return {
              status: 400,
              body: errorBody(
                'Operation Failed',
                'Data Policy Exception: User and Role are mandatory',
              ),
            };
          if (!user.roles.includes(role.name)) user.roles.push(role.name);
          return one(
            rowsOf('sys_user_has_role')?.find(
              (g) => g.sys_id === grantId(user.userName, role.name),
            ),
            201,
          );
        }
        const grant = find(rowsOf('sys_user_has_role'));
        if (!grant) return NOT_FOUND;
        if (method !== 'DELETE') return writeRefused('Update');
        const user = state.users.find((u) => userSysId(u.userName) === grant.user);
        if (user) user.roles = user.roles.filter((role) => role !== grant['role.name']);
        return { status: 204, body: '' };
      }
      case 'sys_properties': {
        if (method === 'POST') {
          const name = String(values.name ?? '');
          if (!/^[\w.]+$/.test(name))
            return { status: 400, body: errorBody('Operation Failed', 'Name is mandatory') };
          state.properties[name] = String(values.value ?? '');
          return one(
            rowsOf('sys_properties')?.find((p) => p.name === name),
            201,
          );
        }
        const property = find(rowsOf('sys_properties'));
        if (!property) return NOT_FOUND;
        if (method === 'DELETE') return writeRefused('Delete');
        if ('value' in values) state.properties[property.name ?? ''] = String(values.value ?? '');
        return one(find(rowsOf('sys_properties')));
      }
      case 'sys_scope_privilege': {
        const privilege = find(rowsOf('sys_scope_privilege'));
        if (!privilege || method !== 'DELETE')
          return privilege ? writeRefused(operation) : NOT_FOUND;
        state.deletedPrivileges.add(privilege.sys_id ?? '');
        return { status: 204, body: '' };
      }
      case 'sys_db_object': {
        const row = find(rowsOf('sys_db_object'));
        if (!row || method !== 'PATCH') return row ? writeRefused(operation) : NOT_FOUND;
        const access = state.tableAccess[row.name ?? ''] as TableAccess;
        for (const key of [
          'read_access',
          'create_access',
          'update_access',
          'delete_access',
          'ws_access',
        ] as const) {
          if (key in values) access[key] = truthy(values[key]);
        }
        if (values.access === 'public' || values.access === 'package_private')
          access.access = values.access;
        return one(find(rowsOf('sys_db_object')));
      }
      case 'sys_index': {
        const index = find(rowsOf('sys_index'));
        if (!index || method !== 'DELETE') return index ? writeRefused(operation) : NOT_FOUND;
        state.db.dropIndex(index.name ?? '');
        return { status: 204, body: '' };
      }
      default: {
        if (!state.db.hasTable(table) || method === 'DELETE')
          return { status: 400, body: errorBody(`Invalid table ${table}`, null) };
        const strings: Record<string, string> = {};
        for (const [key, value] of Object.entries(values)) strings[key] = String(value ?? '');
        const written = state.writeRecord(
          table,
          method === 'POST' ? undefined : sysId,
          strings,
          caller,
        );
        if (written === 'not-found') return NOT_FOUND;
        if ('error' in written)
          return { status: 403, body: errorBody('Operation Failed', written.error) };
        const row: Record<string, string> = {};
        for (const [key, value] of Object.entries(written.row)) row[key] = value ?? '';
        return { status: method === 'POST' ? 201 : 200, body: { result: row } };
      }
    }
  }

  return { read, write, rowsOf, filterRows };
}

export type TableApi = ReturnType<typeof createTableApi>;
