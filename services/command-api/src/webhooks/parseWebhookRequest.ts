import { z } from 'zod';
import { webhookEventTypes } from '@conveyor/domain/webhooks';
import { ValidationError } from '@conveyor/errors';
import { fieldErrors } from '../http/fieldErrors';

const unique = (items: readonly string[]) => new Set(items).size === items.length;

/** The body of POST /v1/webhooks (public, for the OpenAPI document). The secret is the server's, never the client's. */
export const webhookRequestSchema = z.object({
  /** Where deliveries are POSTed: http(s), checked against the deliveries' egress settings. */
  url: z.string().trim().min(1).max(2000),
  /** The events delivered; at least one. */
  eventTypes: z.array(z.enum(webhookEventTypes as [string, ...string[]])).min(1).max(webhookEventTypes.length).refine(unique, 'must not repeat a type'),
  /** Only the events of these job types; empty or absent for every type. */
  jobTypes: z.array(z.string().trim().min(1).max(100)).max(50).refine(unique, 'must not repeat a type').default([]),
  description: z.string().trim().max(500).optional(),
}).strict();

export type WebhookRequest = z.infer<typeof webhookRequestSchema>;

/** Parses a subscription request (pure); 400 with field errors. */
export function parseWebhookRequest(body: unknown): WebhookRequest {
  const parsed = webhookRequestSchema.safeParse(body);
  if (!parsed.success) throw new ValidationError('invalid webhook subscription', fieldErrors(parsed.error.issues));
  return parsed.data;
}
