-- The whole programme in four tables. Runs with search_path set to the store's schema, so no name
-- here is schema-qualified. jsonb keeps each document queryable (reports, audits by hand in psql).

-- The small catalogue: one row, with a version for optimistic writes from several nodes.
CREATE TABLE catalogue (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  doc jsonb NOT NULL,
  version bigint NOT NULL CHECK (version > 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every episode's latest state: start-up reads this table only, never the histories.
CREATE TABLE episodes (
  id text PRIMARY KEY,
  seq integer NOT NULL CHECK (seq >= 0),
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The gap-free event log (also the audit trail). The primary key refuses a second event at a seq.
CREATE TABLE episode_events (
  episode_id text NOT NULL REFERENCES episodes (id),
  seq integer NOT NULL CHECK (seq > 0),
  event jsonb NOT NULL,
  PRIMARY KEY (episode_id, seq)
);

-- Command records, kept for retries. at_seq is the seq of the command's last event, or for a record
-- without an event range the episode's seq after its step; eventless marks a command that made no
-- events. A history read after seq N wants the records of events past N and the event-less
-- commands made at N or later (another node holding N may not have seen those).
CREATE TABLE episode_commands (
  episode_id text NOT NULL REFERENCES episodes (id),
  command_id text NOT NULL,
  record jsonb NOT NULL,
  at_seq integer NOT NULL CHECK (at_seq >= 0),
  eventless boolean NOT NULL,
  PRIMARY KEY (episode_id, command_id)
);

CREATE INDEX episode_commands_by_seq ON episode_commands (episode_id, at_seq);
