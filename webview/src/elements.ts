/** Reading and writing the `value` of vscode-elements' form controls, which TypeScript sees as plain HTMLElements. */
export function valueOf(node: HTMLElement): string {
  const value: unknown = Reflect.get(node, "value");
  return typeof value === "string" ? value : "";
}

export function setValue(node: HTMLElement, value: string): void {
  Reflect.set(node, "value", value);
}

export function setDisabled(node: HTMLElement, disabled: boolean): void {
  node.toggleAttribute("disabled", disabled);
}
