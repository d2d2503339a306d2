import { clear, el } from "../dom";
import { WhyExplanation } from "../messages";

/**
 * A decision's explanation: the decision, the rule, where it is written (a link
 * that asks the host to open the policy at that line) and the reason. All text
 * goes through textContent: the target and reason can be agent-controlled.
 */
export function renderWhy(section: HTMLElement, why: WhyExplanation, openRule: () => void): void {
  clear(section);
  const fact = (label: string, value: Node | string, id: string): HTMLElement[] => [el("dt", { text: label }), el("dd", { id }, [value])];
  let source: Node | string;
  if (why.location !== null) {
    const link = el("a", { id: "why-source", text: why.location.label, attrs: { href: "#", title: "Open the policy at this rule" } });
    link.addEventListener("click", (event) => {
      event.preventDefault();
      openRule();
    });
    source = link;
  } else {
    source = why.source === null ? "no rule matched" : why.source === "builtin" || why.rule?.startsWith("builtin:") === true ? "built into Warden (no policy can lift it)" : why.source;
  }
  section.append(
    el("h3", { text: "Why?" }),
    el("dl", { className: "facts" }, [
      ...fact("Decision", (why.decision ?? "?").toUpperCase(), "why-decision"),
      ...fact("Rule", why.rule ?? "none (the policy's default)", "why-rule"),
      ...fact("Source", source, "why-source-cell"),
      ...fact("Reason", why.reason, "why-reason"),
    ]),
  );
}
