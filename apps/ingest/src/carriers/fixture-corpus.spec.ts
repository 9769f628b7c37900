import { CallEventSchema, InboundSmsSchema, SmsStatusSchema } from '@rebound/contracts';
import { listFixtureFiles, loadFixture, type Fixture } from '@rebound/testing';
import { WebhookRejection } from './carrier-adapter';
import {
  fixtureIntake,
  fixtureRequestToInbound,
  loadLocalEnv,
  replayFixture,
} from './fixture-events';

const env = loadLocalEnv();
const fixtures: Fixture[] = listFixtureFiles().map(loadFixture);
const name = (fixture: Fixture) => `${fixture.carrier}/${fixture.scenario}`;

/**
 * Requests of accepted fixtures whose signature has expired by the
 * fixture's clock. MessageBird's JWT is valid for 60 s; this scenario's
 * first report was signed 3 h before the clock the file sets, so a replay
 * at fixture_clock must refuse it. It verifies when received at its own
 * time (asserted below).
 */
const STALE_AT_FIXTURE_CLOCK: Record<string, number[]> = {
  'messagebird/sms_status_expired': [0],
};

const REJECTION_STATUS: Record<string, number> = { invalid_signature: 403, malformed: 400 };

describe('fixture corpus through the intake', () => {
  const intake = fixtureIntake(env);

  it('should find the shared corpus', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(56);
  });

  describe.each(fixtures.map((fixture) => [name(fixture), fixture] as const))(
    '%s',
    (_label, fixture) => {
      const outcomes = replayFixture(fixture, intake, env);

      if (fixture.expected.verdict === 'refused') {
        it(`should refuse at least one request as ${fixture.expected.reason}`, () => {
          const rejections = outcomes.filter(
            (outcome): outcome is WebhookRejection => outcome instanceof WebhookRejection,
          );
          expect(rejections.length).toBeGreaterThan(0);
          for (const rejection of rejections) {
            expect(rejection.reason).toBe(fixture.expected.reason);
            expect(rejection.status).toBe(REJECTION_STATUS[fixture.expected.reason ?? '']);
          }
          expect(
            outcomes.every((outcome) => outcome instanceof Error || outcome.kind !== 'unrouted'),
          ).toBe(true);
        });

        return;
      }

      it('should accept every request and route it to praxis-mueller (or ignore it with a reason)', () => {
        const stale = STALE_AT_FIXTURE_CLOCK[name(fixture)] ?? [];
        outcomes.forEach((outcome, index) => {
          if (stale.includes(index)) {
            expect(outcome).toBeInstanceOf(WebhookRejection);
            expect((outcome as WebhookRejection).status).toBe(403);

            return;
          }
          if (outcome instanceof Error) {
            throw new Error(`request ${index} refused: ${outcome.message}`);
          }
          if (outcome.kind === 'ignored') {
            expect(outcome.why).toBeTruthy();

            return;
          }
          expect(outcome.kind).toBe('routed');
          if (outcome.kind === 'routed') {
            expect(outcome.tenant.id).toBe('praxis-mueller');
          }
        });
      });

      it('should produce only events that validate against the contracts', () => {
        for (const outcome of outcomes) {
          if (outcome instanceof Error || outcome.kind !== 'routed') {
            continue;
          }
          outcome.callEvents.forEach((event) => CallEventSchema.parse(event));
          outcome.smsStatuses.forEach((status) => SmsStatusSchema.parse(status));
          outcome.inboundSms.forEach((message) => InboundSmsSchema.parse(message));
          expect(
            outcome.callEvents.length + outcome.smsStatuses.length + outcome.inboundSms.length,
          ).toBeGreaterThan(0);
        }
      });

      if (fixture.kind === 'voice') {
        it('should map the voice scenario to call events', () => {
          const events = outcomes.flatMap((outcome) =>
            outcome instanceof Error || outcome.kind !== 'routed' ? [] : outcome.callEvents,
          );
          expect(events.length).toBeGreaterThan(0);
        });
      }
    },
  );

  it('should accept the stale MessageBird report when received at its own time', () => {
    const fixture = fixtures.find((item) => name(item) === 'messagebird/sms_status_expired');
    expect(fixture).toBeDefined();
    if (!fixture) {
      return;
    }
    const request = fixture.requests[0];
    const statusDatetime = new URL(request.url).searchParams.get('statusDatetime') ?? '';
    const receivedAt = new Date(new Date(statusDatetime).getTime() + 2000);
    const outcome = intake.accept(fixtureRequestToInbound(fixture, request, receivedAt, env));
    expect(outcome.kind).toBe('routed');
  });
});
