import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FakeTwilioServer } from '../../tools/fake-twilio/fake-twilio.server';
import { OtlpReceiver } from '../../tools/otlp-receiver/otlp-receiver.server';
import { IsolatedStack, fixtureBodyBytes, loadFixture, waitFor } from '@rebound/testing';

jest.setTimeout(180_000);

const FIXTURES = join(__dirname, '../../test-data/fixtures/twilio');
const CALLER_FORMS = [
  '+4915228817386',
  '4915228817386',
  '015228817386',
  '+447700900123',
  '447700900123',
];

async function metricValue(
  port: number,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text
    .split('\n')
    .find(
      (candidate) =>
        candidate.startsWith(`${name}{`) &&
        Object.entries(labels).every(([key, value]) => candidate.includes(`${key}="${value}"`)),
    );

  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('operating the pipeline: one trace, metrics, masked logs', () => {
  const twilio = new FakeTwilioServer(
    'AC493079973f13e4d5608184b2181e4980',
    'fixture_twilio_auth_token_not_real_00',
  );
  const otlp = new OtlpReceiver();
  const traceId = randomBytes(16).toString('hex');
  const separateTraces: string[] = [];
  let stack: IsolatedStack;

  beforeAll(async () => {
    const twilioPort = await twilio.listen(0);
    const otlpPort = await otlp.listen(0);
    stack = new IsolatedStack({
      basePort: 3360,
      twilioApiBaseUrl: `http://127.0.0.1:${twilioPort}`,
      extraEnv: {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        LOG_LEVEL: 'debug',
      },
    });
    await stack.start();

    for (const scenario of ['international_uk_mobile_caller', 'answered_by_human']) {
      const fixture = loadFixture(join(FIXTURES, `${scenario}.json`));
      for (const request of fixture.requests) {
        const url = new URL(request.url);
        // Like a real carrier, each webhook of the answered call is a trace of its own.
        const requestTrace =
          scenario === 'answered_by_human' ? randomBytes(16).toString('hex') : traceId;
        separateTraces.push(requestTrace);
        await fetch(`${stack.ingestUrl}${url.pathname}`, {
          method: request.method,
          headers: {
            ...request.headers,
            'x-rebound-clock': fixture.fixture_clock,
            traceparent: `00-${requestTrace}-${randomBytes(8).toString('hex')}-01`,
          },
          body: fixtureBodyBytes(request),
        });
      }
    }
    await waitFor(() => twilio.messages.length > 0, 30_000);
    await waitFor(
      () => otlp.spans.some((span) => span.traceId === traceId && span.service === 'notifier'),
      15_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  });

  afterAll(async () => {
    await stack?.stop();
    await twilio.close();
    await otlp.close();
  });

  it('should carry one missed call as one trace from the webhook to the provider request', () => {
    const spans = otlp.spans.filter((span) => span.traceId === traceId);
    const services = new Set(spans.map((span) => span.service));

    expect([...services].sort()).toEqual(['compliance', 'detector', 'ingest', 'notifier']);
    expect(spans.some((span) => span.service === 'ingest' && span.name === 'ingest webhook')).toBe(
      true,
    );
    expect(spans.some((span) => span.service === 'notifier' && span.name === 'sms.send')).toBe(
      true,
    );
  });

  it("should link a call's verdict to the traces its earlier webhooks arrived in", () => {
    const answeredTraces = new Set(separateTraces.filter((id) => id !== traceId));
    const verdict = otlp.spans.find(
      (span) => span.name === 'detector verdict' && answeredTraces.has(span.traceId),
    );

    expect(verdict).toBeDefined();
    expect(verdict?.linkedTraceIds.length).toBeGreaterThanOrEqual(3);
    expect(verdict?.linkedTraceIds.every((id) => answeredTraces.has(id))).toBe(true);
    expect(verdict?.linkedTraceIds).not.toContain(verdict?.traceId);
  });

  it('should count what the calls caused on /metrics', async () => {
    const base = 3360;

    expect(
      await metricValue(base, 'rebound_ingest_webhooks_total', {
        carrier: 'twilio',
        outcome: 'routed',
      }),
    ).toBe(13);
    expect(
      await metricValue(base + 1, 'rebound_detector_verdicts_total', {
        verdict: 'missed',
        reason: 'no_answer',
      }),
    ).toBe(1);
    expect(
      await metricValue(base + 1, 'rebound_detector_verdicts_total', {
        verdict: 'not_missed',
        reason: 'answered',
      }),
    ).toBe(1);
    expect(
      await metricValue(base + 2, 'rebound_compliance_decisions_total', {
        outcome: 'send',
        reason: 'sent',
      }),
    ).toBe(1);
    expect(
      await metricValue(base + 3, 'rebound_notifier_texts_total', {
        provider: 'twilio',
        status: 'sent',
      }),
    ).toBe(1);
  });

  it('should print no full phone number in any log line of the run', () => {
    const lines = [...stack.output.values()].flat();

    expect(lines.length).toBeGreaterThan(20);
    expect(lines.filter((line) => CALLER_FORMS.some((form) => line.includes(form)))).toEqual([]);
  });
});
