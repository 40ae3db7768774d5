import type { ServiceManifest } from "../../../spec/manifest.js";
import { codeFence } from "../markdown.js";
import type { PullRequestBodyInput } from "./types.js";

/** Shell commands per service, from stackwright.json: environment file, install, migrate, build, start. */
export function runLocallySection(input: PullRequestBodyInput): string {
  const paths = new Set(input.files.map((f) => f.path));
  const needs: string[] = [];
  const sources = new Set(input.services.flatMap((s) => s.env.map((e) => e.source)));
  if (sources.has("postgres-url")) needs.push("PostgreSQL (for example `docker run -d -e POSTGRES_PASSWORD=postgres -p 5432:5432 postgres:16`)");
  if (sources.has("mongodb-url")) needs.push("MongoDB (for example `docker run -d -p 27017:27017 mongo:7`)");
  if (sources.has("redis-url")) needs.push("Redis (for example `docker run -d -p 6379:6379 redis:7`)");

  const ordered = [...input.services].sort((a, b) => (a.role === b.role ? 0 : a.role === "backend" ? -1 : 1));
  const blocks = ordered.map((service) => {
    const port = service.port ? `, listening on port ${service.port.default} (\`${service.port.env}\`)` : "";
    const where = service.dir === "." ? "at the root" : `in \`${service.dir}/\``;
    return [`**${service.name}**, ${where}${port}:`, "", codeFence(serviceScript(service, paths), "sh")].join("\n");
  });
  return [
    "### Run it locally",
    "",
    ...(needs.length > 0 ? [`You need ${needs.join(", ")}; point the URLs in \`.env\` at it.`, ""] : []),
    ...(blocks.length > 0 ? blocks.join("\n\n").split("\n") : ["See the README."]),
  ].join("\n");
}

function serviceScript(service: ServiceManifest, paths: ReadonlySet<string>): string {
  const dir = service.dir === "." ? "" : service.dir;
  const lines = dir ? [`cd ${shellWord(dir)}`] : [];
  const envExample = dir ? `${dir}/.env.example` : ".env.example";
  if (paths.has(envExample)) lines.push("cp .env.example .env   # then edit the values");
  lines.push(shellCommand(service.commands.install));
  if (service.commands.migrate) lines.push(shellCommand(service.commands.migrate));
  if (service.commands.build) lines.push(shellCommand(service.commands.build));
  lines.push(shellCommand(service.commands.start));
  return lines.join("\n");
}

function shellCommand(argv: readonly string[]): string {
  return argv.map(shellWord).join(" ");
}

/** A word for a POSIX shell: as is when plain, else single-quoted. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
