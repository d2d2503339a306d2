import { execFileSync } from "node:child_process";
import { randomInt } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { applyEdits, modify, parse } from "jsonc-parser";
import { TokenFactory } from "../../daemon/src/secrets/detect/token-fixtures";
import { isRecord } from "../../test/src/agents/script";
import { Out } from "./out";
import { WardenCli } from "./warden-cli";

/** demo/workspace, from this file's compiled place (dist/demo/src). */
const TEMPLATE = path.resolve(__dirname, "..", "..", "..", "demo", "workspace");
const PINNED_RULE = "npm-test-pinned";

export interface DemoWorkspace {
  dir: string;
  /** The bare repository `origin` points at. */
  remote: string;
  /** The fake payment-API key in .env (generated for this run; never committed). */
  apiKey: string;
}

const GIT_IDENTITY = ["-c", "user.name=Demo Developer", "-c", "user.email=dev@demo-shop.invalid", "-c", "commit.gpgsign=false"];

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", [...GIT_IDENTITY, ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * The demo workspace: demo/workspace copied into the run's directory, made a git
 * repository whose `origin` is a local bare repository, `npm test` pinned by hash
 * in its policy (with `warden policy pin`), and a git-ignored .env holding a
 * payment-API key generated now, so that no credential-shaped literal sits in
 * Warden's repository.
 */
export async function createWorkspace(root: string, cli: WardenCli, out: Out): Promise<DemoWorkspace> {
  if (!fs.existsSync(path.join(TEMPLATE, ".warden", "policy.json"))) throw new Error(`the demo workspace template is missing at ${TEMPLATE}`);
  const dir = path.join(root, "workspace");
  const remote = path.join(root, "origin.git");
  fs.cpSync(TEMPLATE, dir, { recursive: true });
  git(root, "init", "-q", "--bare", "-b", "main", remote);
  git(dir, "init", "-q", "-b", "main");
  // The agent commits too; its commits carry the same (local, repository-only) identity.
  git(dir, "config", "user.name", "Demo Developer");
  git(dir, "config", "user.email", "dev@demo-shop.invalid");
  git(dir, "config", "commit.gpgsign", "false");
  git(dir, "remote", "add", "origin", remote);

  // A Stripe-shaped live key: exactly what secret scanners look for, and what no agent should see.
  const apiKey = `sk_live_${new TokenFactory(randomInt(1, 2 ** 31)).chars(32)}`;
  fs.writeFileSync(path.join(dir, ".env"), `# demo-shop local settings (git-ignored)\nPAYMENTS_API_KEY=${apiKey}\n`, { mode: 0o600 });

  const pinned = await cli.json(["policy", "pin", "npm test", "--workspace", dir]);
  const matcher = isRecord(pinned) ? pinned["matcher"] : undefined;
  if (!isRecord(matcher)) throw new Error(`warden policy pin printed no matcher: ${JSON.stringify(pinned)}`);
  pinRule(path.join(dir, ".warden", "policy.json"), matcher);
  out.output(`pinned in rule ${PINNED_RULE}: ${JSON.stringify(matcher)}`);
  await cli.run(["policy", "check", "--workspace", dir]);

  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "demo-shop: cart, tests and the team's Warden policy");
  git(dir, "push", "-q", "origin", "main");
  return { dir, remote, apiKey };
}

/** Puts the pinned matcher into the rule's commands, keeping the file's comments. */
function pinRule(file: string, matcher: Record<string, unknown>): void {
  const text = fs.readFileSync(file, "utf8");
  const doc: unknown = parse(text);
  const rules = isRecord(doc) && Array.isArray(doc["rules"]) ? doc["rules"] : [];
  const index = rules.findIndex((r) => isRecord(r) && r["id"] === PINNED_RULE);
  if (index < 0) throw new Error(`${file} has no rule '${PINNED_RULE}' to pin`);
  fs.writeFileSync(file, applyEdits(text, modify(text, ["rules", index, "commands", 0], matcher, {})));
}

export function headOf(repo: string, ref = "HEAD"): string {
  return git(repo, "rev-parse", ref).trim();
}
