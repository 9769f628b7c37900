import { FINAL_SMS_STATUSES, SMS_STATUSES, type SmsStatusValue } from '@rebound/contracts';

/**
 * Where a status stands in a text's life. Receipts carry no sequence
 * number and arrive out of order, so a status only replaces one of a lower
 * rank; the final ones (delivered, undelivered, failed, expired) share the
 * top rank and never change.
 */
export function statusRank(status: SmsStatusValue): number {
  switch (status) {
    case 'accepted':
      return 0;
    case 'queued':
      return 1;
    case 'sent':
      return 2;
    case 'delivered':
    case 'undelivered':
    case 'failed':
    case 'expired':
      return 3;
    default:
      return assertNever(status);
  }
}

/** The statuses a receipt with this status may overwrite. */
export function overwritableBy(status: SmsStatusValue): SmsStatusValue[] {
  const rank = statusRank(status);

  return SMS_STATUSES.filter(
    (candidate) => statusRank(candidate) < rank && !FINAL_SMS_STATUSES.has(candidate),
  );
}

function assertNever(value: never): never {
  throw new Error(`unhandled status ${String(value)}`);
}
