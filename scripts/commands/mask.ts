/**
 * `incident-bridge mask`: standard input → masked text on standard output. `--json` prints
 * {text, counts, truncated}; counts say how many values of each type were masked, never which.
 */
import {
  DEFAULT_MAX_MASK_LENGTH,
  DETECTOR_NAMES,
  maskText,
  validateRegions,
  type DetectorName,
  type MaskOptions,
} from '../../servicenow/src/server/core/mask.ts';
import { EXIT_OK, InputError } from '../lib/errors.ts';
import { writeLine, type Io } from '../lib/io.ts';
import { diagnostic } from '../lib/report.ts';
import { readInput } from '../lib/read-input.ts';

export interface MaskCommandOptions {
  json?: boolean;
  /** Detectors to switch off, e.g. ["phone"]. */
  disable?: string[];
  maxLength?: number;
  /** Regions whose national phone plans apply, e.g. ["NL", "ES"] (as the phone_regions property). */
  regions?: string[];
}

export function maskOptionsFrom(options: MaskCommandOptions): MaskOptions {
  const detectors: Partial<Record<DetectorName, boolean>> = {};
  for (const name of options.disable ?? []) {
    if ((DETECTOR_NAMES as readonly string[]).indexOf(name) < 0) {
      throw new InputError(
        `--disable: unknown detector "${name}"; known: ${DETECTOR_NAMES.join(', ')}`,
      );
    }
    detectors[name as DetectorName] = false;
  }
  const maxLength = options.maxLength;
  if (
    maxLength !== undefined &&
    (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > DEFAULT_MAX_MASK_LENGTH)
  ) {
    throw new InputError(`--max-length must be an integer from 1 to ${DEFAULT_MAX_MASK_LENGTH}`);
  }
  const result: MaskOptions = maxLength === undefined ? { detectors } : { detectors, maxLength };
  if (options.regions !== undefined) {
    const regions = options.regions.map((code) => code.trim().toUpperCase());
    const problem = validateRegions(regions)[0];
    if (problem) {
      // a region code is operator input, not PII: name it (cut short) so the fix is obvious
      const index = Number(problem.path.slice('/regions/'.length));
      const named = JSON.stringify((regions[index] ?? '').slice(0, 12));
      throw new InputError(`--regions: ${named} (item ${index + 1}) ${problem.message}`);
    }
    result.regions = regions;
  }
  return result;
}

export async function maskCommand(options: MaskCommandOptions, io: Io): Promise<number> {
  const maskOptions = maskOptionsFrom(options);
  const input = await readInput('-', io.stdin);
  const result = maskText(input, maskOptions);
  if (options.json) {
    writeLine(io.stdout, JSON.stringify(result));
  } else {
    io.stdout.write(result.text);
    if (result.truncated)
      diagnostic(
        io,
        `warning: input longer than ${maskOptions.maxLength ?? DEFAULT_MAX_MASK_LENGTH} characters was cut`,
      );
  }
  return EXIT_OK;
}
