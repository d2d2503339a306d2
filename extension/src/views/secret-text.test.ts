import assert from "node:assert/strict";
import { test } from "node:test";
import { SecretInfo } from "../../../protocol/src/secrets-methods";
import { agoText, bindingText, usageText } from "./secret-text";

const now = new Date("2026-01-01T12:00:00Z");
const secret: SecretInfo = { name: "github", createdAt: "2025-12-01T00:00:00Z", createdBy: "human:alice", updatedAt: "2025-12-01T00:00:00Z", rotations: 0, lastUsedAt: null, lastUsedBy: null, lastUsedTarget: null, uses: 0 };

test("a secret's use: never, or how often, how long ago and by whom", () => {
  assert.equal(usageText(secret, now), "never used");
  assert.equal(usageText({ ...secret, uses: 3, lastUsedAt: "2026-01-01T10:00:00Z", lastUsedBy: "builder" }, now), "used 3× · last 2 h ago by builder");
  assert.equal(agoText("2026-01-01T11:59:40Z", now), "just now");
  assert.equal(agoText("2025-12-29T12:00:00Z", now), "3 d ago");
});

test("a binding: hosts, how the value is put in, and who may use it", () => {
  assert.equal(bindingText({ hosts: ["api.github.com"] }), "api.github.com · inline");
  assert.equal(bindingText({ hosts: ["*.example.com"], schemes: ["http", "https"], apply: { header: "Authorization", template: "Bearer ${value}" }, agents: ["builder"] }), "*.example.com (http allowed) · header Authorization · agents builder");
  assert.equal(bindingText({ hosts: ["github.com"], apply: { gitCredential: { username: "x-access-token" } }, roles: ["writer"] }), "github.com · git as x-access-token · roles writer");
});
