/**
 * A Glide shim with the ServiceNow semantics this app depends on, over the embedded database:
 * - getValue returns a string or null (null for an empty field and for an unknown field);
 * - an unknown field in addQuery/addOrCondition is silently ignored (the classic dedup bug),
 *   and setValue on an unknown field is silently dropped;
 * - insert() returns the new sys_id, or null when the database refuses it (unique violation);
 * - strings longer than the column's max_length are cut on write;
 * - GlideRecord does not enforce ACLs.
 * Every query and write is counted for the request that made it.
 */
import { randomUUID } from 'node:crypto';
import { UniqueViolation, type Condition, type EmulatorDatabase, type Row } from './database.ts';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

/** What one request did, for tests, benchmarks and the sandbox. */
export interface RequestStats {
  dbReads: number;
  dbWrites: number;
  logs: LogLine[];
}

export interface GlideHost {
  db: EmulatorDatabase;
  /** Current property values (the app's sys_properties, plus overrides). */
  property(name: string): string | undefined;
  stats: RequestStats;
  /** Records a line the scripts logged (already in the request's stats when this returns). */
  log(line: LogLine): void;
  userName: string;
  /** Fault hook: called before an insert into `table`; may insert a competing row first. */
  beforeInsert(table: string, values: Row): void;
  nextNumber(table: string): string;
  now(): Date;
  /**
   * Runs the before business rules of `table` on `current` (previous: the stored row on update).
   * The rules may change `current` with setValue or abort the write with setAbortAction(true).
   */
  beforeWrite?(
    table: string,
    operation: 'insert' | 'update',
    current: GlideRecordLike,
    previous: GlideRecordLike | null,
  ): void;
  /**
   * Cross-scope access of the running script: a reason when `operation` on `table` is refused
   * (no allowed sys_scope_privilege, or the table's own application-access settings deny it).
   */
  refuse?(table: string, operation: 'read' | 'create' | 'write'): string | undefined;
}

/** What business rules get as `current` and `previous`. */
export interface GlideRecordLike {
  getValue(field: string): string | null;
  setValue(field: string, value: unknown): void;
  getUniqueValue(): string;
  isNewRecord(): boolean;
  setAbortAction(abort: boolean): void;
}

const PRIORITY: Record<string, string> = {
  '1,1': '1',
  '1,2': '2',
  '2,1': '2',
  '1,3': '3',
  '2,2': '3',
  '3,1': '3',
  '2,3': '4',
  '3,2': '4',
  '3,3': '5',
};

function glideDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

function toStored(value: unknown, type: string | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (type === 'boolean')
    return value === true || value === 'true' || value === '1' || value === 1 ? '1' : '0';
  return String(value);
}

