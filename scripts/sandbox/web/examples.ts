/**
 * The example payloads of examples/ as one-click form inputs. A flat Data Action body fills the
 * form as it is; a conversation object or event envelope is turned into the action's flat inputs
 * by the app's own normaliser (what the endpoint would read from it), as a flow or workflow maps
 * a conversation onto the action's inputs. Read from examples/ at start, so a new example file
 * shows up as a new button.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { normalizeRequest } from '../../../servicenow/src/server/core/normalize.ts';
import { demoDir } from '../demo.ts';
import type { ExampleLink } from './views.ts';

export interface Example extends ExampleLink {
  /** The action inputs the example stands for. */
  input: Record<string, unknown>;
}

const SHAPE_TITLES = {
  flat: 'Data Action body',
  conversation: 'Conversation object',
  event: 'Event',
};

/** Largest example file read. */
const MAX_EXAMPLE_BYTES = 1024 * 1024;

export function loadExamples(dir: string = demoDir): Example[] {
  const examples: Example[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) continue;
    const text = readFileSync(dir + file, 'utf8');
    if (text.length > MAX_EXAMPLE_BYTES) continue;
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      continue;
    }
    const normalized = normalizeRequest(payload);
    if (!normalized.ok || !normalized.shape) continue;
    const name = file.slice(0, -'.json'.length);
    // data-action-request.voice → "voice"; genesys-event.conversation-end → "conversation-end"
    const variant = name.includes('.') ? name.slice(name.indexOf('.') + 1) : name;
    const input =
      normalized.shape === 'flat'
        ? (payload as Record<string, unknown>)
        : (normalized.request as unknown as Record<string, unknown>);
    examples.push({ name, title: `${SHAPE_TITLES[normalized.shape]}: ${variant}`, input });
  }
  return examples;
}
