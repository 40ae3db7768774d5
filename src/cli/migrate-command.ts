import { join, resolve } from "node:path";
import { redactSecrets } from "../github/render/redact.js";
import { MigrationError, migrateMongo, migratePostgres, type MigrationReport, type MongoMigrationReport } from "../migrate/index.js";
import { runPhase } from "../pipeline/phases.js";
import { STACKWRIGHT_VERSION } from "../version.js";
import { UsageError } from "./generate-command.js";
import { formatDuration } from "./progress.js";
import { readAppManifest, readEnvFile, redactedProgress } from "./provision-command.js";

/**
 * `stackwright migrate <dir>`: applies the migrations of the app in <dir>
 * (every service with a `migrationsDir` in stackwright.json) with
 * Stackwright's runner, which follows the generated app's contract. The
 * database URL comes from --database-url, then --dotenv, then DATABASE_URL
 * (MONGODB_URL for a MongoDB app); it is never printed.
 */

export interface MigrateCommandOptions {
  databaseUrl?: string;
  mongodbUrl?: string;
  dotenv?: string;
  json?: boolean;
  dryRun?: boolean;
}

interface ServiceResult {
  service: string;
  migrationsDir: string;
  report?: MigrationReport;
  error?: Record<string, unknown>;
}

export async function migrateCommand(dir: string, options: MigrateCommandOptions): Promise<number> {
  const started = performance.now();
  const appDir = resolve(dir);
  const manifest = await readAppManifest(appDir);
  const fileEnv = options.dotenv ? await readEnvFile(resolve(options.dotenv)) : {};
  const variable = (name: string) => fileEnv[name] || process.env[name] || undefined;
  const onPhase = redactedProgress();
  const redact = (error: unknown) => redactSecrets(error instanceof Error ? error.message : String(error));

  if (manifest.spec.stack.database === "mongodb") {
    const url = options.mongodbUrl ?? variable("MONGODB_URL");
    if (!url) throw new UsageError(missingUrl("MongoDB", "--mongodb-url", "MONGODB_URL", dir));
    process.stderr.write(`Stackwright ${STACKWRIGHT_VERSION} · migrating ${manifest.spec.name} (MongoDB)\n`);
    let report: MongoMigrationReport;
    try {
      report = await runPhase(onPhase, "migrate", "Collections, validators and indexes", () => migrateMongo({ url, spec: manifest.spec }), (r) => `${changes(r)} change${changes(r) === 1 ? "" : "s"}`);
    } catch (error) {
      const message = redact(error);
      if (options.json) process.stdout.write(`${JSON.stringify({ ok: false, database: "mongodb", error: errorJson(error, message) }, null, 2)}\n`);
      else process.stderr.write(`\nstackwright: ${message}\n`);
      return 1;
    }
    if (options.json) process.stdout.write(`${JSON.stringify({ ok: true, database: "mongodb", report: { ...report, totalMs: Math.round(report.totalMs) } }, null, 2)}\n`);
    else process.stdout.write(mongoSummary(report));
    return 0;
  }

  const services = manifest.services.filter((s) => s.migrationsDir !== undefined);
  const databaseUrl = options.databaseUrl ?? variable("DATABASE_URL");
  if (services.length > 0 && !databaseUrl) throw new UsageError(missingUrl("PostgreSQL", "--database-url", "DATABASE_URL", dir));
  process.stderr.write(`Stackwright ${STACKWRIGHT_VERSION} · migrating ${manifest.spec.name} (PostgreSQL)${options.dryRun ? " · dry run" : ""}\n`);

  const results: ServiceResult[] = [];
  let failed = false;
  for (const service of services) {
    const migrationsDir = join(service.dir, service.migrationsDir!);
    const result: ServiceResult = { service: service.name, migrationsDir };
    results.push(result);
    try {
      result.report = await runPhase(
        onPhase,
        `migrate-${service.name}`,
        `${service.name}: ${migrationsDir}`,
        () => migratePostgres({ databaseUrl: databaseUrl!, dir: join(appDir, migrationsDir), ...(options.dryRun ? { dryRun: true } : {}) }),
        (r) => (options.dryRun ? `${r.pending.length} pending, ${r.skipped} applied` : r.applied.length === 0 ? `up to date (${r.skipped} applied before)` : `${r.applied.length} applied, ${r.skipped} already applied`),
      );
    } catch (error) {
      const message = redact(error);
      result.error = errorJson(error, message);
      if (error instanceof MigrationError && error.applied.length > 0) {
        result.report = { applied: error.applied, skipped: 0, pending: [], ignored: [], lockWaitMs: 0, totalMs: 0 };
      }
      failed = true;
      break;
    }
  }

  const durationMs = performance.now() - started;
  if (options.json) {
    const services = results.map((r) => ({
      service: r.service,
      migrationsDir: r.migrationsDir,
      ...(r.report ? { ...r.report, lockWaitMs: Math.round(r.report.lockWaitMs), totalMs: Math.round(r.report.totalMs) } : {}),
      ...(r.error ? { error: r.error } : {}),
    }));
    process.stdout.write(`${JSON.stringify({ ok: !failed, database: "postgres", services, durationMs: Math.round(durationMs) }, null, 2)}\n`);
  } else {
    process.stdout.write(postgresSummary(results, durationMs, options.dryRun === true, services.length === 0));
    const error = results.find((r) => r.error)?.error;
    if (error) process.stderr.write(`\nstackwright: ${String(error.message)}\n`);
  }
  return failed ? 1 : 0;
}

