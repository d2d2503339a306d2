/**
 * The starter policy `warden init` writes, and the one in force in a workspace that
 * has none. Tuned for daily work: reading, editing and inspecting go through;
 * whatever deletes, pushes, changes permissions or git configuration, runs code the
 * agent supplies, or reaches the network is asked. Files that usually hold secrets
 * are asked before they are read.
 */
export const STARTER_POLICY = `// Warden workspace policy: what agents may do in this workspace.
// Decisions: allow | allow+log (allowed, flagged in the audit log) | ask | deny.
// The strictest matching rule wins; anything no rule covers gets "default".
// Built-in protections (Warden's state, .warden/, editor and agent settings, git
// internals) apply whatever this file says. Check it with: warden policy check
{
  "version": 1,
  "default": "ask",
  "rules": [
    // ── Files ────────────────────────────────────────────────────────────
    { "id": "read-workspace", "action": "file.read", "paths": ["**"], "decision": "allow" },
    {
      "id": "secrets-ask-before-read",
      "description": "files that usually hold secrets are read only after a human says yes",
      "action": "file.read",
      "paths": ["**/.env", "**/.env.*", "**/*.pem", "**/*.key", "**/id_rsa*", "**/id_ed25519*", "**/*.p12", "**/*.pfx", "**/.npmrc", "**/.pypirc", "**/.netrc", "**/credentials*", "**/*secret*"],
      "decision": "ask"
    },
    { "id": "edit-workspace", "action": "file.write", "paths": ["**"], "roles": ["writer", "admin"], "decision": "allow" },
    { "id": "delete-asks", "action": "file.delete", "decision": "ask" },

    // ── Commands ─────────────────────────────────────────────────────────
    {
      "id": "read-only-commands",
      "action": "shell.exec",
      "commands": [
        { "program": "ls", "readsArgs": true }, { "program": "pwd" }, { "program": "cd" }, { "program": "echo" }, { "program": "printf" },
        { "program": "cat", "readsArgs": true }, { "program": "head", "readsArgs": true }, { "program": "tail", "readsArgs": true },
        { "program": "wc", "readsArgs": true }, { "program": "less", "readsArgs": true }, { "program": "file", "readsArgs": true },
        { "program": "stat", "readsArgs": true }, { "program": "diff", "readsArgs": true }, { "program": "du", "readsArgs": true }, { "program": "df" },
        { "program": "tree", "readsArgs": true, "forbidFlags": ["-o"] },
        { "program": "grep", "readsArgs": true }, { "program": "rg", "readsArgs": true, "forbidFlags": ["--pre", "--pre-glob", "--search-zip", "-z"] },
        { "program": "sort", "readsArgs": true, "forbidFlags": ["-o", "--output", "--compress-program"] }, { "program": "cut", "readsArgs": true }, { "program": "tr" },
        { "program": "uniq", "readsArgs": true }, { "program": "test" }, { "program": "[" }, { "program": "jq", "readsArgs": true },
        { "program": "sed", "readsArgs": true }, { "program": "awk", "readsArgs": true },
        { "program": "basename" }, { "program": "dirname" }, { "program": "which" }, { "program": "whoami" }, { "program": "date", "forbidFlags": ["-s", "--set"] },
        { "program": "uname" }, { "program": "true" }, { "program": "false" },
        { "program": "find", "readsArgs": true, "forbidFlags": ["-exec", "-execdir", "-ok", "-okdir", "-delete", "-fprint", "-fprint0", "-fprintf", "-fls"] },
        {
          "program": "git",
          "subcommand": ["status", "log", "diff", "show", "blame", "rev-parse", "ls-files", "grep", "shortlog", "describe"],
          "forbidFlags": ["-O", "--open-files-in-pager", "--output", "--ext-diff", "--textconv"]
        },
        {
          "program": "git",
          "subcommand": ["branch"],
          "forbidFlags": ["-D", "-d", "--delete", "-m", "-M", "--move", "-c", "-C", "--copy", "--force", "-f", "--set-upstream-to", "-u", "--unset-upstream", "--edit-description"]
        }
      ],
      "decision": "allow"
    },
    {
      "id": "create-in-workspace",
      "description": "creating directories and files: each path is also decided as a write, so protected places stay denied",
      "action": "shell.exec",
      "commands": [{ "program": "mkdir" }, { "program": "touch" }],
      "decision": "allow"
    },
    {
      "id": "git-add-commit",
      "description": "staging and committing; the commit is also decided by commit-allowed. Skipping the repository's hooks (which may scan for secrets) or editing interactively is asked",
      "action": "shell.exec",
      "commands": [
        { "program": "git", "subcommand": ["add"], "forbidFlags": ["-f", "--force", "-i", "--interactive", "-p", "--patch", "-e", "--edit"] },
        { "program": "git", "subcommand": ["commit"], "forbidFlags": ["-n", "--no-verify", "-e", "--edit", "-i", "--interactive", "-p", "--patch"] }
      ],
      "decision": "allow"
    },
    {
      "id": "build-and-test-asks",
      "description": "script runners run whatever the scripts say; asked until you allow them here",
      "action": "shell.exec",
      "commands": [{ "program": "npm" }, { "program": "npx" }, { "program": "yarn" }, { "program": "pnpm" }, { "program": "make" }, { "program": "node" }, { "program": "python" }, { "program": "python3" }],
      "decision": "ask"
    },
    {
      "id": "destructive-commands-ask",
      "action": "shell.exec",
      "commands": [
        { "program": "rm" }, { "program": "rmdir" }, { "program": "mv" }, { "program": "chmod" }, { "program": "chown" }, { "program": "chgrp" },
        { "program": "dd" }, { "program": "truncate" }, { "program": "shred" },
        { "program": "git", "subcommand": ["push", "reset", "clean", "checkout", "restore", "rebase", "config", "remote", "filter-branch", "update-ref", "gc", "prune", "reflog"] }
      ],
      "decision": "ask"
    },
    {
      "id": "network-commands-ask",
      "action": "shell.exec",
      "commands": [{ "program": "curl" }, { "program": "wget" }, { "program": "ssh" }, { "program": "scp" }, { "program": "rsync" }, { "program": "nc" }, { "program": "git", "subcommand": ["fetch", "pull", "clone"] }],
      "decision": "ask"
    },

    // ── Git, network, tools ──────────────────────────────────────────────
    { "id": "commit-allowed", "action": "git.commit", "roles": ["writer", "admin"], "decision": "allow+log" },
    { "id": "push-asks", "action": "git.push", "decision": "ask" },
    { "id": "web-asks", "action": ["http.request", "web.search"], "decision": "ask" },
    { "id": "mcp-asks", "action": "mcp.call", "decision": "ask" },
    { "id": "load-tool-schemas", "description": "Claude Code's ToolSearch only loads tool schemas; each tool is decided when called", "action": "tool.unknown", "tools": ["ToolSearch"], "decision": "allow+log" }
  ]
}
`;
