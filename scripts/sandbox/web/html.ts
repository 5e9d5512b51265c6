/**
 * HTML for the sandbox page: every value is escaped where it is placed (text or attribute), so
 * an incident whose description holds `<script>` shows the text and runs nothing.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text or a double- or single-quoted attribute value. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** Pretty JSON for a `<pre>`, escaped. */
export function jsonBlock(value: unknown): string {
  return `<pre>${esc(JSON.stringify(value, null, 2))}</pre>`;
}

export interface Viewer {
  userName: string;
  roles: readonly string[];
}

export interface LayoutOptions {
  title: string;
  /** Which tab is current. */
  view: 'incidents' | 'run';
  viewer: Viewer;
  /** Every sandbox user the page may act as. */
  viewers: readonly Viewer[];
  /** The page's path, kept when the viewer changes. */
  path: string;
  body: string;
  /** How often the live incident list refreshes. */
  pollMs: number;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2733;background:#f4f6f8}
header{background:#1d2733;color:#fff;padding:10px 20px;display:flex;gap:24px;align-items:center;flex-wrap:wrap}
header h1{font-size:16px;margin:0;font-weight:600}
header nav a{color:#c9d6e3;margin-right:16px;text-decoration:none}
header nav a[aria-current=page]{color:#fff;border-bottom:2px solid #62d84e}
header form{margin-left:auto;font-size:13px}
main{padding:16px 20px;max-width:1280px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e1e6eb;vertical-align:top}
th{background:#e9eef3;font-weight:600}
td.desc{max-width:420px}
pre{white-space:pre-wrap;word-break:break-word;background:#f7f9fb;border:1px solid #e1e6eb;padding:8px;margin:4px 0;font-size:12px}
.muted{color:#607080}
.hidden-field{color:#8a5a00;font-style:italic}
fieldset{border:1px solid #d3dbe3;background:#fff;margin:0 0 12px;padding:10px 14px}
label{display:block;font-weight:600;margin-top:8px}
label .req{color:#b00020;margin-left:2px}
label small{display:block;font-weight:normal;color:#607080}
input[type=text],input[type=number],select,textarea{width:100%;max-width:640px;box-sizing:border-box;padding:4px 6px;font:inherit}
textarea{min-height:64px}
button{font:inherit;padding:5px 12px;margin:4px 6px 4px 0;cursor:pointer}
.switch{display:inline-flex;gap:6px;align-items:center;font-weight:600;margin-right:18px}
.run-layout{display:grid;grid-template-columns:minmax(340px,5fr) 7fr;gap:20px;align-items:start}
.run-layout>*{min-width:0}
.result{background:#fff;border:1px solid #d3dbe3;padding:10px 14px}
.outcome-created{color:#1b7f24}.outcome-replayed{color:#1b4f9c}.outcome-failed{color:#b00020}.outcome-dry-run{color:#6b4f9c}
details.step{border-left:4px solid #62d84e;padding-left:8px;margin:6px 0}
details.step.fail{border-left-color:#b00020}
details.step summary{cursor:pointer;font-weight:600}
.error{color:#b00020}
`;

export function layout(options: LayoutOptions): string {
  const tab = (view: LayoutOptions['view'], href: string, label: string) =>
    `<a href="${href}"${options.view === view ? ' aria-current="page"' : ''}>${label}</a>`;
  const viewerOptions = options.viewers
    .map(
      (v) =>
        `<option value="${esc(v.userName)}"${v.userName === options.viewer.userName ? ' selected' : ''}>${esc(v.userName)} (${esc(v.roles.join(', '))})</option>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(options.title)} · incident-bridge sandbox</title>
<style>${STYLE}</style>
</head>
<body data-view="${options.view}" data-poll-ms="${options.pollMs}">
<header>
<h1>incident-bridge sandbox</h1>
<nav>${tab('incidents', '/incidents', 'Incidents')}${tab('run', '/run', 'Run the Data Action')}</nav>
<form method="get" action="${esc(options.path)}" id="viewer-form">
<label for="viewer" style="display:inline;font-weight:normal">ServiceNow user</label>
<select id="viewer" name="as">${viewerOptions}</select>
<noscript><button type="submit">Switch</button></noscript>
</form>
</header>
<main>
${options.body}
</main>
<script src="/page.js"></script>
</body>
</html>
`;
}
