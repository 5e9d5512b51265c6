/**
 * The page's views, rendered on the server: the incident list (and the rows fragment the page
 * polls), an incident's detail, the Run form and a run's result with the runtime's trace.
 * Everything shown comes from the Table API answer or the runtime's trace as they are: masked
 * by the app, reduced by the platform's ACLs, redacted by the runtime.
 */
import { COLUMNS } from '../../../servicenow/src/server/app-names.ts';
import type { TraceStep } from '../data-action-runtime/index.ts';
import { renderContractFields, type FormField } from './contract-form.ts';
import { esc, jsonBlock } from './html.ts';
import { maskForDisplay } from './trace-display.ts';
import { LIST_LIMIT, type IncidentRecord, type ReadResult } from './incident-reader.ts';
import { FAULTS, type RunOutcome } from './run-action.ts';

const incidentHref = (sysId: string) => `/incidents/${encodeURIComponent(sysId)}`;

/** The `<tbody>` of the list, also served alone for live updates. */
export function incidentRows(read: ReadResult, viewerName: string): string {
  if (!read.ok)
    return `<tbody id="incident-rows" data-count="0"><tr><td colspan="6" class="error">${esc(viewerName)} cannot read incidents: ${esc(read.message)}</td></tr></tbody>`;
  if (read.records.length === 0)
    return `<tbody id="incident-rows" data-count="0"><tr><td colspan="6" class="muted">No incidents yet. Run the Data Action, or send a request to the ServiceNow endpoint.</td></tr></tbody>`;
  const rows = read.records.map(
    (r) =>
      `<tr data-number="${esc(r.number)}"><td><a href="${esc(incidentHref(r.sys_id ?? ''))}">${esc(r.number)}</a></td><td>${esc(r.sys_created_on)}</td><td>${esc(r[COLUMNS.channel])}</td><td class="desc">${esc(r.short_description)}</td><td><code>${esc(r[COLUMNS.customCallId])}</code></td><td>${esc(r['caller_id.name'])}</td></tr>`,
  );
  return `<tbody id="incident-rows" data-count="${read.records.length}">${rows.join('')}</tbody>`;
}

export function incidentListBody(read: ReadResult, viewerName: string): string {
  return `<h2>Incidents <span class="muted" id="incident-count"></span></h2>
<p class="muted">The emulator's <code>incident</code> table through its Table API as <strong>${esc(viewerName)}</strong>, newest first (at most ${LIST_LIMIT}); it updates as requests arrive.</p>
<table id="incidents" data-live="/fragments/incidents">
<thead><tr><th>Number</th><th>Created</th><th>Channel</th><th>Short description (masked)</th><th>Custom call id</th><th>Caller</th></tr></thead>
${incidentRows(read, viewerName)}
</table>`;
}

/** Fields of the detail view in this order; any other field the API returns follows. */
const DETAIL_FIELDS: Array<[string, string]> = [
  ['number', 'Number'],
  ['sys_created_on', 'Created'],
  ['sys_created_by', 'Created by'],
  ['state', 'State'],
  ['contact_type', 'Contact type'],
  [COLUMNS.channel, 'Channel'],
  ['urgency', 'Urgency'],
  ['impact', 'Impact'],
  ['priority', 'Priority'],
  ['category', 'Category'],
  ['subcategory', 'Subcategory'],
  ['caller_id.name', 'Caller'],
  [COLUMNS.customCallId, 'Custom call id (dedup key)'],
  [COLUMNS.customerAddress, 'Customer address (hidden column)'],
  ['short_description', 'Short description'],
  ['description', 'Description'],
];

export function incidentDetailBody(read: ReadResult, viewerName: string): string {
  if (!read.ok)
    return `<h2>Incident</h2><p class="error" id="detail-error">${esc(viewerName)} cannot read this incident: ${esc(read.message)}</p>`;
  const record: IncidentRecord | undefined = read.records[0];
  if (!record)
    return `<h2>Incident</h2><p class="error" id="detail-error">No such incident (or ${esc(viewerName)} may not see it).</p>`;
  const known = new Set(DETAIL_FIELDS.map(([name]) => name));
  const rows = DETAIL_FIELDS.map(([name, title]) => {
    if (!(name in record))
      return `<tr data-field="${esc(name)}"><th>${esc(title)}</th><td class="hidden-field">not returned to ${esc(viewerName)}: the platform's field ACL left it out</td></tr>`;
    const value = record[name] ?? '';
    const shown = name === 'description' ? `<pre>${esc(value)}</pre>` : esc(value);
    return `<tr data-field="${esc(name)}"><th>${esc(title)}</th><td>${shown}</td></tr>`;
  });
  const others = Object.keys(record)
    .filter((name) => !known.has(name))
    .sort()
    .map(
      (name) =>
        `<tr data-field="${esc(name)}"><th><code>${esc(name)}</code></th><td>${esc(record[name])}</td></tr>`,
    );
  return `<h2>Incident ${esc(record.number)}</h2>
<p class="muted">What the app stored, read through the Table API as <strong>${esc(viewerName)}</strong>. <a href="/incidents">All incidents</a></p>
<table id="incident-detail">${rows.join('')}${others.join('')}</table>`;
}

export interface ExampleLink {
  name: string;
  title: string;
}

