import { migrationStatus, renderMigrationStatus } from './migrationStatus';

describe('migrationStatus', () => {
  const at = new Date('2026-12-01T00:00:00Z');

  it('lists every file in order, applied or pending, then applied rows whose file is gone', () => {
    const rows = migrationStatus(['002_b.sql', '001_a.sql', '003_c.sql'], [{ name: '001_a.sql', appliedAt: at }, { name: '000_old.sql', appliedAt: at }]);
    expect(rows.map((row) => [row.name, row.appliedAt !== null, row.missingFile])).toEqual([
      ['001_a.sql', true, false], ['002_b.sql', false, false], ['003_c.sql', false, false], ['000_old.sql', true, true],
    ]);
    expect(renderMigrationStatus(rows)).toMatch(/2 pending/);
  });

  it('says all applied when nothing is pending', () => {
    expect(renderMigrationStatus(migrationStatus(['001_a.sql'], [{ name: '001_a.sql', appliedAt: at }]))).toMatch(/all applied$/);
  });
});
