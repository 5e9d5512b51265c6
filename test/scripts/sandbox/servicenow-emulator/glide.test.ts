/** The Glide shim keeps the platform semantics the app's correctness depends on. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmulatorDatabase } from '../../../../scripts/sandbox/servicenow-emulator/database.ts';
import {
  createGlide,
  type LogLine,
  type RequestStats,
} from '../../../../scripts/sandbox/servicenow-emulator/glide.ts';

let db: EmulatorDatabase;
let stats: RequestStats;
let glide: ReturnType<typeof createGlide>;

beforeAll(async () => {
  db = await EmulatorDatabase.create([
    {
      name: 'incident',
      columns: [
        { name: 'sys_id', type: 'string' },
        { name: 'number', type: 'string', unique: true },
        { name: 'short_description', type: 'string', maxLength: 10 },
        { name: 'urgency', type: 'integer' },
        { name: 'impact', type: 'integer' },
        { name: 'priority', type: 'integer' },
        { name: 'state', type: 'integer' },
        { name: 'active', type: 'boolean' },
        { name: 'opened_at', type: 'glide_date_time' },
        { name: 'sys_created_on', type: 'glide_date_time' },
        { name: 'sys_updated_on', type: 'glide_date_time' },
        { name: 'sys_created_by', type: 'string' },
        { name: 'x_key', type: 'string', unique: true },
      ],
    },
  ]);
  stats = { dbReads: 0, dbWrites: 0, logs: [] };
  let n = 0;
  glide = createGlide({
    db,
    property: (name) => (name === 'known' ? 'value' : undefined),
    stats,
    log: (line: LogLine) => stats.logs.push(line),
    userName: 'tester',
    beforeInsert: () => undefined,
    nextNumber: () => `INC${String(++n).padStart(7, '0')}`,
    now: () => new Date('2026-11-20T09:00:00Z'),
  });
  for (const key of ['a', 'b', 'c']) {
    const record = new glide.GlideRecord('incident');
    record.initialize();
    record.setValue('x_key', key);
    record.insert();
  }
});
afterAll(() => db.close());

function keysOf(record: InstanceType<typeof glide.GlideRecord>): Array<string | null> {
  const keys: Array<string | null> = [];
  while (record.next()) keys.push(record.getValue('x_key'));
  return keys;
}

describe('GlideRecord shim', () => {
  it('queries a column by value', () => {
    const record = new glide.GlideRecord('incident');
    record.addQuery('x_key', 'b');
    record.query();
    expect(keysOf(record)).toEqual(['b']);
  });

  it('silently ignores an unknown field in addQuery, returning every row (as the platform does)', () => {
    const record = new glide.GlideRecord('incident');
    record.addQuery('x_kye', 'b');
    record.query();
    expect(keysOf(record)).toEqual(['a', 'b', 'c']);
  });

  it('ORs conditions added with addOrCondition, ignoring unknown fields there too', () => {
    const record = new glide.GlideRecord('incident');
    record.addQuery('x_key', 'a').addOrCondition('x_key', 'c').addOrCondition('nope', 'b');
    record.query();
    expect(keysOf(record)).toEqual(['a', 'c']);
  });

  it('honours setLimit', () => {
    const record = new glide.GlideRecord('incident');
    record.setLimit(2);
    record.query();
    expect(keysOf(record)).toHaveLength(2);
  });

  it('getValue returns strings or null (empty, unset or unknown fields)', () => {
    const record = new glide.GlideRecord('incident');
    record.addQuery('x_key', 'a');
    record.query();
    record.next();
    expect(record.getValue('urgency')).toBe('3');
    expect(record.getValue('short_description')).toBeNull();
    expect(record.getValue('no_such_field')).toBeNull();
    expect(record.getValue('active')).toBe('1');
    expect(record.getUniqueValue()).toMatch(/^[0-9a-f]{32}$/);
  });

  it('insert returns null on a unique violation and writes nothing', () => {
    const before = db.rows('incident').length;
    const record = new glide.GlideRecord('incident');
    record.initialize();
    record.setValue('x_key', 'a');
    expect(record.insert()).toBeNull();
    expect(db.rows('incident')).toHaveLength(before);
    expect(stats.logs.at(-1)?.message).toMatch(/Unique Key violation/);
  });

  it('drops unknown fields on setValue and cuts strings to the column length', () => {
    const record = new glide.GlideRecord('incident');
    record.initialize();
    record.setValue('x_key', 'd');
    record.setValue('bogus', 'x');
    record.setValue('short_description', 'a very long text');
    const sysId = record.insert();
    expect(sysId).toMatch(/^[0-9a-f]{32}$/);
    const row = db.rows('incident').find((r) => r.sys_id === sysId)!;
    expect(row.short_description).toBe('a very lon');
    expect(row).not.toHaveProperty('bogus');
    expect(row.number).toMatch(/^INC\d{7}$/);
    expect(row.priority).toBe('5');
  });

  it('counts reads and writes', () => {
    const reads = stats.dbReads;
    const writes = stats.dbWrites;
    const record = new glide.GlideRecord('incident');
    record.query();
    record.get('x_key', 'a');
    record.initialize();
    record.setValue('x_key', 'e');
    record.insert();
    expect(stats.dbReads - reads).toBe(2);
    expect(stats.dbWrites - writes).toBe(1);
  });

  it('refuses unknown tables', () => {
    expect(() => new glide.GlideRecord('no_table')).toThrow(/invalid table/);
  });

  it('gs.getProperty falls back to the default', () => {
    expect(glide.gs.getProperty('known', 'x')).toBe('value');
    expect(glide.gs.getProperty('unknown', 'x')).toBe('x');
    expect(glide.gs.getProperty('unknown')).toBeUndefined();
  });

  it('the unique column is backed by a real unique index', () => {
    const unique = db.indexes('incident').filter((index) => index.unique);
    expect(unique.map((index) => index.columns)).toEqual(
      expect.arrayContaining([['x_key'], ['number']]),
    );
  });
});
