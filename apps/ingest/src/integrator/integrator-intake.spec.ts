import { join } from 'node:path';
import { TenantDirectory } from '@rebound/config';
import { rejectionOf } from '../carriers/adapter-test-kit';
import { IntegratorIntake, InvalidEventRejection } from './integrator-intake';

const EVENT = {
  event_id: 'e1',
  call_id: 'c1',
  status: 'no_answer',
  caller: '015228817386',
  called: '+493023125001',
  occurred_at: '2026-03-10T09:16:45Z',
};

describe('IntegratorIntake', () => {
  const tenants = TenantDirectory.fromFile(join(__dirname, '../../../../config/tenants.yaml'));
  const sut = new IntegratorIntake(tenants);

  describe('authenticate', () => {
    it('should name the tenant whose key hash matches the bearer key', () => {
      expect(sut.authenticate('Bearer fixture').id).toBe('praxis-mueller');
    });

    it('should refuse a missing key with 401 and an unknown one with 403', () => {
      expect(rejectionOf(() => sut.authenticate(undefined))).toMatchObject({
        status: 401,
        reason: 'missing_credentials',
      });
      expect(rejectionOf(() => sut.authenticate('Bearer guess'))).toMatchObject({
        status: 403,
        reason: 'invalid_credentials',
      });
    });
  });

  describe('read', () => {
    it('should read one event or a batch', () => {
      expect(sut.read(Buffer.from(JSON.stringify(EVENT)))).toHaveLength(1);
      expect(sut.read(Buffer.from(JSON.stringify({ events: [EVENT, EVENT] })))).toHaveLength(2);
    });

    it('should name the path and the problem of every invalid field', () => {
      const body = { events: [EVENT, { ...EVENT, status: 'lost', colour: 'red' }] };
      const rejection = rejectionOf(() => sut.read(Buffer.from(JSON.stringify(body))));

      expect(rejection).toBeInstanceOf(InvalidEventRejection);
      expect((rejection as InvalidEventRejection).issues.map((issue) => issue.path)).toEqual([
        'events.1.status',
        'events.1',
      ]);
      expect(rejection.status).toBe(400);
    });

    it('should refuse a batch of more than 100 events and a body that is not JSON', () => {
      const many = { events: Array.from({ length: 101 }, () => EVENT) };
      expect(rejectionOf(() => sut.read(Buffer.from(JSON.stringify(many)))).reason).toBe(
        'invalid_event',
      );
      expect(rejectionOf(() => sut.read(Buffer.from('{"events": [')))).toMatchObject({
        status: 400,
        reason: 'malformed',
      });
    });
  });

  describe('toCallEvent', () => {
    it('should scope the event id to the tenant and read national numbers in its country', () => {
      const tenant = sut.authenticate('Bearer fixture');
      const [event] = sut.read(Buffer.from(JSON.stringify(EVENT)));

      const sutEvent = sut.toCallEvent(event, tenant, new Date('2026-03-10T09:16:46Z'));

      expect(sutEvent).toMatchObject({
        event_id: 'integrator:praxis-mueller:e1',
        tenant_id: 'praxis-mueller',
        carrier: 'integrator',
        call_id: 'c1',
        leg_id: 'c1',
        leg_role: 'whole_call',
        direction: 'inbound',
        caller: { e164: '+4915228817386' },
        called: { e164: '+493023125001' },
        received_at: '2026-03-10T09:16:46.000Z',
      });
    });
  });

  describe('checkTimes', () => {
    const receivedAt = new Date('2026-03-10T09:17:00Z');
    const at = (occurred_at: string) =>
      sut.read(Buffer.from(JSON.stringify({ ...EVENT, occurred_at })));

    it('should accept an event from the last 24 hours or a few minutes ahead', () => {
      expect(() => sut.checkTimes(at('2026-03-09T09:17:01Z'), receivedAt, 24)).not.toThrow();
      expect(() => sut.checkTimes(at('2026-03-10T09:21:00Z'), receivedAt, 24)).not.toThrow();
    });

    it('should refuse an event from long ago or from the future, naming the field', () => {
      const old = rejectionOf(() => sut.checkTimes(at('1970-01-01T10:00:00Z'), receivedAt, 24));
      const future = rejectionOf(() => sut.checkTimes(at('2099-01-01T10:00:00Z'), receivedAt, 24));

      expect([old.status, old.reason]).toEqual([400, 'invalid_event']);
      expect((old as InvalidEventRejection).issues).toEqual([
        { path: 'events.0.occurred_at', message: 'older than 24 h' },
      ]);
      expect((future as InvalidEventRejection).issues[0].message).toBe('in the future');
    });
  });
});
