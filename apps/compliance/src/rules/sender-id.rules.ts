import type { Finding } from './legal-basis';

export type SenderKind = 'alphanumeric' | 'e164' | 'short_code' | 'invalid';

export interface CountrySenderPolicy {
  alphanumeric: boolean;
  note: string;
}

/**
 * Deliberately small: the countries our tenants text today. A country not
 * listed gets a warning for an alphanumeric sender, never a silent pass.
 * Sources: the providers' per-country guidelines (e.g.
 * https://www.twilio.com/en-us/guidelines/de/sms).
 */
export const SENDER_POLICIES: Readonly<Record<string, CountrySenderPolicy>> = {
  DE: { alphanumeric: true, note: 'no pre-registration' },
  AT: { alphanumeric: true, note: 'no pre-registration' },
  CH: { alphanumeric: true, note: 'no pre-registration' },
  NL: { alphanumeric: true, note: 'no pre-registration' },
  GB: { alphanumeric: true, note: 'no pre-registration' },
  FR: { alphanumeric: true, note: 'replies impossible; numeric senders are rewritten' },
  US: {
    alphanumeric: false,
    note: 'carriers drop alphanumeric senders; use a 10DLC or toll-free number',
  },
  CA: { alphanumeric: false, note: 'carriers drop alphanumeric senders; use a long or short code' },
};

const ALPHANUMERIC = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const SHORT_CODE = /^\d{3,8}$/;

export function classifySender(sender: string): SenderKind {
  if (E164.test(sender)) {
    return 'e164';
  }
  if (SHORT_CODE.test(sender)) {
    return 'short_code';
  }

  return ALPHANUMERIC.test(sender) && sender.trim() === sender ? 'alphanumeric' : 'invalid';
}

/**
 * Can texts from `sender` reach `destinationCountry`? An alphanumeric sender
 * cannot receive replies, so when the tenant's opt-out line asks callers to
 * reply STOP, the line would be a false promise.
 */
export function checkSenderId(input: {
  sender: string;
  destinationCountry: string;
  optOutByReply: boolean;
}): Finding[] {
  const kind = classifySender(input.sender);
  if (kind === 'invalid') {
    return [
      finding(
        'sender.invalid',
        'error',
        'not E.164, a short code or 1-11 letters/digits',
        input.sender,
      ),
    ];
  }
  if (kind !== 'alphanumeric') {
    return [];
  }

  return [
    ...countryFindings(input.destinationCountry),
    ...replyFindings(input.optOutByReply, input.sender),
  ];
}

function countryFindings(country: string): Finding[] {
  const policy = SENDER_POLICIES[country.toUpperCase()];
  if (!policy) {
    return [
      finding(
        'sender.alphanumeric_not_allowed',
        'warning',
        'no sender policy for country',
        country,
      ),
    ];
  }

  return policy.alphanumeric
    ? []
    : [finding('sender.alphanumeric_not_allowed', 'error', policy.note, country.toUpperCase())];
}

function replyFindings(optOutByReply: boolean, sender: string): Finding[] {
  return optOutByReply
    ? [
        finding(
          'sender.alphanumeric_no_reply',
          'error',
          'alphanumeric senders cannot receive STOP',
          sender,
        ),
      ]
    : [];
}

function finding(
  code: Finding['code'],
  severity: Finding['severity'],
  message: string,
  detail: string,
): Finding {
  return { code, severity, message, detail };
}
