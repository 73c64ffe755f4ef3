import { request } from './http';
import type { Page } from './types';

/** A replay run: re-reads part of the event log to rebuild read models or re-run jobs. */
export interface Replay {
  replayId: string;
  status?: string;
  from?: string;
  to?: string;
  types?: string[];
  dryRun?: boolean;
  requestedAt?: string;
  finishedAt?: string | null;
  progress?: number | null;
  [key: string]: unknown;
}

export interface ReplayRequest {
  from: string;
  to?: string;
  types?: string[];
  dryRun?: boolean;
}

export function listReplays(): Promise<Page<Replay>> {
  return request<Page<Replay>>('query', '/v1/replays');
}

export function startReplay(body: ReplayRequest): Promise<{ replayId: string }> {
  return request('command', '/v1/admin/replays', { method: 'POST', body });
}
