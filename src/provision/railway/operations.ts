/**
 * Railway GraphQL operations (https://backboard.railway.com/graphql/v2), one
 * typed constant per document. Documents are copied from the project
 * reference (shared/reference/providers.md §1.3–1.4), which copies them from
 * `railwayapp/cli` `src/gql/{mutations,queries}/strings/`. Where a document is
 * not in the reference, its comment says where it comes from.
 *
 * Result types list the fields the documents select; real responses may carry
 * more, and the code reads them leniently. Variables follow the introspection
 * dump the reference cites (`src/gql/schema.json`).
 */

export interface RailwayOperation<TData, TVariables> {
  readonly kind: "query" | "mutation";
  /** The operation name in the document (sent as `operationName`). */
  readonly name: string;
  readonly document: string;
  /** Phantom: carries the result and variable types. */
  readonly __types?: { data: TData; variables: TVariables };
}

function define<TData, TVariables>(kind: "query" | "mutation", name: string, document: string): RailwayOperation<TData, TVariables> {
  if (!new RegExp(`^\\s*${kind}\\s+${name}\\b`).test(document)) throw new Error(`document for ${name} does not declare ${kind} ${name}`);
  return { kind, name, document };
}

export interface Connection<T> {
  edges: { node: T }[];
}
export interface IdName {
  id: string;
  name: string;
}
/** The scalar `EnvironmentVariables`: a flat map. */
export type EnvironmentVariables = Record<string, string>;
export type JsonObject = Record<string, unknown>;

/** `DeploymentStatus` enum (schema.json). */
export type DeploymentStatus =
  | "BUILDING"
  | "CRASHED"
  | "DEPLOYING"
  | "FAILED"
  | "INITIALIZING"
  | "NEEDS_APPROVAL"
  | "QUEUED"
  | "REMOVED"
  | "REMOVING"
  | "SKIPPED"
  | "SLEEPING"
  | "SUCCESS"
  | "WAITING";
/** Stop polling a deployment at these (the CLI stops at SUCCESS and fails on FAILED/CRASHED; the reference adds REMOVED/SKIPPED). */
export const DEPLOYMENT_FAILED: readonly string[] = ["FAILED", "CRASHED", "REMOVED", "SKIPPED"];

/** `workflowStatus.status`: keep polling on Running and NotFound (read-after-write lag), fail on Error. */
export type WorkflowState = "Running" | "Complete" | "Error" | "NotFound";

// ---------------------------------------------------------------------------------------------
// Projects

export interface ProjectCreateData {
  projectCreate: { name: string; id: string; environments: Connection<IdName> };
}
export interface ProjectCreateVariables {
  name?: string;
  description?: string;
  workspaceId?: string;
}
/** Creates a project. Returns the default environment, usually named "production". */
export const ProjectCreate = define<ProjectCreateData, ProjectCreateVariables>(
  "mutation",
  "ProjectCreate",
  `mutation ProjectCreate($name: String, $description: String, $workspaceId: String) {
  projectCreate(input: { name: $name, description: $description, workspaceId: $workspaceId }) {
    name id environments { edges { node { id name } } } } }`,
);

export interface ProjectNode {
  id: string;
  name: string;
  workspaceId?: string | null;
  deletedAt?: string | null;
  environments: Connection<IdName>;
  services: Connection<IdName>;
}
export interface ProjectData {
  project: ProjectNode | null;
}
export const Project = define<ProjectData, { id: string }>(
  "query",
  "Project",
  `query Project($id: String!) { project(id: $id) { id name workspaceId deletedAt
  environments { edges { node { id name } } } services { edges { node { id name } } } } }`,
);

export interface ProjectsData {
  projects: Connection<{ id: string; name: string; updatedAt?: string; services: Connection<IdName>; environments: Connection<IdName> }>;
}
export const Projects = define<ProjectsData, { workspaceId?: string }>(
  "query",
  "Projects",
  `query Projects($workspaceId: String) { projects(workspaceId: $workspaceId) { edges { node { id name updatedAt
  services { edges { node { id name } } } environments { edges { node { id name } } } } } } }`,
);

