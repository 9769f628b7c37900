import { Inject, Injectable } from '@nestjs/common';
import type { CallVerdict, PhoneParty } from '@rebound/contracts';
import { COMPLIANCE_CONFIG } from '../compliance.tokens';
import type { ComplianceConfig } from '../compliance.config';
import { callerPseudonym } from '../deciding/caller-pseudonym';
import { CallerContacts } from './caller-contacts';

/**
 * Reads every call verdict for calls that reached a caller: an answered
 * call from them, or an outbound call from the business to them (the
 * business has taken the callback in hand, answered or not).
 */
@Injectable()
export class RecordCallContactHandler {
  constructor(
    @Inject(CallerContacts) private readonly contacts: CallerContacts,
    @Inject(COMPLIANCE_CONFIG) private readonly config: ComplianceConfig,
  ) {}

  async handle(verdict: CallVerdict): Promise<void> {
    const party = this.reachedParty(verdict);
    if (!party?.e164) {
      return;
    }
    await this.contacts.record({
      contactId: `verdict:${verdict.verdict_id}`,
      tenantId: verdict.tenant_id,
      callerHash: callerPseudonym(this.config.REBOUND_PSEUDONYM_KEY, verdict.tenant_id, party.e164),
      kind: verdict.reason === 'outbound' ? 'outbound' : 'answered',
      at: new Date(verdict.call_started_at),
    });
  }

  private reachedParty(verdict: CallVerdict): PhoneParty | null {
    if (verdict.verdict !== 'not_missed') {
      return null;
    }
    if (verdict.reason === 'answered') {
      return verdict.caller;
    }

    return verdict.reason === 'outbound' ? verdict.called : null;
  }
}
