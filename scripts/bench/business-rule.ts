/**
 * The mask-on-save business rule's cost, for `npm run bench`:
 * - the masking core per save (maskFieldsOnSave, in process): an unrelated save that writes none
 *   of the fields, a short work note with a card number, a 4,000-character description;
 * - through the emulator running the *built* rule: median time of a Table API update of a bridge
 *   incident's work notes with the rule active and with it stubbed out (transformModule), so the
 *   difference is the rule's own cost on a save, HTTP and database included on both sides.
 */
import {
  maskFieldsOnSave,
  type SavedField,
} from '../../servicenow/src/server/core/save-masking.ts';
import { basicAuthHeader } from '../lib/http/basic-auth.ts';
import { startServiceNowEmulator } from '../sandbox/servicenow-emulator/emulator.ts';

export interface RuleCost {
  name: string;
  microsPerSave: number;
}

export interface BusinessRuleBench {
  core: RuleCost[];
  /** Median ms of one Table API update with the rule on / stubbed off (emulator, loopback). */
  viaEmulator: { onMs: number; offMs: number; saves: number };
}

const NOTE = 'Customer read out card 4111 1111 1111 1111 and asked for a call back on the mobile.';
const LONG = ('Printer on floor 3 jams again after the toner change. ' + NOTE + ' ')
  .repeat(30)
  .slice(0, 4000);

function timeCore(fields: SavedField[], minMs: number): number {
  let saves = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 50; i++) maskFieldsOnSave(fields, {});
    saves += 50;
    elapsed = performance.now() - started;
  }
  return (elapsed * 1000) / saves;
}

async function timeUpdates(stubbed: boolean, saves: number): Promise<number> {
  const emulator = await startServiceNowEmulator({
    // the rule's module answers at once: everything else about the save stays the same
    ...(stubbed
      ? {
          transformModule: (path: string, content: string) =>
            path.endsWith('/mask-on-save.ts')
              ? 'export function maskIncidentOnSave() {}\n'
              : content,
        }
      : {}),
  });
  try {
    const created = await fetch(
      `${emulator.url}/api/x_ibr_incbridge/v1/incident_bridge/incidents`,
      {
        method: 'POST',
        headers: {
          authorization: basicAuthHeader('genesys.integration', 'sandbox-only-integration'),
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          customCallId: 'bench-rule',
          channel: 'voice',
          shortDescription: 'Bench',
        }),
      },
    );
    const sysId = ((await created.json()) as { result: { sys_id: string } }).result.sys_id;
    const admin = basicAuthHeader('admin', 'sandbox-only-admin');
    const times: number[] = [];
    for (let i = 0; i < saves; i++) {
      const started = performance.now();
      const response = await fetch(`${emulator.url}/api/now/table/incident/${sysId}`, {
        method: 'PATCH',
        headers: { authorization: admin, 'content-type': 'application/json' },
        body: JSON.stringify({ work_notes: `${NOTE} (${i})` }),
      });
      await response.arrayBuffer();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)] ?? 0;
  } finally {
    await emulator.close();
  }
}

export async function runBusinessRuleBench(options: {
  quick: boolean;
  progress: (line: string) => void;
}): Promise<BusinessRuleBench> {
  options.progress('mask-on-save business rule');
  const minMs = options.quick ? 100 : 500;
  const field = (
    name: SavedField['name'],
    value: string | null,
    previous: string | null = null,
  ) => ({
    name,
    value,
    previous,
  });
  const core: RuleCost[] = [
    {
      name: 'save writing none of the fields',
      microsPerSave: timeCore(
        [field('description', LONG, LONG), field('work_notes', null), field('comments', null)],
        minMs,
      ),
    },
    {
      name: `work note of ${NOTE.length} characters with a card number`,
      microsPerSave: timeCore(
        [field('description', LONG, LONG), field('work_notes', NOTE), field('comments', null)],
        minMs,
      ),
    },
    {
      name: `description of ${LONG.length.toLocaleString('en')} characters changed`,
      microsPerSave: timeCore(
        [field('description', LONG, 'old'), field('work_notes', null), field('comments', null)],
        minMs,
      ),
    },
  ];
  const saves = options.quick ? 40 : 300;
  const onMs = await timeUpdates(false, saves);
  const offMs = await timeUpdates(true, saves);
  return { core, viaEmulator: { onMs, offMs, saves } };
}
