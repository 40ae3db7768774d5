/**
 * The per-repository configuration, `.github/stackwright.yml`, read from the
 * default branch only (a PR cannot change its own deploy settings). Every key
 * is optional; a missing file means "all defaults". Unknown keys are errors,
 * so a typo never silently does nothing.
 *
 * This zod schema is the single source: the TypeScript type, the defaults,
 * the error messages' fixes and the published JSON Schema
 * (docs/stackwright-config.schema.json) all come from it.
 */
import { z } from "zod";
import { DEFAULT_PATH_POLICY } from "../parse/path-policy.js";
import { BACKENDS, DATABASES, FRONTENDS } from "../spec/app-spec.js";

/** Where the file lives in a repository. */
export const CONFIG_PATH = ".github/stackwright.yml";

export const CACHES = ["redis", "none"] as const;
export const BACKEND_TARGETS = ["railway", "local", "none"] as const;
export const FRONTEND_TARGETS = ["vercel", "local", "none"] as const;
/** Who provides PostgreSQL (`deploy.database`). */
export const DATABASE_TARGETS = ["local", "railway", "neon", "manual"] as const;
/** Who provides MongoDB (`deploy.mongodb`). */
export const MONGODB_TARGETS = ["local", "railway", "atlas", "manual"] as const;
/** Who provides Redis (`deploy.redis`). */
export const REDIS_TARGETS = ["local", "railway", "upstash", "manual"] as const;

/** Bounds and defaults of `limits`, shared by the schema and the docs. */
export const LIMITS = {
  maxFiles: { min: 1, max: 2_000, default: DEFAULT_PATH_POLICY.maxFiles },
  maxFileKiB: { min: 1, max: 4_096, default: DEFAULT_PATH_POLICY.maxFileBytes / 1024 },
  maxTokensPerJob: { min: 10_000, max: 5_000_000, default: 400_000 },
  maxTokensPerDay: { min: 10_000, max: 100_000_000, default: 2_000_000 },
  maxRepairRounds: { min: 0, max: 5, default: 2 },
} as const;

const bounded = (key: keyof typeof LIMITS, description: string) => {
  const { min, max, default: fallback } = LIMITS[key];
  return z.number().int().min(min).max(max).default(fallback).meta({ description: `${description} Default ${fallback}; ${min} to ${max}.` });
};

/**
 * Cross-key checks run even when a sibling key is invalid, so one pass reports
 * every problem (zod skips them by default once an object has an issue).
 */
const whenObject = { when: (payload: { value: unknown }) => typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value) };

/** A directory or file inside the repository, in relative POSIX form. */
const repoPath = z
  .string()
  .min(1)
  .max(255)
  .refine((p) => !p.startsWith("/") && !/^[A-Za-z]:/.test(p), { message: "must be relative to the repository's root, not absolute" })
  .refine((p) => !p.includes("\\"), { message: "must use forward slashes" })
  .refine((p) => !p.split("/").includes(".."), { message: "may not contain `..`" })
  .refine((p) => !/[\u0000-\u001f\u007f]/.test(p), { message: "may not contain control characters" });

export const StackDefaultsSchema = z
  .strictObject({
    backend: z.enum(BACKENDS).optional().meta({ description: "Backend framework when the prompt does not name one." }),
    database: z.enum(DATABASES).optional().meta({ description: "Database when the prompt does not name one." }),
    cache: z.enum(CACHES).optional().meta({ description: "Cache when the prompt does not say: `redis`, or `none`." }),
    frontend: z.enum(FRONTENDS).optional().meta({ description: "Frontend when the prompt does not name one (`none` for an API only)." }),
    pwa: z.boolean().optional().meta({ description: "Whether a web frontend is an installable PWA, unless the prompt says otherwise." }),
  })
  .meta({ description: "Stack defaults. Words in the prompt win over these; these win over Stackwright's own defaults." });

export const PathsSchema = z
  .strictObject({
    allow: z
      .array(repoPath)
      .min(1)
      .max(100)
      .optional()
      .meta({
        description:
          "The only places the generator may write: directories (`backend`, `frontend/src`) or single files (`README.md`), relative to the repository's root. Omit it to allow every path.",
      }),
    workflows: z.boolean().default(false).meta({ description: "Whether the generator may write GitHub Actions workflows (`.github/workflows/`). Default false." }),
  })
  .meta({ description: "Where generated files may go." });

export const LimitsSchema = z
  .strictObject({
    maxFiles: bounded("maxFiles", "Most files one generation may write."),
    maxFileKiB: bounded("maxFileKiB", "Largest generated file, in KiB."),
    maxTokensPerJob: bounded("maxTokensPerJob", "Most model tokens (input and output) one /generate run may use."),
    maxTokensPerDay: bounded("maxTokensPerDay", "Most model tokens this repository may use per day (UTC)."),
    maxRepairRounds: bounded("maxRepairRounds", "How many times failed verify checks go back to the model for a fix."),
  })
  .superRefine((limits, ctx) => {
    // Runs even when another limit is invalid (see `whenObject`), so check the types.
    if (typeof limits.maxTokensPerJob === "number" && typeof limits.maxTokensPerDay === "number" && limits.maxTokensPerJob > limits.maxTokensPerDay) {
      ctx.addIssue({
        code: "custom",
        path: ["maxTokensPerJob"],
        message: `is ${limits.maxTokensPerJob}, more than limits.maxTokensPerDay (${limits.maxTokensPerDay}), so no run could use it`,
        params: { fix: "Lower `maxTokensPerJob` or raise `maxTokensPerDay` so a run fits in a day's budget." },
      });
    }
  }, whenObject)
  .meta({ description: "Budgets and caps. A run stops (and says so) when it reaches one." });

