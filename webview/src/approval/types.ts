import { ApprovalInfo } from "../../../protocol/src/approvals";

export type ApprovalData = ApprovalInfo["context"]["data"];
