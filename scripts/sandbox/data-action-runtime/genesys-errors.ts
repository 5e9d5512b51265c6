/**
 * The error bodies a failed execution returns, shaped like the Platform API's errors for data
 * actions (`POST /api/v2/integrations/actions/{id}/test|execute`) as published in Genesys's help
 * articles "Data action fails during testing" and "Data action returns a 400 error":
 * `{message, code, status, messageParams, contextId, details:[{errorCode}], errors:[{...}]}`, with
 * `details[0].errorCode` telling where it failed (ACTION.REMOTE_ENDPOINT for the endpoint,
 * ACTION.PROCESSING for contracts and templates). Assumed, not observed: the status and wording
 * for timeouts (504) and connection failures (502), and that a remote 4xx/5xx status is passed
 * through as the error status.
 */
import { STATUS_CODES } from 'node:http';

/** Why the execution failed; lets a caller branch without parsing messages. */
export type FailureKind =
  | 'configuration' // the action itself is unusable (bad JSON schema, unsupported template)
  | 'input' // input does not satisfy the input contract
  | 'template' // a template failed to render
  | 'network' // no HTTP response (connection refused, TLS, DNS)
  | 'timeout' // no complete response within timeoutSeconds
  | 'http' // the endpoint answered outside 2xx
  | 'response' // 2xx but not usable JSON (or too large)
  | 'translation' // translationMap found nothing and had no default
  | 'output'; // success template output is not JSON or breaks the output contract

export type GenesysErrorDetailCode = 'ACTION.REMOTE_ENDPOINT' | 'ACTION.PROCESSING';

export interface GenesysErrorBody {
  message: string;
  code: string;
  status: number;
  messageParams: Record<string, string>;
  contextId?: string;
  details: Array<{ errorCode: GenesysErrorDetailCode }>;
  errors: GenesysErrorBody[];
}

/** The longest slice of a remote body quoted into an error message. */
export const MAX_QUOTED_BODY = 4_000;

const reason = (status: number) => STATUS_CODES[status] ?? 'Unknown Status';
const dottedCode = (status: number) =>
  reason(status)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.');
const upperCode = (status: number) =>
  reason(status)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_');

function errorBody(
  status: number,
  detail: GenesysErrorDetailCode,
  innerMessage: string,
  contextId: string,
  outerMessage = reason(status),
): GenesysErrorBody {
  return {
    message: outerMessage,
    code: dottedCode(status),
    status,
    messageParams: {},
    contextId,
    details: [{ errorCode: detail }],
    errors: [
      {
        message: `${innerMessage} [${contextId}]`,
        code: upperCode(status),
        status,
        messageParams: {},
        details: [],
        errors: [],
      },
    ],
  };
}

const REST_CALL_FAILED = 'REST call for action execute failed. Message:';

function quote(body: string): string {
  return body.length > MAX_QUOTED_BODY ? `${body.slice(0, MAX_QUOTED_BODY)}…(truncated)` : body;
}

/** The action or its input is unusable: nothing was sent. */
export function processingError(message: string, contextId: string): GenesysErrorBody {
  return errorBody(400, 'ACTION.PROCESSING', message, contextId);
}

/** The endpoint answered outside 2xx: its status is passed through, its body quoted. */
export function remoteStatusError(
  status: number,
  body: string,
  contextId: string,
): GenesysErrorBody {
  return errorBody(
    status,
    'ACTION.REMOTE_ENDPOINT',
    `${REST_CALL_FAILED} Request to backend service failed. Response from web service: ${quote(body)}`,
    contextId,
  );
}

/** 2xx with a body that is not JSON (Genesys requires JSON responses). */
export function nonJsonResponseError(detail: string, contextId: string): GenesysErrorBody {
  return errorBody(
    400,
    'ACTION.REMOTE_ENDPOINT',
    `${REST_CALL_FAILED} Request to backend service failed. ${detail}`,
    contextId,
    'The request could not be understood by the server due to malformed syntax.',
  );
}

export function timeoutError(timeoutMs: number, contextId: string): GenesysErrorBody {
  return errorBody(
    504,
    'ACTION.REMOTE_ENDPOINT',
    `${REST_CALL_FAILED} Request to backend service timed out after ${timeoutMs} ms.`,
    contextId,
  );
}

export function networkError(detail: string, contextId: string): GenesysErrorBody {
  return errorBody(
    502,
    'ACTION.REMOTE_ENDPOINT',
    `${REST_CALL_FAILED} Request to backend service failed: ${detail}`,
    contextId,
  );
}
