/**
 * Table names qualified by the store's schema. Queries name the schema themselves instead of
 * relying on search_path, so a pool handed in by the caller (and shared with other code) works
 * unchanged, and tests can keep each file's data in its own schema.
 */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name: ${JSON.stringify(schema)} (letters, digits and _ only)`);
  return `"${schema}"`;
}

export function tablesIn(schema: string) {
  const s = quoteSchema(schema);
  return {
    schema: s,
    catalogue: `${s}.catalogue`,
    episodes: `${s}.episodes`,
    events: `${s}.episode_events`,
    commands: `${s}.episode_commands`,
    migrations: `${s}.schema_migrations`,
  };
}

export type Tables = ReturnType<typeof tablesIn>;
