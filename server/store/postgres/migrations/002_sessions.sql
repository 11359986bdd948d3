-- Login and display-link sessions, apart from the catalogue row: a login inserts one small row
-- instead of rewriting the catalogue document. Every node reads them, so a session opened on one
-- node is found on another. Only the token's sha256 is kept, never the token.
CREATE TABLE sessions (
  id text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  account_id text NOT NULL,
  display_link_id text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE INDEX sessions_by_account ON sessions (account_id, created_at);
CREATE INDEX sessions_by_display_link ON sessions (display_link_id, created_at) WHERE display_link_id IS NOT NULL;
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
