import { randomBytes } from 'node:crypto';
import { ROOT_CONTEXT, TraceFlags, trace, type Context } from '@opentelemetry/api';
import type { AmiFrame } from '../carriers/asterisk/ami-frame.parser';

/**
 * One trace per call: an AMI frame carries no trace header, so every frame
 * of one `Linkedid` (a CDR's UniqueID is the caller channel's, which is the
 * Linkedid) continues a trace started at its call's first frame. The most
 * recent calls are remembered; a call older than that starts a new trace.
 */
export class AmiCallTraces {
  private readonly byCall = new Map<string, Context>();

  constructor(private readonly capacity = 10_000) {}

  contextFor(frame: AmiFrame): Context {
    const callId = amiCallIdOf(frame);
    if (!callId) {
      return newTrace();
    }
    const known = this.byCall.get(callId);
    if (known) {
      return known;
    }
    const started = newTrace();
    this.byCall.set(callId, started);
    if (this.byCall.size > this.capacity) {
      this.byCall.delete(this.byCall.keys().next().value as string);
    }

    return started;
  }
}

/** The call a frame belongs to: its Linkedid, or for a CDR row the caller channel's UniqueID. */
export function amiCallIdOf(frame: AmiFrame): string | undefined {
  return frame.Linkedid || frame.LinkedID || frame.UniqueID || frame.Uniqueid || undefined;
}

function newTrace(): Context {
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
}
