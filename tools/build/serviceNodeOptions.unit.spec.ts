import { serviceHeapLimitMb, serviceNodeOptions } from './serviceNodeOptions';

describe('serviceNodeOptions', () => {
  it('adds the heap ceiling when NODE_OPTIONS is unset or empty', () => {
    expect(serviceNodeOptions(undefined)).toBe(`--max-old-space-size=${serviceHeapLimitMb}`);
    expect(serviceNodeOptions('  ')).toBe(`--max-old-space-size=${serviceHeapLimitMb}`);
  });

  it('keeps the other options and appends the ceiling', () => {
    expect(serviceNodeOptions('--trace-warnings')).toBe(`--trace-warnings --max-old-space-size=${serviceHeapLimitMb}`);
  });

  it('leaves a ceiling the caller set alone, in either spelling', () => {
    expect(serviceNodeOptions('--max-old-space-size=1536')).toBe('--max-old-space-size=1536');
    expect(serviceNodeOptions('--inspect --max-old-space-size 2048')).toBe('--inspect --max-old-space-size 2048');
  });

  it('does not take a longer flag of the same prefix for a ceiling', () => {
    expect(serviceNodeOptions('--max-old-space-size-x=1')).toBe(`--max-old-space-size-x=1 --max-old-space-size=${serviceHeapLimitMb}`);
  });
});
