import { planSearch } from './planSearch';

const shares = new Map([['example', 0.4], ['com', 0.4], ['api', 0.26], ['test', 0.26], ['partner145', 0.0055], ['etimedout', 0.013], ['t10', 0.0013]]);

describe('search plan', () => {
  it('reads only the words that narrow from the index, all of them when every word is common', () => {
    expect(planSearch(['user4217', 'example', 'com'], shares, 51).indexWords).toEqual(['user4217']);
    expect(planSearch(['example', 'com', 'com'], shares, 51).indexWords).toEqual(['example', 'com']);
  });

  it('walks the newest jobs when even the rarest word fills a page within half the walk', () => {
    expect(planSearch(['etimedout'], shares, 51)).toEqual({ indexWords: ['etimedout'], walkRows: 50_000 });
    expect(planSearch(['api', 'partner145', 'test'], shares, 51)).toEqual({ indexWords: ['partner145'], walkRows: 50_000 });
  });

  it('reads the index when a word is rare or unknown, or the page too large for the walk', () => {
    expect(planSearch(['t10'], shares, 51).walkRows).toBeNull(); // 51 / 0.0013 = 39,000 jobs to read
    expect(planSearch(['user4217', 'example', 'com'], shares, 51).walkRows).toBeNull();
    expect(planSearch(['partner145'], shares, 202).walkRows).toBeNull();
    expect(planSearch(['etimedout'], new Map(), 51)).toEqual({ indexWords: ['etimedout'], walkRows: null });
    expect(planSearch([], shares, 51).walkRows).toBeNull();
  });
});
