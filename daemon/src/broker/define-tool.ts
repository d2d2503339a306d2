import { z } from "zod";
import { WardenError } from "../../../protocol/src/errors";
import { describeIssues } from "../../../protocol/src/frames";
import { BrokerTool, Plan, ToolContext } from "./types";

/**
 * Declares a broker tool once: its arguments as a zod schema (validated here and
 * listed to MCP clients as the JSON Schema generated from it), and how a valid call
 * becomes a plan. Validation errors name the field, so the agent can fix its call.
 */
export function defineTool<T>(spec: {
  name: string;
  description: string;
  args: z.ZodType<T>;
  plan: (args: T, ctx: ToolContext) => Plan | Promise<Plan>;
}): BrokerTool {
  const generated = z.toJSONSchema(spec.args, { io: "input" });
  // The dialect marker is left out: MCP clients differ in which draft they announce.
  const inputSchema: Record<string, unknown> = Object.fromEntries(Object.entries(generated).filter(([key]) => key !== "$schema"));
  return {
    name: spec.name,
    description: spec.description,
    inputSchema,
    prepare: async (raw, ctx) => {
      const parsed = spec.args.safeParse(raw);
      if (!parsed.success) throw new WardenError("invalid_params", `${spec.name}: invalid arguments: ${describeIssues(parsed.error)}`);
      return spec.plan(parsed.data, ctx);
    },
  };
}
