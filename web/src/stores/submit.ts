import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { submitJob } from '@/api/jobs';
import { ApiError, toProblem } from '@/api/ApiError';
import type { JobType, Priority, Problem, SubmitJobRequest } from '@/api/types';
import { initialValue, normaliseErrorPath, prune, validate, type FieldError } from '@/utils/jsonSchema';

/** The job options of the Submit form, as typed (numbers stay text until validated). */
export interface OptionsForm {
  priority: Priority;
  maxAttempts: string;
  timeoutMs: string;
  /** `datetime-local` value, local time. */
  runAt: string;
  concurrencyKey: string;
  idempotencyKey: string;
}

export const optionNames = ['priority', 'maxAttempts', 'timeoutMs', 'runAt', 'concurrencyKey', 'idempotencyKey', 'backoff'] as const;

const blankOptions = (): OptionsForm => ({ priority: 'normal', maxAttempts: '', timeoutMs: '', runAt: '', concurrencyKey: '', idempotencyKey: '' });

function integerIn(text: string, min: number, max: number, name: string, errors: FieldError[]): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) errors.push({ path: name, message: `must be a whole number from ${min} to ${max}` });
  return n;
}

/**
 * The Submit form: chosen type, payload built from its schema (or raw JSON), options, and the
 * errors to show per field, client-side first, then the server's problem+json `errors[]`.
 */
export const useSubmitStore = defineStore('submit', () => {
  const type = ref('');
  const payload = ref<unknown>({});
  const options = ref<OptionsForm>(blankOptions());
  /** Raw-JSON fields that do not parse, by payload path. */
  const jsonErrors = ref<Record<string, string>>({});
  const fieldErrors = ref<Record<string, string>>({});
  const problem = ref<Problem | null>(null);
  const submitting = ref(false);
  const attempted = ref(false);

  function selectType(jobType: JobType | undefined) {
    type.value = jobType?.type ?? '';
    payload.value = jobType ? (initialValue(jobType.payloadSchema) ?? {}) : {};
    jsonErrors.value = {};
    fieldErrors.value = {};
    problem.value = null;
    attempted.value = false;
  }

  function setJsonError(path: string, message: string | null) {
    const next = { ...jsonErrors.value };
    if (message) next[path] = message;
    else delete next[path];
    jsonErrors.value = next;
  }

  /** Client-side validation: returns the request, or null with `fieldErrors` filled. */
  function check(jobType: JobType): { body: SubmitJobRequest; idempotencyKey?: string } | null {
    const errors: FieldError[] = validate(jobType.payloadSchema, prune(payload.value)).map((e) => ({ ...e, path: e.path ? `payload.${e.path}` : 'payload' }));
    for (const [path, message] of Object.entries(jsonErrors.value)) errors.push({ path: path ? `payload.${path}` : 'payload', message });
    const o = options.value;
    const body: SubmitJobRequest = { type: jobType.type, payload: prune(payload.value) ?? {}, priority: o.priority };
    const maxAttempts = integerIn(o.maxAttempts, 1, 100, 'maxAttempts', errors);
    const timeoutMs = integerIn(o.timeoutMs, 1, 3_600_000, 'timeoutMs', errors);
    if (maxAttempts !== undefined) body.maxAttempts = maxAttempts;
    if (timeoutMs !== undefined) body.timeoutMs = timeoutMs;
    if (o.runAt) {
      const t = new Date(o.runAt);
      if (Number.isNaN(t.getTime())) errors.push({ path: 'runAt', message: 'is not a date and time' });
      else body.runAt = t.toISOString();
    }
    if (o.concurrencyKey.trim()) body.concurrencyKey = o.concurrencyKey.trim();
    fieldErrors.value = Object.fromEntries(errors.map((e) => [e.path, e.message]));
    if (errors.length) return null;
    return { body, idempotencyKey: o.idempotencyKey.trim() || undefined };
  }

  /** Validates and submits; resolves to the new job id and its log position, or null when something is wrong. */
  async function submit(jobType: JobType): Promise<{ jobId: string; position: string | null } | null> {
    attempted.value = true;
    problem.value = null;
    const request = check(jobType);
    if (!request) return null;
    submitting.value = true;
    try {
      const res = await submitJob(request.body, request.idempotencyKey);
      options.value.idempotencyKey = '';
      attempted.value = false;
      return { jobId: res.jobId, position: res.position };
    } catch (err) {
      problem.value = toProblem(err);
      if (err instanceof ApiError && err.problem.errors) {
        fieldErrors.value = Object.fromEntries(err.problem.errors.map((e) => [normaliseErrorPath(e.path, optionNames), e.message]));
      }
      return null;
    } finally {
      submitting.value = false;
    }
  }

  /** Re-checks as the user types, but only after a first attempt (no red before trying). */
  function revalidate(jobType: JobType) {
    if (attempted.value) check(jobType);
  }

  const errorCount = computed(() => Object.keys(fieldErrors.value).length);

  return { type, payload, options, jsonErrors, fieldErrors, problem, submitting, errorCount, selectType, setJsonError, submit, revalidate };
});