export function createGlide(host: GlideHost) {
  const log =
    (level: LogLine['level']) =>
    (...parts: unknown[]) =>
      host.log({ level, message: parts.map(String).join(' ') });

  class GlideQueryCondition {
    constructor(
      private readonly record: GlideRecord,
      private readonly group: Condition[],
    ) {}

    addOrCondition(
      field: string,
      operatorOrValue: unknown,
      maybeValue?: unknown,
    ): GlideQueryCondition {
      const condition = this.record.condition(field, operatorOrValue, maybeValue, arguments.length);
      if (condition) this.group.push(condition);
      return this;
    }
  }

  class GlideRecord {
    private readonly tableName: string;
    private groups: Condition[][] = [];
    private limit: number | undefined;
    private rows: Row[] = [];
    private index = -1;
    private current: Row = {};
    private readonly columns;
    private lastError = '';
    private abort = false;
    private newRecord = false;

    constructor(table: string) {
      if (!host.db.hasTable(table)) throw new Error(`GlideRecord: invalid table name ${table}`);
      this.tableName = table;
      this.columns = host.db.columns(table);
    }

    getTableName(): string {
      return this.tableName;
    }

    isValidField(field: string): boolean {
      return this.columns.has(field);
    }

    /** @internal builds a condition, or undefined for an unknown field (ignored, as on the platform) */
    condition(
      field: string,
      operatorOrValue: unknown,
      maybeValue: unknown,
      argc: number,
    ): Condition | undefined {
      if (!this.columns.has(field)) return undefined;
      const operator = argc >= 3 ? String(operatorOrValue) : '=';
      if (operator !== '=' && operator !== '!=')
        throw new Error(`GlideRecord shim: operator ${operator} not emulated`);
      const value = argc >= 3 ? maybeValue : operatorOrValue;
      return { column: field, operator, value: toStored(value, this.columns.get(field)?.type) };
    }

    addQuery(field: string, operatorOrValue?: unknown, maybeValue?: unknown): GlideQueryCondition {
      const group: Condition[] = [];
      const condition = this.condition(field, operatorOrValue, maybeValue, arguments.length);
      if (condition) group.push(condition);
      this.groups.push(group);
      return new GlideQueryCondition(this, group);
    }

    setLimit(limit: number): void {
      this.limit = limit;
    }

    query(): void {
      host.stats.dbReads++;
      const refused = host.refuse?.(this.tableName, 'read');
      if (refused) {
        // the platform logs the refusal and the query finds nothing
        host.log({ level: 'error', message: refused });
        this.rows = [];
      } else {
        this.rows = host.db.select(this.tableName, this.groups, this.limit);
      }
      this.index = -1;
    }

    hasNext(): boolean {
      return this.index + 1 < this.rows.length;
    }

    next(): boolean {
      if (this.index + 1 >= this.rows.length) return false;
      this.index++;
      this.current = { ...(this.rows[this.index] as Row) };
      return true;
    }

    get(fieldOrSysId: string, value?: unknown): boolean {
      host.stats.dbReads++;
      const field = arguments.length >= 2 ? fieldOrSysId : 'sys_id';
      const wanted = arguments.length >= 2 ? value : fieldOrSysId;
      if (!this.columns.has(field)) return false;
      const found = host.db.select(
        this.tableName,
        [[{ column: field, operator: '=', value: toStored(wanted, undefined) }]],
        1,
      );
      this.rows = found;
      this.index = found.length > 0 ? 0 : -1;
      this.current = found.length > 0 ? { ...(found[0] as Row) } : {};
      return found.length > 0;
    }

    getValue(field: string): string | null {
      const value = this.current[field];
      return value === undefined || value === null || value === '' ? null : value;
    }

    getUniqueValue(): string {
      return this.current.sys_id ?? '';
    }

    setValue(field: string, value: unknown): void {
      const column = this.columns.get(field);
      if (!column) return; // the platform drops unknown fields without a word
      let stored = toStored(value, column.type);
      if (stored !== null && column.maxLength !== undefined && stored.length > column.maxLength) {
        stored = stored.slice(0, column.maxLength);
      }
      this.current[field] = stored;
    }

    initialize(): void {
      this.current = {};
      this.newRecord = true;
    }

    isNewRecord(): boolean {
      return this.newRecord;
    }

    setAbortAction(abort: boolean): void {
      this.abort = !!abort;
    }

    /** @internal a record holding `row`, as `previous` of a business rule */
    static holding(table: string, row: Row): GlideRecord {
      const record = new GlideRecord(table);
      record.current = { ...row };
      return record;
    }

    /** @internal runs before rules; false when a rule aborted the write */
    private runBeforeRules(operation: 'insert' | 'update', previous: Row | null): boolean {
      this.abort = false;
      host.beforeWrite?.(
        this.tableName,
        operation,
        this,
        previous ? GlideRecord.holding(this.tableName, previous) : null,
      );
      if (!this.abort) return true;
      this.lastError = `Operation against file '${this.tableName}' was aborted by Business Rule`;
      host.log({ level: 'warn', message: this.lastError });
      return false;
    }

    /** Why the last insert/update was refused ('' when it was not). */
    getLastErrorMessage(): string {
      return this.lastError;
    }

    canCreate(): boolean {
      return true;
    }

    insert(): string | null {
      host.stats.dbWrites++;
      this.lastError = '';
      const refused = host.refuse?.(this.tableName, 'create');
      if (refused) {
        this.lastError = refused;
        host.log({ level: 'error', message: refused });
        return null;
      }
      const now = glideDateTime(host.now());
      const values: Row = { ...this.current };
      values.sys_id = randomUUID().replace(/-/g, '');
      values.sys_created_on = now;
      values.sys_updated_on = now;
      values.sys_created_by = host.userName;
      if (this.tableName === 'incident') {
        values.number = host.nextNumber('incident');
        values.state ??= '1';
        values.active ??= '1';
        values.urgency ??= '3';
        values.impact ??= '3';
        values.opened_at ??= now;
        values.priority = PRIORITY[`${values.urgency},${values.impact}`] ?? '5';
      }
      this.current = values;
      if (!this.runBeforeRules('insert', null)) return null;
      Object.assign(values, this.current);
      if (this.tableName === 'incident')
        values.priority = PRIORITY[`${values.urgency},${values.impact}`] ?? '5';
      host.beforeInsert(this.tableName, values);
      try {
        host.db.insert(this.tableName, values);
      } catch (error) {
        if (error instanceof UniqueViolation) {
          // the platform logs this and insert() returns null
          this.lastError = `Unique Key violation detected by database (${this.tableName})`;
          host.log({ level: 'error', message: this.lastError });
          return null;
        }
        throw error;
      }
      this.current = values;
      this.newRecord = false;
      return values.sys_id;
    }

    update(): string | null {
      const sysId = this.current.sys_id;
      if (!sysId) return null;
      host.stats.dbWrites++;
      this.lastError = '';
      const refused = host.refuse?.(this.tableName, 'write');
      if (refused) {
        this.lastError = refused;
        host.log({ level: 'error', message: refused });
        return null;
      }
      const stored = host.db.select(
        this.tableName,
        [[{ column: 'sys_id', operator: '=', value: sysId }]],
        1,
      )[0];
      if (!this.runBeforeRules('update', stored ?? null)) return null;
      try {
        host.db.update(this.tableName, sysId, {
          ...this.current,
          sys_updated_on: glideDateTime(host.now()),
        });
      } catch (error) {
        if (error instanceof UniqueViolation) {
          this.lastError = `Unique Key violation detected by database (${this.tableName})`;
          return null;
        }
        throw error;
      }
      return sysId;
    }
  }

  const gs = {
    getProperty(name: string, fallback?: unknown): string | undefined {
      const value = host.property(name);
      if (value !== undefined) return value;
      return fallback === undefined ? undefined : String(fallback);
    },
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    debug: log('debug'),
    getUserName: () => host.userName,
  };

  return { GlideRecord, gs };
}

/** sn_ws_err: the error objects a Scripted REST handler passes to response.setError. */
export class ServiceError {
  status = 500;
  message = '';
  detail = '';

  setStatus(status: number): ServiceError {
    this.status = status;
    return this;
  }

  setMessage(message: string): ServiceError {
    this.message = String(message);
    return this;
  }

  setDetail(detail: string): ServiceError {
    this.detail = String(detail);
    return this;
  }
}

function presetError(status: number, fallback: string) {
  return class extends ServiceError {
    constructor(message?: string) {
      super();
      this.status = status;
      this.message = message ?? fallback;
    }
  };
}

export const snWsErr = {
  ServiceError,
  BadRequestError: presetError(400, 'Bad Request'),
  NotFoundError: presetError(404, 'Not Found'),
  ConflictError: presetError(409, 'Conflict'),
  NotAcceptableError: presetError(406, 'Not Acceptable'),
  UnsupportedMediaTypeError: presetError(415, 'Unsupported Media Type'),
};
