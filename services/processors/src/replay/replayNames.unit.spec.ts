import { asOfSchemaName, retiredSchemaName, shadowSchemaName } from './replayNames';

describe('replay schema names', () => {
  it('derives plain identifiers from the run id and the as-of time', () => {
    expect(shadowSchemaName('3F2504E0-4F89-11D3-9A0C-0305E82C3301')).toBe('conveyor_shadow_3f2504e04f8911d3');
    expect(retiredSchemaName('3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toBe('conveyor_retired_3f2504e04f8911d3');
    expect(asOfSchemaName(Date.parse('2026-03-04T05:06:07.890Z'))).toBe('conveyor_asof_20260304050607');
  });
});
