// Display names of the contract's enums.
import { TimeUnitSchema } from "../../../clients/typescript/gen/crm/v1/metrics_pb.js";
import { ModelKind } from "../../../clients/typescript/gen/crm/v1/models_pb.js";

const kindNames: Record<ModelKind, string> = {
  [ModelKind.UNSPECIFIED]: "unspecified",
  [ModelKind.BG_NBD]: "BG/NBD",
  [ModelKind.PARETO_NBD]: "Pareto/NBD",
  [ModelKind.MBG_NBD]: "MBG/NBD",
  [ModelKind.BG_CNBD_K]: "BG/CNBD-k",
  [ModelKind.BG_BB]: "BG/BB",
  [ModelKind.SBG]: "sBG",
  [ModelKind.GAMMA_GAMMA]: "Gamma-Gamma",
};

export function kindName(kind: ModelKind): string {
  return kindNames[kind] ?? String(kind);
}

export function timeUnitName(unit: number): string {
  return TimeUnitSchema.values.find((v) => v.number === unit)?.localName.toLowerCase() ?? String(unit);
}
