/**
 * Checks on the now-sdk build output itself (servicenow/dist/app): what would be installed.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltApp } from '../../scripts/servicenow/built-app.ts';
import { buildServiceNowApp, servicenowDir } from '../../scripts/servicenow/build.ts';
import { builtAppDir } from '../../scripts/lib/paths.ts';
import { COLUMNS, PROPERTY_PREFIX } from '../../servicenow/src/server/app-names.ts';
import { startEmulatorClient } from '../helpers/emulator.ts';

const app = loadBuiltApp(builtAppDir);
const config = JSON.parse(readFileSync(join(servicenowDir, 'now.config.json'), 'utf8')) as {
  scope: string;
};
const SCOPE = config.scope;

describe('built app: scope and names', () => {
  it('is the scope of now.config.json, and every role, property and column carries it', () => {
    expect(app.scope).toBe(SCOPE);
    for (const role of app.of('sys_user_role'))
      expect(role.fields.name).toMatch(new RegExp(`^${SCOPE}\\.`));
    for (const property of app.of('sys_properties'))
      expect(property.fields.name?.startsWith(PROPERTY_PREFIX)).toBe(true);
    expect(PROPERTY_PREFIX).toBe(`${SCOPE}.`);
    for (const column of Object.values(COLUMNS)) expect(column.startsWith(`${SCOPE}_`)).toBe(true);
  });

  it('declares exactly the incident columns the handler writes, the dedup key unique', () => {
    const columns = app.of('sys_dictionary').filter((d) => d.fields.name === 'incident');
    expect(columns.map((c) => c.fields.element).sort()).toEqual(Object.values(COLUMNS).sort());
    const key = columns.find((c) => c.fields.element === COLUMNS.customCallId)!;
    expect(key.fields).toMatchObject({
      unique: 'true',
      internal_type: 'string',
      max_length: '100',
    });
    const labels = app.of('sys_documentation').map((d) => d.fields.element);
    expect(labels.sort()).toEqual(Object.values(COLUMNS).sort());
  });

  it('has the integration, PII-reader and admin roles and the documented properties', () => {
    expect(
      app
        .of('sys_user_role')
        .map((r) => r.fields.name)
        .sort(),
    ).toEqual([`${SCOPE}.admin`, `${SCOPE}.integration`, `${SCOPE}.pii_reader`].sort());
    expect(
      app
        .of('sys_properties')
        .map((p) => p.fields.name)
        .sort(),
    ).toEqual(
      [
        'default_caller_sys_id',
        'default_impact',
        'default_urgency',
        'mapping_overrides',
        'mask_on_save_all_incidents',
        'masking_detectors',
        'max_body_bytes',
        'package_fingerprint',
        'phone_regions',
      ]
        .map((n) => PROPERTY_PREFIX + n)
        .sort(),
    );
  });
});

describe('built app: security', () => {
  const aclRoles = (aclId: string) =>
    app
      .of('sys_security_acl_role')
      .filter((link) => link.fields.sys_security_acl === aclId)
      .map((link) => link.attributes.sys_user_role?.name);

  it('every route enforces the integration-role ACL itself (routes do not inherit it) and does not need snc_internal', () => {
    const operations = app.of('sys_ws_operation');
    expect(
      operations.map((o) => `${o.fields.http_method} ${o.fields.operation_uri}`).sort(),
    ).toEqual([
      `GET /api/${SCOPE}/v1/incident_bridge/incidents/{customCallId}`,
      `POST /api/${SCOPE}/v1/incident_bridge/incidents`,
    ]);
    for (const operation of operations) {
      const aclId = operation.fields.enforce_acl ?? '';
      expect(aclId).not.toBe('cf9d01d3e73003009d6247e603f6a990');
      const acl = app.byId('sys_security_acl', aclId)!;
      expect(acl.fields).toMatchObject({
        type: 'REST_Endpoint',
        operation: 'execute',
        active: 'true',
        admin_overrides: 'false',
      });
      expect(aclRoles(aclId)).toEqual([`${SCOPE}.integration`]);
      expect(operation.fields).toMatchObject({
        requires_authentication: 'true',
        requires_acl_authorization: 'true',
        requires_snc_internal_role: 'false',
      });
    }
  });

  it('the customer address is readable only with the PII-reader role', () => {
    const read = app
      .of('sys_security_acl')
      .find(
        (a) =>
          a.fields.name === `incident.${COLUMNS.customerAddress}` && a.fields.operation === 'read',
      )!;
    expect(read.fields.admin_overrides).toBe('false');
    expect(aclRoles(read.fields.sys_id!)).toEqual([`${SCOPE}.pii_reader`]);
  });
});

describe('built app: what a hardened instance needs', () => {
  it('ships allowed cross-scope privileges for exactly what its scripts do to global tables', () => {
    const privileges = app.of('sys_scope_privilege').map((p) => p.fields);
    expect(privileges.map((p) => `${p.target_name} ${p.operation}`).sort()).toEqual([
      'incident create',
      'incident read',
      'incident write',
      'sys_user read',
    ]);
    for (const privilege of privileges) {
      expect(privilege).toMatchObject({
        status: 'allowed',
        target_scope: 'global',
        target_type: 'sys_db_object',
        source_scope: app.scopeId,
      });
    }
  });

  it('keeps the unmasked customer address out of audit history (no_audit on the column)', () => {
    const file = join(
      builtAppDir,
      'update',
      `sys_dictionary_incident_${COLUMNS.customerAddress}.xml`,
    );
    const xml = readFileSync(file, 'utf8');
    expect(xml).toMatch(/<attributes>no_audit=true<\/attributes>/);
    // the other columns hold no personal data and stay audited
    const key = readFileSync(
      join(builtAppDir, 'update', `sys_dictionary_incident_${COLUMNS.customCallId}.xml`),
      'utf8',
    );
    expect(key).not.toMatch(/no_audit/);
  });

  it('masks on save with a before insert/update business rule on incident calling the module', () => {
    const rules = app.of('sys_script');
    expect(rules).toHaveLength(1);
    const rule = rules[0]!.fields;
    expect(rule).toMatchObject({
      collection: 'incident',
      when: 'before',
      action_insert: 'true',
      action_update: 'true',
      action_delete: 'false',
      action_query: 'false',
      active: 'true',
    });
    expect(rule.script).toMatch(
      /require\('[^']+\/src\/server\/mask-on-save\.ts'\);\s*maskIncidentOnSave\(current, previous\);/,
    );
  });
});

describe('built app: leaves foreign tables (incident) alone', () => {
  const files = (sub: string) =>
    existsSync(join(builtAppDir, sub))
      ? readdirSync(join(builtAppDir, sub)).filter((f) => f.endsWith('.xml'))
      : [];

  it('ships no bootstrap dictionary/<table>.xml for a table outside the scope', () => {
    expect(files('dictionary').filter((f) => !f.startsWith(`${SCOPE}_`))).toEqual([]);
  });

  it('ships no sys_db_object, no collection record and no delete for a foreign table', () => {
    for (const record of app.records) {
      if (record.table === 'sys_db_object')
        expect(record.fields.name?.startsWith(`${SCOPE}_`), record.file).toBe(true);
      if (record.table === 'sys_dictionary' && !record.fields.name?.startsWith(`${SCOPE}_`)) {
        expect(record.fields.element, `${record.file}: collection record`).not.toBe('');
        expect(
          record.fields.element?.startsWith(`${SCOPE}_`),
          `${record.file}: column not scope-prefixed`,
        ).toBe(true);
      }
    }
    for (const sub of ['update', 'unload', 'unload.demo', 'author_elective_update']) {
      for (const file of files(sub))
        expect(readFileSync(join(builtAppDir, sub, file), 'utf8'), file).not.toMatch(
          /action="DELETE"/,
        );
    }
  });
});

describe('the dedup query uses the real column name', () => {
  it('a misspelled column in the built code breaks dedup in the emulator (so this suite would catch it)', async () => {
    const namesModule = /\/src\/server\/app-names\.ts$/;
    const client = await startEmulatorClient({
      transformModule: (path, content) =>
        namesModule.test(path)
          ? content.replace(`'${COLUMNS.customCallId}'`, `'${SCOPE}_custom_callid'`)
          : content,
    });
    try {
      const request = { customCallId: 'misspelled-1', channel: 'voice', shortDescription: 'x' };
      const first = await client.post(request);
      const second = await client.post(request);
      // the platform ignores the unknown column in addQuery and setValue: two incidents, no dedup
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(client.incidents()).toHaveLength(2);
    } finally {
      await client.close();
    }
  });
});

describe('now-sdk build is deterministic', () => {
  const digest = (dir: string) => {
    const hash = createHash('sha256');
    // record folders only: `now-sdk install` (pack) also drops package_inventory.csv into dist/app
    const folders = readdirSync(dir, { withFileTypes: true }).filter((entry) =>
      entry.isDirectory(),
    );
    for (const sub of folders.map((entry) => entry.name).sort()) {
      for (const file of readdirSync(join(dir, sub)).sort()) {
        const text = readFileSync(join(dir, sub, file), 'utf8');
        if (text.includes('bom.json')) continue; // the SBOM carries a random serial and a timestamp
        hash.update(`${sub}/${file}\n${text}\n`);
      }
    }
    return hash.digest('hex');
  };

  it(
    'a fresh build of a copy gives the same output, and keys.ts is committed up to date',
    { timeout: 180_000 },
    () => {
      const copy = mkdtempSync(join(servicenowDir, '.build-check-'));
      try {
        for (const entry of ['now.config.json', 'package.json', 'src'])
          cpSync(join(servicenowDir, entry), join(copy, entry), { recursive: true });
        rmSync(join(copy, 'src', 'fluent', 'generated'), { recursive: true, force: true });
        cpSync(
          join(servicenowDir, 'src', 'fluent', 'generated'),
          join(copy, 'src', 'fluent', 'generated'),
          { recursive: true },
        );
        buildServiceNowApp({ projectDir: copy, frozenKeys: true });
        expect(digest(join(copy, 'dist', 'app'))).toBe(digest(builtAppDir));
        expect(readFileSync(join(copy, 'src/fluent/generated/keys.ts'), 'utf8')).toBe(
          readFileSync(join(servicenowDir, 'src/fluent/generated/keys.ts'), 'utf8'),
        );
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    },
  );
});
