/**
 * The "Run the Data Action" form, generated from the action's input contract (its draft-04
 * `inputSchema`), so it follows the contract when the schema changes: required fields first and
 * marked, enums as choices, integers with their bounds, long strings as text areas, booleans as
 * switches. The browser does not enforce the contract: a wrong value goes to the runtime, whose
 * input validation step then shows the error as Genesys's "Test" tab does.
 */
import { esc } from './html.ts';

export interface FormField {
  name: string;
  kind: 'text' | 'textarea' | 'integer' | 'select' | 'switch';
  required: boolean;
  description: string;
  /** Choices of an enum ('' included when the contract allows it). */
  options?: string[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}

interface PropertySchema {
  type?: string | string[];
  enum?: unknown[];
  description?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}

/** Strings longer than this get a text area. */
const TEXTAREA_FROM = 1000;

export function formFields(inputSchema: unknown): FormField[] {
  const schema = (inputSchema ?? {}) as {
    properties?: Record<string, PropertySchema>;
    required?: string[];
  };
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([name, property]): FormField => {
    const type = Array.isArray(property.type) ? property.type[0] : property.type;
    const base = {
      name,
      required: required.has(name),
      description: property.description ?? '',
    };
    if (Array.isArray(property.enum))
      return { ...base, kind: 'select', options: property.enum.map((v) => String(v)) };
    if (type === 'boolean') return { ...base, kind: 'switch' };
    if (type === 'integer' || type === 'number')
      return {
        ...base,
        kind: 'integer',
        ...(property.minimum === undefined ? {} : { minimum: property.minimum }),
        ...(property.maximum === undefined ? {} : { maximum: property.maximum }),
      };
    const maxLength = property.maxLength;
    return {
      ...base,
      kind: maxLength !== undefined && maxLength > TEXTAREA_FROM ? 'textarea' : 'text',
      ...(maxLength === undefined ? {} : { maxLength }),
    };
  });
  // required first, otherwise the contract's order
  return [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)];
}

function control(field: FormField): string {
  const id = `in-${esc(field.name)}`;
  const common = `id="${id}" name="${esc(field.name)}" data-kind="${field.kind}"${field.required ? ' aria-required="true"' : ''}`;
  switch (field.kind) {
    case 'select': {
      const options = (field.options ?? []).map(
        (option) =>
          `<option value="${esc(option)}">${option === '' ? '(empty)' : esc(option)}</option>`,
      );
      // "not set" is its own choice so an optional enum can be left out of the input
      return `<select ${common}><option value="" data-unset="true">— not set —</option>${options.join('')}</select>`;
    }
    case 'integer':
      return `<input type="number" step="1" ${common}${field.minimum === undefined ? '' : ` min="${field.minimum}"`}${field.maximum === undefined ? '' : ` max="${field.maximum}"`}>`;
    case 'textarea':
      return `<textarea ${common}${field.maxLength === undefined ? '' : ` maxlength="${field.maxLength}"`}></textarea>`;
    default:
      return `<input type="text" autocomplete="off" ${common}${field.maxLength === undefined ? '' : ` maxlength="${field.maxLength}"`}>`;
  }
}

function label(field: FormField): string {
  return `${esc(field.name)}${field.required ? '<span class="req" title="required">*</span>' : ''}`;
}

/** The contract's fields as form controls (switches first, on one line). */
export function renderContractFields(fields: readonly FormField[]): string {
  const switches = fields
    .filter((f) => f.kind === 'switch')
    .map(
      (f) =>
        `<label class="switch" title="${esc(f.description)}"><input type="checkbox" role="switch" id="in-${esc(f.name)}" name="${esc(f.name)}" data-kind="switch"> ${label(f)}</label>`,
    );
  const others = fields
    .filter((f) => f.kind !== 'switch')
    .map(
      (f) =>
        `<label for="in-${esc(f.name)}">${label(f)}<small>${esc(f.description)}</small></label>${control(f)}`,
    );
  return `<div class="switches">${switches.join('')}</div>${others.join('\n')}`;
}
