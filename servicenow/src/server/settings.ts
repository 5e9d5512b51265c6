/**
 * The app's column names and its operator settings, read from system properties and checked
 * on every request (properties can change at any time). A bad property value is reported by
 * name; it never silently falls back to something else.
 */
import { gs } from '@servicenow/glide';
import { resolveMappingConfig, type MappingConfig } from './core/mapping.ts';
import { DETECTOR_NAMES, validateRegions, type DetectorName } from './core/mask.ts';
import { PROPERTY_PREFIX } from './app-names.ts';

export interface Settings {
  maxBodyBytes: number;
  defaultCallerSysId: string | undefined;
  mapping: MappingConfig;
}

/** Hard ceiling whatever the property says: the platform's own request limit is of this order. */
const MAX_BODY_CEILING = 10 * 1024 * 1024;

function property(name: string, fallback: string): string {
  const value = gs.getProperty(PROPERTY_PREFIX + name, fallback);
  return value === null || value === undefined ? fallback : String(value).trim();
}

function integerProperty(
  name: string,
  fallback: string,
  min: number,
  max: number,
  problems: string[],
): number {
  const text = property(name, fallback);
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || value < min || value > max) {
    problems.push(`${PROPERTY_PREFIX}${name} must be an integer from ${min} to ${max}`);
    return Number(fallback);
  }
  return value;
}

/** Reads and validates every setting; returns the list of problems when any is wrong. */
export function loadSettings(): Settings | string[] {
  const problems: string[] = [];
  const maxBodyBytes = integerProperty(
    'max_body_bytes',
    '1048576',
    1024,
    MAX_BODY_CEILING,
    problems,
  );
  const defaultUrgency = integerProperty('default_urgency', '3', 1, 3, problems);
  const defaultImpact = integerProperty('default_impact', '3', 1, 3, problems);

  const caller = property('default_caller_sys_id', '');
  if (caller !== '' && !/^[0-9a-f]{32}$/.test(caller)) {
    problems.push(`${PROPERTY_PREFIX}default_caller_sys_id must be empty or a 32-character sys_id`);
  }

  const detectors: Partial<Record<DetectorName, boolean>> = {};
  const wanted = property('masking_detectors', DETECTOR_NAMES.join(','))
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of DETECTOR_NAMES) detectors[name] = wanted.indexOf(name) >= 0;
  for (const name of wanted) {
    if ((DETECTOR_NAMES as readonly string[]).indexOf(name) < 0) {
      problems.push(
        `${PROPERTY_PREFIX}masking_detectors: lists an unknown detector (known: ${DETECTOR_NAMES.join(', ')})`,
      );
    }
  }

  // phone_regions: "NL, de" → ["NL", "DE"]; an unknown code is reported, never ignored
  const regions = property('phone_regions', '')
    .split(',')
    .map((code) => code.trim().toUpperCase())
    .filter((code) => code !== '');
  for (const error of validateRegions(regions, ''))
    problems.push(`${PROPERTY_PREFIX}phone_regions: item ${error.path.slice(1)} ${error.message}`);

  let overrides: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(property('mapping_overrides', '{}') || '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    overrides = parsed as Record<string, unknown>;
  } catch (e) {
    problems.push(`${PROPERTY_PREFIX}mapping_overrides must be a JSON object`);
  }
  for (const owned of ['defaultUrgency', 'defaultImpact']) {
    if (owned in overrides)
      problems.push(`${PROPERTY_PREFIX}mapping_overrides: set ${owned} with its own property`);
  }
  const masking = overrides.masking;
  const maskingOverrides =
    typeof masking === 'object' && masking !== null ? (masking as Record<string, unknown>) : {};
  if ('regions' in maskingOverrides) {
    problems.push(
      `${PROPERTY_PREFIX}mapping_overrides: set phone regions with ${PROPERTY_PREFIX}phone_regions`,
    );
  }
  if ('detectors' in maskingOverrides) {
    problems.push(
      `${PROPERTY_PREFIX}mapping_overrides: set masking detectors with ${PROPERTY_PREFIX}masking_detectors`,
    );
  }
  const { config, errors } = resolveMappingConfig({
    ...overrides,
    defaultUrgency,
    defaultImpact,
    masking: { ...maskingOverrides, detectors, regions },
  });
  for (const error of errors)
    problems.push(`${PROPERTY_PREFIX}mapping_overrides${error.path}: ${error.message}`);
  if (problems.length > 0) return problems;
  return { maxBodyBytes, defaultCallerSysId: caller === '' ? undefined : caller, mapping: config };
}
