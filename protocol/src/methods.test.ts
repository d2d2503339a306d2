import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { z } from "zod";
import { AuditRecord, GENESIS_HASH } from "./audit";
import { JsonValue } from "./json";
import { MAX_APPEND_BATCH, MAX_JSON_DEPTH, MAX_QUERY_LIMIT, MAX_SHORT_STRING } from "./limits";
import { AgentInfo } from "./agents";
import { MethodName, Params, Result, TokenInfo, isMethodName, methodSchemas, methods } from "./methods";
import { ApprovalInfo, GrantInfo } from "./approvals";

interface Sample<M extends MethodName> {
  params: Params<M>;
  result: Result<M>;
  /** Params keys that must be present; every other key of `params` must be optional. */
  required: ReadonlyArray<keyof Params<M>>;
  /** Method-specific invalid params beyond the generic checks below (nested fields mostly). */
  invalid: Array<[string, unknown]>;
  /** Result keys a daemon may leave out (fields added later); every other one is required. */
  optionalResult?: ReadonlyArray<keyof Result<M>>;
}

const hash = (byte: string): string => byte.repeat(32);

const record: AuditRecord = {
  seq: 3,
  ts: "2025-06-01T12:00:00.000Z",
  actor: { type: "agent", id: "claude-1" },
  workspace: "/home/u/proj",
  kind: "file.write",
  payload: { path: "src/a.ts", bytes: 120, lines: [1, 2], meta: { ok: true, note: null } },
  prevHash: hash("ab"),
  hash: hash("cd"),
};

const agent: AgentInfo = {
  id: "agt_0123456789ab",
  workspace: "/home/u/proj",
  name: "claude-1",
  kind: "claude-code",
  owner: "alice",
  purpose: "refactor the parser",
  role: "writer",
  status: "active",
  createdAt: "2025-06-01T10:00:00.000Z",
  createdBy: "alice",
  expiresAt: "2025-07-01T10:00:00.000Z",
  statusReason: null,
  activeTokens: 1,
};

const token: TokenInfo = {
  id: "0123456789abcdef",
  agent: "claude-1",
  issuedAt: "2025-06-01T10:00:00.000Z",
  issuedBy: "alice",
  expiresAt: "2025-06-01T11:00:00.000Z",
  revokedAt: null,
  state: "active",
};

const approval: ApprovalInfo = {
  id: "apr_0123456789abcdef",
  workspace: "/home/u/proj",
  agent: "claude-1",
  status: "pending",
  createdAt: "2025-06-01T10:00:00.000Z",
  expiresAt: "2025-06-01T10:02:00.000Z",
  answeredAt: null,
  answeredBy: null,
  scope: null,
  reason: null,
  context: {
    action: { kind: "git.push", target: "git push origin main", tool: "Bash", details: {} },
    summary: "push 2 commits to origin main",
    data: { type: "commits", remote: "origin", branch: "main", remoteRef: "a".repeat(40), commits: [{ sha: "b".repeat(40), subject: "fix", author: "a <a@x>" }], totalCommits: 2, force: false },
    identity: { agent: "claude-1", kind: "claude-code", owner: "alice", purpose: "p", role: "writer", requester: "human:alice", session: "s1" },
    rule: { decision: "ask", rule: "push-asks", source: "/home/u/proj/.warden/policy.json:9", reason: "pushes are asked" },
    rollback: "git push --force-with-lease origin aaaa:refs/heads/main",
  },
};

const grant: GrantInfo = {
  id: "grt_0123456789abcdef",
  workspace: "/home/u/proj",
  agent: "claude-1",
  actionKind: "git.push",
  target: "git push origin main",
  session: "s1",
  approvalId: "apr_0123456789abcdef",
  grantedBy: "human:alice",
  createdAt: "2025-06-01T10:00:00.000Z",
  expiresAt: "2025-06-01T10:30:00.000Z",
  revokedAt: null,
  state: "active",
};

const addParams = { workspace: "/w", name: "a", kind: "custom", owner: "o", purpose: "p" };

/**
 * One valid params object and one valid result per method. The mapped type makes a
 * missing sample a compile error; the first test below makes it a test failure too.
 */
