import { z } from "zod";

/**
 * The AppSpec: the one structured description of an app that every generator,
 * template and deploy step works from. It is committed to the generated repo
 * (inside stackwright.json) so later runs are diffs, not rewrites.
 */

export const BACKENDS = ["express", "fastapi", "nestjs", "gin"] as const;
export const DATABASES = ["postgres", "mongodb"] as const;
export const FRONTENDS = ["react", "nextjs", "none"] as const;
export const FEATURES = [
  "ai-chat",
  "semantic-search",
  "payments",
  "file-upload",
  "email",
  "realtime",
] as const;
export const OAUTH_PROVIDERS = ["github", "google"] as const;
export const FIELD_TYPES = [
  "string",
  "text",
  "int",
  "float",
  "decimal",
  "bool",
  "date",
  "datetime",
  "uuid",
  "json",
  "email",
  "enum",
] as const;
export const RELATION_KINDS = ["belongsTo", "hasMany", "manyToMany"] as const;
export const ON_DELETE = ["cascade", "setNull", "restrict"] as const;
/** Who may perform an action: anyone, any signed-in user, the record's owner (or an admin), admins only. */
export const ACCESS_LEVELS = ["public", "authenticated", "owner", "admin"] as const;
export const ACTIONS = ["list", "read", "create", "update", "delete"] as const;
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
/** Who may call a custom endpoint or open a custom page. */
export const CUSTOM_ACCESS = ["public", "authenticated", "admin"] as const;
/**
 * npm packages custom code may use on top of what the templates import. Names
 * only: versions come from the pinned map in templates/versions.ts, never from
 * a model. Anything else a model wants is refused by the schema.
 */
export const CUSTOM_PACKAGES = ["@anthropic-ai/sdk", "stripe", "multer", "nodemailer"] as const;

export type Backend = (typeof BACKENDS)[number];
export type Database = (typeof DATABASES)[number];
export type Frontend = (typeof FRONTENDS)[number];
export type Feature = (typeof FEATURES)[number];
export type FieldType = (typeof FIELD_TYPES)[number];
export type RelationKind = (typeof RELATION_KINDS)[number];
export type AccessLevel = (typeof ACCESS_LEVELS)[number];
export type Action = (typeof ACTIONS)[number];
export type HttpMethod = (typeof HTTP_METHODS)[number];
export type CustomAccess = (typeof CUSTOM_ACCESS)[number];
export type CustomPackage = (typeof CUSTOM_PACKAGES)[number];

const camelName = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]*$/, "must be camelCase: a lowercase letter, then letters and digits")
  .max(48);
const pascalName = z
  .string()
  .regex(/^[A-Z][a-zA-Z0-9]*$/, "must be PascalCase: an uppercase letter, then letters and digits")
  .max(48);

export const FieldSpecSchema = z
  .object({
    name: camelName,
    type: z.enum(FIELD_TYPES),
    required: z.boolean().default(true),
    unique: z.boolean().default(false),
    enumValues: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, "must be lower_snake_case")).min(1).optional(),
    maxLength: z.number().int().positive().max(1_000_000).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
    /** Included in the list endpoint's `?q=` text search. */
    searchable: z.boolean().default(false),
    /** Stored but never returned by the API. */
    private: z.boolean().default(false),
  })
  .strict();

export const RelationSpecSchema = z
  .object({
    name: camelName,
    kind: z.enum(RELATION_KINDS),
    target: pascalName,
    /** The name of the matching relation on the target entity: both sides are explicit. */
    inverse: camelName,
    /** belongsTo only: whether the reference must be set. */
    required: z.boolean().default(true),
    /** belongsTo only: what happens to this record when the target is deleted. */
    onDelete: z.enum(ON_DELETE).default("cascade"),
  })
  .strict();

export const PermissionsSchema = z
  .object({
    list: z.enum(ACCESS_LEVELS),
    read: z.enum(ACCESS_LEVELS),
    create: z.enum(ACCESS_LEVELS),
    update: z.enum(ACCESS_LEVELS),
    delete: z.enum(ACCESS_LEVELS),
  })
  .strict();

export const EntitySpecSchema = z
  .object({
    name: pascalName,
    /** Optional override of the derived plural (PascalCase), e.g. "People". */
    plural: pascalName.optional(),
    description: z.string().max(500).optional(),
    fields: z.array(FieldSpecSchema).default([]),
    relations: z.array(RelationSpecSchema).default([]),
    /** Name of a belongsTo relation to the user entity; its target owns the record. */
    owner: camelName.optional(),
    timestamps: z.boolean().default(true),
    permissions: PermissionsSchema,
  })
  .strict();

