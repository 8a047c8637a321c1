import { z } from 'zod';
import { topicInput, topicView } from '../training.schemas.js';

/**
 * A topic's editable fields, replacing what it had: everything but its code, which completions imports and
 * exports name it by.
 */
export const topicUpdate = topicInput.omit({ code: true }).extend({
  /** Left out: unchanged. A private topic may be shared; a shared one stays shared (decision 032). */
  shared: z.boolean().optional(),
});
export type TopicUpdate = z.infer<typeof topicUpdate>;

/** A topic's page: the topic, its competencies by id (for editing), and the modules that include it. */
export const topicDetail = topicView.extend({
  competencyIds: z.array(z.uuid()),
  modules: z.array(
    z.object({ id: z.uuid(), title: z.string(), curriculum: z.string().nullable(), position: z.number() }),
  ),
  /** Whether the caller may edit it: the organisation keeping it, as a training administrator. */
  mayEdit: z.boolean(),
});
export type TopicDetail = z.infer<typeof topicDetail>;
