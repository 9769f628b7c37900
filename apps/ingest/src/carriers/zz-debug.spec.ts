import { listFixtureFiles, loadFixture } from '@rebound/testing';
import { replayFixture } from './fixture-events';
it('prints', () => {
  const lines: string[] = [];
  for (const f of listFixtureFiles().map(loadFixture)) {
    if (f.carrier.startsWith('twilio')) continue;
    lines.push(`== ${f.carrier}/${f.scenario} ${JSON.stringify(f.expected)}`);
    for (const o of replayFixture(f)) {
      if (o instanceof Error) { lines.push(`  ERR ${o.message}`); continue; }
      if (o.kind !== 'routed') { lines.push(`  ${o.kind} ${'why' in o ? o.why : ''}`); continue; }
      for (const e of o.callEvents) lines.push(`  ${e.leg_role.padEnd(10)} ${e.direction.padEnd(8)} ${e.status.padEnd(9)} ab=${e.answered_by ?? '-'} call=${e.call_id.slice(0, 14)} leg=${e.leg_id.slice(0, 22)} caller=${e.caller.e164 ?? e.caller.kind} called=${e.called.e164 ?? e.called.kind} tgt=${e.leg_target?.e164 ?? e.leg_target?.raw ?? '-'} fwd=${e.forwarded_from?.e164 ?? '-'}`);
      for (const s of o.smsStatuses) lines.push(`  SMS ${s.status} ${s.failure} ${s.provider_error_code} req=${s.request_id}`);
    }
  }
  console.log(lines.join('\n'));
});
