import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { foldName } from "./fold";
import { isWithin, protectedReason, type ProtectionContext } from "./protected";
import { resolveAgentPath, type ResolveOptions } from "./resolve";

// Layout under a real temp dir:
//   ws/        workspace (docs/link -> ../.vscode, docs/plain -> ../src, st -> ../state, sub/.git file, vendor/lib/.git/)
//   home/      the user's home; home-link -> home
//   state/     Warden's home
//   gd/        a git directory a .git file points to; notgit/ (HEAD only); wt/ (HEAD + commondir)
//   ws2/       a workspace whose .vscode is a symlink to shared/vscode; home2/.bashrc -> ws2/dotfiles/bashrc
describe("built-in protections", () => {
  let tmp: string;
  let ctx: ProtectionContext;

  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-protected-")));
    const dirs = ["ws/src", "ws/docs", "ws/.vscode", "ws/sub", "ws/vendor/lib/.git/hooks", "home", "state", "state-old"];
    for (const dir of [...dirs, "gd/objects", "gd/refs", "gd/hooks", "notgit/hooks", "wt", "ws2/shared/vscode", "ws2/dotfiles", "home2"]) {
      fs.mkdirSync(path.join(tmp, dir), { recursive: true });
    }
    const write = (at: string, text = ""): void => fs.writeFileSync(path.join(tmp, at), text);
    const link = (target: string, at: string): void => fs.symlinkSync(target, path.join(tmp, at));
    write("ws/sub/.git", "gitdir: ../../gd\n");
    write("gd/HEAD", "ref: refs/heads/main\n");
    write("notgit/HEAD", "not a repository\n");
    write("wt/HEAD", "ref: refs/heads/wt\n");
    write("wt/commondir", "../gd\n");
    link("../.vscode", "ws/docs/link");
    link("../src", "ws/docs/plain");
    link("../state", "ws/st");
    link("home", "home-link");
    link("shared/vscode", "ws2/.vscode");
    link(path.join(tmp, "ws2/dotfiles/bashrc"), "home2/.bashrc");
    ctx = { workspace: path.join(tmp, "ws"), wardenHome: path.join(tmp, "state"), home: path.join(tmp, "home") };
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const reasonFor = (input: string, context: ProtectionContext = ctx, options: Partial<ResolveOptions> = {}): string | null => {
    const resolved = resolveAgentPath(input, { workspace: context.workspace, home: context.home, ...options });
    if ("error" in resolved) assert.fail(`'${input}' gave an error: ${resolved.error}`);
    return protectedReason(resolved, context);
  };
  const attacks = (cases: ReadonlyArray<[string, RegExp]>, context: ProtectionContext = ctx): void => {
    for (const [input, pattern] of cases) {
      const reason = reasonFor(input, context);
      assert.ok(reason !== null, `'${input}' should be protected`);
      assert.match(reason, pattern, input);
    }
  };
  const benign = (inputs: readonly string[], context: ProtectionContext = ctx): void => {
    for (const input of inputs) assert.equal(reasonFor(input, context), null, `'${input}' should not be protected`);
  };

  test("attack: Warden's own state (audit log, db, token), also through a symlink; benign: a sibling with a longer name", () => {
    attacks([
      [path.join(tmp, "state/audit.db"), /Warden's own state/],
      [path.join(tmp, "state"), /Warden's own state/],
      ["st/auth-token", /Warden's own state/],
    ]);
    benign([path.join(tmp, "state-old/audit.db"), "state/audit.db"]);
  });

  test("attack: policy files in .warden/ at any depth; benign: look-alike names", () => {
    attacks([
      [".warden/policy.json", /Warden policy \(\.warden\/\)/],
      [".warden", /Warden policy/],
      ["packages/app/.warden/policy.json", /Warden policy/],
    ]);
    benign(["warden/policy.json", ".wardenrc", "docs/.warden.md", "src/warden.ts"]);
  });

  test("attack: editor and agent settings directories; benign: look-alikes and normal project content", () => {
    attacks([
      [".vscode/settings.json", /editor and agent settings \(\.vscode\/\)/],
      [".vscode/tasks.json", /\.vscode\//],
      [".claude/settings.local.json", /\.claude\//],
      [".codex/config.toml", /\.codex\//],
      [".cursor/rules/x.mdc", /\.cursor\//],
      [".windsurf/rules.md", /\.windsurf\//],
      [".continue/config.json", /\.continue\//],
      [".gemini/settings.json", /\.gemini\//],
      [".idea/watcherTasks.xml", /\.idea\//],
      [".github/hooks/warden.json", /agent hooks \(\.github\/hooks\/\)/],
      ["apps/web/.vscode/launch.json", /\.vscode\//],
    ]);
    benign(["vscode/settings.json", ".vscodeignore", ".vscode-test/run.js", "CLAUDE.md", "AGENTS.md", "docs/claude.md"]);
    benign([".github/workflows/ci.yml", ".github/CODEOWNERS", "src/hooks/use-thing.ts", ".githooks-notes.md"]);
  });

  test("attack: MCP configs wherever they are; benign: names that only contain them", () => {
    attacks([
      [".mcp.json", /MCP server config \(\.mcp\.json\)/],
      ["mcp.json", /MCP server config \(mcp\.json\)/],
      [".cursor/mcp.json", /\.cursor\//],
      [".vscode/mcp.json", /\.vscode\//],
      ["tools/mcp.json", /mcp\.json/],
    ]);
    benign(["mcp.json.example", "docs/mcp.md", "src/mcp-json.ts", "mcp.jsonc"]);
  });

  test("attack: user-level agent, editor, shell, ssh, git and npm configs in home; benign: other files in home", () => {
    attacks([
      ["~/.claude/settings.json", /\.claude\//],
      ["~/.claude.json", /\.claude\.json/],
      ["~/.codex/config.toml", /\.codex\//],
      ["~/.config/Code/User/settings.json", /editor user settings \(~\/\.config\/Code\/User\/\)/],
      ["~/.vscode/extensions/evil/package.json", /\.vscode\//],
      ["~/.cursor/mcp.json", /\.cursor\//],
      ["~/.bashrc", /shell startup file \(~\/\.bashrc\)/],
      ["~/.bash_profile", /shell startup file/],
      ["~/.profile", /shell startup file/],
      ["~/.zshrc", /shell startup file/],
      ["~/.zprofile", /shell startup file/],
      ["~/.zshenv", /shell startup file/],
      ["~/.config/fish/config.fish", /shell startup file \(~\/\.config\/fish\/\)/],
      ["~/.ssh/authorized_keys", /SSH keys and config/],
      ["~/.gitconfig", /git user config/],
      ["~/.config/git/config", /git user config/],
      ["~/.npmrc", /npm user config/],
      ["~/.vscode-server/data/Machine/settings.json", /editor server/],
    ]);
    benign(["~/notes.txt", "~/.bashrc.bak", "~/.sshx/key", "~/.config/Code/logs/main.log", "~/projects/app/.bashrc", "~/.npmrc-old"]);
  });

  test("attack: the home given as a symlink still protects the real home, and the other way round", () => {
    attacks([[path.join(tmp, "home/.bashrc"), /shell startup file/]], { ...ctx, home: path.join(tmp, "home-link") });
    attacks([[path.join(tmp, "home-link/.ssh/config"), /SSH keys/]]);
  });

  test("attack: git internals (hooks, config, info/, anything in .git) at any depth; benign: git's normal project files", () => {
    attacks([
      [".git/hooks/pre-commit", /git hooks \(\.git\/hooks\/\)/],
      [".git/config", /git config \(\.git\/config\)/],
      [".git/info/attributes", /git info \(\.git\/info\/\)/],
      [".git/HEAD", /git internals \(\.git\/\)/],
      [".git", /git repository entry \(\.git\)/],
      ["vendor/lib/.git/hooks/post-checkout", /git hooks/],
      ["packages/new/.git/config", /git config/],
    ]);
    benign([".gitmodules", ".gitignore", ".gitattributes", "src/.gitkeep", "git/config", "docs/git/hooks.md"]);
  });

  test("attack: a .git file (gitdir:) itself, and the git directory it points to under any name; benign: a directory with only a HEAD", () => {
    attacks([
      ["sub/.git", /git repository entry/],
      [path.join(tmp, "gd/hooks/pre-commit"), /git internals \(a git directory at .*gd\)/],
      [path.join(tmp, "gd/config"), /git directory at/],
      [path.join(tmp, "wt/config.worktree"), /git directory at .*wt\)/],
    ]);
    benign([path.join(tmp, "notgit/hooks/pre-commit"), "sub/README.md"]);
  });

  test("attack: case variants of protected names are refused on every platform", () => {
    attacks([
      [".VSCode/settings.json", /\.vscode\//],
      [".GIT/config", /git config/],
      [".Git/HOOKS/pre-push", /git hooks/],
      [".Claude/settings.json", /\.claude\//],
      [".MCP.JSON", /MCP/],
      [".Warden/Policy.json", /Warden policy/],
      ["~/.BASHRC", /shell startup file/],
      ["~/.SSH/id_ed25519", /SSH/],
      [".GitHub/Hooks/x.json", /agent hooks/],
    ]);
  });

  test("attack: Unicode look-alikes (fullwidth, invisible characters) fold onto the protected names", () => {
    attacks([
      ["\uFF0Evscode/settings.json", /\.vscode\//],
      [".\uFF56\uFF53\uFF43\uFF4F\uFF44\uFF45/settings.json", /\.vscode\//],
      [".g\u200Cit/config", /git config/],
      [".vs\u00ADcode/tasks.json", /\.vscode\//],
      ["\uFEFF.claude/settings.json", /\.claude\//],
      ["~/.bash\u200Drc", /shell startup file/],
    ]);
    benign(["\uFF0Evscodeignore", "caf\u00E9/notes.md"]);
  });

  test("attack: names Windows opens as protected ones (trailing dots and spaces, 8.3 short names, stream suffixes)", () => {
    attacks([
      [".vscode./settings.json", /\.vscode\//],
      [".git /config", /git config/],
      [".vscode. . /x", /\.vscode\//],
      [".mcp.json.", /MCP/],
      ["GIT~1/config", /git config/],
      ["VSCODE~1/settings.json", /\.vscode\//],
      [".git::$INDEX_ALLOCATION/hooks/x", /git hooks/],
      [".vscode\\settings.json", /\.vscode\//],
    ]);
    benign(["vscode~1.txt", "notes./a.md", "src/a.ts "]);
  });

  test("attack: a symlink into a protected directory is protected (docs/link -> ../.vscode); benign: a symlink elsewhere", () => {
    attacks([["docs/link/settings.json", /\.vscode\//]]);
    benign(["docs/plain/main.ts"]);
  });

  test("attack: a protected name that is a symlink elsewhere is still protected (lexical path checked too)", () => {
    fs.mkdirSync(path.join(tmp, "ws/sub/real-claude"));
    fs.symlinkSync("real-claude", path.join(tmp, "ws/sub/.claude"));
    attacks([["sub/.claude/settings.json", /\.claude\//]]);
  });

  test("attack: what a root-level protected entry links to is protected under its own name", () => {
    const ctx2 = { ...ctx, workspace: path.join(tmp, "ws2"), home: path.join(tmp, "home2") };
    attacks(
      [
        ["shared/vscode/settings.json", /\.vscode\//],
        ["dotfiles/bashrc", /shell startup file \(~\/\.bashrc\)/],
        ["~/.bashrc", /shell startup file/],
      ],
      ctx2,
    );
    benign(["shared/README.md", "dotfiles/vimrc"], ctx2);
  });

  test("the workspace root itself (rename or delete would carry its policy off); benign: its contents", () => {
    attacks([[".", /workspace root/], [path.join(tmp, "ws"), /workspace root/]]);
    benign(["src", "docs/readme.md"]);
  });

  test("isWithin compares whole names, with optional case folding", () => {
    assert.equal(isWithin("/projects/app-evil/x", "/projects/app", false), false);
    assert.equal(isWithin("/projects/app", "/projects/app", false), true);
    assert.equal(isWithin("/projects/app/", "/projects/app", false), true);
    assert.equal(isWithin("/projects/App/x", "/projects/app", false), false);
    assert.equal(isWithin("/projects/App/x", "/projects/app", true), true);
    assert.equal(isWithin("/projects", "/projects/app", true), false);
    assert.equal(isWithin("/x", "/", false), true);
    assert.throws(() => isWithin("work/app", "/projects", false), /absolute/);
  });

  test("foldName: NFKC, case, invisible characters, trailing dots and spaces, stream suffixes", () => {
    assert.equal(foldName("\uFF0E\uFF36\uFF33Code. "), ".vscode");
    assert.equal(foldName(".Git::$INDEX_ALLOCATION"), ".git");
    assert.equal(foldName("se\u200Bttings.json"), "settings.json");
    assert.equal(foldName("src"), "src");
  });
});
