-- Claim leases (issue 12): a worker holds the claim of a running attempt while it heartbeats, extending
-- lease_expires_at; another worker may take over a claim whose lease lapsed, even while the holder's
-- liveness session is still open (a blocked or cut-off worker). Null for claims made before leases:
-- those follow the liveness session alone. See docs/worker-protocol.md.
alter table executor_claims add column lease_expires_at timestamptz;
