// The detail of an SES event (bounce, complaint, delivery, delivery delay) as the configuration
// set's EventBridge destination sends it: the fields the deliverability function reads. The
// function checks events with its compiled form (schemas.generated.ts) and parses with this
// schema only to explain one it refuses.
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';

export const SesEventDetail = /* @__PURE__ */ lazySchema(() => {
  const tagValues = z.optional(z.array(z.string()));
  const recipients = z.optional(z.array(z.object({ emailAddress: z.string(), diagnosticCode: z.optional(z.string()), status: z.optional(z.string()) })));
  return z.object({
    eventType: z.string(),
    mail: z.object({
      messageId: z.string(),
      timestamp: z.optional(z.string()),
      destination: z._default(z.array(z.string()), []),
      tags: z._default(z.record(z.string(), tagValues), {}),
    }),
    bounce: z.optional(z.object({ bounceType: z.string(), bounceSubType: z.optional(z.string()), bouncedRecipients: recipients, timestamp: z.optional(z.string()) })),
    complaint: z.optional(z.object({ complainedRecipients: recipients, timestamp: z.optional(z.string()), complaintFeedbackType: z.optional(z.string()) })),
    delivery: z.optional(z.object({ timestamp: z.optional(z.string()), recipients: z.optional(z.array(z.string())) })),
    deliveryDelay: z.optional(z.object({ delayType: z.optional(z.string()), delayedRecipients: recipients, timestamp: z.optional(z.string()) })),
  });
});
export type SesEventDetail = z.infer<typeof SesEventDetail>;
