import { z } from 'zod';

/**
 * A phone party as a carrier named it. `raw` is what the carrier sent;
 * `e164` is our normalised reading, or null when the value is withheld,
 * not a number (a SIP client, an extension) or cannot be parsed.
 */
export const PhonePartySchema = z.object({
  raw: z.string(),
  e164: z
    .string()
    .regex(/^\+[1-9]\d{1,14}$/)
    .nullable(),
  withheld: z.boolean(),
  kind: z.enum(['pstn', 'client', 'extension', 'withheld', 'unknown']),
});

export type PhoneParty = z.infer<typeof PhonePartySchema>;