/** The scope of a project token. Source: the reference §1.1 (an anonymous query there; named here). */
export interface ProjectTokenData {
  projectToken: { projectId: string; environmentId: string };
}
export const ProjectToken = define<ProjectTokenData, Record<string, never>>(
  "query",
  "ProjectToken",
  `query ProjectToken { projectToken { projectId environmentId } }`,
);

// ---------------------------------------------------------------------------------------------
// Services

/** `ServiceSourceInput`. */
export interface ServiceSourceInput {
  image?: string;
  repo?: string;
}
export interface ServiceCreateVariables {
  name?: string;
  projectId: string;
  environmentId: string;
  source?: ServiceSourceInput;
  branch?: string;
  variables?: EnvironmentVariables;
}
export const ServiceCreate = define<{ serviceCreate: IdName }, ServiceCreateVariables>(
  "mutation",
  "ServiceCreate",
  `mutation ServiceCreate($name: String, $projectId: String!, $environmentId: String!, $source: ServiceSourceInput,
                       $branch: String, $variables: EnvironmentVariables) {
  serviceCreate(input: {name: $name, projectId: $projectId, environmentId: $environmentId, source: $source,
                        variables: $variables, branch: $branch}) { id name } }`,
);

/** Deletes a service from an environment. Source: `railwayapp/cli` `src/gql/mutations/strings/ServiceDelete.graphql` (the reference names the field only). */
export const ServiceDelete = define<{ serviceDelete: boolean }, { environmentId: string; serviceId: string }>(
  "mutation",
  "ServiceDelete",
  `mutation ServiceDelete($environmentId: String!, $serviceId: String!) {
  serviceDelete(environmentId: $environmentId, id: $serviceId) }`,
);

/** `ServiceInstanceUpdateInput` (fields per the reference). */
export interface ServiceInstanceUpdateInput {
  buildCommand?: string;
  startCommand?: string;
  preDeployCommand?: string[];
  rootDirectory?: string;
  dockerfilePath?: string;
  builder?: "NIXPACKS" | "RAILPACK" | "HEROKU" | "PAKETO";
  healthcheckPath?: string;
  healthcheckTimeout?: number;
  numReplicas?: number;
  region?: string;
  restartPolicyType?: string;
  restartPolicyMaxRetries?: number;
  sleepApplication?: boolean;
  source?: ServiceSourceInput;
  watchPatterns?: string[];
  cronSchedule?: string;
  railwayConfigFile?: string;
}
export const ServiceInstanceUpdate = define<
  { serviceInstanceUpdate: boolean },
  { serviceId: string; environmentId?: string; input: ServiceInstanceUpdateInput }
>(
  "mutation",
  "ServiceInstanceUpdate",
  `mutation ServiceInstanceUpdate($serviceId: String!, $environmentId: String, $input: ServiceInstanceUpdateInput!) {
  serviceInstanceUpdate(serviceId: $serviceId, environmentId: $environmentId, input: $input) }`,
);

/** Triggers a deploy; returns the new deployment id. */
export const ServiceInstanceDeploy = define<{ serviceInstanceDeployV2: string }, { environmentId: string; serviceId: string }>(
  "mutation",
  "ServiceInstanceDeploy",
  `mutation ServiceInstanceDeploy($environmentId: String!, $serviceId: String!) {
  serviceInstanceDeployV2(environmentId: $environmentId, serviceId: $serviceId) }`,
);

// ---------------------------------------------------------------------------------------------
// Variables

export interface VariableCollectionUpsertVariables {
  projectId: string;
  serviceId: string;
  environmentId: string;
  variables: EnvironmentVariables;
  skipDeploys?: boolean;
}
/** Upserts variables (idempotent). Triggers redeploys unless skipDeploys is true. */
export const VariableCollectionUpsert = define<{ variableCollectionUpsert: boolean }, VariableCollectionUpsertVariables>(
  "mutation",
  "VariableCollectionUpsert",
  `mutation VariableCollectionUpsert($projectId: String!, $serviceId: String!, $environmentId: String!,
                                  $variables: EnvironmentVariables!, $skipDeploys: Boolean) {
  variableCollectionUpsert(input: {projectId: $projectId, environmentId: $environmentId, serviceId: $serviceId,
                                   variables: $variables, skipDeploys: $skipDeploys}) }`,
);

