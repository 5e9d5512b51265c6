/**
 * The platform tables the app reads and writes (incident, sys_user) with the columns that
 * matter here, and the columns an installed app adds through its sys_dictionary records.
 */
import type { BuiltApp } from '../../servicenow/built-app.ts';
import type { ColumnSpec, EmulatorDatabase, TableSpec } from './database.ts';

const INCIDENT_COLUMNS: ColumnSpec[] = [
  { name: 'sys_id', type: 'string', maxLength: 32 },
  { name: 'number', type: 'string', maxLength: 40, unique: true },
  { name: 'short_description', type: 'string', maxLength: 160 },
  { name: 'description', type: 'string', maxLength: 4000 },
  // journal inputs: a write holds the entry being added (the platform keeps the journal in
  // sys_journal_field; the emulator keeps the latest entry) ASSUMED(journal-before-rule)
  { name: 'work_notes', type: 'string', maxLength: 4000 },
  { name: 'comments', type: 'string', maxLength: 4000 },
  { name: 'contact_type', type: 'string', maxLength: 40 },
  { name: 'urgency', type: 'integer' },
  { name: 'impact', type: 'integer' },
  { name: 'priority', type: 'integer' },
  { name: 'state', type: 'integer' },
  { name: 'active', type: 'boolean' },
  { name: 'category', type: 'string', maxLength: 40 },
  { name: 'subcategory', type: 'string', maxLength: 40 },
  { name: 'caller_id', type: 'reference', maxLength: 32 },
  { name: 'opened_at', type: 'glide_date_time' },
  { name: 'sys_created_on', type: 'glide_date_time' },
  { name: 'sys_updated_on', type: 'glide_date_time' },
  { name: 'sys_created_by', type: 'string', maxLength: 40 },
];

const SYS_USER_COLUMNS: ColumnSpec[] = [
  { name: 'sys_id', type: 'string', maxLength: 32 },
  { name: 'user_name', type: 'string', maxLength: 40, unique: true },
  { name: 'first_name', type: 'string', maxLength: 50 },
  { name: 'last_name', type: 'string', maxLength: 50 },
  { name: 'phone', type: 'string', maxLength: 40 },
  { name: 'mobile_phone', type: 'string', maxLength: 40 },
  { name: 'active', type: 'boolean' },
  { name: 'sys_created_on', type: 'glide_date_time' },
  { name: 'sys_updated_on', type: 'glide_date_time' },
  { name: 'sys_created_by', type: 'string', maxLength: 40 },
];

export const PLATFORM_TABLES: TableSpec[] = [
  { name: 'incident', columns: INCIDENT_COLUMNS },
  { name: 'sys_user', columns: SYS_USER_COLUMNS },
];

/**
 * Adds the columns an app declares through its sys_dictionary records, with real unique indexes
 * unless `buildUniqueIndexes` is false: nothing documents that installing a dictionary record
 * with unique=true builds the index (the UI checkbox does). ASSUMED(dictionary-unique-index)
 */
export function addAppColumns(
  db: EmulatorDatabase,
  app: BuiltApp,
  buildUniqueIndexes = true,
): void {
  for (const record of app.of('sys_dictionary')) {
    const { name, element, internal_type: type, max_length: maxLength, unique } = record.fields;
    if (!name || !element || !db.hasTable(name)) continue;
    db.ensureColumn(
      name,
      {
        name: element,
        type: (type as ColumnSpec['type']) ?? 'string',
        maxLength: maxLength ? Number(maxLength) : undefined,
        unique: unique === 'true',
      },
      buildUniqueIndexes,
    );
  }
}
