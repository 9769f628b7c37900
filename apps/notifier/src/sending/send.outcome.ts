import type { ProviderAcceptance, ProviderError } from '../providers/sms-provider';

/** What became of one send, as a value: the handler records it. */
export type SendOutcome =
  | { state: 'sent'; provider: string; acceptance: ProviderAcceptance; note: string | null }
  | { state: 'failed'; provider: string; error: ProviderError; note: string }
  | { state: 'parked'; provider: string; note: string };
