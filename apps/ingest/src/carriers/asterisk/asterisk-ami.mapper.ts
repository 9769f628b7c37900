import type { AnsweredBy, Direction, LegStatus, PhoneParty } from '@rebound/contracts';
import { normalisePhone } from '@rebound/phone';
import type { CarrierCallEvent } from '../carrier-adapter';
import { derivedEventId, optionalInt } from '../event-id';
import type { AmiFrame } from './ami-frame.parser';

/** DialEnd `DialStatus`. https://docs.asterisk.org/Asterisk_20_Documentation/API_Documentation/AMI_Events/DialEnd/ */
const DIAL_STATUS: Record<string, LegStatus> = {
  ANSWER: 'answered',
  BUSY: 'busy',
  NOANSWER: 'no_answer',
  CANCEL: 'canceled',
  CONGESTION: 'failed',
  CHANUNAVAIL: 'failed',
  DONTCALL: 'rejected',
  TORTURE: 'rejected',
  INVALIDARGS: 'failed',
};

/** Q.850 causes of a channel that hung up without being answered. */
const UNANSWERED_CAUSE: Record<string, LegStatus> = {
  '16': 'canceled',
  '17': 'busy',
  '18': 'no_answer',
  '19': 'no_answer',
  '21': 'rejected',
};

/** CDR `Disposition`. */
const DISPOSITION: Record<string, LegStatus> = {
  ANSWERED: 'completed',
  'NO ANSWER': 'no_answer',
  BUSY: 'busy',
  FAILED: 'failed',
  CONGESTION: 'failed',
};

/** Dialplan applications that answer a channel without a person. */
const MACHINE_APPS: Record<string, AnsweredBy> = {
  voicemail: 'voicemail',
  minivmrecord: 'voicemail',
  playback: 'machine',
  background: 'machine',
  read: 'machine',
  record: 'machine',
};

/** Contexts where calls from the PSTN enter the dialplan (FreePBX: from-trunk, from-pstn). */
const INBOUND_CONTEXT = /^(from-trunk|from-pstn|from-did|from-external|incoming|inbound)/i;

/** Channel state 6 is Up (answered). */
const STATE_UP = '6';

/** German trunks often send national numbers (0152…); others international digits without '+'. */
const phone = (raw: string | undefined): PhoneParty => {
  const value = raw === '<unknown>' ? '' : raw;

  return normalisePhone(value, { defaultCountry: 'DE', digitsAreInternational: true });
};

/**
 * Maps AMI events to call events. Every channel of one call shares
 * `Linkedid` (the first channel's Uniqueid): the correlation id. The
 * channel whose Uniqueid is the Linkedid is the caller's; dialled channels
 * (DialBegin/DialEnd `Dest*`) are business legs. The caller channel's
 * Hangup is `16 Normal Clearing` even when nobody answered, so an
 * unanswered channel (state not Up) maps to `canceled`.
 *
 * A `Cdr` event is one row per dial attempt (Asterisk 12+); it carries no
 * Linkedid unless cdr_manager adds it, and the caller channel's UniqueID
 * equals the Linkedid, so that correlates. Rows are `whole_call` records;
 * `ANSWERED` with LastApplication=VoiceMail is a voicemail, not a person.
 * Other events map to nothing.
 */
export function mapAmiEvent(frame: AmiFrame, receivedAt: Date): CarrierCallEvent | undefined {
  switch (frame.Event) {
    case 'Newchannel':
      return channelEvent(
        frame,
        receivedAt,
        frame.ChannelState === STATE_UP ? 'answered' : 'initiated',
      );
    case 'Hangup':
      return channelEvent(frame, receivedAt, hangupStatus(frame));
    case 'DialBegin':
      return dialEvent(frame, receivedAt, 'ringing');
    case 'DialEnd':
      return dialEvent(frame, receivedAt, DIAL_STATUS[frame.DialStatus ?? ''] ?? 'failed');
    case 'Cdr':
      return cdrEvent(frame, receivedAt);
    default:
      return undefined;
  }
}

function hangupStatus(frame: AmiFrame): LegStatus {
  if (frame.ChannelState === STATE_UP) {
    return 'completed';
  }

  return UNANSWERED_CAUSE[frame.Cause ?? ''] ?? 'failed';
}

