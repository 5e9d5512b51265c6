/** The mask-on-save business rule's core: which fields it masks, and that it leaves others alone. */
import { describe, expect, it } from 'vitest';
import { maskFieldsOnSave } from '../../../../servicenow/src/server/core/save-masking.ts';

const CARD = '4111 1111 1111 1111';

describe('maskFieldsOnSave', () => {
  it('masks a new journal entry and a changed description, counting types, never returning values', () => {
    const result = maskFieldsOnSave(
      [
        { name: 'description', value: `mail jan@example.nl`, previous: 'old text' },
        { name: 'work_notes', value: `card ${CARD}`, previous: null },
        { name: 'comments', value: null, previous: null },
      ],
      {},
    );
    expect(result.changed).toEqual({
      description: 'mail ***@example.nl',
      work_notes: 'card ****-****-****-1111',
    });
    expect(result.counts).toEqual({ email: 1, card: 1 });
    expect(result.examined).toEqual(['description', 'work_notes']);
  });

  it('an unchanged description is not examined at all (a state change costs no masking)', () => {
    const text = `card ${CARD}`; // already stored: masking it now would rewrite history silently
    const result = maskFieldsOnSave([{ name: 'description', value: text, previous: text }], {});
    expect(result).toEqual({ changed: {}, counts: {}, examined: [] });
  });

  it('text without personal data is examined but not changed; detectors switched off stay off', () => {
    const result = maskFieldsOnSave(
      [
        { name: 'work_notes', value: 'rebooted the router, INC0012345', previous: null },
        { name: 'comments', value: `card ${CARD}`, previous: null },
      ],
      { detectors: { card: false } },
    );
    expect(result.changed).toEqual({});
    expect(result.examined).toEqual(['work_notes', 'comments']);
  });
});