/**
 * Reads a service's variables as a flat map (rendered unless `unrendered`).
 * Source: `railwayapp/cli` `src/gql/queries/strings/Variables.graphql` with the
 * `unrendered` argument the reference documents (docs `manage-variables.md`).
 */
export const Variables = define<
  { variables: EnvironmentVariables },
  { projectId: string; environmentId: string; serviceId?: string; unrendered?: boolean }
>(
  "query",
  "Variables",
  `query Variables($projectId: String!, $environmentId: String!, $serviceId: String, $unrendered: Boolean) {
  variables(projectId: $projectId, environmentId: $environmentId, serviceId: $serviceId, unrendered: $unrendered) }`,
);

// ---------------------------------------------------------------------------------------------
// Domains and TCP proxies

export interface ServiceDomain {
  id: string;
  domain: string;
  suffix?: string | null;
  environmentId?: string;
  serviceId?: string;
  targetPort?: number | null;
  syncStatus?: string;
  createdAt?: string;
  updatedAt?: string;
}
export const ServiceDomainCreate = define<
  { serviceDomainCreate: ServiceDomain },
  { environmentId: string; serviceId: string; targetPort?: number }
>(
  "mutation",
  "ServiceDomainCreate",
  `mutation ServiceDomainCreate($environmentId: String!, $serviceId: String!, $targetPort: Int) {
  serviceDomainCreate(input: {environmentId: $environmentId, serviceId: $serviceId, targetPort: $targetPort}) {
    id domain suffix environmentId serviceId targetPort syncStatus createdAt updatedAt } }`,
);

export interface DomainsData {
  domains: { serviceDomains: ServiceDomain[]; customDomains: { id: string; domain: string }[] };
}
/** Call before ServiceDomainCreate; create only when `serviceDomains` is empty. */
export const Domains = define<DomainsData, { environmentId: string; projectId: string; serviceId: string }>(
  "query",
  "Domains",
  `query Domains($environmentId: String!, $projectId: String!, $serviceId: String!) {
  domains(environmentId: $environmentId, projectId: $projectId, serviceId: $serviceId) {
    serviceDomains { id domain suffix targetPort syncStatus } customDomains { id domain } } }`,
);

/** Source: `railwayapp/cli` `src/gql/queries/strings/TcpProxies.graphql`, trimmed to the fields the reference names. */
export const TcpProxies = define<
  { tcpProxies: { id?: string; domain: string; proxyPort: number; applicationPort?: number }[] },
  { environmentId: string; serviceId: string }
>(
  "query",
  "TcpProxies",
  `query TcpProxies($environmentId: String!, $serviceId: String!) {
  tcpProxies(environmentId: $environmentId, serviceId: $serviceId) { id domain proxyPort applicationPort } }`,
);

// ---------------------------------------------------------------------------------------------
// Deployments

export const DeploymentStatusQuery = define<{ deployment: { status: DeploymentStatus | string } | null }, { id: string }>(
  "query",
  "DeploymentStatus",
  `query DeploymentStatus($id: String!) { deployment(id: $id) { status } }`,
);

export interface LatestDeploymentData {
  serviceInstance: { latestDeployment: { id: string; status: DeploymentStatus | string } | null } | null;
}
export const LatestDeployment = define<LatestDeploymentData, { serviceId: string; environmentId: string }>(
  "query",
  "LatestDeployment",
  `query LatestDeployment($serviceId: String!, $environmentId: String!) {
  serviceInstance(environmentId: $environmentId, serviceId: $serviceId) { latestDeployment { id status } } }`,
);

/** `DeploymentListInput`. Filter with `status: {in: ["SUCCESS"]}` (`successfulOnly` is not in the CLI's schema). */
export interface DeploymentListInput {
  projectId?: string;
  environmentId?: string;
  serviceId?: string;
  includeDeleted?: boolean;
  status?: { in?: string[]; notIn?: string[] };
}
export const Deployments = define<
  { deployments: Connection<{ id: string; createdAt: string; status: string; meta: unknown }> },
  { input: DeploymentListInput; first?: number }