function channelEvent(
  frame: AmiFrame,
  receivedAt: Date,
  status: LegStatus,
): CarrierCallEvent | undefined {
  const uniqueId = frame.Uniqueid;
  const linkedId = frame.Linkedid || uniqueId;
  if (!uniqueId || !linkedId) {
    return undefined;
  }
  const isCaller = uniqueId === linkedId;
  const caller = phone(frame.CallerIDNum);
  const exten = phone(frame.Exten);
  const direction = directionOf(frame.Context, exten);
  const base = common(frame, receivedAt, linkedId, uniqueId, status);
  if (!isCaller) {
    // A dialled channel: its CallerID is the extension it rang, ConnectedLine the customer.
    return {
      ...base,
      leg_role: 'business',
      direction: 'inbound',
      caller: phone(frame.ConnectedLineNum),
      called: exten,
      leg_target: caller,
    };
  }

  return direction === 'outbound'
    ? { ...base, leg_role: 'caller', direction, caller: exten, called: caller }
    : { ...base, leg_role: 'caller', direction, caller, called: exten };
}

function dialEvent(
  frame: AmiFrame,
  receivedAt: Date,
  status: LegStatus,
): CarrierCallEvent | undefined {
  const linkedId = frame.Linkedid || frame.DestLinkedid || frame.Uniqueid;
  const legId = frame.DestUniqueid;
  if (!linkedId || !legId) {
    return undefined;
  }
  const exten = phone(frame.Exten);
  const direction = directionOf(frame.Context, exten);
  const base = common(frame, receivedAt, linkedId, legId, status);
  const target = phone(frame.DestCallerIDNum || frame.DialString);

  return direction === 'outbound'
    ? {
        ...base,
        leg_role: 'caller',
        direction,
        caller: phone(frame.DestCallerIDNum || frame.DestExten),
        called: phone(frame.CallerIDNum),
      }
    : {
        ...base,
        leg_role: 'business',
        direction,
        caller: phone(frame.CallerIDNum),
        called: exten,
        leg_target: target,
      };
}

function cdrEvent(frame: AmiFrame, receivedAt: Date): CarrierCallEvent | undefined {
  const uniqueId = frame.UniqueID || frame.Uniqueid;
  const linkedId = frame.LinkedID || frame.Linkedid || uniqueId;
  if (!uniqueId || !linkedId) {
    return undefined;
  }
  const status = DISPOSITION[frame.Disposition ?? ''] ?? 'failed';
  const app = (frame.LastApplication ?? '').toLowerCase();
  const destination = phone(frame.Destination);
  const direction = directionOf(frame.DestinationContext, destination);
  const member = extensionOf(frame.DestinationChannel);
  const source = phone(frame.Source);
  const base = common(
    frame,
    receivedAt,
    linkedId,
    `${uniqueId}:${frame.DestinationChannel || frame.LastApplication || 'cdr'}`,
    status,
  );

  return {
    ...base,
    leg_role: 'whole_call',
    direction,
    answered_by: status === 'completed' ? MACHINE_APPS[app] : undefined,
    duration_s: optionalInt(frame.BillableSeconds),
    caller: direction === 'outbound' ? destination : source,
    called: direction === 'outbound' ? source : destination,
    leg_target: member ? phone(member) : undefined,
  };
}

function common(
  frame: AmiFrame,
  receivedAt: Date,
  callId: string,
  legId: string,
  status: LegStatus,
) {
  return {
    event_id: derivedEventId(
      'asterisk',
      frame.Event,
      legId,
      status,
      frame.Cause,
      frame.DialStatus,
      frame.Disposition,
      frame.EndTime,
    ),
    carrier: 'asterisk' as const,
    call_id: callId,
    leg_id: legId,
    status,
    occurred_at: receivedAt.toISOString(),
    attributes: attributesOf(frame),
  };
}

/** PSTN contexts are inbound; an internal caller dialling a short extension is internal, else outbound. */
function directionOf(context: string | undefined, dialled: PhoneParty): Direction {
  if (INBOUND_CONTEXT.test(context ?? '')) {
    return 'inbound';
  }

  return dialled.kind === 'pstn' ? 'outbound' : 'internal';
}

/** `PJSIP/202-0000002b` → `202`. */
function extensionOf(channel: string | undefined): string | undefined {
  return /^[A-Za-z0-9]+\/([^-@]+)/.exec(channel ?? '')?.[1];
}

const KEPT = [
  'Event',
  'Channel',
  'Context',
  'DestChannel',
  'DialStatus',
  'Forward',
  'Cause',
  'Cause-txt',
  'DestinationChannel',
  'LastApplication',
  'LastData',
  'Disposition',
  'StartTime',
  'AnswerTime',
  'EndTime',
  'Duration',
  'CallerIDName',
];

function attributesOf(frame: AmiFrame): Record<string, string> {
  return Object.fromEntries(KEPT.filter((key) => frame[key]).map((key) => [key, frame[key]]));
}
