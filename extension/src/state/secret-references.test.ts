import assert from "node:assert/strict";
import { test } from "node:test";
import { configFormat, referenceFor, suggestName } from "./secret-references";

test("a file's format decides the reference that replaces a secret's literal", () => {
  assert.equal(referenceFor(configFormat("/w/.mcp.json"), "github_token"), "${secret:github_token}");
  assert.equal(referenceFor(configFormat("/w/.claude/settings.local.json"), "x"), "${secret:x}");
  assert.equal(referenceFor(configFormat("/w/deploy/values.YML"), "x"), "${secret:x}");
  assert.equal(referenceFor(configFormat("/w/.codex/config.toml"), "x"), "${secret:x}");
  assert.equal(referenceFor(configFormat("/w/.env.local"), "github-token"), "${GITHUB_TOKEN}");
  assert.equal(referenceFor(configFormat("/w/prod.env"), "db_password"), "${DB_PASSWORD}");
  assert.equal(referenceFor(configFormat("/w/.npmrc"), "npm_token"), "${NPM_TOKEN}");
  assert.equal(referenceFor(configFormat("/w/src/main.ts"), "x"), null, "no reference syntax Warden can rely on in code");
});

test("a name is suggested from the key the value is assigned to, within Warden's name rules", () => {
  assert.equal(suggestName('  "GITHUB_TOKEN": "ghp_abc"', 18, "secret"), "github_token");
  assert.equal(suggestName("api_key = 'sk-1'", 11, "secret"), "api_key");
  assert.equal(suggestName("OPENAI_API_KEY=sk-proj-1", 15, "secret"), "openai_api_key");
  assert.equal(suggestName("//registry.npmjs.org/:_authToken=npm_abc", 33, "secret"), "authtoken");
  assert.equal(suggestName("  password: hunter22", 12, "secret"), "password");
  assert.equal(suggestName("ghp_abc on its own", 0, "github_pat"), "github_pat");
  assert.equal(suggestName('"42": "x"', 7, "secret"), "secret", "a key that is not a valid name falls back");
});
