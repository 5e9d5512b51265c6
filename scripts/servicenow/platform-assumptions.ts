/**
 * The one list of ServiceNow behaviour that deploy:servicenow, doctor and the emulator rely on
 * without having seen it on a real instance. Code that depends on one says `ASSUMED(<id>)`;
 * the README's "Unverified platform behaviour" table lists every id, and a test keeps the three
 * in step. Verify each on a throw-away developer instance before trusting it in production.
 */
export interface PlatformAssumption {
  id: string;
  /** What we assume the platform does. */
  behaviour: string;
  /** How to check it on an instance. */
  verify: string;
}

export const PLATFORM_ASSUMPTIONS: readonly PlatformAssumption[] = [
  {
    id: 'dictionary-unique-index',
    behaviour:
      'Installing a sys_dictionary record with unique=true may NOT build the database index (only the UI checkbox and the Index creator are documented to); deploy and doctor therefore check it.',
    verify:
      'after the first install, System Definition > Tables > incident > Database Indexes lists one on x_ibr_incbridge_custom_call_id marked unique',
  },
  {
    id: 'sys-index-table',
    behaviour:
      'Indexes are readable through the Table API as sys_index rows with the table name in `table`, the indexed columns in `fields` (comma-separated) and `unique` true/false.',
    verify:
      'GET /api/now/table/sys_index?table=incident as admin and compare with the Database Indexes list',
  },
  {
    id: 'password-display-value',
    behaviour:
      'A user_password written through the Table API is hashed only with sysparm_input_display_value=true; without it the account cannot log in with that password.',
    verify: 'create a user both ways and log in with Basic auth',
  },
  {
    id: 'login-probe',
    behaviour:
      'A Table API call with wrong Basic credentials answers 401; with right credentials but no read access it answers 403 (so a 403 proves the password).',
    verify:
      'GET /api/now/table/sys_user?sysparm_limit=1 as the integration user with the right and a wrong password',
  },
  {
    id: 'unique-insert-error',
    behaviour:
      'A Table API insert refused by the database (duplicate unique key) answers 403 {"error":{"message":"Operation Failed",…}}.',
    verify: 'POST a sys_user with an existing user_name',
  },
  {
    id: 'table-access-defaults',
    behaviour:
      "Out of the box incident is accessible from all application scopes with Can read/create/update on; sys_user with Can read on; these are sys_db_object's access, read_access, create_access and update_access fields.",
    verify: 'GET /api/now/table/sys_db_object?name=incident as admin on a fresh instance',
  },
  {
    id: 'cross-scope-enforcement',
    behaviour:
      "Under runtime access 'Enforcing' a scoped script's GlideRecord insert without an allowed sys_scope_privilege returns null and getLastErrorMessage() says 'Security restricted: …'; the emulator's wording is ours.",
    verify:
      'set the app to Enforcing, delete the incident create privilege, POST to the endpoint and read the system log',
  },
  {
    id: 'case-insensitive-db',
    behaviour:
      'The instance database compares and indexes strings case-insensitively (MySQL/MariaDB default collation), so customCallId ABC-1 and abc-1 collide; the handler treats them as one conversation.',
    verify: 'POST ABC-1 then abc-1: the second answers 200 created:false with the same incident',
  },
  {
    id: 'journal-before-rule',
    behaviour:
      'In a before business rule, getValue/setValue on work_notes and comments read and replace only the entry being added; the emulator stores the latest entry in a plain column.',
    verify: 'add a work note with a card number to a bridge incident and read its activity stream',
  },
];
