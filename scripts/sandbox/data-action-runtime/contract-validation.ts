/**
 * Validation against an action's draft-04 contracts, as Genesys does before sending a request and
 * after building the output. Errors name the field by JSON Pointer and never echo the value
 * (inputs carry customer data).
 */
import Ajv04Module from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';

// Under NodeNext the CommonJS default export is reached through `.default`.
const Ajv04 = Ajv04Module.default;

export interface FieldError {
  /** JSON Pointer of the field, e.g. `/customCallId`; `` for the whole object. */
  path: string;
  message: string;
}

// Genesys accepts contracts with keywords ajv does not know (UI hints): ignore them quietly.
const ajv = new Ajv04({ allErrors: true, strict: false, logger: false });
const compiled = new Map<string, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

function toFieldError(error: ErrorObject): FieldError {
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return { path: `${error.instancePath}/${missing}`, message: 'is required' };
  }
  return { path: error.instancePath, message: error.message ?? error.keyword };
}

/** [] when `value` satisfies `schema`. Throws only when the schema itself does not compile. */
export function validateAgainstContract(schema: object, value: unknown): FieldError[] {
  const validate = validatorFor(schema);
  return validate(value) ? [] : (validate.errors ?? []).map(toFieldError);
}

export function describeFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; ');
}
