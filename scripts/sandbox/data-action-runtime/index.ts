/**
 * Local Data Action runtime: executes the generated Genesys Data Actions (genesys/) against a real
 * HTTP endpoint the way Genesys would, with a Genesys "Test"-tab-like trace. Used by `npm start`,
 * `simulate` and the tests; see execute-action.ts for the steps.
 */
export {
  executeAction,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_SECONDS,
} from './execute-action.ts';
export { findActionProblems } from './check-action.ts';
export { validateAgainstContract, type FieldError } from './contract-validation.ts';
export type { FailureKind, GenesysErrorBody } from './genesys-errors.ts';
export type { HttpResponse } from './http-request.ts';
export type { TranslatedValue } from './translate-response.ts';
export {
  findUnsupportedVelocity,
  type TemplateKind,
  type TemplateProblem,
} from './velocity-support.ts';
export { renderRequestTemplate, renderSuccessTemplate } from './velocity-render.ts';
export type {
  BasicCredentials,
  BearerCredentials,
  DataAction,
  ExecuteOptions,
  ExecutionFailure,
  ExecutionResult,
  ExecutionSuccess,
  ExecutionTrace,
  TraceStep,
  TracedRequest,
} from './types.ts';
