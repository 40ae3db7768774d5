import { Command, InvalidArgumentError, Option } from "commander";
import { BACKENDS, DATABASES, FRONTENDS } from "./spec/app-spec.js";
import { generateCommand, UsageError } from "./cli/generate-command.js";
import { OutputNotEmptyError } from "./output/write-app.js";
import { InvalidSpecError } from "./spec/validate.js";
import { STACKWRIGHT_VERSION } from "./version.js";

const program = new Command()
  .name("stackwright")
  .description("Turn one sentence into a running full-stack app.")
  .version(STACKWRIGHT_VERSION)
  .showHelpAfterError();

program
  .command("generate")
  .description("generate an app from a prompt (offline templates when no model is configured)")
  .argument("<prompt...>", 'what to build, e.g. "Create a blog app with Express backend and React frontend"')
  .option("-o, --out <dir>", "directory to write the app to (default: ./<app-name>)")
  .option("-f, --force", "replace the contents of a non-empty output directory")
  .option("--json", "print a JSON summary on stdout (progress stays on stderr)")
  .addOption(new Option("--backend <name>", "backend framework, overriding the prompt").choices(BACKENDS))
  .addOption(new Option("--frontend <name>", "frontend framework, overriding the prompt").choices(FRONTENDS))
  .addOption(new Option("--database <name>", "database, overriding the prompt").choices(DATABASES))
  .action(async (prompt: string[], options) => exit(await generateCommand(prompt, options)));

program
  .command("verify")
  .description("check a generated app without network: syntax, migrations, imports, env vars, placeholders, secrets")
  .argument("<dir>", "the generated app's directory")
  .option("--json", "print the report as JSON")
  .action(async (dir: string, options) => {
    // Loaded on demand: verify pulls in the TypeScript compiler and PGlite, which `generate` never needs.
    const { verifyCommand } = await import("./cli/verify-command.js");
    exit(await verifyCommand(dir, options));
  });

program
  .command("provision")
  .description("make (or find) the databases the app in <dir> needs for an environment; secrets are masked, --dotenv writes them")
  .argument("<dir>", "the generated app's directory (with stackwright.json)")
  .option("-e, --environment <name>", "the environment (default: deploy.environment from .github/stackwright.yml, else production)")
  .option("--dotenv <path>", "write the connection strings to this dotenv file (mode 0600; other lines kept)")
  .option("--destroy", "remove the environment's recorded databases instead (preview environments)")
  .option("--force", "with --destroy: allow removing production")
  .option("--json", "print a JSON summary on stdout: recorded ids and variable names, never a secret (progress stays on stderr)")
  .action(async (dir: string, options) => {
    // Loaded on demand: provisioning pulls in the database drivers, which `generate` never needs.
    const { provisionCommand } = await import("./cli/provision-command.js");
    exit(await provisionCommand(dir, options));
  });

program
  .command("migrate")
  .description("apply the migrations of the app in <dir> (every service with a migrationsDir in stackwright.json)")
  .argument("<dir>", "the generated app's directory (with stackwright.json)")
  .option("--database-url <url>", "the PostgreSQL database (default: DATABASE_URL from --dotenv or the environment)")
  .option("--mongodb-url <url>", "the MongoDB database, for a MongoDB app (default: MONGODB_URL)")
  .option("--dotenv <path>", "read DATABASE_URL / MONGODB_URL from this dotenv file")
  .option("--dry-run", "check the history and list what would be applied, without applying it")
  .option("--json", "print the report as JSON on stdout (progress stays on stderr)")
  .action(async (dir: string, options) => {
    const { migrateCommand } = await import("./cli/migrate-command.js");
    exit(await migrateCommand(dir, options));
  });

program
  .command("up")
  .description("run the app on this machine: databases (embedded PostgreSQL unless STACKWRIGHT_POSTGRES_URL), migrations, backend and frontend")
  .argument("<dir>", "the generated app's directory")
  .option("--environment <name>", "environment name (default: local)")
  .option("--json", "print the URLs and recorded ids as JSON")
  .action(async (dir: string, options) => {
    const { upCommand } = await import("./cli/up-command.js");
    exit(await upCommand(dir, options));
  });

program
  .command("down")
  .description("stop what `stackwright up` started (the data is kept)")
  .argument("<dir>", "the generated app's directory")
  .option("--environment <name>", "environment name (default: local)")
  .option("--json", "print what was stopped as JSON")
  .action(async (dir: string, options) => {
    const { downCommand } = await import("./cli/up-command.js");
    exit(await downCommand(dir, options));
  });

function exit(code: number): void {
  process.exitCode = code;
}

const KNOWN_ERRORS = [UsageError, OutputNotEmptyError, InvalidSpecError, InvalidArgumentError];

program.parseAsync().catch((error: unknown) => {
  const known = KNOWN_ERRORS.some((E) => error instanceof E);
  process.stderr.write(`\nstackwright: ${error instanceof Error ? error.message : String(error)}\n`);
  if (!known && error instanceof Error && process.env.STACKWRIGHT_DEBUG) process.stderr.write(`${error.stack}\n`);
  process.exitCode = known ? 2 : 1;
});
