/**
 * The emulator's embedded database: SQLite compiled to WebAssembly (sql.js), so there is no
 * native build step, with a synchronous API like the platform's own GlideRecord calls, and
 * real UNIQUE indexes (the dedup guarantee is the database's, not a JavaScript check).
 * Every statement is parameterised; identifiers come only from the known column list.
 *
 * Strings compare case-insensitively (COLLATE NOCASE on every column, unique indexes included),
 * as on the MySQL/MariaDB databases behind production instances: `abc-1` finds, and collides
 * with, a stored `ABC-1`. ASSUMED(case-insensitive-db)
 */
import initSqlJs, { type Database, type SqlValue } from 'sql.js';

export type ColumnType = 'string' | 'boolean' | 'integer' | 'reference' | 'glide_date_time';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** Longer strings are cut to this length on write, as the platform does. */
  maxLength?: number;
  unique?: boolean;
}

export interface TableSpec {
  name: string;
  columns: ColumnSpec[];
}

export type Row = Record<string, string | null>;

/** One equality test; a group of them is OR-ed, groups are AND-ed. */
export interface Condition {
  column: string;
  operator: '=' | '!=';
  value: string | null;
}

export class UniqueViolation extends Error {}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

export class EmulatorDatabase {
  private readonly tables = new Map<string, Map<string, ColumnSpec>>();

  private constructor(private readonly db: Database) {}

  static async create(tables: TableSpec[]): Promise<EmulatorDatabase> {
    const SQL = await initSqlJs();
    const database = new EmulatorDatabase(new SQL.Database());
    for (const table of tables) database.createTable(table);
    return database;
  }

  private createTable(table: TableSpec): void {
    const columns = new Map<string, ColumnSpec>();
    const definitions: string[] = [];
    for (const column of table.columns) {
      columns.set(column.name, column);
      const primary = column.name === 'sys_id' ? ' PRIMARY KEY' : '';
      definitions.push(
        `${quote(column.name)} TEXT COLLATE NOCASE${primary}${column.unique ? ' UNIQUE' : ''}`,
      );
    }
    this.db.run(`CREATE TABLE ${quote(table.name)} (${definitions.join(', ')})`);
    this.tables.set(table.name, columns);
  }

  /**
   * Adds a column when an installed app declares one, with its unique index unless
   * `buildUniqueIndex` is false (an instance where the dictionary record did not build it).
   */
  ensureColumn(table: string, column: ColumnSpec, buildUniqueIndex = true): void {
    const columns = this.columns(table);
    if (columns.has(column.name)) return;
    this.db.run(`ALTER TABLE ${quote(table)} ADD COLUMN ${quote(column.name)} TEXT COLLATE NOCASE`);
    columns.set(column.name, column);
    if (column.unique && buildUniqueIndex) this.createIndex(table, column.name, true);
  }

  /** CREATE [UNIQUE] INDEX on one column (fails, writing nothing, when existing rows collide). */
  createIndex(table: string, column: string, unique: boolean): string {
    if (!this.columns(table).has(column)) throw new Error(`unknown column ${table}.${column}`);
    const name = `${table}_${column}_${unique ? 'unique' : 'index'}`;
    this.db.run(
      `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${quote(name)} ON ${quote(table)} (${quote(column)})`,
    );
    return name;
  }

  /** DROP INDEX by name (an index listed by `indexes`). */
  dropIndex(name: string): void {
    this.db.run(`DROP INDEX IF EXISTS ${quote(name)}`);
  }

  hasTable(table: string): boolean {
    return this.tables.has(table);
  }

  columns(table: string): Map<string, ColumnSpec> {
    const columns = this.tables.get(table);
    if (!columns) throw new Error(`no table ${table}`);
    return columns;
  }

  /**
   * SELECT * with AND-ed groups of OR-ed conditions, in `order` (known columns only), then in
   * insertion order.
   */
  select(
    table: string,
    groups: Condition[][],
    limit?: number,
    order: ReadonlyArray<{ column: string; descending: boolean }> = [],
  ): Row[] {
    const known = this.columns(table);
    const params: SqlValue[] = [];
    const clauses: string[] = [];
    for (const group of groups) {
      const parts: string[] = [];
      for (const condition of group) {
        if (!known.has(condition.column))
          throw new Error(`unknown column ${table}.${condition.column}`);
        const column = quote(condition.column);
        if (condition.value === null) {
          parts.push(condition.operator === '=' ? `${column} IS NULL` : `${column} IS NOT NULL`);
        } else {
          parts.push(
            condition.operator === '=' ? `${column} = ?` : `(${column} IS NULL OR ${column} <> ?)`,
          );
          params.push(condition.value);
        }
      }
      if (parts.length > 0) clauses.push(`(${parts.join(' OR ')})`);
    }
    let sql = `SELECT * FROM ${quote(table)}`;
    if (clauses.length > 0) sql += ` WHERE ${clauses.join(' AND ')}`;
    const orderBy = order.map(({ column, descending }) => {
      if (!known.has(column)) throw new Error(`unknown column ${table}.${column}`);
      return `${quote(column)}${descending ? ' DESC' : ''}`;
    });
    sql += ` ORDER BY ${[...orderBy, 'rowid'].join(', ')}`;
    if (limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(limit);
    }
    const statement = this.db.prepare(sql);
    try {
      statement.bind(params);
      const rows: Row[] = [];
      while (statement.step()) rows.push(statement.getAsObject() as Row);
      return rows;
    } finally {
      statement.free();
    }
  }

  /** INSERT; a UNIQUE index violation throws UniqueViolation and writes nothing. */
  insert(table: string, values: Row): void {
    const known = this.columns(table);
    const names = Object.keys(values).filter((name) => known.has(name));
    const sql = `INSERT INTO ${quote(table)} (${names.map(quote).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
    try {
      this.db.run(
        sql,
        names.map((name) => values[name] ?? null),
      );
    } catch (error) {
      if (error instanceof Error && /UNIQUE constraint failed/.test(error.message)) {
        throw new UniqueViolation(error.message);
      }
      throw error;
    }
  }

  update(table: string, sysId: string, values: Row): void {
    const known = this.columns(table);
    const names = Object.keys(values).filter((name) => known.has(name) && name !== 'sys_id');
    if (names.length === 0) return;
    const sql = `UPDATE ${quote(table)} SET ${names.map((n) => `${quote(n)} = ?`).join(', ')} WHERE "sys_id" = ?`;
    try {
      this.db.run(sql, [...names.map((name) => values[name] ?? null), sysId]);
    } catch (error) {
      if (error instanceof Error && /UNIQUE constraint failed/.test(error.message)) {
        throw new UniqueViolation(error.message);
      }
      throw error;
    }
  }

  rows(table: string): Row[] {
    return this.select(table, []);
  }

  /** Index names on a table, for tests that the unique column really is indexed. */
  indexes(table: string): Array<{ name: string; unique: boolean; columns: string[] }> {
    const list = this.db.exec(`PRAGMA index_list(${quote(table)})`)[0];
    if (!list) return [];
    return list.values.map((row) => {
      const name = String(row[1]);
      const info = this.db.exec(`PRAGMA index_info(${quote(name)})`)[0];
      return {
        name,
        unique: row[2] === 1,
        columns: info ? info.values.map((r) => String(r[2])) : [],
      };
    });
  }

  close(): void {
    this.db.close();
  }
}
