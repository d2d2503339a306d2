// Codex 0.169.0 runs a non-managed hook only once it is trusted; an untrusted
// hook is skipped silently (no warning in `codex exec --json`), so the tool runs
// as if no hook were configured. Trust is this entry in CODEX_HOME/config.toml:
//
//   [hooks.state."<realpath of hooks.json>:<event_snake>:<group index>:<handler index>"]
//   trusted_hash = "sha256:<hex>"
//
// where <hex> is the SHA-256 of the canonical JSON (keys sorted, no spaces) of
//   {"event_name": "<event_snake>", "matcher": "<matcher, omitted if none>",
//    "hooks": [{"type": "command", "command": "…", "timeout": <seconds, 600 if unset, at least 1>,
//               "async": false, "statusMessage": "<omitted if none>"}]}
// Any change to the handler changes the hash and the hook silently stops running
// until trusted again. Verified against `codex app-server` (`hooks/list` reports
// the same `key` and `currentHash`, and `trustStatus`), and end to end in
// harness.test.ts. Other ways in: `codex exec --dangerously-bypass-hook-trust`
// (runs every enabled hook for one invocation, announced as an error item), the
// TUI's `/hooks` review, or managed hooks (system/MDM/requirements.toml), which
// are trusted by policy.
import crypto from "node:crypto";
import fs from "node:fs";
import { asArray, asString, field, isRecord, parseJson } from "./script";

export interface CodexHookTrust {
  key: string;
  trustedHash: string;
}

/** Events whose matcher Codex ignores (and leaves out of the hash). */
const MATCHERLESS_EVENTS = new Set(["UserPromptSubmit", "Stop"]);

/** Trust entries for every synchronous command handler in a Claude-format hooks.json. */
export function codexHookTrust(hooksFile: string): CodexHookTrust[] {
  const parsed = parseJson(fs.readFileSync(hooksFile, "utf8"));
  const hooks = field(parsed, "hooks");
  if (!isRecord(hooks)) throw new Error(`${hooksFile}: expected {"hooks": {EVENT: [...]}}`);
  const source = fs.realpathSync(hooksFile);
  const entries: CodexHookTrust[] = [];
  for (const [event, groups] of Object.entries(hooks)) {
    const eventKey = snakeCase(event);
    asArray(groups).forEach((group, groupIndex) => {
      const matcher = MATCHERLESS_EVENTS.has(event) ? undefined : asString(field(group, "matcher"));
      asArray(field(group, "hooks")).forEach((handler, handlerIndex) => {
        const command = asString(field(handler, "command"));
        if (field(handler, "type") !== "command" || command === undefined || field(handler, "async") === true) return;
        const timeout = field(handler, "timeout");
        const normalized: Record<string, unknown> = {
          type: "command",
          command,
          timeout: Math.max(1, typeof timeout === "number" ? timeout : 600),
          async: false,
        };
        const statusMessage = asString(field(handler, "statusMessage"));
        if (statusMessage !== undefined) normalized.statusMessage = statusMessage;
        const identity: Record<string, unknown> = { event_name: eventKey, hooks: [normalized] };
        if (matcher !== undefined) identity.matcher = matcher;
        const hash = crypto.createHash("sha256").update(canonicalJson(identity)).digest("hex");
        entries.push({ key: `${source}:${eventKey}:${groupIndex}:${handlerIndex}`, trustedHash: `sha256:${hash}` });
      });
    });
  }
  return entries;
}

/** The config.toml tables that mark the entries trusted. */
export function codexHookTrustToml(entries: readonly CodexHookTrust[]): string {
  return entries.map((e) => `[hooks.state.${tomlString(e.key)}]\ntrusted_hash = ${tomlString(e.trustedHash)}\n`).join("\n");
}

function snakeCase(event: string): string {
  return event.replace(/[A-Z]/g, (c, offset: number) => (offset === 0 ? "" : "_") + c.toLowerCase());
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A TOML basic string; JSON's escapes are valid TOML for the characters paths and hashes use. */
export function tomlString(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new Error(`refusing a control character in a TOML string: ${JSON.stringify(value)}`);
  return JSON.stringify(value);
}
