import { TenantDirectory } from '@rebound/config';
import type { SmsRequest } from '@rebound/contracts';
import { createLogger } from '@rebound/telemetry';
import { ProviderCircuits } from './provider.circuits';
import { ProviderDispatcher } from './provider.dispatcher';
import { RetryPolicy } from './retry.policy';
import { SenderRateLimiter } from './sender-rate.limiter';
import { ProviderRegistry } from '../providers/provider.registry';
import {
  ProviderError,
  type OutgoingSms,
  type ProviderAcceptance,
  type SmsProvider,
} from '../providers/sms-provider';

class ScriptedProvider implements SmsProvider {
  readonly sent: OutgoingSms[] = [];
  constructor(
    readonly id: string,
    private readonly script: Array<ProviderError | 'ok'>,
    private readonly lookup: ProviderAcceptance | null = null,
  ) {}

  send(message: OutgoingSms): Promise<ProviderAcceptance> {
    const step = this.script.shift() ?? 'ok';
    if (step !== 'ok') {
      return Promise.reject(step);
    }
    this.sent.push(message);

    return Promise.resolve({ providerMessageId: `${this.id}-1`, status: 'queued', segments: 1 });
  }

  findSent(): Promise<ProviderAcceptance | null> {
    return Promise.resolve(this.lookup);
  }
}

const TENANTS = TenantDirectory.fromText(`
tenants:
  - id: praxis-mueller
    name: Praxis Müller
    numbers: ['+493023125001']
    forward_to: '+496990009010'
    time_zone: Europe/Berlin
    sender: '+493023125001'
    provider: twilio
    secondary_provider: messagebird
    templates: { business_hours: 'Hallo' }
`);

const request = {
  request_id: 'req-1',
  tenant_id: 'praxis-mueller',
  provider: 'twilio',
  sender: '+493023125001',
} as SmsRequest;

const outgoing: OutgoingSms = {
  reference: 'req-1',
  to: '+4915228817386',
  sender: '+493023125001',
  body: 'Hallo',
  encoding: 'GSM-7',
};

const busy = () => new ProviderError('retryable', '20503', 'busy');

function dispatcherFor(primary: SmsProvider, secondary: SmsProvider) {
  const circuits = new ProviderCircuits({ failureThreshold: 2, cooldownMs: 60_000 });
  const sut = new ProviderDispatcher(
    new ProviderRegistry([primary, secondary]),
    TENANTS,
    circuits,
    new SenderRateLimiter(
      () => 0,
      () => Promise.resolve(),
    ),
    new RetryPolicy(3, 1),
    { defaultRatePerSecond: 1000 },
    createLogger('test', 'silent'),
    () => Promise.resolve(),
  );

  return { sut, circuits };
}

describe('ProviderDispatcher', () => {
  it('should fail over to the secondary when the primary circuit opens', async () => {
    const primary = new ScriptedProvider('twilio', [busy(), busy()]);
    const secondary = new ScriptedProvider('messagebird', []);
    const { sut, circuits } = dispatcherFor(primary, secondary);
    const called: string[] = [];

    const outcome = await sut.dispatch(request, outgoing, (id) => {
      called.push(id);

      return Promise.resolve();
    });

    expect(outcome).toMatchObject({ state: 'sent', provider: 'messagebird' });
    expect(called).toEqual(['twilio', 'twilio', 'messagebird']);
    expect(circuits.of('twilio').state).toBe('open');
  });

  it('should not fail over on a permanent error', async () => {
    const landline = new ProviderError('permanent', '21614', 'landline', 'landline');
    const secondary = new ScriptedProvider('messagebird', []);
    const { sut } = dispatcherFor(new ScriptedProvider('twilio', [landline]), secondary);

    const outcome = await sut.dispatch(request, outgoing, () => Promise.resolve());

    expect(outcome).toMatchObject({ state: 'failed', provider: 'twilio' });
    expect(secondary.sent).toHaveLength(0);
  });

  it('should reconcile an unknown outcome instead of sending again', async () => {
    const timeout = new ProviderError('unknown', 'ECONNRESET', 'socket hang up');
    const found = { providerMessageId: 'SM1', status: 'sent' as const, segments: 1 };
    const primary = new ScriptedProvider('twilio', [timeout], found);
    const secondary = new ScriptedProvider('messagebird', []);
    const { sut } = dispatcherFor(primary, secondary);

    const outcome = await sut.dispatch(request, outgoing, () => Promise.resolve());

    expect(outcome).toMatchObject({ state: 'sent', provider: 'twilio', acceptance: found });
    expect(primary.sent).toHaveLength(0);
    expect(secondary.sent).toHaveLength(0);
  });

  it('should park an unknown outcome the provider cannot find', async () => {
    const timeout = new ProviderError('unknown', 'ECONNRESET', 'socket hang up');
    const secondary = new ScriptedProvider('messagebird', []);
    const { sut } = dispatcherFor(new ScriptedProvider('twilio', [timeout]), secondary);

    const outcome = await sut.dispatch(request, outgoing, () => Promise.resolve());

    expect(outcome.state).toBe('parked');
    expect(secondary.sent).toHaveLength(0);
  });
});
