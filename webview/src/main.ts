// The webview bundle's entry: registers the vscode-elements components it uses and
// renders the page the host asked for (body data-page).
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-option/index.js";
import "@vscode-elements/elements/dist/vscode-single-select/index.js";
import "@vscode-elements/elements/dist/vscode-textfield/index.js";
import { ActivityPage } from "./activity/activity-page";
import { ApprovalPage } from "./approval/approval-page";

const root = document.getElementById("root");
if (root !== null) {
  if (document.body.dataset["page"] === "approval") new ApprovalPage(root);
  else new ActivityPage(root);
}
