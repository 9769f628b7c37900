import type { AnsweredBy, CallEvent, LegRole, LegStatus } from '@rebound/contracts';

/** Ways a leg ends without being answered, and the missed reason each one gives. */
export const UNANSWERED_ENDS = ['canceled', 'no_answer', 'busy', 'rejected', 'failed'] as const;
export type UnansweredEnd = (typeof UNANSWERED_ENDS)[number];

const UNANSWERED = new Set<LegStatus>(UNANSWERED_ENDS);

/** Rank of a status: a leg only ever moves up, whatever order its events arrive in. */
export const STATUS_RANK: Record<LegStatus, number> = {
  initiated: 0,
  ringing: 1,
  answered: 2,
  canceled: 3,
  no_answer: 3,
  busy: 3,
  rejected: 3,
  failed: 3,
  completed: 4,
};

/** Who answered, most telling first: a machine verdict beats a bare "human". */
const ANSWERED_BY_PRIORITY: AnsweredBy[] = ['voicemail', 'machine', 'human', 'unknown'];

/** What all events of one leg say together. Independent of their order. */
export interface LegState {
  legId: string;
  role: LegRole;
  /** Every status any event reported for this leg. */
  statuses: ReadonlySet<LegStatus>;
  /** Audio flowed on the leg (a person, a voicemail box, an IVR or a queue). */
  answered: boolean;
  answeredBy?: AnsweredBy;
  /** How the leg ended: `completed` after an answer, else the unanswered cause. Absent while open. */
  end?: 'completed' | UnansweredEnd;
  /** The leg's furthest state (terminal states are sticky). */
  state: LegStatus;
  /** First ringing (else initiated) instant, and first answer instant, as the carrier stated them. */
  ringStartedAt?: string;
  answeredAt?: string;
  /** Seconds from ring start to answer, when both are known. */
  ringSeconds?: number;
  /** Largest `duration_s` on the leg's terminal events. */
  durationS?: number;
  /** Latest `occurred_at` of a terminal event of this leg. */
  endedAt?: string;
  /** What the leg rang, as the carrier named it (numbers, user ids, extensions). */
  targets: readonly string[];
}

/** Folds the events of one leg. `events` must all carry this leg id. */
export function foldLeg(legId: string, events: readonly CallEvent[]): LegState {
  const statuses = new Set(events.map((event) => event.status));
  const answered = isAnswered(statuses, events);
  const end = endOf(statuses, answered);
  const ringStartedAt = earliest(events, 'ringing') ?? earliest(events, 'initiated');
  const answeredAt = earliest(events, 'answered');
  const terminal = events.filter((event) => STATUS_RANK[event.status] >= 3);

  return {
    legId,
    role: roleOf(events),
    statuses,
    answered,
    answeredBy: answeredByOf(events),
    end,
    state: stateOf(statuses, answered, end),
    ringStartedAt,
    answeredAt,
    ringSeconds: secondsBetween(ringStartedAt, answeredAt),
    durationS: maxOf(terminal.map((event) => event.duration_s)),
    endedAt: latestInstant(terminal.map((event) => event.occurred_at)),
    targets: [
      ...new Set(
        events.flatMap((event) =>
          event.leg_target ? [event.leg_target.raw, event.leg_target.e164 ?? ''] : [],
        ),
      ),
    ].filter(Boolean),
  };
}

/**
 * `answered`, or a `completed` that no unanswered cause contradicts: our
 * `completed` means "ended after being answered", but Vonage also sends it
 * after busy/cancelled, and a `completed` with zero seconds of audio proves
 * nobody answered.
 */
function isAnswered(statuses: ReadonlySet<LegStatus>, events: readonly CallEvent[]): boolean {
  if (statuses.has('answered')) {
    return true;
  }
  if (!statuses.has('completed') || [...statuses].some((status) => UNANSWERED.has(status))) {
    return false;
  }

  return events.some((event) => event.status === 'completed' && event.duration_s !== 0);
}

function endOf(statuses: ReadonlySet<LegStatus>, answered: boolean): LegState['end'] {
  const unanswered = UNANSWERED_ENDS.find((status) => statuses.has(status));
  if (answered) {
    return statuses.has('completed') || unanswered ? 'completed' : undefined;
  }
  if (unanswered) {
    return unanswered;
  }

  // A `completed` with zero seconds of audio and no cause: it rang out.
  return statuses.has('completed') ? 'no_answer' : undefined;
}

function stateOf(
  statuses: ReadonlySet<LegStatus>,
  answered: boolean,
  end: LegState['end'],
): LegStatus {
  if (end) {
    return end;
  }
  if (answered) {
    return 'answered';
  }

  return statuses.has('ringing') ? 'ringing' : 'initiated';
}

/**
 * A leg named with several roles keeps the most specific one. An adapter
 * knows a caller leg positively (Telnyx `direction: incoming` on
 * call.initiated) but may have to guess on events that do not say (Telnyx
 * call.hangup has no direction); a guessed `business` must not turn the
 * caller's own `completed` into an answer.
 */
function roleOf(events: readonly CallEvent[]): LegRole {
  const roles = new Set(events.map((event) => event.leg_role));

  return roles.has('caller') ? 'caller' : roles.has('whole_call') ? 'whole_call' : 'business';
}

function answeredByOf(events: readonly CallEvent[]): AnsweredBy | undefined {
  const seen = new Set(events.map((event) => event.answered_by));

  return ANSWERED_BY_PRIORITY.find((value) => seen.has(value));
}

function earliest(events: readonly CallEvent[], status: LegStatus): string | undefined {
  return earliestInstant(
    events.filter((event) => event.status === status).map((event) => event.occurred_at),
  );
}

export function earliestInstant(instants: readonly string[]): string | undefined {
  return pickInstant(instants, (a, b) => a < b);
}

export function latestInstant(instants: readonly string[]): string | undefined {
  return pickInstant(instants, (a, b) => a > b);
}

/** The winning instant; ties between spellings of one instant go to the smaller string. */
function pickInstant(
  instants: readonly string[],
  better: (a: number, b: number) => boolean,
): string | undefined {
  let best: string | undefined;
  for (const instant of instants) {
    if (best === undefined) {
      best = instant;
      continue;
    }
    const [candidate, current] = [Date.parse(instant), Date.parse(best)];
    if (better(candidate, current) || (candidate === current && instant < best)) {
      best = instant;
    }
  }

  return best;
}

export function secondsBetween(
  from: string | undefined,
  to: string | undefined,
): number | undefined {
  if (from === undefined || to === undefined) {
    return undefined;
  }
  const seconds = (Date.parse(to) - Date.parse(from)) / 1000;

  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

function maxOf(values: ReadonlyArray<number | undefined>): number | undefined {
  const known = values.filter((value): value is number => value !== undefined);

  return known.length > 0 ? Math.max(...known) : undefined;
}
