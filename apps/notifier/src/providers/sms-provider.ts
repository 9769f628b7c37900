import type { SmsEncoding, SmsFailure } from '@rebound/contracts';

export interface OutgoingSms {
  /** Our request id: sent to the provider as its reference where it has one. */
  reference: string;
  to: string;
  sender: string;
  body: string;
  encoding: SmsEncoding;
  /** Where the provider posts delivery receipts (ingest's route for that provider). */
  statusCallbackUrl?: string;
}

export interface ProviderAcceptance {
  providerMessageId: string;
  status: 'accepted' | 'queued' | 'sent';
  segments: number | null;
}

/**
 * One SMS provider behind our contract. An adapter maps our request to the
 * vendor SDK and the vendor's errors to {@link ProviderError}; nothing else.
 * A new provider (Vonage, Bird) is one more class and one line in the
 * registry; the notifier's core never names a vendor.
 */
export interface SmsProvider {
  readonly id: string;
  send(message: OutgoingSms): Promise<ProviderAcceptance>;
  /**
   * Finds a message we may have sent before a crash, by our reference (or,
   * where the provider keeps none, by recipient, body and time). Null when
   * the provider has no such message.
   */
  findSent(message: OutgoingSms, since: Date): Promise<ProviderAcceptance | null>;
}

/**
 * A provider's refusal in our words:
 * - `retryable`: the provider did not take the text (throttling, 5xx, a
 *   refused connection); sending again cannot duplicate it;
 * - `unknown`: the call may have reached the provider (timeout, connection
 *   reset mid-call); sending again could text twice, so it is reconciled;
 * - `permanent`: the recipient cannot get this text; `failure` says why.
 */
export class ProviderError extends Error {
  constructor(
    readonly kind: 'retryable' | 'unknown' | 'permanent',
    readonly providerCode: string,
    message: string,
    readonly failure: SmsFailure | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderError';
  }
}

/** Node socket errors raised before a request left this host: the provider never saw it. */
export const NOT_SENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
