/**
 * How the page reads incidents: the emulator's Table API over HTTP, as one of the sandbox users,
 * so the platform's record and field ACLs decide what comes back (the hidden customer address
 * only for a PII reader). The page never reads the database and never applies a rule itself.
 */
import { basicAuthHeader } from '../../lib/http/basic-auth.ts';
import type { EmulatorUser } from '../servicenow-emulator/emulator.ts';
import { COLUMNS } from '../../../servicenow/src/server/app-names.ts';

export type IncidentRecord = Record<string, string>;

export type ReadResult =
  { ok: true; records: IncidentRecord[] } | { ok: false; status: number; message: string };

/** Columns of the list view. */
export const LIST_FIELDS = [
  'sys_id',
  'number',
  'sys_created_on',
  COLUMNS.channel,
  'short_description',
  COLUMNS.customCallId,
  'caller_id.name',
];

/** The newest incidents shown; the table says how many there are beyond. */
export const LIST_LIMIT = 200;

/** Newest first; created time ties (same second) fall back to the sequential number. */
const NEWEST_FIRST = 'ORDERBYDESCsys_created_on^ORDERBYDESCnumber';

/** Largest Table API answer the page reads (a list of LIST_LIMIT rows is far below it). */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export class IncidentReader {
  constructor(
    private readonly instanceUrl: string,
    /** Awaited before every read (the page holds reads while a fault run owns the emulator). */
    private readonly gate: () => Promise<void> = async () => undefined,
  ) {}

  /** The newest incidents as `viewer` may read them. */
  list(viewer: EmulatorUser): Promise<ReadResult> {
    return this.read(viewer, {
      sysparm_query: NEWEST_FIRST,
      sysparm_fields: LIST_FIELDS.join(','),
      sysparm_limit: String(LIST_LIMIT),
    });
  }

  /** One incident by sys_id, every field `viewer` may read. */
  one(viewer: EmulatorUser, sysId: string): Promise<ReadResult> {
    return this.read(viewer, { sys_id: sysId, sysparm_limit: '1' });
  }

  /** The incidents of one conversation (the dedup key), to show that a run left exactly one. */
  byCustomCallId(viewer: EmulatorUser, customCallId: string): Promise<ReadResult> {
    return this.read(viewer, {
      [COLUMNS.customCallId]: customCallId,
      sysparm_fields: 'sys_id,number',
      sysparm_limit: '10',
    });
  }

  private readonly inFlight = new Set<Promise<ReadResult>>();

  /** Resolves once every read already sent has its answer. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async read(viewer: EmulatorUser, params: Record<string, string>): Promise<ReadResult> {
    await this.gate();
    const reading = this.send(viewer, params);
    this.inFlight.add(reading);
    try {
      return await reading;
    } finally {
      this.inFlight.delete(reading);
    }
  }

  private async send(viewer: EmulatorUser, params: Record<string, string>): Promise<ReadResult> {
    const url = new URL('/api/now/table/incident', this.instanceUrl);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          Accept: 'application/json',
          Authorization: basicAuthHeader(viewer.userName, viewer.password),
        },
      });
    } catch (error) {
      return {
        ok: false,
        status: 0,
        message: `the ServiceNow emulator did not answer (${error instanceof Error ? error.message : String(error)})`,
      };
    }
    const text = await readCapped(response, MAX_RESPONSE_BYTES);
    if (text === undefined)
      return { ok: false, status: response.status, message: 'the Table API answer is too large' };
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return {
        ok: false,
        status: response.status,
        message: `HTTP ${response.status}: not a JSON answer`,
      };
    }
    const document = body as { result?: unknown; error?: { message?: string; detail?: string } };
    if (!response.ok || !Array.isArray(document.result)) {
      const reason = [document.error?.message, document.error?.detail].filter(Boolean).join(': ');
      return {
        ok: false,
        status: response.status,
        message: `HTTP ${response.status}${reason ? ` ${reason}` : ''}`,
      };
    }
    return { ok: true, records: document.result as IncidentRecord[] };
  }
}

/** The body as text, or undefined (and the rest cancelled) past `maxBytes`. */
async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
