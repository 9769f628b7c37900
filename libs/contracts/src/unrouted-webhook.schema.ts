import { z } from 'zod';

/** A webhook for a number no tenant owns: acknowledged, counted, kept for operators. */
export const UnroutedWebhookSchema = z.object({
  schema_version: z.literal(1),
  carrier: z.string(),
  route: z.string(),
  /** Masked: enough for an operator to spot a misconfigured number. */
  called_masked: z.string(),
  received_at: z.string().datetime({ offset: true }),
});

export type UnroutedWebhook = z.infer<typeof UnroutedWebhookSchema>;
