import { z } from "zod";
import { AppSpecSchema } from "./app-spec.js";

/**
 * `stackwright.json` at the generated repo's root: the AppSpec plus, for each
 * service, how to install, build, migrate, start and health-check it. Anything
 * that deploys or tests a generated app reads this and nothing framework-specific.
 */
export const MANIFEST_FILE = "stackwright.json";

/** Where a deploy pipeline gets an environment variable's value from. */
export const ENV_SOURCES = [
  "postgres-url",
  "mongodb-url",
  "redis-url",
  "generated-secret",
  "backend-url",
  "frontend-origin",
  "port",
  "user",
  "constant",
] as const;

const command = z.array(z.string().min(1)).min(1);

export const EnvVarSchema = z
  .object({
    name: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    required: z.boolean(),
    secret: z.boolean().default(false),
    source: z.enum(ENV_SOURCES),
    description: z.string(),
    /** A safe value for local development (never a real secret). */
    example: z.string().optional(),
  })
  .strict();

export const ServiceManifestSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/),
    role: z.enum(["backend", "frontend"]),
    dir: z.string().min(1),
    framework: z.enum(["express", "fastapi", "nestjs", "gin", "react-vite", "nextjs"]),
    language: z.enum(["javascript", "typescript", "python", "go"]),
    commands: z
      .object({
        install: command,
        build: command.optional(),
        migrate: command.optional(),
        start: command,
        test: command.optional(),
      })
      .strict(),
    port: z.object({ env: z.string(), default: z.number().int() }).strict().optional(),
    healthPath: z.string().startsWith("/").optional(),
    /** Directory (inside `dir`) with the built static files, for static frontends. */
    staticDir: z.string().optional(),
    /** Directory (inside `dir`) with the ordered SQL migrations. */
    migrationsDir: z.string().optional(),
    env: z.array(EnvVarSchema),
  })
  .strict();

export const ManifestSchema = z
  .object({
    stackwright: z.literal(1),
    generator: z.object({ name: z.literal("stackwright"), version: z.string(), mode: z.enum(["offline", "model"]) }).strict(),
    spec: AppSpecSchema,
    services: z.array(ServiceManifestSchema).min(1),
  })
  .strict();

export type EnvVar = z.infer<typeof EnvVarSchema>;
export type EnvVarInput = z.input<typeof EnvVarSchema>;
export type ServiceManifest = z.infer<typeof ServiceManifestSchema>;
export type ServiceManifestInput = z.input<typeof ServiceManifestSchema>;
export type Manifest = z.infer<typeof ManifestSchema>;
