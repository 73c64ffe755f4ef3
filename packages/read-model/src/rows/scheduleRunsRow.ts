/** A row of `schedule_runs` as pg returns it (public): one fire, written after its JobSubmitted was acknowledged. */
export interface ScheduleRunsTableRow {
  schedule_id: string;
  fire_at: Date;
  job_id: string;
  fired_at: Date;
}

/** One fire, published and acknowledged, as the scheduler records it (times in epoch milliseconds) (public). */
export interface FireRecord {
  scheduleId: string;
  fireAt: number;
  jobId: string;
}
