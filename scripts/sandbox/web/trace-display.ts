/**
 * What the page shows of a trace. A secure action's trace already holds only the shape of each
 * value (the runtime hides them as Genesys does). A non-secure action's trace holds the inputs
 * and the request body as sent, which Genesys's Test tab would show in full; the page shows them
 * through the app's own masker instead (the customer address as the app masks an address), so no
 * raw phone number, card, IBAN or e-mail reaches the screen, as in every trace this project prints.
 */
import { maskAddress, maskText } from '../../../servicenow/src/server/core/mask.ts';

/** Contract field that holds the customer's address (stored unmasked only in the hidden column). */
const ADDRESS_FIELD = 'customerAddress';

export function maskForDisplay(value: unknown, key?: string): unknown {
  if (typeof value === 'string') {
    if (value === '') return value;
    if (key === ADDRESS_FIELD) return maskAddress(value);
    if (key === 'body') {
      // a request or response body: mask its JSON values by name, keep it JSON text
      try {
        const parsed: unknown = JSON.parse(value);
        if (typeof parsed === 'object' && parsed !== null)
          return JSON.stringify(maskForDisplay(parsed));
      } catch {
        // not JSON: masked as text below
      }
    }
    return maskText(value).text;
  }
  if (Array.isArray(value)) return value.map((item) => maskForDisplay(item));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskForDisplay(v, k)]));
  return value;
}
