import type { Pool, PoolClient } from 'pg';

/**
 * Run `work` in one transaction on one pooled connection. Resolves only after COMMIT has returned,
 * which is when PostgreSQL has made the step durable. On failure the transaction is rolled back; a
 * connection that cannot even roll back is destroyed rather than handed to the next caller.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
