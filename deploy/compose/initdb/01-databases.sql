-- Runs once, on the first start of the compose Postgres volume (docker-entrypoint-initdb.d).
-- The `conveyor` database is created by POSTGRES_DB; Apicurio Registry gets its own database and role.
CREATE ROLE apicurio LOGIN PASSWORD 'apicurio';
CREATE DATABASE apicurio OWNER apicurio;