export const StackSchema = z
  .object({
    backend: z.enum(BACKENDS),
    database: z.enum(DATABASES),
    cache: z.enum(["redis"]).nullable().default(null),
    frontend: z.enum(FRONTENDS),
    pwa: z.boolean().default(true),
  })
  .strict();

export const AuthSpecSchema = z
  .object({
    kind: z.enum(["jwt", "none"]),
    /** The entity that signs in; required when kind is jwt. */
    userEntity: pascalName.default("User"),
    refreshTokens: z.boolean().default(true),
    accessTokenTtlMinutes: z.number().int().min(1).max(24 * 60).default(15),
    refreshTokenTtlDays: z.number().int().min(1).max(365).default(30),
    /** Social sign-in providers on top of email and password. */
    oauth: z.array(z.enum(OAUTH_PROVIDERS)).default([]),
    /** Roles a user can hold; the first is given at registration. "admin" passes every owner check. */
    roles: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).min(1).default(["user", "admin"]),
  })
  .strict();

/** An endpoint beyond the generated CRUD and auth routes; custom code (a model) writes its handler. */
export const CustomEndpointSchema = z
  .object({
    name: camelName,
    method: z.enum(HTTP_METHODS),
    /** Under /api/, outside every entity's /api/<route>; `:param` segments allowed. */
    path: z
      .string()
      .regex(/^\/api(?:\/(?::[a-z][a-zA-Z0-9]*|[a-z0-9][a-z0-9_-]*))+$/, "must start with /api/ and use lowercase segments or :params, e.g. /api/daily-tip")
      .max(120),
    description: z.string().min(1).max(500),
    auth: z.enum(CUSTOM_ACCESS).default("authenticated"),
  })
  .strict();

/** A frontend page beyond the generated entity pages. */
export const CustomPageSchema = z
  .object({
    name: pascalName,
    /** The page's route in the frontend, e.g. /tips; not an entity's pages, /login or /register. */
    path: z
      .string()
      .regex(/^\/[a-z0-9][a-z0-9_-]*(?:\/(?::[a-z][a-zA-Z0-9]*|[a-z0-9][a-z0-9_-]*))*$/, "must be a lowercase route such as /tips")
      .max(120),
    title: z.string().min(1).max(80),
    description: z.string().min(1).max(500),
    auth: z.enum(CUSTOM_ACCESS).default("public"),
  })
  .strict();

/**
 * What the templates cannot write and a model may: extra endpoints and pages,
 * and the extra packages their code needs (see CUSTOM_PACKAGES). Features are
 * slots too (see src/generate/anthropic/slots.ts). Absent means empty.
 */
export const CustomSpecSchema = z
  .object({
    endpoints: z.array(CustomEndpointSchema).max(20).default([]),
    pages: z.array(CustomPageSchema).max(12).default([]),
    packages: z.array(z.enum(CUSTOM_PACKAGES)).default([]),
  })
  .strict();

export const AppSpecSchema = z
  .object({
    specVersion: z.literal(1),
    /** Slug used for directories, package names, databases and services. */
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, "must be a lowercase slug: letters, digits and single hyphens")
      .max(40),
    title: z.string().min(1).max(80),
    description: z.string().max(2000),
    stack: StackSchema,
    auth: AuthSpecSchema,
    entities: z.array(EntitySpecSchema).min(1).max(30),
    features: z.array(z.enum(FEATURES)).default([]),
    /** Optional so specs (and stackwright.json files) without custom code stay exactly as they were. */
    custom: CustomSpecSchema.optional(),
  })
  .strict();

export type FieldSpec = z.infer<typeof FieldSpecSchema>;
export type RelationSpec = z.infer<typeof RelationSpecSchema>;
export type Permissions = z.infer<typeof PermissionsSchema>;
export type EntitySpec = z.infer<typeof EntitySpecSchema>;
export type StackSpec = z.infer<typeof StackSchema>;
export type AuthSpec = z.infer<typeof AuthSpecSchema>;
export type CustomEndpointSpec = z.infer<typeof CustomEndpointSchema>;
export type CustomPageSpec = z.infer<typeof CustomPageSchema>;
export type CustomSpec = z.infer<typeof CustomSpecSchema>;
export type AppSpec = z.infer<typeof AppSpecSchema>;
/** What a producer (the offline builder, a model) may hand in: defaults not yet applied. */
export type AppSpecInput = z.input<typeof AppSpecSchema>;
