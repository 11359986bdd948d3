/**
 * A connection string fit to print at start-up and in tool output: host, port and database, never
 * the password (start-up lines end up in logs and screenshots).
 */
export function databaseLabel(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
    return `postgres://${user}${url.host}${url.pathname}`;
  } catch {
    return '(DATABASE_URL)';
  }
}
