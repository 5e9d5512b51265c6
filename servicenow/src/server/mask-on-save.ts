/**
 * The "mask personal data on save" business rule (before insert/update on incident): agents
 * paste phone numbers, card numbers and e-mail addresses into work notes, comments and the
 * description of incidents long after the bridge created them. This masks them with the same
 * core and the same settings as the REST endpoint.
 *
 * Cheap on every save: one property read and one field read decide whether the rule applies;
 * only fields this save writes are masked. Never logs a value: counts only.
 */
import { gs } from '@servicenow/glide';
import { COLUMNS, PROPERTY_PREFIX } from './app-names.ts';
import { FIELDS_MASKED_ON_SAVE, maskFieldsOnSave, type SavedField } from './core/save-masking.ts';
import { loadSettings } from './settings.ts';
import type { MaskOptions } from './core/mask.ts';

const JOURNAL_FIELDS: readonly string[] = ['work_notes', 'comments'];

/** The part of GlideRecord a business rule uses on `current` and `previous`. */
interface SavedRecord {
  getValue(name: string): string | null;
  setValue(name: string, value: string): void;
}

export function maskIncidentOnSave(current: SavedRecord, previous: SavedRecord | null): void {
  const bridged = (current.getValue(COLUMNS.customCallId) ?? '') !== '';
  if (
    !bridged &&
    gs.getProperty(PROPERTY_PREFIX + 'mask_on_save_all_incidents', 'false') !== 'true'
  )
    return;

  const fields: SavedField[] = FIELDS_MASKED_ON_SAVE.map((name) => ({
    name,
    value: current.getValue(name),
    // ASSUMED(journal-before-rule): in a before rule a journal field holds only the entry being added
    previous: JOURNAL_FIELDS.indexOf(name) >= 0 || !previous ? null : previous.getValue(name),
  }));
  if (fields.every((field) => field.value === null || field.value === field.previous)) return;

  const settings = loadSettings();
  let options: MaskOptions = {};
  if (settings instanceof Array) {
    // never let a broken property leave pasted data unmasked: every detector, no extra patterns
    gs.error('incident-bridge: mask on save uses the default masking: ' + settings.join('; '));
  } else {
    options = settings.mapping.masking;
  }
  const result = maskFieldsOnSave(fields, options);
  for (const name of FIELDS_MASKED_ON_SAVE) {
    const masked = result.changed[name];
    if (masked !== undefined) current.setValue(name, masked);
  }
  if (Object.keys(result.counts).length > 0) {
    gs.info(
      `incident-bridge: masked on save of ${current.getValue('number') ?? 'a new incident'}: ${JSON.stringify(result.counts)}`,
    );
  }
}
