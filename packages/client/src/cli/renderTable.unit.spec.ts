import { cellText, renderFields, renderTable } from './renderTable';

describe('renderTable', () => {
  const columns = [
    { heading: 'job id', cell: (r: { id: string; status: string; error: string | null }) => r.id },
    { heading: 'status', cell: (r: { status: string }) => r.status },
    { heading: 'error', cell: (r: { error: string | null }) => r.error, max: 10 },
  ];

  it('aligns the columns under capital headings, with no trailing spaces', () => {
    const text = renderTable([{ id: 'a1', status: 'succeeded', error: null }, { id: 'b22222', status: 'dead', error: 'boom' }], columns);
    expect(text.split('\n')).toEqual([
      'JOB ID  STATUS     ERROR',
      'a1      succeeded',
      'b22222  dead       boom',
    ]);
  });

  it('cuts long cells with an ellipsis and says (none) for no rows', () => {
    expect(renderTable([{ id: 'x', status: 'failed', error: 'connection reset by peer' }], columns).split('\n')[1]).toBe('x       failed  connectio…');
    expect(renderTable([], columns)).toBe('(none)');
  });
});

describe('cellText', () => {
  it('prints objects as JSON on one line and nothing for null', () => {
    expect(cellText({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(cellText('two\n  lines')).toBe('two lines');
    expect(cellText(null)).toBe('');
  });
});

describe('renderFields', () => {
  it('aligns the values and leaves out the missing ones', () => {
    expect(renderFields([['job id', 'a1'], ['status', 'dead'], ['run at', null]])).toBe('job id:  a1\nstatus:  dead');
  });
});
