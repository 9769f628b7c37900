import type { TenantDirectory } from '@rebound/config';
import type { SmsRequest } from '@rebound/contracts';
import { SpanKind, inSpan, type Logger } from '@rebound/telemetry';
import type { ProviderCircuits } from './provider.circuits';
import type { RetryPolicy } from './retry.policy';
import type { SendOutcome } from './send.outcome';
import type { SenderRateLimiter } from './sender-rate.limiter';
import type { ProviderRegistry } from '../providers/provider.registry';
import {
  ProviderError,
  type OutgoingSms,
  type ProviderAcceptance,
  type SmsProvider,
} from '../providers/sms-provider';

/** Called, and awaited, before each provider call: the record must name the provider first. */
export type BeforeCall = (providerId: string) => Promise<void>;

export interface DispatcherSettings {
  defaultRatePerSecond: number;
}

type ProviderResult = SendOutcome | { state: 'exhausted'; provider: string; error: ProviderError };

/** How far back a lookup reaches before the send started: provider clocks drift. */
const LOOKUP_SLACK_MS = 60_000;

/**
 * Sends one text through the tenant's providers: the primary, then the
 * secondary when the primary's circuit is open or its retries run out.
 * Retryable errors are retried with backoff; a permanent error ends the
 * send (another provider cannot reach a landline either); an unknown
 * outcome is reconciled with the provider that may have sent it and
 * parked when it cannot be, never sent again through any provider.
 */
export class ProviderDispatcher {
  constructor(
    private readonly providers: ProviderRegistry,
    private readonly tenants: TenantDirectory,
    private readonly circuits: ProviderCircuits,
    private readonly limiter: SenderRateLimiter,
    private readonly retry: RetryPolicy,
    private readonly settings: DispatcherSettings,
    private readonly logger: Logger,
    private readonly sleep: (ms: number) => Promise<void> = defaultSleep,
  ) {}

  /** The providers this request may go through, in order; empty when none is configured. */
  candidates(request: SmsRequest): SmsProvider[] {
    const secondary = this.tenants.get(request.tenant_id)?.secondary_provider;
    const ids = [...new Set([request.provider, secondary].filter((id): id is string => !!id))];

    return ids
      .map((id) => this.providers.get(id, request.tenant_id))
      .filter((provider): provider is SmsProvider => provider !== undefined);
  }

  async dispatch(
    request: SmsRequest,
    outgoing: OutgoingSms,
    beforeCall: BeforeCall,
  ): Promise<SendOutcome> {
    const candidates = this.candidates(request);
    const tried: string[] = [];
    let last: ProviderResult | undefined;
    for (const provider of candidates) {
      if (!this.circuits.of(provider.id).tryAcquire()) {
        continue;
      }
      tried.push(provider.id);
      last = await this.through(provider, request, outgoing, beforeCall);
      if (last.state !== 'exhausted') {
        return last;
      }
    }
    if (!last) {
      // Every circuit is open: the primary gets its attempts anyway, a text is worth more than a call.
      tried.push(candidates[0].id);
      last = await this.through(candidates[0], request, outgoing, beforeCall);
    }

    return last.state === 'exhausted'
      ? {
          state: 'failed',
          provider: last.provider,
          error: last.error,
          note: `retries exhausted on ${tried.join(', ')}: ${last.error.message}`.slice(0, 500),
        }
      : last;
  }

  /** A send whose outcome was lost (crash, timeout): ask the provider that may have it. */
  async reconcile(
    providerId: string,
    tenantId: string,
    outgoing: OutgoingSms,
    startedAt: Date,
  ): Promise<SendOutcome> {
    const provider = this.providers.get(providerId, tenantId);
    if (!provider) {
      return { state: 'parked', provider: providerId, note: 'outcome unknown; provider gone' };
    }

    return this.lookUp(provider, outgoing, startedAt);
  }

  private async lookUp(
    provider: SmsProvider,
    outgoing: OutgoingSms,
    startedAt: Date,
  ): Promise<SendOutcome> {
    const providerId = provider.id;
    let found: ProviderAcceptance | null;
    try {
      found = await provider.findSent(outgoing, new Date(startedAt.getTime() - LOOKUP_SLACK_MS));
    } catch (error) {
      return {
        state: 'parked',
        provider: providerId,
        note: `outcome unknown and provider lookup failed: ${(error as Error).message}`.slice(
          0,
          500,
        ),
      };
    }

    return found
      ? {
          state: 'sent',
          provider: providerId,
          acceptance: found,
          note: 'reconciled: outcome was unknown; found at the provider',
        }
      : {
          state: 'parked',
          provider: providerId,
          note: 'parked: outcome unknown and the provider does not have the text; an operator decides',
        };
  }

  private async through(
    provider: SmsProvider,
    request: SmsRequest,
    outgoing: OutgoingSms,
    beforeCall: BeforeCall,
  ): Promise<ProviderResult> {
    const circuit = this.circuits.of(provider.id);
    const rate =
      this.tenants.get(request.tenant_id)?.sender_rate_per_second ??
      this.settings.defaultRatePerSecond;
    for (let attempt = 1; ; attempt += 1) {
      await beforeCall(provider.id);
      await this.limiter.take(`${provider.id}:${outgoing.sender}`, rate);
      const startedAt = new Date();
      try {
        const acceptance = await inSpan(
          'sms.send',
          {
            kind: SpanKind.CLIENT,
            attributes: { 'rebound.provider': provider.id, 'rebound.attempt': attempt },
          },
          () => provider.send(outgoing),
        );
        circuit.recordSuccess();

        return { state: 'sent', provider: provider.id, acceptance, note: null };
      } catch (thrown) {
        const error = asProviderError(thrown);
        const verdict = await this.afterError(provider, error, outgoing, startedAt);
        if (verdict) {
          return verdict;
        }
        if (circuit.state !== 'closed' || !this.retry.allowsAnother(attempt)) {
          return { state: 'exhausted', provider: provider.id, error };
        }
        this.logger.debug(
          { provider: provider.id, attempt, code: error.providerCode },
          'provider refused, retrying',
        );
        await this.sleep(this.retry.delayAfter(attempt));
      }
    }
  }

  /** The outcome a provider error decides at once, or null when the send may be retried. */
  private async afterError(
    provider: SmsProvider,
    error: ProviderError,
    outgoing: OutgoingSms,
    startedAt: Date,
  ): Promise<SendOutcome | null> {
    const circuit = this.circuits.of(provider.id);
    if (error.kind === 'permanent') {
      circuit.release();

      return { state: 'failed', provider: provider.id, error, note: error.message.slice(0, 500) };
    }
    circuit.recordFailure();
    if (error.kind === 'unknown') {
      return this.lookUp(provider, outgoing, startedAt).then((outcome) =>
        outcome.state === 'parked'
          ? { ...outcome, note: `after ${error.providerCode}: ${outcome.note}` }
          : outcome,
      );
    }

    return null;
  }
}

function asProviderError(error: unknown): ProviderError {
  return error instanceof ProviderError
    ? error
    : new ProviderError('unknown', 'unexpected', String(error), null, { cause: error });
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
