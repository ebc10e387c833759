// The cells of a prediction grid's heatmaps (no DOM: unit-tested in Node).
import type { GetPredictionGridResponse } from "../../../clients/typescript/gen/crm/v1/models_pb.js";

/** A heatmap's cells, [recency column, frequency row, value]; "-" (ECharts' empty) where the history is impossible. */
export function gridCells(grid: GetPredictionGridResponse, pick: "probabilityAlive" | "expectedPurchases"): [number, number, number | "-"][] {
  return grid.rows.flatMap((row, r) => row[pick].map((value, c): [number, number, number | "-"] => [c, r, Number.isFinite(value) ? value : "-"]));
}
