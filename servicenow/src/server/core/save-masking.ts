/**
 * Which incident fields the mask-on-save business rule masks, and how: pure, so Node tests and
 * the benchmark run exactly what the instance runs. A field is masked only when this save
 * writes it (a new journal entry, or a description that differs from the stored one), so an
 * unrelated save (state, assignment) costs a few comparisons and no masking at all.
 */
import { maskText, type MaskOptions } from './mask.ts';

/** Free-text incident fields agents edit after creation. work_notes/comments are journal inputs. */
export const FIELDS_MASKED_ON_SAVE = ['description', 'work_notes', 'comments'] as const;
export type FieldMaskedOnSave = (typeof FIELDS_MASKED_ON_SAVE)[number];

export interface SavedField {
  name: FieldMaskedOnSave;
  /** Value being saved (for a journal field: the entry being added); null when empty. */
  value: string | null;
  /** Stored value before this save; null on insert or when empty. Journal fields: always null. */
  previous: string | null;
}

export interface SaveMaskResult {
  /** New values of the fields whose text changed by masking. */
  changed: Partial<Record<FieldMaskedOnSave, string>>;
  /** Values masked per type, over all fields (never the values themselves). */
  counts: Record<string, number>;
  /** Fields that were examined (written by this save). */
  examined: FieldMaskedOnSave[];
}

export function maskFieldsOnSave(
  fields: readonly SavedField[],
  options: MaskOptions,
): SaveMaskResult {
  const result: SaveMaskResult = { changed: {}, counts: {}, examined: [] };
  for (const field of fields) {
    if (field.value === null || field.value === '') continue;
    if (field.previous !== null && field.previous === field.value) continue;
    result.examined.push(field.name);
    const masked = maskText(field.value, options);
    for (const type of Object.keys(masked.counts)) {
      const count = masked.counts[type] ?? 0;
      if (count > 0) result.counts[type] = (result.counts[type] ?? 0) + count;
    }
    if (masked.text !== field.value) result.changed[field.name] = masked.text;
  }
  return result;
}
