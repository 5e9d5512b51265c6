/** Settings as code: which property each setting of incident-bridge.yaml becomes. */
import { describe, expect, it } from 'vitest';
import { loadBuiltApp, type BuiltApp } from '../../../scripts/servicenow/built-app.ts';
import {
  canonicalJson,
  desiredSettings,
  sameSetting,
} from '../../../scripts/servicenow/app-settings.ts';
import { builtAppDir } from '../../../scripts/lib/paths.ts';

const app = loadBuiltApp(builtAppDir);
const value = (settings: ReturnType<typeof desiredSettings>, suffix: string) =>
  settings.properties.find((p) => p.name === `x_ibr_incbridge.${suffix}`);

/** The built app without one property (an older build, or a setting nothing declares). */
function withoutProperty(source: BuiltApp, name: string): BuiltApp {
  const records = source.records.filter(
    (r) => !(r.table === 'sys_properties' && r.fields.name === name),
  );
  return { ...source, records, of: (t) => records.filter((r) => r.table === t) };
}

describe('desiredSettings', () => {
  it('splits mapping into mapping_overrides and the properties that own urgency, impact and detectors', () => {
    const settings = desiredSettings(
      app,
      {
        shortDescriptionPrefix: '[G] ',
        defaultUrgency: 1,
        defaultImpact: 2,
        masking: { detectors: { ssn: false, iban: false }, extraPatterns: [] },
      },
      { maxBodyBytes: 2048, phoneRegions: ['NL', 'DE'], maskOnSaveAllIncidents: true },
      'environments.dev',
    );
    expect(settings.problems).toEqual([]);
    expect(value(settings, 'mapping_overrides')?.value).toBe(
      '{"masking":{"extraPatterns":[]},"shortDescriptionPrefix":"[G] "}',
    );
    expect(value(settings, 'default_urgency')?.value).toBe('1');
    expect(value(settings, 'default_impact')?.value).toBe('2');
    expect(value(settings, 'masking_detectors')?.value).toBe('phone,email,card');
    expect(value(settings, 'max_body_bytes')).toEqual({
      name: 'x_ibr_incbridge.max_body_bytes',
      value: '2048',
      source: 'environments.dev.servicenow.settings.maxBodyBytes',
    });
    expect(value(settings, 'phone_regions')?.value).toBe('NL,DE');
    expect(value(settings, 'mask_on_save_all_incidents')?.value).toBe('true');
  });

  it("omitted settings get the built app's defaults, so the instance always matches the file", () => {
    const settings = desiredSettings(app, undefined, undefined, 'environments.dev');
    // no mapping block means no overrides: written as {} (the file is the truth)
    expect(value(settings, 'mapping_overrides')).toMatchObject({
      value: '{}',
      source: 'environments.dev.mapping',
    });
    expect(value(settings, 'max_body_bytes')).toMatchObject({
      value: '1048576',
      source: 'default',
    });
    expect(value(settings, 'mask_on_save_all_incidents')?.value).toBe('false');
    // never written from config: the fingerprint is deploy's own
    expect(value(settings, 'package_fingerprint')).toBeUndefined();
  });

  it('a setting the built app has no property for is a problem naming the setting, not a no-op', () => {
    const older = withoutProperty(app, 'x_ibr_incbridge.phone_regions');
    const settings = desiredSettings(
      older,
      undefined,
      { phoneRegions: ['NL'] },
      'environments.prod',
    );
    expect(settings.problems).toEqual([
      'environments.prod.servicenow.settings.phoneRegions: the built app declares no property x_ibr_incbridge.phone_regions, so nothing would deploy this setting (update the app, or remove the setting)',
    ]);
    // left out, nothing to compare: no problem
    expect(desiredSettings(older, undefined, undefined, 'x').problems).toEqual([]);
  });

  it('a phone region without a numbering plan is refused before anything is deployed', () => {
    const settings = desiredSettings(
      app,
      undefined,
      { phoneRegions: ['NL', 'XX'] },
      'environments.dev',
    );
    expect(settings.problems).toEqual([
      'environments.dev.servicenow.settings.phoneRegions.1: is not a region code with a numbering plan (ISO 3166 alpha-2, upper case, e.g. "NL")',
    ]);
  });

  it('compares mapping_overrides as JSON, other properties as text', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,{"e":3,"f":2}]},"b":1}',
    );
    expect(
      sameSetting('x_ibr_incbridge.mapping_overrides', '{ "b": 1, "a": 2 }', '{"a":2,"b":1}'),
    ).toBe(true);
    expect(sameSetting('x_ibr_incbridge.mapping_overrides', '', '{}')).toBe(true);
    expect(sameSetting('x_ibr_incbridge.max_body_bytes', '1024 ', '1024')).toBe(false);
  });
});
