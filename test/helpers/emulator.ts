/** Starts the ServiceNow emulator on loopback and talks to it as a client would. */
import {
  SANDBOX_USERS,
  startServiceNowEmulator,
  type EmulatorOptions,
  type ServiceNowEmulator,
} from '../../scripts/sandbox/servicenow-emulator/emulator.ts';

export const API_PATH = '/api/x_ibr_incbridge/v1/incident_bridge/incidents';

export function basicAuth(userName: string, password?: string): string {
  const user = SANDBOX_USERS.find((u) => u.userName === userName);
  return (
    'Basic ' + Buffer.from(`${userName}:${password ?? user?.password ?? ''}`).toString('base64')
  );
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface EmulatorClient {
  emulator: ServiceNowEmulator;
  post(
    body: unknown,
    options?: { user?: string; password?: string; contentType?: string; raw?: boolean },
  ): Promise<Reply>;
  get(customCallId: string, options?: { user?: string }): Promise<Reply>;
  incidents(): Array<Record<string, string | null>>;
  close(): Promise<void>;
}

async function reply(response: Response): Promise<Reply> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export async function startEmulatorClient(options: EmulatorOptions = {}): Promise<EmulatorClient> {
  const emulator = await startServiceNowEmulator(options);
  return {
    emulator,
    async post(
      body,
      {
        user = 'genesys.integration',
        password,
        contentType = 'application/json',
        raw = false,
      } = {},
    ) {
      const response = await fetch(emulator.url + API_PATH, {
        method: 'POST',
        headers: {
          authorization: basicAuth(user, password),
          'content-type': contentType,
          accept: 'application/json',
        },
        body: raw ? (body as string) : JSON.stringify(body),
      });
      return reply(response);
    },
    async get(customCallId, { user = 'genesys.integration' } = {}) {
      const response = await fetch(
        `${emulator.url}${API_PATH}/${encodeURIComponent(customCallId)}`,
        {
          headers: { authorization: basicAuth(user), accept: 'application/json' },
        },
      );
      return reply(response);
    },
    incidents: () => emulator.db.rows('incident'),
    close: () => emulator.close(),
  };
}
