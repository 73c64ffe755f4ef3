import { uuidv5 } from '@conveyor/runtime';
import { fireIds } from './fireIds';

describe('uuidv5', () => {
  it('matches the RFC 9562 test vector (DNS namespace, www.example.com)', () => {
    expect(uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

describe('fireIds', () => {
  it('is deterministic per schedule and fire time, and distinct otherwise', () => {
    const a = fireIds('5f1c3c1e-8f57-4a43-a1c9-0f1d3e1c2b3a', Date.parse('2025-01-01T00:00:01Z'));
    expect(fireIds('5f1c3c1e-8f57-4a43-a1c9-0f1d3e1c2b3a', Date.parse('2025-01-01T00:00:01Z'))).toEqual(a);
    expect(a.jobId).not.toBe(a.eventId);
    expect(fireIds('5f1c3c1e-8f57-4a43-a1c9-0f1d3e1c2b3a', Date.parse('2025-01-01T00:00:02Z')).jobId).not.toBe(a.jobId);
    expect(fireIds('00000000-8f57-4a43-a1c9-0f1d3e1c2b3a', Date.parse('2025-01-01T00:00:01Z')).jobId).not.toBe(a.jobId);
    expect(a.jobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
