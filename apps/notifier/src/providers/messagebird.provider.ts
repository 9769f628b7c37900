import { initClient, type Message, type MessageBird, type MessageParameters } from 'messagebird';
import type { SmsFailure } from '@rebound/contracts';
import {
  NOT_SENT_NETWORK_CODES,
  ProviderError,
  type OutgoingSms,
  type ProviderAcceptance,
  type SmsProvider,
} from './sms-provider';

export interface MessageBirdProviderOptions {
  accessKey: string;
  /** The SDK's socket timeout; after it the outcome of a create is unknown. */
  timeoutMs?: number;
  /** How many recent messages a reconciliation scans for our reference. */
  lookupWindow?: number;
}

/** MessageBird's REST error codes (https://developers.messagebird.com/api/#errors). */
const RETRYABLE_CODES = new Set([99]);

interface MessageBirdApiError {
  code: number;
  description: string;
  parameter: string | null;
}

/** The `GET /messages` answer; the SDK's types call it `Message[]`, the API sends a page. */
interface MessagePage {
  items?: Message[];
}

/**
 * MessageBird (legacy SMS API) through the messagebird SDK v4. Our request
 * id travels as `reference`, which also makes MessageBird post delivery
 * reports to `reportUrl`. The SDK hard-codes `https://rest.messagebird.com`
 * and gives no way to change the host or the HTTP client, so its tests
 * intercept Node's `https.request` and answer from a local server that
 * speaks MessageBird's API (tools/fake-twilio/messagebird-https.interceptor.ts).
 */
export class MessageBirdProvider implements SmsProvider {
  readonly id = 'messagebird';
  private readonly client: MessageBird;
  private readonly lookupWindow: number;

  constructor(options: MessageBirdProviderOptions) {
    this.client = initClient(options.accessKey, options.timeoutMs ?? 15_000);
    this.lookupWindow = options.lookupWindow ?? 100;
  }

  async send(message: OutgoingSms): Promise<ProviderAcceptance> {
    const params: MessageParameters = {
      originator: message.sender.replace(/^\+/, ''),
      recipients: [message.to.replace(/^\+/, '')],
      body: message.body,
      reference: message.reference,
      reportUrl: message.statusCallbackUrl,
      datacoding: message.encoding === 'UCS-2' ? 'unicode' : 'plain',
    };
    const created = await this.call<Message>((done) => this.client.messages.create(params, done));
    if (!created.id) {
      // The SDK resolves any JSON answer without `errors`, whatever its HTTP status.
      throw new ProviderError('unknown', 'no_message_id', 'answer carried no message id');
    }

    return toAcceptance(created, message.body, message.encoding);
  }

  /**
   * MessageBird keeps our reference on the message but cannot filter by it,
   * so a lost send is looked for among the most recent messages. A busy
   * account may have pushed it out of that window: then it is not found and
   * the caller parks it for an operator rather than sending again.
   */
  async findSent(message: OutgoingSms, since: Date): Promise<ProviderAcceptance | null> {
    const page = await this.call<MessagePage | Message[]>((done) =>
      this.client.messages.list(
        { limit: this.lookupWindow } as unknown as Parameters<MessageBird['messages']['list']>[0],
        done as (error: Error | null, result: Message[] | null) => void,
      ),
    );
    const items = Array.isArray(page) ? page : (page.items ?? []);
    const match = items.find(
      (item) =>
        (item.reference as string | null) === message.reference &&
        new Date(item.createdDatetime).getTime() >= since.getTime(),
    );

    return match ? toAcceptance(match, message.body, message.encoding) : null;
  }

  private call<T>(
    invoke: (done: (error: Error | null, result: T | null) => void) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      invoke((error, result) => {
        if (error || result === null) {
          reject(classifyMessageBirdError(error ?? new Error('empty answer')));
        } else {
          resolve(result);
        }
      });
    });
  }
}

function toAcceptance(message: Message, body: string, encoding: string): ProviderAcceptance {
  const status = message.recipients?.items?.[0]?.status;

  return {
    providerMessageId: message.id,
    status: status === 'sent' ? 'sent' : status === 'buffered' ? 'queued' : 'accepted',
    segments: segmentsOf(body, encoding),
  };
}

/** MessageBird's create answer has no segment count; ours is the one it bills by. */
function segmentsOf(body: string, encoding: string): number {
  const [single, multi] = encoding === 'UCS-2' ? [70, 67] : [160, 153];

  return body.length <= single ? 1 : Math.ceil(body.length / multi);
}

/**
 * The SDK gives `statusCode` and `errors` for an API answer, and wraps a
 * socket error as `error.error` ("request failed: …"); its own timeout
 * aborts the socket, which surfaces as a reset: an unknown outcome.
 */
export function classifyMessageBirdError(error: Error): ProviderError {
  const statusCode = (error as { statusCode?: number }).statusCode;
  const apiErrors = (error as { errors?: MessageBirdApiError[] }).errors ?? [];
  const first = apiErrors[0];
  if (statusCode === undefined) {
    const socketCode = (error as { error?: { code?: string } }).error?.code ?? 'network';
    const kind = NOT_SENT_NETWORK_CODES.has(socketCode) ? 'retryable' : 'unknown';

    return new ProviderError(kind, socketCode, error.message, null, { cause: error });
  }
  const code = String(first?.code ?? statusCode);
  if (statusCode === 429 || statusCode >= 500 || (first && RETRYABLE_CODES.has(first.code))) {
    return new ProviderError('retryable', code, error.message, null, { cause: error });
  }

  return new ProviderError('permanent', code, error.message, failureOf(apiErrors), {
    cause: error,
  });
}

function failureOf(errors: MessageBirdApiError[]): SmsFailure {
  const aboutRecipient = errors.some(
    (item) => item.parameter === 'recipient' || item.parameter === 'recipients',
  );

  return aboutRecipient ? 'invalid_number' : 'other';
}
