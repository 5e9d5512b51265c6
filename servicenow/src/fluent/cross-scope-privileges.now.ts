import { CrossScopePrivilege } from '@servicenow/sdk/core';

// What this app's scripts do to tables of the global scope. Under "Enforcing" runtime access
// tracking, or with GlideRecord scope fencing hardened (Security Center), an operation without
// an allowed sys_scope_privilege record is refused, and no request is recorded after install
// for an admin to approve: the insert would fail as a 500. A privilege never grants more than
// the target table's own application-access settings ("Can read/create/update"); `doctor`
// checks those too.

/** The REST handler looks up the incident of a customCallId (dedup) and reads its number. */
export const incidentRead = CrossScopePrivilege({
  $id: Now.ID['csp_incident_read'],
  status: 'allowed',
  targetScope: 'global',
  targetType: 'sys_db_object',
  targetName: 'incident',
  operation: 'read',
});

/** The REST handler inserts the incident. */
export const incidentCreate = CrossScopePrivilege({
  $id: Now.ID['csp_incident_create'],
  status: 'allowed',
  targetScope: 'global',
  targetType: 'sys_db_object',
  targetName: 'incident',
  operation: 'create',
});

/** The mask-on-save business rule rewrites description, work notes and comments of incidents. */
export const incidentWrite = CrossScopePrivilege({
  $id: Now.ID['csp_incident_write'],
  status: 'allowed',
  targetScope: 'global',
  targetType: 'sys_db_object',
  targetName: 'incident',
  operation: 'write',
});

/** The caller lookup reads active users by phone / mobile phone. */
export const sysUserRead = CrossScopePrivilege({
  $id: Now.ID['csp_sys_user_read'],
  status: 'allowed',
  targetScope: 'global',
  targetType: 'sys_db_object',
  targetName: 'sys_user',
  operation: 'read',
});
