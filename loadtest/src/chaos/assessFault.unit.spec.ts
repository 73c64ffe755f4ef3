import { assessFault, type JobRecord, type RequestRecord } from './assessFault';

const job = (settledAt: number | null, starts: string[] = ['s1'], outcomes: string[] = settledAt === null ? [] : ['o1']): JobRecord => ({
  startedByAttempt: new Map([[1, new Set(starts)]]), terminal: new Set(outcomes), settledAt, submittedAt: 0,
});
const accepted = (jobId: string, sentAt: number): RequestRecord => ({ sentAt, answeredAt: sentAt + 5, outcome: 'accepted', jobId });
const window = { name: 'f', loadStartedAt: 0, injectedAt: 1_000, healedAt: 2_000, recoveryBoundMs: 5_000 };

describe('assessFault', () => {
  it('given every accepted job settled once, then it passes with the recovery from the heal to the last backlog job', () => {
    const jobs = new Map([['a', job(1_500)], ['b', job(4_000)], ['c', job(9_000)]]);
    const result = assessFault(window, [accepted('a', 500), accepted('b', 2_900), accepted('c', 8_000)], jobs, new Set(['a', 'b', 'c']));
    expect(result).toMatchObject({ accepted: 3, lost: 0, runTwice: 0, recoveryMs: 2_000, publishedUnanswered: 0, problems: [] });
  });

  it('given a job never settled, an attempt started twice, a hung request and a 503 whose job landed, then it fails and says why', () => {
    const jobs = new Map([['a', job(null)], ['b', job(2_500, ['s1', 's2'])], ['x', job(2_200)]]);
    const requests: RequestRecord[] = [accepted('a', 500), accepted('b', 600), { sentAt: 700, answeredAt: 8_700, outcome: 'hung' }, { sentAt: 800, answeredAt: 3_800, outcome: '5xx' }];
    const result = assessFault(window, requests, jobs, new Set(['a', 'b', 'x']));
    expect(result).toMatchObject({ lost: 1, runTwice: 1, hung: 1, serverErrors: 1, publishedUnanswered: 1, recoveryMs: null });
    expect(result.problems).toEqual(['1 accepted jobs lost', '1 jobs ran twice', '1 requests hung past the bound', 'never recovered']);
  });

  it('fails a recovery slower than its bound', () => {
    const result = assessFault(window, [accepted('a', 1_500)], new Map([['a', job(8_000)]]), new Set());
    expect(result.problems).toEqual(['recovery 6.0 s > 5 s']);
  });
});
