-- Runs once, on the first start of the dev Postgres volume (docker-entrypoint-initdb.d).
-- Same as deploy/compose/initdb/01-databases.sql: Apicurio Registry gets its own database and role.
CREATE ROLE apicurio LOGIN PASSWORD 'apicurio';
CREATE DATABASE apicurio OWNER apicurio;
