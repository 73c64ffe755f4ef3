/** Where a dead-lettered message was read: the work item (or poison message) a letter records. */
export interface DeadLetterOrigin {
  topic: string;
  partition: number;
  /** Kafka offset (int64) as a decimal string. */
  offset: string;
}

/** What the deciders know of a dead letter and its job (loaded from the read models). */
export interface DeadLetterState {
  id: string;
  jobId: string | null;
  status: 'dead' | 'requeued' | 'discarded' | 'quarantined';
  /** The job's status and attempts used; null when the letter has no job (a poison message) or the job is unknown. */
  job: { status: string; attempts: number } | null;
  /** JobRequeued events the job already has (through the API or a re-drive). */
  requeues: number;
}
