import assert from "node:assert/strict";
import { test } from "node:test";
import { AgentInfo } from "../../../protocol/src/agents";
import { TokenInfo } from "../../../protocol/src/methods";
import { describeAgent, relativeTime } from "./agent-text";

const now = new Date("2026-01-01T12:00:00Z");
const agent: AgentInfo = { id: "a1", workspace: "/projects/app", name: "builder", kind: "claude-code", owner: "alice", purpose: "fix the build", role: "writer", status: "suspended", createdAt: "2026-01-01T10:00:00Z", createdBy: "human:alice", expiresAt: null, statusReason: "incident 42", activeTokens: 1 };
const token = (expiresAt: string, state: TokenInfo["state"] = "active"): TokenInfo => ({ id: "0123456789abcdef", agent: "builder", issuedAt: "2026-01-01T11:00:00Z", issuedBy: "human:alice", expiresAt, revokedAt: null, state });

test("the agent's line says a status that is not active first, then kind, role, and when its first token runs out", () => {
  const d = describeAgent(agent, [token("2026-01-01T14:00:00Z"), token("2026-01-01T12:42:00Z"), token("2026-01-01T12:01:00Z", "revoked")], now);
  assert.equal(d.description, "SUSPENDED · claude-code · writer · token expires in 42 min");
  assert.ok(d.tooltip.includes("status: suspended (incident 42)"));
  assert.equal(describeAgent({ ...agent, status: "active" }, [], now).description, "claude-code · writer · no active token");
});

test("relative times", () => {
  assert.equal(relativeTime("2026-01-01T11:00:00Z", now), "expired");
  assert.equal(relativeTime("2026-01-01T12:00:20Z", now), "in under a minute");
  assert.equal(relativeTime("2026-01-01T15:00:00Z", now), "in 3 h");
  assert.equal(relativeTime("2026-01-05T12:00:00Z", now), "in 4 d");
});
