import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * Throwaway databases on the real PostgreSQL server (trust auth on this machine
 * and in CI). Override the server with STACKWRIGHT_TEST_POSTGRES_URL.
 */
export const ADMIN_URL = process.env.STACKWRIGHT_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

function urlFor(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether the server answers; for skipping with a clear message rather than failing obscurely. */
export async function postgresAvailable(): Promise<boolean> {
  try {
    await withAdmin((client) => client.query("select 1"));
    return true;
  } catch {
    return false;
  }
}

/** Creates an empty database `sw_test_<hex>`; `drop()` removes it, closing any connection left to it. */
export async function createScratchDatabase(prefix = "sw_test"): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  // The name is ours (prefix + hex), so it is safe to splice into the statement.
  await withAdmin((client) => client.query(`create database ${name}`));
  let dropped = false;
  return {
    name,
    url: urlFor(name),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** Runs one statement against a scratch database (e.g. to promote a user to admin in a test). */
export async function queryDatabase(url: string, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}
