import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGenesysArtifacts } from '../../genesys/index.ts';
import { generateGenesysFiles } from '../../scripts/lib/generated-files.ts';
import { repoRoot } from '../../scripts/lib/paths.ts';

function keysSortedEverywhere(value: unknown, path = '$'): string[] {
  if (Array.isArray(value))
    return value.flatMap((v, i) => keysSortedEverywhere(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const keys = Object.keys(value);
  const unsorted = keys.join() === [...keys].sort().join() ? [] : [path];
  return [
    ...unsorted,
    ...Object.entries(value).flatMap(([k, v]) => keysSortedEverywhere(v, `${path}.${k}`)),
  ];
}

describe('buildGenesysArtifacts', () => {
  it('is deterministic: same config, same bytes; no timestamps or random ids', () => {
    const a = JSON.stringify(buildGenesysArtifacts());
    const b = JSON.stringify(buildGenesysArtifacts());
    expect(a).toBe(b);
    expect(a).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);
  });

  it('sorts object keys in the action JSON and the Terraform module', () => {
    const { actions, terraform } = buildGenesysArtifacts();
    expect(keysSortedEverywhere(actions)).toEqual([]);
    expect(keysSortedEverywhere(terraform)).toEqual([]);
  });

  it('rejects an invalid configuration before building anything', () => {
    expect(() => buildGenesysArtifacts({ timeoutSeconds: 90 })).toThrow(/timeoutSeconds/);
  });
});

describe('genesys/generated', () => {
  it('holds the eight artifacts, each as `npm run generate` writes it', async () => {
    const files = await generateGenesysFiles();
    expect(files.map((f) => f.path).sort()).toEqual([
      'genesys/generated/conversation-end-trigger.json',
      'genesys/generated/conversation-end-workflow.yaml',
      'genesys/generated/create-incident-module.yaml',
      'genesys/generated/create-incident.action.json',
      'genesys/generated/get-incident.action.json',
      'genesys/generated/inbound-call-flow.yaml',
      'genesys/generated/inbound-message-flow.yaml',
      'genesys/generated/incident-bridge-actions.tf.json',
    ]);
    for (const file of files)
      expect(readFileSync(repoRoot + file.path, 'utf8'), file.path).toBe(file.content);
  });

  it('the committed actions are the default build', () => {
    const { actions } = buildGenesysArtifacts();
    const read = (name: string) =>
      JSON.parse(readFileSync(repoRoot + 'genesys/generated/' + name, 'utf8'));
    expect(read('create-incident.action.json')).toEqual(actions.createIncident);
    expect(read('get-incident.action.json')).toEqual(actions.getIncident);
  });
});

describe('authentication', () => {
  it('basic: no Authorization header (Genesys adds it from the integration credentials)', () => {
    const { actions } = buildGenesysArtifacts();
    for (const action of [actions.createIncident, actions.getIncident]) {
      expect(Object.keys(action.config.request?.headers ?? {})).not.toContain('Authorization');
    }
  });

  it('oauth: both actions send the bearer token of the integration auth action, also in the Terraform export', () => {
    const { actions, terraform } = buildGenesysArtifacts({ authentication: 'oauth' });
    for (const action of [actions.createIncident, actions.getIncident]) {
      expect(action.config.request?.headers?.Authorization).toBe(
        'Bearer ${authResponse.access_token}',
      );
    }
    // Terraform would interpolate ${…}: the export escapes it as $${…}
    expect(JSON.stringify(terraform)).toContain('Bearer $${authResponse.access_token}');
  });

  it('refuses anything else', () => {
    expect(() => buildGenesysArtifacts({ authentication: 'digest' as never })).toThrow(
      /authentication: must be basic or oauth/,
    );
  });
});
