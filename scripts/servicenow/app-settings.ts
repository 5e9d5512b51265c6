/**
 * Settings as code: the app's system properties that incident-bridge.yaml sets, computed from
 * one environment's `mapping` block and `servicenow.settings`. Every managed property gets a
 * value (the app's built default when the file leaves it out), so the instance always matches
 * the file; a setting the built app has no property for is an error, never a silent no-op.
 */
import type { BuiltApp } from './built-app.ts';
import { PROPERTY_PREFIX } from '../../servicenow/src/server/app-names.ts';
import { DETECTOR_NAMES, validateRegions } from '../../servicenow/src/server/core/mask.ts';
import type { ServicenowSettings } from '../../schemas/generated/deploy-config.ts';

export interface DesiredProperty {
  /** Full property name, e.g. x_ibr_incbridge.mapping_overrides. */
  name: string;
  value: string;
  /** Where the value comes from in incident-bridge.yaml ("default" when the file omits it). */
  source: string;
}

export interface DesiredSettings {
  properties: DesiredProperty[];
  /** Settings that nothing would deploy, each naming the setting and why. */
  problems: string[];
}

/** JSON with object keys sorted: equal settings give equal text, whatever the order in YAML. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .map(
        (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
      );
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The properties deploy writes for this environment. */
export function desiredSettings(
  app: BuiltApp,
  mapping: Record<string, unknown> | undefined,
  settings: ServicenowSettings | undefined,
  base: string,
): DesiredSettings {
  const declared = new Map(
    app.of('sys_properties').map((p) => [p.fields.name ?? '', p.fields.value ?? '']),
  );
  const properties: DesiredProperty[] = [];
  const problems: string[] = [];
  const want = (suffix: string, configured: string | undefined, source: string) => {
    const name = PROPERTY_PREFIX + suffix;
    if (!declared.has(name)) {
      if (configured !== undefined)
        problems.push(
          `${source}: the built app declares no property ${name}, so nothing would deploy this setting (update the app, or remove the setting)`,
        );
      return;
    }
    properties.push(
      configured === undefined
        ? { name, value: declared.get(name) ?? '', source: 'default' }
        : { name, value: configured, source },
    );
  };

  const { defaultUrgency, defaultImpact, masking, ...overrides } = mapping ?? {};
  const maskingOptions =
    masking && typeof masking === 'object'
      ? { ...(masking as Record<string, unknown>) }
      : undefined;
  const detectors = maskingOptions?.detectors as Record<string, boolean> | undefined;
  if (maskingOptions) delete maskingOptions.detectors;
  if (maskingOptions && Object.keys(maskingOptions).length > 0) overrides.masking = maskingOptions;

  want('mapping_overrides', canonicalJson(overrides), `${base}.mapping`);
  want(
    'default_urgency',
    defaultUrgency === undefined ? undefined : String(defaultUrgency),
    `${base}.mapping.defaultUrgency`,
  );
  want(
    'default_impact',
    defaultImpact === undefined ? undefined : String(defaultImpact),
    `${base}.mapping.defaultImpact`,
  );
  want(
    'masking_detectors',
    detectors === undefined
      ? undefined
      : DETECTOR_NAMES.filter((name) => detectors[name] !== false).join(','),
    `${base}.mapping.masking.detectors`,
  );
  const at = `${base}.servicenow.settings`;
  want(
    'max_body_bytes',
    settings?.maxBodyBytes === undefined ? undefined : String(settings.maxBodyBytes),
    `${at}.maxBodyBytes`,
  );
  want('default_caller_sys_id', settings?.defaultCallerSysId, `${at}.defaultCallerSysId`);
  // the endpoint refuses an unknown region at run time (a 500): refuse it here instead
  for (const error of settings?.phoneRegions ? validateRegions(settings.phoneRegions, '') : [])
    problems.push(`${at}.phoneRegions${error.path.replace(/\//g, '.')}: ${error.message}`);
  want('phone_regions', settings?.phoneRegions?.join(','), `${at}.phoneRegions`);
  want(
    'mask_on_save_all_incidents',
    settings?.maskOnSaveAllIncidents === undefined
      ? undefined
      : String(settings.maskOnSaveAllIncidents),
    `${at}.maskOnSaveAllIncidents`,
  );
  return { properties, problems };
}

/** The instance's value and the desired one mean the same (JSON compared canonically). */
export function sameSetting(name: string, current: string, desired: string): boolean {
  if (current === desired) return true;
  if (!name.endsWith('mapping_overrides')) return false;
  try {
    return canonicalJson(JSON.parse(current || '{}')) === canonicalJson(JSON.parse(desired));
  } catch {
    return false;
  }
}
