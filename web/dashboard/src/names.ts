// Display names of the contract's enums.
import { PortfolioMetricsSchema, TimeUnitSchema, type PortfolioMetric } from "../../../clients/typescript/gen/crm/v1/metrics_pb.js";
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

/** The JSON name of the PortfolioMetrics field a series metric reads (the enum's number is the field's number). */
export function metricField(metric: PortfolioMetric): string {
  const found = PortfolioMetricsSchema.fields.find((f) => f.number === metric);
  if (!found) throw new Error(`no PortfolioMetrics field numbered ${metric}`);
  return found.localName;
}
