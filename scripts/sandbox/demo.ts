/**
 * The sandbox demo: a voice call and a WhatsApp conversation through the generated Data Action,
 * the same WhatsApp conversation again as a Genesys conversation object (posted straight to
 * ServiceNow, as an event-bus integration would), a flow retry, a conversation-end event through
 * the generated workflow's inputs and the Data Action (and the same event replayed), and one bad
 * input — then a table of what happened. Payloads are the fictitious samples under examples/.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildGenesysArtifacts } from '../../genesys/index.ts';
import { COLUMNS } from '../../servicenow/src/server/app-names.ts';
import type { Sandbox } from './sandbox.ts';
import { workflowActionInput, workflowInputsFromEvent } from './workflow-runner.ts';

export const demoDir = fileURLToPath(new URL('../../examples/', import.meta.url));

export function demoPayload(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(demoDir + name, 'utf8')) as Record<string, unknown>;
}

export interface DemoRow {
  step: string;
  path: 'Data Action' | 'direct POST' | 'Workflow';
  channel: string;
  incident: string;
  outcome: 'created' | 'replayed' | 'rejected' | 'failed';
  /** Masked description excerpt, or the error. */
  detail: string;
}

function excerpt(sandbox: Sandbox, sysId: string): { channel: string; text: string } {
  const row = sandbox.servicenow.db.rows('incident').find((r) => r.sys_id === sysId);
  const text = (row?.description ?? '')
    .split('\n--- Genesys Cloud conversation ---')[0]!
    .replace(/\s+/g, ' ')
    .trim();
  return { channel: row?.[COLUMNS.channel] ?? '?', text: text || (row?.short_description ?? '') };
}

async function viaDataAction(
  sandbox: Sandbox,
  step: string,
  payload: Record<string, unknown>,
  path: DemoRow['path'] = 'Data Action',
): Promise<DemoRow> {
  const result = await sandbox.execute(sandbox.actions.createIncident, payload);
  if (!result.ok) {
    return {
      step,
      path,
      channel: String(payload.channel ?? '?'),
      incident: '-',
      outcome: 'failed',
      detail: result.error.message,
    };
  }
  const output = result.output as {
    incidentSysId: string;
    incidentNumber: string;
    created: boolean;
  };
  const { channel, text } = excerpt(sandbox, output.incidentSysId);
  return {
    step,
    path,
    channel,
    incident: output.incidentNumber,
    outcome: output.created ? 'created' : 'replayed',
    detail: text,
  };
}

export async function runDemo(sandbox: Sandbox): Promise<DemoRow[]> {
  const rows: DemoRow[] = [];
  rows.push(
    await viaDataAction(
      sandbox,
      'Voice call (IVR escalation)',
      demoPayload('data-action-request.voice.json'),
    ),
  );
  rows.push(
    await viaDataAction(
      sandbox,
      'WhatsApp, flat body',
      demoPayload('data-action-request.whatsapp.json'),
    ),
  );

  const conversation = await sandbox.postToServiceNow(
    JSON.stringify(demoPayload('genesys-conversation.whatsapp.json')),
  );
  const created = conversation.json?.result;
  if (created) {
    const { channel, text } = excerpt(sandbox, created.sys_id);
    rows.push({
      step: 'Same WhatsApp chat as conversation object',
      path: 'direct POST',
      channel,
      incident: created.number,
      outcome: created.created ? 'created' : 'replayed',
      detail: text,
    });
  } else {
    rows.push({
      step: 'Same WhatsApp chat as conversation object',
      path: 'direct POST',
      channel: 'whatsapp',
      incident: '-',
      outcome: 'failed',
      detail: conversation.json?.error?.detail ?? `HTTP ${conversation.status}`,
    });
  }

  rows.push(
    await viaDataAction(
      sandbox,
      'Voice call again (flow retry)',
      demoPayload('data-action-request.voice.json'),
    ),
  );

  // the event-driven path: a customer.end event as the trigger hands it to the workflow, the
  // workflow's own input expressions, then the same Data Action; the replayed event finds it
  const { workflow } = buildGenesysArtifacts().flows!;
  const event = demoPayload('genesys-event.customer-end.email.json');
  const eventBody = event.eventBody as Record<string, unknown>;
  const input = workflowActionInput(workflow, workflowInputsFromEvent(workflow, eventBody));
  rows.push(await viaDataAction(sandbox, 'Conversation end event (e-mail)', input, 'Workflow'));
  rows.push(await viaDataAction(sandbox, 'Same event again (trigger replay)', input, 'Workflow'));

  const bad = await sandbox.postToServiceNow(
    JSON.stringify({ channel: 'fax', shortDescription: '', urgency: 'high' }),
  );
  rows.push({
    step: 'Bad input',
    path: 'direct POST',
    channel: 'fax',
    incident: '-',
    outcome: bad.status >= 400 && bad.status < 500 ? 'rejected' : 'failed',
    detail: `${bad.status} ${bad.json?.error?.detail ?? ''}`,
  });
  return rows;
}

function fit(text: string, width: number): string {
  const clean = text.replace(/\s+/g, ' ');
  return clean.length <= width ? clean.padEnd(width) : clean.slice(0, width - 1) + '…';
}

/** A plain-text table that reads well in an 120-column terminal. */
export function formatDemoTable(rows: DemoRow[], detailWidth = 58): string {
  const columns: Array<[string, number, (row: DemoRow) => string]> = [
    ['#', 2, (row) => String(rows.indexOf(row) + 1)],
    ['what', 42, (row) => row.step],
    ['via', 11, (row) => row.path],
    ['channel', 8, (row) => row.channel],
    ['incident', 10, (row) => row.incident],
    ['result', 8, (row) => row.outcome],
    ['masked description / error', detailWidth, (row) => row.detail],
  ];
  const line = (cells: string[]) => cells.join('  ').trimEnd();
  const out = [
    line(columns.map(([title, width]) => fit(title, width))),
    line(columns.map(([, width]) => '-'.repeat(width))),
  ];
  for (const row of rows) out.push(line(columns.map(([, width, cell]) => fit(cell(row), width))));
  return out.join('\n');
}
