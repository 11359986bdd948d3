-- The sign-in log (logins, failed logins, logouts, display links opened) for the admin's audit
-- search: one small row per event, never a rewrite of the catalogue.
CREATE TABLE auth_audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  kind text NOT NULL,
  username text,
  actor jsonb,
  ip text,
  reason text
);

CREATE INDEX auth_audit_by_time ON auth_audit (at DESC);