/** The NAME of a secret (never its value). */
const secretName = (example: string) =>
  z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, `must be the NAME of a secret in capitals, such as ${example}, never the URL itself`)
    .max(100)
    .optional();

export const DeploySchema = z
  .strictObject({
    environment: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[A-Za-z0-9._-]+(?: [A-Za-z0-9._-]+)*$/, "must be letters, digits, `.`, `_`, `-` and single spaces")
      .default("production")
      .meta({ description: "The GitHub deployment environment a merge deploys to. Default `production`." }),
    backend: z.enum(BACKEND_TARGETS).optional().meta({
      description:
        "Where the backend runs: `railway`, `local` (started by Stackwright on its own host; the App allows it only when its operator sets STACKWRIGHT_ALLOW_LOCAL_DEPLOY=true) or `none`. Unset: `railway` when Stackwright has a RAILWAY_TOKEN, else `local`.",
    }),
    frontend: z.enum(FRONTEND_TARGETS).optional().meta({
      description: "Where the frontend runs: `vercel`, `local` or `none`. Unset: `vercel` when Stackwright has a VERCEL_TOKEN, else `local`.",
    }),
    database: z
      .enum(DATABASE_TARGETS)
      .default("local")
      .meta({
        description:
          "Who provides PostgreSQL: `local` (a database and role on the server Stackwright's host is given, else an embedded PostgreSQL there), `railway`, `neon` or `manual` (a URL you provide). Default `local`.",
      }),
    manualUrlSecret: secretName("PRODUCTION_DATABASE_URL").meta({
      description: "With `database: manual`: the name of the secret in Stackwright's deploy environment that holds the PostgreSQL URL. Never the URL itself.",
    }),
    mongodb: z.enum(MONGODB_TARGETS).optional().meta({
      description: "Who provides MongoDB (apps whose database is MongoDB): `local` (a database and user on the server Stackwright's host is given), `railway`, `atlas` or `manual`. Default `local`.",
    }),
    mongodbManualUrlSecret: secretName("PRODUCTION_MONGODB_URL").meta({
      description: "With `mongodb: manual`: the name of the secret in Stackwright's deploy environment that holds the MongoDB URL. Never the URL itself.",
    }),
    redis: z.enum(REDIS_TARGETS).optional().meta({
      description: "Who provides Redis (apps with a Redis cache): `local` (a user confined to the app's keys on the server Stackwright's host is given), `railway`, `upstash` or `manual`. Default `local`.",
    }),
    redisManualUrlSecret: secretName("PRODUCTION_REDIS_URL").meta({
      description: "With `redis: manual`: the name of the secret in Stackwright's deploy environment that holds the Redis URL. Never the URL itself.",
    }),
  })
  .superRefine((deploy, ctx) => {
    const manual = [
      { target: deploy.database, key: "database", secret: deploy.manualUrlSecret, secretKey: "manualUrlSecret", label: "database" },
      { target: deploy.mongodb, key: "mongodb", secret: deploy.mongodbManualUrlSecret, secretKey: "mongodbManualUrlSecret", label: "MongoDB" },
      { target: deploy.redis, key: "redis", secret: deploy.redisManualUrlSecret, secretKey: "redisManualUrlSecret", label: "Redis" },
    ] as const;
    for (const m of manual) {
      if (m.target === "manual" && m.secret === undefined) {
        ctx.addIssue({
          code: "custom",
          path: [m.secretKey],
          message: `is required when deploy.${m.key} is \`manual\``,
          params: { fix: `Add \`${m.secretKey}: <SECRET_NAME>\` under \`deploy\`, naming the secret that holds the ${m.label} URL, or choose another \`${m.key}\`.` },
        });
      }
    }
  }, whenObject)
  .meta({ description: "What a merge deploys, and where." });

export const ModelSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/, "must be a model id such as claude-sonnet-4-5")
      .optional()
      .meta({ description: "The model to generate with. Omit it to use the Stackwright installation's default." }),
  })
  .meta({ description: "Which model writes the code (when the installation has one)." });

export const RepoConfigSchema = z
  .strictObject({
    stack: StackDefaultsSchema.prefault({}),
    paths: PathsSchema.prefault({}),
    limits: LimitsSchema.prefault({}),
    deploy: DeploySchema.prefault({}),
    model: ModelSchema.prefault({}),
  })
  .meta({
    title: "Stackwright repository configuration",
    description: "The file .github/stackwright.yml, read from the repository's default branch. See docs/configuration.md.",
  });

/** The configuration with every default filled in. */
export type RepoConfig = z.infer<typeof RepoConfigSchema>;
/** What a file may contain (everything optional). */
export type RepoConfigInput = z.input<typeof RepoConfigSchema>;
export type StackDefaults = RepoConfig["stack"];
export type PathsConfig = RepoConfig["paths"];
export type LimitsConfig = RepoConfig["limits"];
export type DeployConfig = RepoConfig["deploy"];
export type ModelConfig = RepoConfig["model"];

/** The configuration of a repository with no `.github/stackwright.yml`. */
export function defaultRepoConfig(): RepoConfig {
  return RepoConfigSchema.parse({});
}
