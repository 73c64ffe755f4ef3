// Integration tests talk to a real broker, registry and database: give them time (jest's
// per-project `testTimeout` is not applied in multi-project runs, so it is set here).
jest.setTimeout(120_000);
