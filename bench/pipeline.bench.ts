import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump as toYaml, load as parseYaml } from 'js-yaml';
import { FakeTwilioServer } from '../tools/fake-twilio/fake-twilio.server';
import { IsolatedStack } from '@rebound/testing';
import { unansweredTwilioCall } from './twilio-call.generator';

/**
 * `npm run bench`: starts the four services on the local Kafka and
 * PostgreSQL, plays CALLS unanswered Twilio calls (CONCURRENCY at a time)
 * and prints the webhook latency at ingest and the time from a call's final
 * webhook to the text reaching the (local) Twilio API. Figures only; no
 * test asserts a duration.
 */
const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);

  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Distinct German mobile numbers in the reserved drama block, one per call. */
function callerFor(index: number): string {
  return `+49152288${String(17000 + index).padStart(5, '0')}`;
}

/**
 * The local tenants, with the per-tenant rate limit and the sender pacing
 * (one text a second per long code by default) lifted: the first stops a
 * runaway loop, the second follows providers' rules, and a benchmark that
 * sends from one number on purpose would only measure them. Set
 * BENCH_SENDER_RATE to measure a paced sender instead.
 */
function benchTenantsFile(): string {
  const root = join(__dirname, '../..');
  const tenants = parseYaml(readFileSync(join(root, 'config/tenants.yaml'), 'utf8')) as {
    tenants: Array<Record<string, unknown>>;
  };
  for (const tenant of tenants.tenants) {
    tenant.rate_limits = { per_tenant: [{ window_seconds: 60, max: 1_000_000 }] };
    tenant.sender_rate_per_second = Number(process.env.BENCH_SENDER_RATE ?? 1000);
  }
  mkdirSync(join(root, '.local'), { recursive: true });
  const file = join(root, '.local/bench-tenants.yaml');
  writeFileSync(file, toYaml(tenants));

  return file;
}

async function main(): Promise<void> {
  const twilio = new FakeTwilioServer(
    'AC493079973f13e4d5608184b2181e4980',
    'fixture_twilio_auth_token_not_real_00',
  );
  const twilioPort = await twilio.listen(0);
  const stack = new IsolatedStack({
    basePort: 3380,
    twilioApiBaseUrl: `http://127.0.0.1:${twilioPort}`,
    extraEnv: {
      LOG_LEVEL: 'warn',
      DETECTOR_SETTLE_SECONDS: '0.5',
      REBOUND_TENANTS_FILE: benchTenantsFile(),
    },
  });
  await stack.start();
  const webhookMs: number[] = [];
  const finalSentAt = new Map<string, number>();
  const textSeenAt = new Map<string, number>();
  // The fake server's dateCreated has Twilio's one-second resolution: watch arrivals instead.
  const watcher = setInterval(() => {
    for (const message of twilio.messages) {
      if (!textSeenAt.has(message.to)) {
        textSeenAt.set(message.to, Date.now());
      }
    }
  }, 20);
  try {
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < CALLS) {
        const index = next++;
        const caller = callerFor(index);
        for (const request of unansweredTwilioCall(caller)) {
          const before = performance.now();
          const response = await fetch(`${stack.ingestUrl}${request.path}`, {
            method: 'POST',
            headers: request.headers,
            body: request.body,
          });
          await response.text();
          webhookMs.push(performance.now() - before);
        }
        finalSentAt.set(caller, Date.now());
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const sendingSeconds = (Date.now() - started) / 1000;
    const deadline = Date.now() + 120_000;
    while (twilio.messages.length < CALLS && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const timeToText = [...textSeenAt].map(([to, seenAt]) => seenAt - (finalSentAt.get(to) ?? NaN));
    if (twilio.messages.length < CALLS) {
      console.error(
        `bench: only ${twilio.messages.length} of ${CALLS} texts arrived; service output:\n${stack.dump()}`,
      );
    }
    console.log(
      JSON.stringify({
        calls: CALLS,
        concurrency: CONCURRENCY,
        texts: twilio.messages.length,
        webhooks_per_second: Math.round((CALLS * 5) / sendingSeconds),
        webhook_ms: {
          p50: percentile(webhookMs, 50),
          p95: percentile(webhookMs, 95),
          p99: percentile(webhookMs, 99),
        },
        time_to_text_ms: {
          p50: percentile(timeToText, 50),
          p95: percentile(timeToText, 95),
          max: Math.max(...timeToText),
        },
      }),
    );
  } finally {
    clearInterval(watcher);
    await stack.stop();
    await twilio.close();
  }
}

void main();
