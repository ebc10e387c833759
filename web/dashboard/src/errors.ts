// What a failed call says to a person (no DOM, no transport: unit-tested in Node).
import { Code, ConnectError } from "@connectrpc/connect";

import { BadRequestSchema } from "../../../clients/typescript/gen/google/rpc/error_details_pb.js";

/** gRPC's name of a status code: Code.InvalidArgument is "INVALID_ARGUMENT". */
export function codeName(code: Code): string {
  return (Code[code] ?? String(code)).replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

/** What a failed call says to a person: the status name, the server's message, and each bad field of a BadRequest. */
export interface CallProblem {
  code: string;
  message: string;
  fields: { field: string; description: string }[];
}

export function describeError(error: unknown): CallProblem {
  const failure = ConnectError.from(error);
  const fields = failure
    .findDetails(BadRequestSchema)
    .flatMap((bad) => bad.fieldViolations.map((v) => ({ field: v.field, description: v.description })));
  return { code: codeName(failure.code), message: failure.rawMessage, fields };
}
