import pg from "pg";
import { ENV_VAR_FOR, ProvisionError, resourceName, type ProvisionedResource, type RecordedResource, type ResourceRequest } from "../types.js";
import { isLocalName, localName, quoteIdent } from "./names.js";
import { scramVerifier, scramVerifierMatches } from "./scram.js";
import type { LocalSecrets } from "./secrets.js";

/**
 * PostgreSQL on a server Stackwright is given an admin connection to
 * (`STACKWRIGHT_POSTGRES_URL`): per app and environment, one database and one
 * login role that owns the database's `public` schema and nothing else.
 *
 * - The role is NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS.
 * - `CONNECT` (and `TEMPORARY`, `CREATE`) on the database is revoked from PUBLIC
 *   and granted to the role alone, so no other app's role can even connect.
 *   (`CREATE` on its own database lets migrations add schemas and trusted
 *   extensions such as pgcrypto or citext; it reaches no other database.)
 * - The database is owned by the admin, so the app cannot hand its database to
 *   anyone else or drop it.
 * - The password is derived (LocalSecrets) and sent as a SCRAM verifier; an
 *   `ensure` that finds the role with a verifier for that password changes nothing.
 *
 * The admin connection must be a superuser (or, on PostgreSQL 16+, a role with
 * CREATEDB and CREATEROLE that may SET ROLE to the roles it creates).
 */

export const PROVIDER_NAME = "local";

const DUPLICATE_OBJECT = "42710";
const DUPLICATE_DATABASE = "42P04";
/** A concurrent CREATE ROLE / CREATE DATABASE of the same name can also fail on the catalog's unique index. */
const UNIQUE_VIOLATION = "23505";
/** First key of the advisory lock that serialises ensures of one name (the second is hashtext(name)). */
const ENSURE_LOCK = 727275;
const INSUFFICIENT_PRIVILEGE = "42501";

export class LocalPostgresServer {
  constructor(
    private readonly adminUrl: string,
    private readonly secrets: LocalSecrets,
  ) {}

  /** host:port of the server, for messages (never credentials). */
  get server(): string {
    try {
      const url = new URL(this.adminUrl);
      return `${url.hostname}:${url.port || "5432"}`;
    } catch {
      return "the configured server";
    }
  }

  async ensure(request: ResourceRequest, recorded?: RecordedResource): Promise<ProvisionedResource> {
    return this.withAdmin(this.adminUrl, async (admin) => {
      const names = await this.findNames(admin, request, recorded);
      // Two ensures of one resource at once (two deploys) take turns; the lock goes with the admin session.
      await admin.query("select pg_advisory_lock($1, hashtext($2))", [ENSURE_LOCK, names.database]);
      const password = await this.secrets.password("postgres", names.role);

      const role = await admin.query<{ rolpassword: string | null }>(
        // pg_authid holds the verifier; a non-superuser admin cannot read it, and then the password is simply set again.
        "select r.rolname, (select a.rolpassword from pg_authid a where a.oid = r.oid) as rolpassword from pg_roles r where r.rolname = $1",
        [names.role],
      ).catch(async (error: unknown) => {
        if ((error as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) throw error;
        return admin.query<{ rolpassword: string | null }>("select rolname, null as rolpassword from pg_roles where rolname = $1", [names.role]);
      });
      const roleExisted = role.rows.length > 0;
      const attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT";
      if (!roleExisted) {
        await admin.query(`create role ${quoteIdent(names.role)} ${attributes} password '${scramVerifier(password)}'`).catch(ignore(DUPLICATE_OBJECT, UNIQUE_VIOLATION));
      }
      const passwordOk = roleExisted && scramVerifierMatches(role.rows[0]?.rolpassword, password);
      // Re-asserting the attributes undoes any hand edit that widened the role.
      await admin.query(`alter role ${quoteIdent(names.role)} ${attributes}${passwordOk ? "" : ` password '${scramVerifier(password)}'`}`);

      const database = await admin.query("select 1 from pg_database where datname = $1", [names.database]);
      const databaseExisted = database.rows.length > 0;
      if (!databaseExisted) await admin.query(`create database ${quoteIdent(names.database)}`).catch(ignore(DUPLICATE_DATABASE, UNIQUE_VIOLATION));
      await admin.query(`revoke all on database ${quoteIdent(names.database)} from public`);
      await admin.query(`grant connect, temporary, create on database ${quoteIdent(names.database)} to ${quoteIdent(names.role)}`);

      await this.withAdmin(withPath(this.adminUrl, names.database), async (inDatabase) => {
        await inDatabase.query(`alter schema public owner to ${quoteIdent(names.role)}`);
        await inDatabase.query("revoke all on schema public from public");
      });

      const url = appUrl(this.adminUrl, names.role, password, names.database);
      return {
        kind: "postgres",
        provider: PROVIDER_NAME,
        name: resourceName(request),
        ids: { engine: "postgresql", database: names.database, role: names.role },
        url,
        env: { [ENV_VAR_FOR.postgres]: url },
        created: !databaseExisted || !roleExisted,
      };
    });
  }

  async destroy(recorded: RecordedResource): Promise<void> {
    const database = recorded.ids.database;
    const role = recorded.ids.role;
    for (const name of [database, role]) {
      if (name !== undefined && !isLocalName(name)) throw new ProvisionError(PROVIDER_NAME, `refusing to drop ${name}: not a name this provider made`);
    }
    await this.withAdmin(this.adminUrl, async (admin) => {
      if (database) await admin.query(`drop database if exists ${quoteIdent(database)} with (force)`);
      if (role) await admin.query(`drop role if exists ${quoteIdent(role)}`);
    });
  }

  /** The recorded names when that database still exists on this server; otherwise the deterministic ones. */
  private async findNames(admin: pg.Client, request: ResourceRequest, recorded?: RecordedResource): Promise<{ database: string; role: string }> {
    const fromRecord = recorded?.provider === PROVIDER_NAME && recorded.kind === "postgres" && recorded.ids.engine === "postgresql" ? recorded.ids : undefined;
    if (fromRecord?.database && fromRecord.role && isLocalName(fromRecord.database) && isLocalName(fromRecord.role)) {
      const found = await admin.query("select 1 from pg_database where datname = $1", [fromRecord.database]);
      if (found.rows.length > 0) return { database: fromRecord.database, role: fromRecord.role };
    }
    const name = localName(request);
    return { database: name, role: name };
  }

  private async withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    client.on("error", () => {});
    try {
      await client.connect();
    } catch (error) {
      throw new ProvisionError(PROVIDER_NAME, `cannot connect to PostgreSQL at ${this.server} with STACKWRIGHT_POSTGRES_URL: ${message(error)}`, { cause: error });
    }
    try {
      return await work(client);
    } catch (error) {
      if (error instanceof ProvisionError) throw error;
      const hint = (error as { code?: string }).code === INSUFFICIENT_PRIVILEGE ? " (the admin connection needs to be a superuser, or have CREATEDB and CREATEROLE)" : "";
      throw new ProvisionError(PROVIDER_NAME, `PostgreSQL at ${this.server}: ${message(error)}${hint}`, { cause: error });
    } finally {
      await client.end().catch(() => {});
    }
  }
}

const ignore = (...codes: string[]) => (error: unknown) => {
  if (!codes.includes(String((error as { code?: string }).code))) throw error;
};

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function withPath(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** The admin URL with the app's role, password and database (host, port and parameters such as sslmode kept). */
export function appUrl(adminUrl: string, role: string, password: string, database: string): string {
  const parsed = new URL(adminUrl);
  parsed.username = encodeURIComponent(role);
  parsed.password = encodeURIComponent(password);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
