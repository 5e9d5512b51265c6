import { describe, expect, it } from 'vitest';
import {
  MAX_QUOTED_BODY,
  networkError,
  nonJsonResponseError,
  processingError,
  remoteStatusError,
  timeoutError,
} from '../../../../scripts/sandbox/data-action-runtime/genesys-errors.ts';

describe('Genesys-shaped error bodies', () => {
  it('pass a remote status through and quote the remote body', () => {
    expect(remoteStatusError(404, '{"error":{"message":"nope"}}', 'ctx-1')).toEqual({
      message: 'Not Found',
      code: 'not.found',
      status: 404,
      messageParams: {},
      contextId: 'ctx-1',
      details: [{ errorCode: 'ACTION.REMOTE_ENDPOINT' }],
      errors: [
        {
          message:
            'REST call for action execute failed. Message: Request to backend service failed. Response from web service: {"error":{"message":"nope"}} [ctx-1]',
          code: 'NOT_FOUND',
          status: 404,
          messageParams: {},
          details: [],
          errors: [],
        },
      ],
    });
  });

  it('cap the quoted body', () => {
    const message = remoteStatusError(500, 'x'.repeat(MAX_QUOTED_BODY + 10), 'c').errors[0]!
      .message;
    expect(message).toContain('…(truncated)');
    expect(message.length).toBeLessThan(MAX_QUOTED_BODY + 200);
  });

  it.each([
    [processingError('bad input', 'c'), 400, 'bad.request', 'ACTION.PROCESSING'],
    [nonJsonResponseError('not JSON', 'c'), 400, 'bad.request', 'ACTION.REMOTE_ENDPOINT'],
    [timeoutError(20000, 'c'), 504, 'gateway.timeout', 'ACTION.REMOTE_ENDPOINT'],
    [networkError('ECONNREFUSED', 'c'), 502, 'bad.gateway', 'ACTION.REMOTE_ENDPOINT'],
  ])('%#: status %i, code %s, detail %s', (body, status, code, detail) => {
    expect(body).toMatchObject({ status, code, details: [{ errorCode: detail }] });
    expect(body.errors[0]!.message).toMatch(/ \[c\]$/);
  });
});
