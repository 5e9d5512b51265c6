/**
 * The Genesys example payloads under examples/ typed as the SDK's models: `tsc` fails when an
 * example holds a field or a value type Genesys cannot send. The tests read them as Genesys sends.
 */
import type platformClient from 'purecloud-platform-client-v2';
import { describe, expect, it } from 'vitest';
import conversationJson from '../../../../examples/genesys-conversation.whatsapp.json' with { type: 'json' };
import messagingEndJson from '../../../../examples/genesys-event.conversation-end.json' with { type: 'json' };
import emailEndJson from '../../../../examples/genesys-event.customer-end.email.json' with { type: 'json' };
import { normalizeRequest } from '../../../../servicenow/src/server/core/normalize.ts';

interface Envelope<T> {
  topicName: string;
  version: string;
  eventBody: T;
  metadata?: Record<string, string>;
}
type CustomerEnd = platformClient.Models.CustomerEndDetailEventTopicCustomerEndEvent;

/**
 * `U` itself when every field of it, at any depth, is a field of `T` with a compatible type;
 * otherwise a type with `never` where it is not. (A plain annotation would let extra fields of a
 * JSON import through: excess-property checks apply only to object literals.)
 */
type DeepExact<T, U> = U extends readonly (infer E)[]
  ? NonNullable<T> extends readonly (infer TE)[]
    ? ReadonlyArray<DeepExact<TE, E>>
    : never
  : U extends object
    ? NonNullable<T> extends object
      ? {
          [K in keyof U]: K extends keyof NonNullable<T>
            ? DeepExact<NonNullable<T>[K], U[K]>
            : never;
        }
      : never
    : U extends NonNullable<T>
      ? U
      : never;
/** Returns the value as `T`; a value that is not `DeepExact` asks for a second argument (`never`). */
const exactly =
  <T>() =>
  <U>(value: U, ..._notExact: U extends DeepExact<T, U> ? [] : [never]): T =>
    value as unknown as T;

const conversation = exactly<platformClient.Models.Conversation>()(conversationJson);
const messagingEnd = exactly<Envelope<CustomerEnd>>()(messagingEndJson);
const emailEnd = exactly<Envelope<CustomerEnd>>()(emailEndJson);

describe('the examples, typed as the SDK models', () => {
  it.each([
    ['conversation object (WhatsApp)', conversation, 'whatsapp', '+31612345678'],
    ['customer.end (WhatsApp)', messagingEnd, 'whatsapp', '+31612345678'],
    ['customer.end (e-mail)', emailEnd, 'email', 'dana.devries@example.com'],
  ])(
    '%s normalizes with the customer from where its media carries it',
    (_, body, channel, address) => {
      const result = normalizeRequest(body);
      expect(result.ok).toBe(true);
      if (result.ok) {
        expect(result.request.channel).toBe(channel);
        expect(result.request.customerAddress).toBe(address);
      }
    },
  );
});