const samples: { [M in MethodName]: Sample<M> } = {
  "daemon/ping": { params: {}, result: { pong: true }, required: [], invalid: [] },
  "daemon/status": {
    params: {},
    result: {
      pid: 4242,
      version: "0.1.0",
      nodeVersion: "v20.20.2",
      startedAt: "2025-06-01T11:00:00.000Z",
      uptimeMs: 3_600_000,
      home: "/home/u/.warden",
      socket: "/home/u/.warden/daemon.sock",
      listen: null,
      connections: 2,
      subscriptions: 1,
      audit: { headSeq: 3, headHash: hash("cd") },
      notify: { pending: 2, failing: 1, delivered: 40, oldestPendingAt: "2025-06-01T11:59:00.000Z", lastError: "HTTP 500 from https://hooks.example.com/warden", lastErrorAt: "2025-06-01T11:59:30.000Z" },
      sandbox: { available: false, detail: "bubblewrap (bwrap) is not installed" },
    },
    required: [],
    invalid: [],
    optionalResult: ["notify", "sandbox"],
  },
  "daemon/shutdown": {
    params: { reason: "operator asked" },
    result: { stopping: true },
    required: [],
    invalid: [["an over-long reason", { reason: "r".repeat(MAX_SHORT_STRING + 1) }]],
  },
  "audit/append": {
    params: {
      events: [
        { kind: "file.write", workspace: "/home/u/proj", payload: { path: "src/a.ts", bytes: 120 } },
        { kind: "agent.started", workspace: null, payload: null },
        { kind: "session.note_v2", payload: [1, "two", false, { three: [] }] },
      ],
    },
    result: { firstSeq: 1, lastSeq: 3, lastHash: hash("03") },
    required: ["events"],
    invalid: [
      ["an event with a numeric kind", { events: [{ kind: 1, payload: null }] }],
      ["an event without a kind", { events: [{ payload: null }] }],
      ["an event without a payload", { events: [{ kind: "a.b" }] }],
      ["an event with an actor (callers never choose their identity)", { events: [{ kind: "a.b", payload: 1, actor: { type: "human", id: "me" } }] }],
      ["an event with a numeric workspace", { events: [{ kind: "a.b", payload: 1, workspace: 5 }] }],
    ],
  },
  "audit/query": {
    params: {
      filter: {
        kinds: ["file.*", "daemon.started"],
        actorType: "agent",
        actorId: "claude-1",
        workspace: "/home/u/proj",
        fromSeq: 2,
        since: "2025-06-01T00:00:00.000Z",
      },
      limit: 100,
      order: "desc",
    },
    result: { records: [record, { ...record, seq: 4, prevHash: hash("cd"), hash: hash("ef"), workspace: null }] },
    required: [],
    invalid: [
      ["an unknown order", { order: "newest" }],
      ["a filter with an extra field", { filter: { kind: "file.write" } }],
      ["a filter with a bad kind", { filter: { kinds: ["File.*"] } }],
    ],
  },
  "audit/verify": {
    params: {},
    result: { ok: false, checked: 3, headSeq: 3, headHash: hash("cd"), firstBadSeq: 2, problem: "hash mismatch at seq 2", durationMs: 1.5 },
    required: [],
    invalid: [],
  },
  "events/subscribe": {
    params: { filter: { fromSeq: 1, kinds: ["agent.*"] } },
    result: { subscription: "sub-1", backlog: 0 },
    required: [],
    invalid: [["a filter with fromSeq 0", { filter: { fromSeq: 0 } }]],
  },
  "events/unsubscribe": {
    params: { subscription: "sub-1" },
    result: { removed: true },
    required: ["subscription"],
    invalid: [["an over-long subscription id", { subscription: "s".repeat(MAX_SHORT_STRING + 1) }]],
  },
  "agents/add": {
    params: { workspace: "/home/u/proj", name: "claude-1", kind: "claude-code", owner: "alice", purpose: "refactor the parser", role: "writer", expires: "30d" },
    result: { agent },
    required: ["workspace", "name", "kind", "owner", "purpose"],
    invalid: [
      ["a relative workspace", { ...addParams, workspace: "proj" }],
      ["an upper-case name", { ...addParams, name: "Claude" }],
      ["a name with a slash", { ...addParams, name: "a/b" }],
      ["an unknown kind", { ...addParams, kind: "copilot" }],
      ["an unknown role", { ...addParams, role: "root" }],
      ["an expiry that is not a duration", { ...addParams, expires: "tomorrow" }],
      ["an empty owner", { ...addParams, owner: "" }],
    ],
  },
  "agents/list": { params: { workspace: "/home/u/proj" }, result: { agents: [agent] }, required: [], invalid: [] },
  "agents/show": {
    params: { workspace: "/home/u/proj", name: "claude-1" },
    result: { agent, tokens: [token] },
    required: ["workspace", "name"],
    invalid: [],
  },
  "agents/suspend": {
    params: { workspace: "/home/u/proj", name: "claude-1", reason: "acting oddly" },
    result: { agent: { ...agent, status: "suspended", statusReason: "acting oddly" } },
    required: ["workspace", "name"],
    invalid: [],
  },
  "agents/resume": { params: { workspace: "/home/u/proj", name: "claude-1" }, result: { agent }, required: ["workspace", "name"], invalid: [] },
  "agents/revoke": {
    params: { workspace: "/home/u/proj", name: "claude-1", reason: "incident 42" },
    result: { agent: { ...agent, status: "revoked", statusReason: "incident 42", activeTokens: 0 }, tokensRevoked: 2 },
    required: ["workspace", "name"],
    invalid: [],
  },
  "agents/whoami": { params: { workspace: "/home/u/proj" }, result: { agent }, required: ["workspace"], invalid: [] },
  "tokens/issue": {
    params: { workspace: "/home/u/proj", name: "claude-1", ttl: "1h" },
    result: { token: "wdn_0123456789abcdef_secret", info: token },
    required: ["workspace", "name"],
    invalid: [["a ttl without unit", { workspace: "/w", name: "a", ttl: "60" }]],
  },
  "actions/decide": {
    params: { workspace: "/home/u/proj", input: { tool_name: "Bash", tool_input: { command: "git status" } } },
    result: { decision: { decision: "allow", rule: "read-only-commands", source: "/home/u/proj/.warden/policy.json:30", reason: "ok" }, seq: 12, asked: false, approval: null },
    required: ["workspace", "input"],
    invalid: [["an input that is not an object", { workspace: "/w", input: "Bash" }]],
  },
  "policy/status": {
    params: { workspace: "/home/u/proj" },
    result: {
      layers: [{ layer: "workspace", file: "/home/u/proj/.warden/policy.json", rules: 12 }],
      pending: { changes: ["workspace policy: new allow rule 'x'"], detectedAt: "2025-06-01T10:00:00.000Z" },
      problems: [{ file: "/home/u/proj/.warden/policy.json", line: 3, column: 5, message: "rules.0.action: Invalid input" }],
    },
    required: ["workspace"],
    invalid: [],
  },
  "policy/accept": { params: { workspace: "/home/u/proj" }, result: { accepted: true, changes: ["x"] }, required: ["workspace"], invalid: [] },
  "actions/record": {
    params: { workspace: "/home/u/proj", input: { hook_event_name: "UserPromptSubmit", prompt: "fix the tests" } },
    result: { seq: 13 },
    required: ["workspace", "input"],
    invalid: [["an input that is a list", { workspace: "/w", input: [] }]],
  },
  "approvals/list": { params: { workspace: "/home/u/proj", status: "pending", limit: 10 }, result: { approvals: [approval] }, required: [], invalid: [["an unknown status", { status: "maybe" }]] },
  "approvals/show": { params: { id: "apr_0123456789abcdef" }, result: { approval }, required: ["id"], invalid: [["a grant id", { id: "grt_0123456789abcdef" }]] },
  "approvals/answer": {
    params: { id: "apr_0123456789abcdef", answer: "approve", scope: "session", reason: "ok" },
    result: { approval: { ...approval, status: "approved", scope: "session", answeredBy: "human:alice", answeredAt: "2025-06-01T10:01:00.000Z" }, grant },
    required: ["id", "answer"],
    invalid: [
      ["an answer that is neither approve nor deny", { id: "apr_0123456789abcdef", answer: "maybe" }],
      ["a scope beyond session", { id: "apr_0123456789abcdef", answer: "approve", scope: "forever" }],
    ],
  },
  "approvals/grants": { params: { workspace: "/home/u/proj", all: true }, result: { grants: [grant] }, required: [], invalid: [] },
  "approvals/revoke-grant": { params: { id: "grt_0123456789abcdef" }, result: { revoked: true }, required: ["id"], invalid: [["an approval id", { id: "apr_0123456789abcdef" }]] },
  "broker/tools": { params: {}, result: { tools: [{ name: "read_file", description: "Read a file", inputSchema: { type: "object" } }] }, required: [], invalid: [] },
  "broker/call": {
    params: { workspace: "/home/u/proj", tool: "read_file", arguments: { path: "a.txt" } },
    result: { text: "hello", isError: false, seq: 14 },
    required: ["workspace", "tool", "arguments"],
    invalid: [["an empty tool name", { workspace: "/w", tool: "", arguments: {} }]],
  },
  "agents/contain": {
    params: { workspace: "/home/u/proj", name: "claude-1", reason: "prompt injection suspected" },
    result: {
      agent: { ...agent, status: "contained", statusReason: "prompt injection suspected" },
      changed: true,
      tokensRevoked: 1,
      grantsRevoked: 0,
      approvalsDenied: 1,
      processesKilled: 2,
      stoppedInMs: 12.5,
      snapshot: { folder: "/home/u/.local/share/warden/incidents/x", headSeq: 40, headHash: hash("ef"), verified: true },
    },
    required: ["workspace", "name"],
    invalid: [["a name with a path in it", { workspace: "/w", name: "../x" }]],
  },
  "agents/contain-all": { params: { reason: "kill switch" }, result: { contained: [] }, required: [], invalid: [["a reason that is not text", { reason: 3 }]] },
  "agents/restore": {
    params: { workspace: "/home/u/proj", name: "claude-1", confirm: "claude-1", reason: "reviewed the incident", ttl: "1h" },
    result: { agent, token: "wdn_0123456789abcdef_secret", info: token },
    required: ["workspace", "name", "confirm", "reason"],
    invalid: [["an empty reason", { workspace: "/w", name: "a", confirm: "a", reason: "" }]],
  },
  "incidents/report": {
    params: { workspace: "/home/u/proj", name: "claude-1", since: "2025-06-01T10:00:00.000Z", save: true },
    result: {
      report: {
        version: 1,
        generatedAt: "2025-06-01T12:00:00.000Z",
        generator: "warden 0.1.0",
        agent: { name: "claude-1", workspace: "/home/u/proj", kind: "claude-code", owner: "alice", purpose: "p", role: "writer", status: "contained", statusReason: "incident 42", createdAt: "2025-06-01T10:00:00.000Z", createdBy: "human:alice" },
        period: { since: "2025-06-01T10:00:00.000Z", until: "2025-06-01T12:00:00.000Z", firstSeq: 3, lastSeq: 9 },
        log: { ok: true, checked: 9, headSeq: 9, headHash: hash("cd"), firstBadSeq: null, problem: null, durationMs: 1.5 },
        recordsExamined: 9,
        truncated: false,
        timeline: [
          {
            type: "file",
            seq: 4,
            ts: "2025-06-01T10:01:00.000Z",
            via: "broker",
            tool: "delete_path",
            decided: { decision: "allow", rule: "deletes-ask", source: "/home/u/proj/.warden/policy.json:4", reason: "approved once by human:alice", asked: true, approval: "apr_0123456789abcdef", grant: null },
            result: { seq: 5, ts: "2025-06-01T10:01:01.000Z", ok: true, summary: "moved src/old.ts to Warden's trash", error: null },
            op: "delete",
            path: "src/old.ts",
            restoreId: "del_0123456789abcdef",
          },
          { type: "secret", seq: 6, ts: "2025-06-01T10:02:00.000Z", name: "github", target: "api.github.com", decision: "allow" },
          { type: "identity", seq: 9, ts: "2025-06-01T10:05:00.000Z", kind: "agent.contained", by: "human:alice", detail: "incident 42" },
        ],
        summary: {
          files: { read: [], written: [], deleted: ["src/old.ts"] },
          directories: ["src"],
          commands: 0,
          remotes: [],
          hosts: ["api.github.com"],
          secrets: ["github"],
          approvals: { asked: 1, approved: 1, denied: 0, expired: 0, pending: 0 },
          denials: 0,
        },
      },
      markdown: "# Incident report: claude-1",
      saved: { folder: "/home/u/.local/share/warden/reports/x", markdown: "/home/u/.local/share/warden/reports/x/report.md", json: "/home/u/.local/share/warden/reports/x/report.json" },
    },
    required: ["workspace", "name"],
    invalid: [["a relative since", { workspace: "/w", name: "a", since: "2h" }]],
  },
  "notify/status": {
    params: {},
    result: {
      totals: { pending: 1, failing: 1, delivered: 3, oldestPendingAt: "2025-06-01T11:59:00.000Z", lastError: "HTTP 500", lastErrorAt: "2025-06-01T11:59:30.000Z" },
      destinations: [
        {
          key: "0123456789abcdef",
          name: "security-webhook",
          type: "webhook",
          target: "https://hooks.example.com/warden",
          pending: 1,
          failing: 1,
          delivered: 3,
          attempts: 2,
          lastError: "HTTP 500",
          lastErrorAt: "2025-06-01T11:59:30.000Z",
          lastDeliveredAt: "2025-06-01T11:00:00.000Z",
          nextAttemptAt: "2025-06-01T12:00:30.000Z",
          oldestPendingAt: "2025-06-01T11:59:00.000Z",
        },
      ],
    },
    required: [],
    invalid: [],
  },
  "notify/test": {
    params: { workspace: "/home/u/proj", message: "checking the webhook" },
    result: { seq: 12, queued: 2 },
    required: ["workspace"],
    invalid: [["a relative workspace", { workspace: "proj" }]],
  },
  "secrets/scan-text": {
    params: { text: "const token = \"…\";", fileName: "src/config.ts" },
    result: {
      findings: [{ rule: "github-token", kind: "github-token", confidence: "high", line: 1, column: 16, endLine: 1, endColumn: 56, preview: "ghp_…(36 more)", start: 15, end: 55 }],
      truncated: false,
    },
    required: ["text"],
    invalid: [["a text that is not a string", { text: 42 }]],
  },
  "secrets/scan-workspace": {
    params: { workspace: "/home/u/proj" },
    result: {
      filesScanned: 120,
      bytesScanned: 481_000,
      ignored: 3,
      findings: [{ file: ".env", rule: "generic-credential", kind: "generic-credential", confidence: "medium", line: 2, column: 9, endLine: 2, endColumn: 41, preview: "Xk9…(29 more)" }],
      skipped: [{ path: "/home/u/proj/logo.png", reason: "binary (NUL byte in the first 8000 bytes)" }],
      truncated: false,
    },
    required: ["workspace"],
    invalid: [["a relative workspace", { workspace: "proj" }]],
  },
  "secrets/list": {
    params: { workspace: "/home/u/proj" },
    result: {
      keychain: { available: true, problem: null },
      secrets: [
        {
          secret: {
            name: "github_token",
            createdAt: "2025-06-01T10:00:00.000Z",
            createdBy: "human:alice",
            updatedAt: "2025-06-01T10:00:00.000Z",
            rotations: 0,
            lastUsedAt: "2025-06-01T11:00:00.000Z",
            lastUsedBy: "claude-1",
            lastUsedTarget: "https://api.github.com:443/user",
            uses: 3,
          },
          bindings: [
            {
              layer: "workspace",
              file: "/home/u/proj/.warden/policy.json",
              binding: { hosts: ["api.github.com"], apply: { header: "Authorization", template: "Bearer ${value}" }, roles: ["writer"] },
            },
          ],
        },
      ],
    },
    required: [],
    invalid: [["a relative workspace", { workspace: "proj" }]],
  },
  "secrets/set": {
    params: { name: "github_token", value: "ghp_0123456789abcdef" },
    result: {
      secret: {
        name: "github_token",
        createdAt: "2025-06-01T10:00:00.000Z",
        createdBy: "human:alice",
        updatedAt: "2025-06-01T10:00:00.000Z",
        rotations: 0,
        lastUsedAt: null,
        lastUsedBy: null,
        lastUsedTarget: null,
        uses: 0,
      },
    },
    required: ["name", "value"],
    invalid: [
      ["a value too short to redact", { name: "a", value: "short" }],
      ["a name with a path in it", { name: "../x", value: "0123456789" }],
    ],
  },
  "secrets/remove": { params: { name: "github_token" }, result: { removed: true }, required: ["name"], invalid: [["a reference instead of a name", { name: "${secret:x}" }]] },
  "secrets/rotate": {
    params: { name: "github_token", value: "ghp_fedcba9876543210" },
    result: {
      secret: {
        name: "github_token",
        createdAt: "2025-06-01T10:00:00.000Z",
        createdBy: "human:alice",
        updatedAt: "2025-06-02T10:00:00.000Z",
        rotations: 1,
        lastUsedAt: null,
        lastUsedBy: null,
        lastUsedTarget: null,
        uses: 0,
      },
    },
    required: ["name", "value"],
    invalid: [["an empty value", { name: "github_token", value: "" }]],
  },
  "trash/restore": {
    params: { id: "del_0123456789abcdef", overwrite: false },
    result: { restored: "/home/u/proj/src", workspace: "/home/u/proj" },
    required: ["id"],
    invalid: [["a path instead of a restore id", { id: "/home/u/proj/src" }]],
  },
  "tokens/revoke": {
    params: { tokenId: "0123456789abcdef" },
    result: { revoked: true },
    required: ["tokenId"],
    invalid: [["a token value instead of its id", { tokenId: "wdn_0123456789abcdef_secret" }]],
  },
};

