export { API_KEY_HEADER, CrmClient, fieldViolations, type CrmClientOptions, type CustomerInit, type TransactionInit } from "./client.js";
export { Code, ConnectError } from "@connectrpc/connect";
export { timestampFromDate, timestampDate } from "@bufbuild/protobuf/wkt";
