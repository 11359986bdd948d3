-- A command no longer rewrites the whole episode: it adds its events and command records and moves
-- the row's seq (still guarded by the seq it started from). The state column becomes a checkpoint:
-- the episode as it stood at checkpoint_seq, rewritten when the episode goes quiet and every few
-- hundred events. Reading an episode = its checkpoint + the events after checkpoint_seq, replayed.
-- Rows written before this migration hold the state at their seq: that is their checkpoint.
-- A node of an older version would read a checkpoint as the latest state: stop them all first.
ALTER TABLE episodes ADD COLUMN checkpoint_seq integer;
UPDATE episodes SET checkpoint_seq = seq;
ALTER TABLE episodes ALTER COLUMN checkpoint_seq SET NOT NULL;
ALTER TABLE episodes ADD CONSTRAINT episodes_checkpoint_seq_range CHECK (checkpoint_seq >= 0 AND checkpoint_seq <= seq);