/** The same table with the per-method types erased, for the loops below. */
interface AnySample {
  params: object;
  result: object;
  required: ReadonlyArray<string | number | symbol>;
  invalid: Array<[string, unknown]>;
  optionalResult?: ReadonlyArray<string | number | symbol>;
}
const sampleFor = new Map<string, AnySample>(Object.entries(samples));

/** A value of another JSON type than `value`, so the field's type check must fail. */
function wrongTypeFor(value: unknown): unknown {
  if (typeof value === "string") return 12345;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "true" : 0;
  // null stands for a nullable scalar here; an object is the wrong type for any of them.
  if (value === null) return { wrongType: true };
  return "not-a-container";
}

function without(value: object, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
}

function accepts(schema: z.ZodType, value: unknown): boolean {
  return schema.safeParse(value).success;
}

function roundTrips(schema: z.ZodType, sample: unknown): void {
  const first = schema.safeParse(sample);
  assert.ok(first.success, first.error?.message);
  assert.deepEqual(first.data, sample);
  const again = schema.safeParse(JSON.parse(JSON.stringify(first.data)));
  assert.ok(again.success, again.error?.message);
  assert.deepEqual(again.data, sample);
}

test("every method has a sample and every sample names a method", () => {
  const names = Object.keys(methods);
  assert.ok(names.length >= 8);
  for (const name of names) assert.ok(sampleFor.has(name), `methods.test.ts: add a sample for '${name}'`);
  for (const name of sampleFor.keys()) assert.ok(isMethodName(name), `sample for unknown method '${name}'`);
});

