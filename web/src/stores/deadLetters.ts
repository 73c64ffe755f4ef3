import { defineStore } from 'pinia';
import { ref } from 'vue';
import {
  discardDeadLetter, getDeadLetter, listDeadLetters, requeueDeadLetter, requeueMatching,
  type DeadLetter, type DeadLetterCause, type DeadLetterFilter,
} from '@/api/deadLetters';
import { toProblem } from '@/api/ApiError';
import type { Problem } from '@/api/types';
import { featureList } from './featureList';

/** The most letters "requeue all matching" handles at once (the command API's limit). */
export const requeueMatchingLimit = 10_000;

/** A result to show after an action; `jobId` links to the job when one letter was requeued. */
export interface DeadLetterNotice {
  text: string;
  jobId?: string;
}

/** Runs `work` over `items`, at most `concurrency` at a time, never throwing; returns the failures. */
async function eachLimited<T>(items: T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<Array<{ item: T; problem: Problem }>> {
  const failures: Array<{ item: T; problem: Problem }> = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (err) {
        failures.push({ item, problem: toProblem(err) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return failures;
}

/**
 * Dead letters: filtered list (keyset pages), multi-select, requeue or discard one or many, requeue
 * every letter matching the filter (counted first), and one letter inspected in full.
 */
export const useDeadLettersStore = defineStore('deadLetters', () => {
  const filter = ref<DeadLetterFilter>({ status: 'dead' });
  const list = featureList((cursor) => listDeadLetters(filter.value, cursor));
  const selected = ref<Set<string>>(new Set());
  const busy = ref<Set<string>>(new Set());
  const actionError = ref<Problem | null>(null);
  const notice = ref<DeadLetterNotice | null>(null);
  const inspected = ref<DeadLetter | null>(null);
  const inspectError = ref<Problem | null>(null);

  /** Reloads the first page, keeping the selection of the letters still listed. */
  async function load() {
    await list.load();
    selected.value = new Set([...selected.value].filter((id) => list.items.value.some((d) => d.id === id)));
  }

  function setFilter(next: DeadLetterFilter) {
    filter.value = next;
    selected.value = new Set();
    inspected.value = null;
    void list.load();
  }

  function toggle(id: string, on: boolean) {
    const s = new Set(selected.value);
    if (on) s.add(id);
    else s.delete(id);
    selected.value = s;
  }

  /** Shows letter `id` in full (the row at once, then the fresh copy); again closes it. */
  async function inspect(id: string | null) {
    inspectError.value = null;
    if (!id || inspected.value?.id === id) {
      inspected.value = null;
      return;
    }
    inspected.value = list.items.value.find((d) => d.id === id) ?? null;
    try {
      const fresh = await getDeadLetter(id);
      if (inspected.value?.id === id || !inspected.value) inspected.value = fresh;
    } catch (err) {
      inspectError.value = toProblem(err);
    }
  }

  /** After an accepted action the projector updates the letters a moment later: show the outcome now. */
  function settle(ids: string[], status: 'requeued' | 'discarded') {
    const done = new Set(ids);
    const keep = (d: DeadLetter) => !done.has(d.id) || filter.value.status === 'all' || filter.value.status === status;
    list.items.value = list.items.value.filter(keep).map((d) => (done.has(d.id) ? { ...d, status } : d));
    selected.value = new Set([...selected.value].filter((id) => !done.has(id)));
    if (inspected.value && done.has(inspected.value.id)) inspected.value = { ...inspected.value, status };
  }

  async function act(ids: string[], verb: 'requeue' | 'discard', reason?: string) {
    notice.value = null;
    actionError.value = null;
    busy.value = new Set([...busy.value, ...ids]);
    let jobId: string | undefined;
    const failures = await eachLimited(ids, 4, async (id) => {
      if (verb === 'requeue') jobId = (await requeueDeadLetter(id, reason)).jobId;
      else await discardDeadLetter(id, reason);
    });
    busy.value = new Set([...busy.value].filter((id) => !ids.includes(id)));
    const failed = new Set(failures.map((f) => f.item));
    const ok = ids.filter((id) => !failed.has(id));
    settle(ok, verb === 'requeue' ? 'requeued' : 'discarded');
    const past = verb === 'requeue' ? 'requeued' : 'discarded';
    if (ok.length) {
      notice.value = ok.length === 1 && verb === 'requeue' && jobId
        ? { text: `Dead letter requeued: job ${jobId} runs its next attempt.`, jobId }
        : { text: `${ok.length} dead letter${ok.length === 1 ? '' : 's'} ${past}.` };
    }
    if (failures.length) {
      const first = failures[0]!.problem;
      actionError.value = failures.length === 1 ? first : { ...first, title: `${failures.length} of ${ids.length} could not be ${past}`, detail: `${first.title}${first.detail ? `: ${first.detail}` : ''}` };
    }
  }

  /** What "requeue all matching" would send for the current filter, or null when it cannot apply. */
  function matchingBody(): { type?: string; cause?: Exclude<DeadLetterCause, 'poison_message'>; since?: string; until?: string } | null {
    const f = filter.value;
    if ((f.status ?? 'dead') !== 'dead' || f.cause === 'poison_message') return null;
    return { type: f.type || undefined, cause: f.cause as Exclude<DeadLetterCause, 'poison_message'> | undefined, since: f.from || undefined, until: f.to || undefined };
  }

  const counting = ref(false);
  /** The letters matching the filter, counted before asking for confirmation. */
  const matchingCount = ref<number | null>(null);

  /** Counts the requeueable letters matching the filter (poison messages have no job and are left out). */
  async function countMatching(): Promise<number | null> {
    counting.value = true;
    matchingCount.value = null;
    actionError.value = null;
    try {
      let n = 0;
      let cursor: string | undefined;
      do {
        const page = await listDeadLetters({ ...filter.value, status: 'dead' }, cursor, 200);
        n += page.items.filter((d) => d.jobId !== null && d.cause !== 'poison_message').length;
        cursor = page.nextCursor ?? undefined;
      } while (cursor && n < requeueMatchingLimit);
      matchingCount.value = Math.min(n, requeueMatchingLimit);
      return matchingCount.value;
    } catch (err) {
      actionError.value = toProblem(err);
      return null;
    } finally {
      counting.value = false;
    }
  }

  const requeueingMatching = ref(false);
  /** Requeues up to the counted number of matching letters, oldest first. */
  async function requeueAllMatching(reason?: string) {
    const body = matchingBody();
    if (!body || !matchingCount.value) return;
    requeueingMatching.value = true;
    notice.value = null;
    actionError.value = null;
    try {
      const res = await requeueMatching({ ...body, limit: matchingCount.value, reason });
      settle(res.deadLetterIds ?? [], 'requeued');
      notice.value = { text: `${res.count} dead letter${res.count === 1 ? '' : 's'} requeued.` };
    } catch (err) {
      actionError.value = toProblem(err);
    } finally {
      requeueingMatching.value = false;
      matchingCount.value = null;
    }
  }

  return {
    ...list, load, filter, setFilter, selected, toggle, busy, actionError, notice, inspected, inspectError, inspect,
    requeue: (ids: string[], reason?: string) => act(ids, 'requeue', reason),
    discard: (ids: string[], reason?: string) => act(ids, 'discard', reason),
    matchingBody, counting, matchingCount, countMatching, requeueingMatching, requeueAllMatching,
  };
});
