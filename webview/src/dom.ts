/**
 * Building DOM without markup strings: every text goes through textContent, so
 * agent-controlled text (targets, diffs, commit subjects) can never become markup.
 */
export interface ElementProps {
  className?: string;
  text?: string;
  id?: string;
  title?: string;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, children: ReadonlyArray<Node | string> = []): HTMLElementTagNameMap[K] {
  return apply(document.createElement(tag), props, children);
}

/** A custom element (vscode-button, vscode-textfield…), typed as a plain HTMLElement. */
export function custom(tag: `vscode-${string}`, props: ElementProps = {}, children: ReadonlyArray<Node | string> = []): HTMLElement {
  return apply(document.createElement(tag), props, children);
}

function apply<E extends HTMLElement>(node: E, props: ElementProps, children: ReadonlyArray<Node | string>): E {
  if (props.className !== undefined) node.className = props.className;
  if (props.id !== undefined) node.id = props.id;
  if (props.title !== undefined) node.title = props.title;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

export function clear(node: Node): void {
  while (node.firstChild !== null) node.removeChild(node.firstChild);
}