test("isMethodName knows every method and nothing inherited", () => {
  for (const name of Object.keys(methods)) assert.equal(isMethodName(name), true);
  for (const name of ["toString", "__proto__", "constructor", "daemon/nope", "daemon", ""]) assert.equal(isMethodName(name), false);
});

for (const name of Object.keys(methods)) {
  describe(name, () => {
    const sample = sampleFor.get(name);
    const schemas = isMethodName(name) ? methodSchemas[name] : undefined;
    const each = (fn: (s: AnySample, m: { params: z.ZodType; result: z.ZodType }) => void) => () => {
      assert.ok(sample !== undefined && schemas !== undefined, `no sample for '${name}'`);
      fn(sample, schemas);
    };

    test("sample params and result parse and survive a JSON round trip unchanged", each((s, m) => {
      roundTrips(m.params, s.params);
      roundTrips(m.result, s.result);
    }));

    test("the sample uses every params and result field, so the checks below cover them all", each((s, m) => {
      assert.ok(m.params instanceof z.ZodObject && m.result instanceof z.ZodObject);
      assert.deepEqual(Object.keys(s.params).sort(), Object.keys(m.params.shape).sort());
      assert.deepEqual(Object.keys(s.result).sort(), Object.keys(m.result.shape).sort());
    }));

    test("params that are not an object are rejected", each((_s, m) => {
      for (const value of [undefined, null, [], "params", 0, true]) assert.equal(accepts(m.params, value), false, String(value));
    }));

    test("params with a wrong-typed field are rejected", each((s, m) => {
      for (const [key, value] of Object.entries(s.params)) {
        assert.equal(accepts(m.params, { ...s.params, [key]: wrongTypeFor(value) }), false, key);
      }
    }));

    test("params missing a required field are rejected; optional fields may be left out", each((s, m) => {
      for (const key of Object.keys(s.params)) {
        assert.equal(accepts(m.params, without(s.params, key)), !s.required.includes(key), key);
      }
      for (const key of s.required) assert.ok(typeof key === "string" && key in s.params, `sample lacks required '${String(key)}'`);
    }));

    test("params with an unexpected extra field are rejected", each((s, m) => {
      assert.equal(accepts(m.params, { ...s.params, unexpected: 1 }), false);
    }));

    test("method-specific invalid params are rejected", each((s, m) => {
      for (const [why, value] of s.invalid) assert.equal(accepts(m.params, value), false, why);
    }));

    test("results with a missing, wrong-typed or extra field are rejected", each((s, m) => {
      const keys = Object.keys(s.result);
      assert.ok(keys.length > 0);
      for (const [key, value] of Object.entries(s.result)) {
        assert.equal(accepts(m.result, without(s.result, key)), s.optionalResult?.includes(key) === true, `without ${key}`);
        assert.equal(accepts(m.result, { ...s.result, [key]: wrongTypeFor(value) }), false, `wrong ${key}`);
      }
      assert.equal(accepts(m.result, { ...s.result, unexpected: 1 }), false);
    }));
  });
}

