/** JDBC connection settings for Apicurio's SQL storage. */
export interface RegistryDatasource {
  /** `jdbc:postgresql://host:port/database`. */
  url: string;
  username: string;
  /** Undefined when DATABASE_URL has none (trust authentication). */
  password?: string;
}

/**
 * Derives Apicurio's JDBC settings from the libpq-style `databaseUrl`: same host, port, user and
 * password, but database `database`; `sslmode` is carried over. Internal.
 */
export function registryDatasource(databaseUrl: string, database: string): RegistryDatasource {
  const url = new URL(databaseUrl);
  const port = url.port || '5432';
  const sslmode = url.searchParams.get('sslmode');
  const query = sslmode ? `?sslmode=${encodeURIComponent(sslmode)}` : '';
  return {
    url: `jdbc:postgresql://${url.hostname}:${port}/${database}${query}`,
    username: decodeURIComponent(url.username) || 'postgres',
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
  };
}
