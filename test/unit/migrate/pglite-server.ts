import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";

/**
 * An in-memory PGlite served over TCP in this process, so the real `pg`
 * driver (and so both migration runners) talk to it as to a server. PGlite
 * runs one backend session for every client: see testing.md §5.
 */
export interface ServedPglite {
  url: string;
  query(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  /** Drops everything the previous test created. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function servePglite(): Promise<ServedPglite> {
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 32 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  const query = async (text: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await client.query(text, values);
    } finally {
      await client.end();
    }
  };
  return {
    url,
    query,
    async reset() {
      await query("drop schema public cascade; create schema public;");
    },
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
