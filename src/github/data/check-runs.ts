import type { GitHubClient, RepoRef } from "../operations/client.js";

export interface CheckRunSummary {
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  text: string | null;
  appId: number | null;
}

/** The newest check run named `name` on commit `sha` (GET commits/{ref}/check-runs?check_name=&filter=latest): 1 request. */
export async function latestCheckRun(octokit: GitHubClient, repo: RepoRef, sha: string, name: string): Promise<CheckRunSummary | null> {
  const { data } = await octokit.rest.checks.listForRef({ owner: repo.owner, repo: repo.repo, ref: sha, check_name: name, filter: "latest", per_page: 1 });
  const run = data.check_runs[0];
  if (!run) return null;
  return {
    id: run.id,
    name: run.name,
    headSha: run.head_sha,
    status: run.status,
    conclusion: run.conclusion,
    text: run.output.text ?? null,
    appId: run.app?.id ?? null,
  };
}
