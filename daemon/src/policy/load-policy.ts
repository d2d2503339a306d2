import fs from "node:fs";
import { Node as JsonNode, ParseError, findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode } from "jsonc-parser";
import { LineIndex } from "../text/line-index";
import { PolicyFile, policyFile } from "./policy-file";

export type PolicyLayer = "managed" | "workspace" | "user";

export interface LoadedPolicy {
  file: string;
  layer: PolicyLayer;
  policy: PolicyFile;
  /** 1-based line of each rule in `policy.rules`, for "decided by rule X at file:line". */
  ruleLines: number[];
}

/** A problem in a policy file, located so an editor or a CI log can point at it. */
export interface PolicyProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export type LoadResult = { ok: true; loaded: LoadedPolicy } | { ok: false; problems: PolicyProblem[] };

/** Largest policy file accepted: a policy is a page of rules, not a data set. */
const MAX_POLICY_BYTES = 1024 * 1024;

/** Reads and validates a policy file; a missing file is `null` (that layer is absent). */
export function loadPolicyFile(file: string, layer: PolicyLayer): LoadResult | null {
  let text: string;
  try {
    const st = fs.statSync(file);
    if (st.size > MAX_POLICY_BYTES) return problem(file, 1, 1, `policy file is larger than ${MAX_POLICY_BYTES} bytes`);
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if (err instanceof Error && "code" in err && err.code === "ENOENT") return null;
    return problem(file, 1, 1, `cannot read: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parsePolicyText(text, file, layer);
}

/** Parses JSON with comments, validates against the schema, and locates every problem by line and column. */
export function parsePolicyText(text: string, file: string, layer: PolicyLayer): LoadResult {
  const index = new LineIndex(text);
  const at = (offset: number) => index.position(offset);
  const syntax: ParseError[] = [];
  const root = parseTree(text, syntax, { allowTrailingComma: true, disallowComments: false });
  if (syntax.length > 0 || root === undefined) {
    const problems = syntax.map((e) => ({ file, ...at(e.offset), message: `JSON syntax: ${printParseErrorCode(e.error)}` }));
    return { ok: false, problems: problems.length > 0 ? problems : [{ file, line: 1, column: 1, message: "the file is empty" }] };
  }
  const value: unknown = getNodeValue(root);
  const parsed = policyFile.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const node = nearestNode(root, issue.path.filter((p) => typeof p !== "symbol"));
      const where = issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ` : "";
      return { file, ...at(node.offset), message: `${where}${issue.message}` };
    });
    return { ok: false, problems };
  }
  const ruleLines = parsed.data.rules.map((_, i) => at(findNodeAtLocation(root, ["rules", i])?.offset ?? 0).line);
  const seen = new Map<string, number>();
  const duplicates: PolicyProblem[] = [];
  parsed.data.rules.forEach((rule, i) => {
    const first = seen.get(rule.id);
    if (first !== undefined) duplicates.push({ file, line: ruleLines[i] ?? 1, column: 1, message: `rule id '${rule.id}' is used twice (first at line ${first})` });
    else seen.set(rule.id, ruleLines[i] ?? 1);
  });
  if (duplicates.length > 0) return { ok: false, problems: duplicates };
  return { ok: true, loaded: { file, layer, policy: parsed.data, ruleLines } };
}

export function formatProblem(p: PolicyProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

function problem(file: string, line: number, column: number, message: string): LoadResult {
  return { ok: false, problems: [{ file, line, column, message }] };
}

/** The deepest node that exists along `path`, so an error points as close as it can. */
function nearestNode(root: JsonNode, path: Array<string | number>): JsonNode {
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n));
    if (node !== undefined) return node.parent?.type === "property" && n === path.length ? node.parent : node;
  }
  return root;
}
