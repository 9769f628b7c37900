import type { SmsFailure } from '@rebound/contracts';

export interface OutgoingSms {
  /** Our request id: sent to the provider as its reference where it has one. */
  reference: string;
  to: string;
  sender: string;
  body: string;
  /** Where the provider posts delivery receipts. */
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
 * A provider's refusal in our words: `retryable` (throttling, 5xx, network)
 * or `permanent` (the recipient cannot get this text), and for permanent
 * ones what it says about the recipient.
 */
export class ProviderError extends Error {
  constructor(
    readonly kind: 'retryable' | 'permanent',
    readonly providerCode: string,
    message: string,
    readonly failure: SmsFailure | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderError';
  }
}
