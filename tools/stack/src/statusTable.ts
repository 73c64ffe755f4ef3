import type { StackStatus } from './stackStatus';

/** Renders `stack status` as an aligned text table followed by the client endpoints. Internal. */
export function statusTable(status: StackStatus): string {
  const header = ['component', 'version', 'state', 'pid', 'port', 'health'];
  const rows = status.components.map((component) => [
    component.name,
    component.label.split(' ')[1] ?? '-',
    component.state,
    component.pid === undefined ? '-' : String(component.pid),
    String(component.port),
    component.health,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const { kafkaBrokers, registryUrl, databaseUrl } = status.endpoints;
  return [
    line(header),
    ...rows.map(line),
    '',
    `KAFKA_BROKERS=${kafkaBrokers.join(',')}`,
    `SCHEMA_REGISTRY_URL=${registryUrl}`,
    `DATABASE_URL=${databaseUrl}`,
  ].join('\n');
}
