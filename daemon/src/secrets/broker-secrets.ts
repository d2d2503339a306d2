import { WardenError } from "../../../protocol/src/errors";
import { AgentCaller } from "../mediation/types";
import { GitCredentialPlan, GitCredentialSession, openGitCredential, planGitCredential } from "./git-credential";
import { HttpDraft, SecretCaller, injectHttpSecrets, planHttpSecrets } from "./http-injection";
import { PatternSet } from "./redact/pattern-set";
import { StreamRedactor } from "./redact/stream-redactor";
import { hasReference } from "./references";
import { SecretManager } from "./secret-manager";

/**
 * What the broker's tools get of secrets: injection where the daemon sends
 * something for an agent (an HTTP hop, a git push), and redaction of everything
 * they hand back. The broker never sees a SecretManager.
 */
export interface BrokerSecrets {
  /** The names an HTTP request refers to, checked before policy is asked (throws the refusal). */
  planHttp(caller: AgentCaller, workspace: string, draft: HttpDraft): string[];
  /** One allowed hop with values in; each use recorded before it is sent. */
  injectHttp(caller: AgentCaller, workspace: string, hop: HttpDraft, decisionSeq: number): Promise<HttpDraft>;
  /** The secret bound as a git credential for this remote, or null. */
  planGit(caller: AgentCaller, workspace: string, remote: string, url: string): GitCredentialPlan | null;
  /** The credential channel for one push. */
  openGit(caller: AgentCaller, workspace: string, plan: GitCredentialPlan, decisionSeq: number): Promise<GitCredentialSession>;
  /** `text` with every known value replaced by its reference. */
  scrub(text: string): string;
  /** A redactor for one output stream. */
  stream(): StreamRedactor;
}

export function brokerSecrets(manager: SecretManager): BrokerSecrets {
  return {
    planHttp: (caller, workspace, draft) => planHttpSecrets(manager, secretCaller(caller, workspace), draft),
    injectHttp: (caller, workspace, hop, seq) => injectHttpSecrets(manager, secretCaller(caller, workspace), hop, seq),
    planGit: (caller, workspace, remote, url) => planGitCredential(manager, secretCaller(caller, workspace), remote, url),
    openGit: (caller, workspace, plan, seq) => openGitCredential(manager, secretCaller(caller, workspace), plan, seq),
    scrub: (text) => manager.redactor.scrub(text),
    stream: () => manager.redactor.stream(),
  };
}

/**
 * For a broker built without secrets (unit tests, tools run outside a daemon): a
 * reference is refused rather than sent as literal text, and nothing is known
 * to redact.
 */
export const NO_SECRETS: BrokerSecrets = {
  planHttp: (_caller, _workspace, draft) => {
    if ([draft.url, draft.body ?? "", ...Object.values(draft.headers)].some(hasReference)) {
      throw new WardenError("conflict", "this broker has no access to secrets; the request was not sent");
    }
    return [];
  },
  injectHttp: (_caller, _workspace, hop) => Promise.resolve(hop),
  planGit: () => null,
  openGit: () => Promise.reject(new WardenError("conflict", "this broker has no access to secrets")),
  scrub: (text) => text,
  stream: () => new StreamRedactor(new PatternSet(new Map())),
};

function secretCaller(caller: AgentCaller, workspace: string): SecretCaller {
  return {
    user: { principal: caller.principal, agent: caller.agent.name, requester: caller.requester },
    actor: { name: caller.agent.name, role: caller.agent.role },
    workspace,
  };
}
