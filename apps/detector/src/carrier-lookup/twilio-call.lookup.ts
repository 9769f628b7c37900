import twilio, { type Twilio } from 'twilio';
import type { CallEvent } from '@rebound/contracts';
import { ReboundError } from '@rebound/kafka';
import { LoopbackRequestClient } from '@rebound/twilio';
import { CarrierCallLookup, type SilentCall } from './carrier-call.lookup';
import { twilioCallEvents } from './twilio-call.events';

export interface TwilioCallLookupOptions {
  accountSid: string;
  authToken: string;
  /** Another API host (a local Twilio-speaking server); unset for api.twilio.com. */
  apiBaseUrl?: string;
  timeoutMs: number;
}

const CALL_SID = /^CA[0-9a-f]{32}$/i;

/** Legs one call may have dialled (simultaneous ring, forwards); more is not a real call. */
const MAX_CHILD_LEGS = 50;

/**
 * Asks Twilio's Calls resource about a silent Twilio call: the parent call
 * (the caller's leg) and the calls it dialled (`ParentCallSid`).
 * https://www.twilio.com/docs/voice/api/call-resource
 */
export class TwilioCallLookup extends CarrierCallLookup {
  private readonly client: Twilio;

  constructor(private readonly options: TwilioCallLookupOptions) {
    super();
    this.client = twilio(options.accountSid, options.authToken, {
      httpClient: options.apiBaseUrl ? new LoopbackRequestClient(options.apiBaseUrl) : undefined,
      autoRetry: false,
    });
  }

  /** A Twilio call of the account we hold credentials for (an event names its AccountSid). */
  canAsk(call: SilentCall): boolean {
    const accounts = call.events.flatMap((event) =>
      event.attributes.AccountSid ? [event.attributes.AccountSid] : [],
    );

    return (
      CALL_SID.test(call.callId) &&
      call.events.some((event) => event.carrier === 'twilio') &&
      (accounts.length === 0 || accounts.includes(this.options.accountSid))
    );
  }

  async ask(call: SilentCall): Promise<CallEvent[]> {
    try {
      const [parent, children] = await this.withTimeout(
        Promise.all([
          this.client.calls(call.callId).fetch(),
          this.client.calls.list({ parentCallSid: call.callId, limit: MAX_CHILD_LEGS }),
        ]),
      );

      return twilioCallEvents(call.tenant, parent, children, new Date());
    } catch (error) {
      if ((error as { status?: number }).status === 404) {
        return [];
      }
      throw new ReboundError('CARRIER_LOOKUP_FAILED', 'Twilio Calls lookup failed', true, {
        cause: error,
      });
    }
  }

  private withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('Twilio Calls lookup timed out')),
        this.options.timeoutMs,
      );
    });

    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }
}