function missingUrl(what: string, flag: string, variable: string, dir: string): string {
  return `No ${what} URL: pass ${flag}, or set ${variable} (stackwright provision ${dir} --dotenv ${join(dir, ".env")} writes one; then add --dotenv ${join(dir, ".env")})`;
}

function errorJson(error: unknown, message: string): Record<string, unknown> {
  if (error instanceof MigrationError) return { ...error.toJSON(), message };
  return { code: "error", message };
}

const changes = (r: MongoMigrationReport) => r.collections.filter((c) => c.action !== "unchanged").length + r.indexes.filter((i) => i.action !== "unchanged").length;

function postgresSummary(results: ServiceResult[], durationMs: number, dryRun: boolean, none: boolean): string {
  if (none) return "\nNo service in stackwright.json has a migrationsDir: nothing to migrate.\n";
  const lines = [""];
  for (const r of results) {
    lines.push(`${r.service} (${r.migrationsDir}):`);
    const report = r.report;
    if (report) {
      for (const m of report.applied) lines.push(`  applied ${m.file} (${formatDuration(m.durationMs)})`);
      for (const file of report.pending) lines.push(`  would apply ${file}`);
      if (report.skipped > 0) lines.push(`  ${report.skipped} already applied`);
      if (report.applied.length === 0 && report.pending.length === 0 && !r.error) lines.push("  database is up to date");
      for (const file of report.ignored) lines.push(`  ignored ${file}: not named NNNN_<description>.sql`);
      if (report.lockWaitMs > 1000) lines.push(`  waited ${formatDuration(report.lockWaitMs)} for another migration run`);
    }
    if (r.error) {
      const where = r.error.file ? `${r.migrationsDir}/${String(r.error.file)}${r.error.line !== undefined ? `:${String(r.error.line)}` : ""}` : undefined;
      lines.push(`  ✖ ${where ? `${where}: ` : ""}${String(r.error.reason ?? r.error.message)}`);
    }
  }
  lines.push(`${dryRun ? "Checked" : "Done"} in ${formatDuration(durationMs)}.`, "");
  return lines.join("\n");
}

function mongoSummary(report: MongoMigrationReport): string {
  const lines = [""];
  for (const c of report.collections) if (c.action !== "unchanged") lines.push(`  ${c.action === "created" ? "created collection" : "updated the validator of"} ${c.name}`);
  for (const i of report.indexes) if (i.action !== "unchanged") lines.push(`  ${i.action} index ${i.collection}.${i.name}`);
  for (const e of report.extra) lines.push(`  kept index ${e.collection}.${e.name} (not in the spec; drop it by hand if it is unused)`);
  if (changes(report) === 0) lines.push("  database is up to date");
  lines.push(`Done in ${formatDuration(report.totalMs)}.`, "");
  return lines.join("\n");
}
