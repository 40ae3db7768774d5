import pg from "pg";
import type { UsageStore } from "./types.js";

const TABLE = "stackwright_model_usage";

/**
 * Daily use in PostgreSQL (DATABASE_URL), shared by every instance of the App:
 * one row per (scope, day), created on first use. The reservation is one
 * `insert ... on conflict do update ... where` statement, so it is atomic.
 */
export class PostgresUsageStore implements UsageStore {
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private ready: Promise<void> | undefined;

  constructor(options: { databaseUrl: string } | { pool: pg.Pool }) {
    if ("pool" in options) {
      this.pool = options.pool;
      this.ownsPool = false;
    } else {
      this.pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
      this.ownsPool = true;
    }
  }

  private schema(): Promise<void> {
    this.ready ??= this.pool
      .query(`create table if not exists ${TABLE} (scope text not null, day date not null, tokens bigint not null default 0, primary key (scope, day))`)
      .then(
        () => undefined,
        (error: unknown) => {
          this.ready = undefined;
          throw error;
        },
      );
    return this.ready;
  }

  async reserve(scope: string, day: string, tokens: number, cap: number): Promise<boolean> {
    if (tokens > cap) return false;
    await this.schema();
    const result = await this.pool.query(
      `insert into ${TABLE} (scope, day, tokens) values ($1, $2, $3)
       on conflict (scope, day) do update set tokens = ${TABLE}.tokens + excluded.tokens
       where ${TABLE}.tokens + excluded.tokens <= $4
       returning tokens`,
      [scope, day, tokens, cap],
    );
    return result.rowCount === 1;
  }

  async adjust(scope: string, day: string, delta: number): Promise<void> {
    await this.schema();
    await this.pool.query(
      `insert into ${TABLE} (scope, day, tokens) values ($1, $2, greatest($3::bigint, 0))
       on conflict (scope, day) do update set tokens = greatest(${TABLE}.tokens + $3::bigint, 0)`,
      [scope, day, delta],
    );
  }

  async used(scope: string, day: string): Promise<number> {
    await this.schema();
    const result = await this.pool.query<{ tokens: string }>(`select tokens from ${TABLE} where scope = $1 and day = $2`, [scope, day]);
    return Number(result.rows[0]?.tokens ?? 0);
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}
