/** A row of `queue_states` (migration 080): whether a queue is paused, and the last change (public). */
export interface QueueStatesTableRow {
  admin_topic: string;
  queue: string;
  paused: boolean;
  changed_at: Date;
  changed_by: string;
}
