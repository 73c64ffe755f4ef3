import { registryDatasource } from './registryDatasource';

describe('registryDatasource', () => {
  it('keeps host and port, swaps the database, and has no password under trust auth', () => {
    expect(registryDatasource('postgres://postgres@127.0.0.1:5432/conveyor', 'conveyor_registry')).toEqual({
      url: 'jdbc:postgresql://127.0.0.1:5432/conveyor_registry',
      username: 'postgres',
    });
  });

  it('defaults the port to 5432 and the user to postgres', () => {
    expect(registryDatasource('postgresql://db.internal/conveyor', 'reg')).toEqual({
      url: 'jdbc:postgresql://db.internal:5432/reg',
      username: 'postgres',
    });
  });

  it('decodes credentials and carries sslmode over', () => {
    expect(registryDatasource('postgres://app%40corp:p%2Fss%3Aword@10.0.0.5:6543/jobs?sslmode=require&application_name=x', 'reg')).toEqual({
      url: 'jdbc:postgresql://10.0.0.5:6543/reg?sslmode=require',
      username: 'app@corp',
      password: 'p/ss:word',
    });
  });

  it('keeps IPv6 hosts bracketed', () => {
    expect(registryDatasource('postgres://postgres@[::1]:5433/conveyor', 'reg').url).toBe('jdbc:postgresql://[::1]:5433/reg');
  });
});