export function runBody(
  fields: readonly FormField[],
  examples: readonly ExampleLink[],
  actionName: string,
): string {
  const exampleButtons = examples
    .map(
      (e) =>
        `<button type="button" data-example="${esc(e.name)}" title="${esc(e.name)}">${esc(e.title)}</button>`,
    )
    .join('');
  const faultOptions = Object.entries(FAULTS)
    .map(([value, title]) => `<option value="${esc(value)}">${esc(title)}</option>`)
    .join('');
  return `<h2>Run the Data Action “${esc(actionName)}”</h2>
<p class="muted">The generated action through the local Data Action runtime into the ServiceNow emulator. A failure or timeout is retried once, as the generated flows do. Fields marked <span class="req">*</span> are required by the action's input contract.</p>
<fieldset><legend>Examples</legend>${exampleButtons}
<p class="muted">Fills the form. A conversation object or event is turned into the action's inputs by the app's own request normaliser.</p></fieldset>
<div class="run-layout">
<form id="run-form" novalidate>
<fieldset><legend>Input contract</legend>
${renderContractFields(fields)}
</fieldset>
<fieldset><legend>Fault injection</legend>
<label for="fault">Emulator fault for the first attempt</label>
<select id="fault" name="fault">${faultOptions}</select>
</fieldset>
<button type="submit" id="run">Run</button>
<button type="button" id="replay" disabled title="The same input again: the same conversation">Send again (replay)</button>
<button type="button" id="new-id" title="A fresh customCallId: a new conversation">New conversation id</button>
</form>
<div id="result" aria-live="polite"><p class="muted">The result and the runtime's trace appear here.</p></div>
</div>`;
}

function stepDetail(step: TraceStep): unknown {
  const { step: _name, ok: _ok, ...rest } = step;
  return maskForDisplay(rest);
}

export interface RunView {
  outcome: RunOutcome;
  /** The incidents of the run's customCallId as the viewer reads them (undefined: not looked up). */
  sameConversation?: ReadResult;
  viewerName: string;
}

/** The result of one run: outcome, incident link, and each attempt's trace step by step. */
export function runResult(view: RunView): string {
  const { attempts, fault, timeoutMs } = view.outcome;
  const last = attempts[attempts.length - 1]!;
  let outcome: 'created' | 'replayed' | 'failed' | 'dry-run' = 'failed';
  let headline: string;
  let incident = '';
  const link = (sysId: string, number: string | undefined) =>
    `<p>Incident: <a id="result-incident" href="${esc(incidentHref(sysId))}">${esc(number)}</a></p>`;
  if (last.ok) {
    const output = last.output as {
      incidentSysId?: string;
      incidentNumber?: string;
      created?: boolean;
    };
    if (view.outcome.dryRun) {
      outcome = 'dry-run';
      headline = output.incidentSysId
        ? `Dry run: ${output.incidentNumber ?? ''} already exists for this conversation, nothing written`
        : 'Dry run: validated and masked, nothing written';
      if (output.incidentSysId) incident = link(output.incidentSysId, output.incidentNumber);
    } else if (!output.incidentSysId) {
      headline = 'Succeeded without an incident';
    } else {
      outcome = output.created ? 'created' : 'replayed';
      headline = `${output.created ? 'Created' : 'Replayed'} ${output.incidentNumber ?? ''} (created: ${String(output.created)})`;
      incident = link(output.incidentSysId, output.incidentNumber);
    }
  } else {
    headline = `Failed: ${maskForDisplay(last.error.message) as string}`;
  }
  let count = '';
  const same = view.sameConversation;
  if (same?.ok)
    count = `<p id="same-conversation" data-count="${same.records.length}">Incidents for this customCallId: <strong>${same.records.length}</strong> ${same.records.map((r) => esc(r.number)).join(', ')}</p>`;
  else if (same)
    count = `<p id="same-conversation" class="error">Incidents for this customCallId: ${esc(view.viewerName)} cannot read them (${esc(same.message)})</p>`;
  const faultNote =
    fault === 'none'
      ? ''
      : `<p>Injected fault: <strong>${esc(FAULTS[fault])}</strong>${timeoutMs === undefined ? '' : ` (action timeout shortened to ${timeoutMs} ms for this run)`}.</p>`;
  const attemptBlocks = attempts.map((attempt, i) => {
    const steps = attempt.trace.steps.map(
      (step) =>
        `<details class="step${step.ok ? '' : ' fail'}" data-step="${esc(step.step)}" open><summary>${step.ok ? '✓' : '✗'} ${esc(step.step)}</summary>${jsonBlock(stepDetail(step))}</details>`,
    );
    const status = attempt.ok
      ? 'success'
      : `failed (${esc(attempt.kind)}, ${attempt.status}): ${esc(maskForDisplay(attempt.error.message))}`;
    const output = attempt.ok
      ? `<h4>Output</h4>${jsonBlock(maskForDisplay(attempt.output))}`
      : `<h4>Error</h4>${jsonBlock(maskForDisplay(attempt.error))}`;
    return `<section class="attempt" data-attempt="${i + 1}" data-ok="${attempt.ok}"><h3>Attempt ${i + 1}${i > 0 ? ' (the flow’s retry)' : ''}: ${status}</h3>
<p class="muted">Action “${esc(attempt.trace.action)}”, ${attempt.trace.secure ? 'secure: input values reduced to their shape, as Genesys keeps a secure action’s data out of its logs' : 'not secure: values as sent, shown through the app’s masker (no raw customer data on screen)'}; credentials as ***.</p>
${steps.join('\n')}
${output}</section>`;
  });
  return `<div class="result" id="run-result" data-outcome="${outcome}" data-attempts="${attempts.length}">
<h3 class="outcome-${outcome}" id="headline">${esc(headline)}</h3>
${incident}${count}${faultNote}
${attemptBlocks.join('\n')}
</div>`;
}
