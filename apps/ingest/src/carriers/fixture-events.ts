import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallEvent } from '@rebound/contracts';
import { TenantDirectory } from '@rebound/config';
import { fixtureToInboundWebhook, type Fixture, type FixtureRequest } from '@rebound/testing';
import { WebhookIntake, type IntakeOutcome } from '../intake/webhook-intake';
import { AdapterRegistry } from './adapter.registry';
import { AMI_METHOD, amiFrameToInboundWebhook } from './asterisk/asterisk-ami.adapter';
import type { InboundWebhook } from './carrier-adapter';
import { PBX_API_KEY_HEADER } from './pbx-credential';
import { TENANT_KEY_CARRIERS, resolveCarrierAccounts } from './secret.resolver';

const ROOT = join(__dirname, '../../../..');

/** config/local.env as a variables map (KEY=value lines; comments and blanks skipped). */
export function loadLocalEnv(path = join(ROOT, 'config/local.env')): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) {
      env[match[1]] = match[2];
    }
  }

  return env;
}

/** The intake as the replay runs it: every adapter, the fixture tenant, the fixture secrets. */
export function fixtureIntake(env: NodeJS.ProcessEnv = loadLocalEnv()): WebhookIntake {
  const directory = TenantDirectory.fromFile(join(ROOT, 'config/tenants.yaml'));

  return new WebhookIntake(
    new AdapterRegistry(),
    directory,
    resolveCarrierAccounts(directory, env),
  );
}

/** The time the replay receives request `index` of a fixture: its clock plus a second per request. */
export function replayTime(fixture: Fixture, index: number): Date {
  return new Date(new Date(fixture.fixture_clock).getTime() + index * 1000);
}

/**
 * One fixture request as the intake sees it. AMI frames go through the AMI
 * route as if our client had read them from `tcp://host:port`. PBX
 * requests (FreeSWITCH, 3CX) that carry no credential of their own get the
 * tenant's PBX key in X-Rebound-Api-Key, as the customer's PBX is
 * configured to send it; the 3CX fixtures have none because the add-on's
 * format was recorded without one.
 */
export function fixtureRequestToInbound(
  fixture: Fixture,
  request: FixtureRequest,
  receivedAt: Date,
  env: NodeJS.ProcessEnv = loadLocalEnv(),
): InboundWebhook {
  if (request.method === AMI_METHOD) {
    const url = new URL(request.url);

    return amiFrameToInboundWebhook(
      String(request.body),
      { host: url.hostname, port: Number(url.port) || 5038 },
      receivedAt,
    );
  }
  const inbound = fixtureToInboundWebhook(request, receivedAt);
  const key = env.PRAXIS_MUELLER_PBX_API_KEY;
  if (
    TENANT_KEY_CARRIERS.has(fixture.carrier) &&
    key &&
    !inbound.headers.authorization &&
    !inbound.headers[PBX_API_KEY_HEADER]
  ) {
    inbound.headers = { ...inbound.headers, [PBX_API_KEY_HEADER]: key };
  }

  return inbound;
}

/** Every request of a fixture through the intake, in arrival order; a refused request is its rejection. */
export function replayFixture(
  fixture: Fixture,
  intake: WebhookIntake = fixtureIntake(),
  env: NodeJS.ProcessEnv = loadLocalEnv(),
): Array<IntakeOutcome | Error> {
  return fixture.requests.map((request, index) => {
    try {
      return intake.accept(
        fixtureRequestToInbound(fixture, request, replayTime(fixture, index), env),
      );
    } catch (error) {
      return error as Error;
    }
  });
}

/**
 * All call events of a fixture, in arrival order, as ingest publishes them
 * (refused and ignored requests contribute none). For the detector's
 * verdict tests over the whole corpus.
 */
export function mapFixtureToEvents(fixture: Fixture): CallEvent[] {
  return replayFixture(fixture).flatMap((outcome) =>
    outcome instanceof Error || outcome.kind !== 'routed' ? [] : outcome.callEvents,
  );
}
