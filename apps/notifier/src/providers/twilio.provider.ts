import twilio, { type Twilio } from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import type { SmsFailure } from '@rebound/contracts';
import { LoopbackRequestClient } from './loopback-request.client';
import {
  NOT_SENT_NETWORK_CODES,
  ProviderError,
  type OutgoingSms,
  type ProviderAcceptance,
  type SmsProvider,
} from './sms-provider';

export interface TwilioProviderOptions {
  accountSid: string;
  authToken: string;
  /** Another API host (a local Twilio-speaking server); unset for api.twilio.com. */
  apiBaseUrl?: string;
  /** After this the outcome of a create is unknown (reconciled, never resent blindly). */
  timeoutMs?: number;
}

/** Twilio errors that say the recipient cannot get this text: never retried. */
const PERMANENT: Record<number, SmsFailure> = {
  21211: 'invalid_number',
  21614: 'landline',
  21635: 'landline',
  21610: 'unsubscribed',
  21612: 'invalid_number',
  21408: 'blocked',
  30005: 'unknown_subscriber',
  30006: 'landline',
};

export class TwilioProvider implements SmsProvider {
  readonly id = 'twilio';
  private readonly client: Twilio;

  constructor(options: TwilioProviderOptions) {
    const clientOptions = { timeout: options.timeoutMs ?? 15_000, autoRetry: false };
    this.client = twilio(options.accountSid, options.authToken, {
      httpClient: options.apiBaseUrl
        ? new LoopbackRequestClient(options.apiBaseUrl, clientOptions)
        : new RequestClient(clientOptions),
      autoRetry: false,
    });
  }

  async send(message: OutgoingSms): Promise<ProviderAcceptance> {
    try {
      const created = await this.client.messages.create({
        to: message.to,
        from: message.sender,
        body: message.body,
        statusCallback: message.statusCallbackUrl,
      });

      return {
        providerMessageId: created.sid,
        status: created.status === 'sent' ? 'sent' : 'queued',
        segments: Number(created.numSegments) || null,
      };
    } catch (error) {
      throw classifyTwilioError(error);
    }
  }

  /**
   * Twilio keeps no client reference on a message, so a send whose outcome
   * we lost is looked up by recipient and body among messages created since
   * we started it.
   */
  async findSent(message: OutgoingSms, since: Date): Promise<ProviderAcceptance | null> {
    try {
      const recent = await this.client.messages.list({
        to: message.to,
        dateSentAfter: since,
        limit: 20,
      });
      const match = recent.find((item) => item.body === message.body);

      return match
        ? {
            providerMessageId: match.sid,
            status: 'sent',
            segments: Number(match.numSegments) || null,
          }
        : null;
    } catch (error) {
      throw classifyTwilioError(error);
    }
  }
}

/** Twilio's RestException carries `status` and a numeric `code`; axios errors a string `code`. */
export function classifyTwilioError(error: unknown): ProviderError {
  const status = (error as { status?: number }).status;
  const code = (error as { code?: number | string }).code;
  const text = error instanceof Error ? error.message : String(error);
  if (typeof code === 'number' && PERMANENT[code]) {
    return new ProviderError('permanent', String(code), text, PERMANENT[code], { cause: error });
  }
  if (status === undefined) {
    const network = typeof code === 'string' ? code : 'network';
    const kind = NOT_SENT_NETWORK_CODES.has(network) ? 'retryable' : 'unknown';

    return new ProviderError(kind, network, text, null, { cause: error });
  }
  if (status === 504) {
    // A gateway timeout says nothing about whether Twilio created the message.
    return new ProviderError('unknown', String(code ?? status), text, null, { cause: error });
  }
  if (status === 429 || status >= 500) {
    return new ProviderError('retryable', String(code ?? status), text, null, { cause: error });
  }

  return new ProviderError('permanent', String(code ?? status), text, 'other', { cause: error });
}
