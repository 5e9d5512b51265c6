/**
 * A non-secure action's trace on the page: every value through the app's masker, the customer
 * address as the app masks an address (a WhatsApp number without "+" included), JSON bodies
 * masked value by value and kept JSON; ids, times and addresses of the sandbox left readable.
 */
import { describe, expect, it } from 'vitest';
import { maskForDisplay } from '../../../../scripts/sandbox/web/trace-display.ts';

describe('maskForDisplay', () => {
  it('masks customer data in inputs, the address field as an address', () => {
    expect(
      maskForDisplay({
        input: {
          customCallId: '4f6a2c1e-8d3b-4b7a-9e21-6c0d5a7f3b90',
          customerAddress: '31612345678',
          description: 'Call +1 415 555 0134, card 4111 1111 1111 1111, mail jan@example.nl',
          conversationStart: '2026-11-20T14:30:00.000Z',
          urgency: 2,
          dryRun: true,
          empty: '',
        },
      }),
    ).toEqual({
      input: {
        customCallId: '4f6a2c1e-8d3b-4b7a-9e21-6c0d5a7f3b90',
        customerAddress: '***-***-5678',
        description: 'Call ***-***-0134, card ****-****-****-1111, mail ***@example.nl',
        conversationStart: '2026-11-20T14:30:00.000Z',
        urgency: 2,
        dryRun: true,
        empty: '',
      },
    });
  });

  it('masks a JSON request body value by value and keeps it JSON', () => {
    const body = JSON.stringify({
      customerAddress: '31612345678',
      shortDescription: 'IBAN NL91ABNA0417164300',
    });
    const shown = maskForDisplay({
      request: { url: 'http://127.0.0.1:4000/api/x', headers: { Authorization: '***' }, body },
    }) as { request: { url: string; body: string; headers: Record<string, string> } };
    expect(JSON.parse(shown.request.body)).toEqual({
      customerAddress: '***-***-5678',
      shortDescription: 'IBAN NL************4300',
    });
    expect(shown.request.url).toBe('http://127.0.0.1:4000/api/x');
    expect(shown.request.headers.Authorization).toBe('***');
  });

  it('masks a body that is not JSON as text', () => {
    expect(maskForDisplay({ body: '<p>call +44 20 7946 0958</p>' })).toEqual({
      body: '<p>call ***-***-0958</p>',
    });
  });
});