>(
  "query",
  "Deployments",
  `query Deployments($input: DeploymentListInput!, $first: Int) {
  deployments(input: $input, first: $first) { edges { node { id createdAt status meta } } } }`,
);

export const BuildLogs = define<
  { buildLogs: { timestamp: string; message: string; severity: string }[] },
  { deploymentId: string; limit?: number }
>(
  "query",
  "buildLogs",
  `query buildLogs($deploymentId: String!, $limit: Int) { buildLogs(deploymentId: $deploymentId, limit: $limit) {
  timestamp message severity } }`,
);

/**
 * Runtime logs of a deployment (why it crashed or failed its health check). The reference notes
 * `deploymentLogs(...)` has the same shape as buildLogs; document per `railwayapp/cli`
 * `src/gql/queries/strings/DeploymentLogs.graphql`, with `limit` a variable as in BuildLogs.
 */
export const DeploymentLogs = define<
  { deploymentLogs: { timestamp: string; message: string; severity: string }[] },
  { deploymentId: string; limit?: number }
>(
  "query",
  "DeploymentLogs",
  `query DeploymentLogs($deploymentId: String!, $limit: Int) { deploymentLogs(deploymentId: $deploymentId, limit: $limit) {
  timestamp message severity } }`,
);

/**
 * Stops a deployment and marks it REMOVED (what `railway down` does to the latest SUCCESS deployment).
 * Source: `railwayapp/cli` `src/gql/mutations/strings/DeploymentRemove.graphql` (not in the reference).
 */
export const DeploymentRemove = define<{ deploymentRemove: boolean }, { id: string }>(
  "mutation",
  "DeploymentRemove",
  `mutation DeploymentRemove($id: String!) { deploymentRemove(id: $id) }`,
);

// ---------------------------------------------------------------------------------------------
// Templates (databases)

export interface TemplateDetailData {
  template: { id: string; name: string; serializedConfig: JsonObject | null } | null;
}
/** Works without auth. Pass `serializedConfig` back verbatim to TemplateDeploy. */
export const TemplateDetail = define<TemplateDetailData, { code: string }>(
  "query",
  "TemplateDetail",
  `query TemplateDetail($code: String!) { template(code: $code) { id name serializedConfig } }`,
);

export interface TemplateDeployVariables {
  projectId: string;
  environmentId: string;
  templateId: string;
  serializedConfig: JsonObject;
}
/** Does not return the new service's id: snapshot `project.services` before and diff after. */
export const TemplateDeploy = define<{ templateDeployV2: { projectId: string; workflowId: string | null } }, TemplateDeployVariables>(
  "mutation",
  "TemplateDeploy",
  `mutation TemplateDeploy($projectId: String!, $environmentId: String!, $templateId: String!,
                        $serializedConfig: SerializedTemplateConfig!) {
  templateDeployV2(input: {projectId: $projectId, environmentId: $environmentId, templateId: $templateId,
                           serializedConfig: $serializedConfig}) { projectId workflowId } }`,
);

export const WorkflowStatus = define<{ workflowStatus: { status: WorkflowState | string; error: string | null } }, { workflowId: string }>(
  "query",
  "WorkflowStatus",
  `query WorkflowStatus($workflowId: String!) { workflowStatus(workflowId: $workflowId) { status error } }`,
);

/**
 * Ours, not Railway's: two documented root fields (`variables` and
 * `serviceInstance.latestDeployment`, as in Variables and LatestDeployment
 * above) in one query, so each readiness check of a database costs one request
 * of the free plan's 100 per hour instead of two.
 */
export interface DatabaseServiceStateData {
  variables: EnvironmentVariables;
  serviceInstance: LatestDeploymentData["serviceInstance"];
}
export const DatabaseServiceState = define<DatabaseServiceStateData, { projectId: string; environmentId: string; serviceId: string }>(
  "query",
  "DatabaseServiceState",
  `query DatabaseServiceState($projectId: String!, $environmentId: String!, $serviceId: String!) {
  variables(projectId: $projectId, environmentId: $environmentId, serviceId: $serviceId)
  serviceInstance(environmentId: $environmentId, serviceId: $serviceId) { latestDeployment { id status } } }`,
);