/** `levels` arrays nested around a leaf, built without recursion. */
function nest(levels: number): JsonValue {
  let value: JsonValue = "leaf";
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

describe("audit/append limits", () => {
  const append = methods["audit/append"].params;
  const event = (payload: unknown, kind = "file.write"): { events: unknown[] } => ({ events: [{ kind, payload }] });

  test("rejects an empty events array", () => {
    assert.equal(accepts(append, { events: [] }), false);
  });

  test("accepts MAX_APPEND_BATCH events and rejects one more", () => {
    const batch = (n: number) => ({ events: Array.from({ length: n }, (_, i) => ({ kind: "a.b", payload: i })) });
    assert.equal(accepts(append, batch(MAX_APPEND_BATCH)), true);
    assert.equal(accepts(append, batch(MAX_APPEND_BATCH + 1)), false);
  });

  test("rejects malformed kinds", () => {
    for (const kind of ["File.Write", "nodot", "a..b", "", "file.", `a.${"b".repeat(127)}`]) {
      assert.equal(accepts(append, event(1, kind)), false, kind);
    }
    assert.equal(accepts(append, event(1, `a.${"b".repeat(126)}`)), true);
  });

  test("accepts a payload nested exactly MAX_JSON_DEPTH deep and rejects one level more", () => {
    assert.equal(accepts(append, event(nest(MAX_JSON_DEPTH))), true);
    assert.equal(accepts(append, event(nest(MAX_JSON_DEPTH + 1))), false);
  });

  test("rejects a payload nested 10,000 deep without overflowing the stack", () => {
    const deep = nest(10_000);
    let success: boolean | undefined;
    assert.doesNotThrow(() => {
      success = append.safeParse(event(deep)).success;
    });
    assert.equal(success, false);
  });

  test("rejects non-finite numbers anywhere in the payload", () => {
    for (const payload of [NaN, Infinity, -Infinity, { a: [1, NaN] }, [{ b: Infinity }]]) {
      assert.equal(accepts(append, event(payload)), false, JSON.stringify(payload));
    }
  });

  test("rejects class instances and other non-JSON payloads", () => {
    for (const payload of [new Date(0), { when: new Date(0) }, new Map(), [undefined], { f: () => 1 }, 1n, undefined]) {
      assert.equal(accepts(append, event(payload)), false, inspect(payload));
    }
  });

  test("rejects an over-long workspace", () => {
    assert.equal(accepts(append, { events: [{ kind: "a.b", payload: 1, workspace: "w".repeat(MAX_SHORT_STRING + 1) }] }), false);
    assert.equal(accepts(append, { events: [{ kind: "a.b", payload: 1, workspace: "w".repeat(MAX_SHORT_STRING) }] }), true);
  });
});

describe("audit/query limits", () => {
  const query = methods["audit/query"].params;

  test("rejects limit 0, negative, fractional and above MAX_QUERY_LIMIT; accepts 1 and MAX_QUERY_LIMIT", () => {
    for (const limit of [0, -1, 1.5, MAX_QUERY_LIMIT + 1]) assert.equal(accepts(query, { limit }), false, String(limit));
    for (const limit of [1, MAX_QUERY_LIMIT]) assert.equal(accepts(query, { limit }), true, String(limit));
  });

  test("the query result schema validates each record fully", () => {
    const result = methods["audit/query"].result;
    assert.equal(accepts(result, { records: [{ ...record, prevHash: GENESIS_HASH }] }), true);
    assert.equal(accepts(result, { records: [{ ...record, payload: nest(MAX_JSON_DEPTH + 1) }] }), false);
    assert.equal(accepts(result, { records: [{ ...record, ts: "June 1st" }] }), false);
  });
});
