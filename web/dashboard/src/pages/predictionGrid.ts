// The frequency / recency heatmaps of a stored purchase model (ModelService.GetPredictionGrid): P(alive) and the
// expected purchases over the horizon, for a customer of age T with x repeat purchases, the last at recency t_x.
import type { GetPredictionGridResponse, Model } from "../../../../clients/typescript/gen/crm/v1/models_pb.js";
import { gridCells } from "../grid.js";
import { HEAVY_TIMEOUT_MS, models } from "../api.js";
import { chartBox, draw, heatColours } from "../charts.js";
import { el, field, load, newestOnly, precise } from "../dom.js";
import { timeUnitName } from "../names.js";
import { controls } from "./common.js";

function drawGrid(box: HTMLElement, grid: GetPredictionGridResponse, pick: "probabilityAlive" | "expectedPurchases", unit: string): void {
  const cells = gridCells(grid, pick);
  const values = cells.map((c) => c[2]).filter((v): v is number => v !== "-");
  draw(box, {
    tooltip: {
      formatter: (p: { value: [number, number, number | "-"] }) =>
        `x = ${grid.frequencies[p.value[1]]}, t_x = ${precise(grid.recencies[p.value[0]])} ${unit}: ${p.value[2] === "-" ? "impossible" : precise(p.value[2])}`,
    },
    grid: { left: 70, right: 90, top: 10, bottom: 50 },
    xAxis: { type: "category", data: grid.recencies.map((t) => precise(t)), name: `recency t_x (${unit})`, nameLocation: "middle", nameGap: 28 },
    yAxis: { type: "category", data: grid.frequencies.map(String), name: "repeat purchases x", nameLocation: "middle", nameGap: 45 },
    visualMap: {
      min: pick === "probabilityAlive" ? 0 : Math.min(0, ...values),
      max: pick === "probabilityAlive" ? 1 : Math.max(0.001, ...values),
      calculable: true,
      orient: "vertical",
      right: 0,
      top: "middle",
      inRange: { color: heatColours },
    },
    series: [{ name: pick === "probabilityAlive" ? "P(alive)" : "expected purchases", type: "heatmap", data: cells }],
  });
}

export async function predictionGridSection(model: Model, parent: HTMLElement): Promise<void> {
  const maxFrequency = el("input", { type: "number", id: "grid-max-frequency", min: "1", max: "200", value: "20" });
  const recencySteps = el("input", { type: "number", id: "grid-recency-steps", min: "1", max: "200", value: "20" });
  const age = el("input", { type: "number", id: "grid-age", min: "0", step: "any", value: "0" });
  const horizon = el("input", { type: "number", id: "grid-horizon", min: "0", step: "any", value: "0" });
  const aliveChart = chartBox("probability-alive-grid", 440);
  const purchasesChart = chartBox("expected-purchases-grid", 440);
  const status = el("div", { id: "grid-status" });
  const section = el(
    "section",
    { id: "prediction-grid" },
    el("h2", {}, "P(alive) and expected purchases by frequency and recency"),
    controls(
      () => void refresh(),
      field("Largest frequency", maxFrequency),
      field("Recency steps", recencySteps),
      field("Age T (0: the book's)", age),
      field("Horizon (0: a year)", horizon),
    ),
    status,
    el("div", { class: "pair" }, el("div", {}, el("h3", {}, "P(alive)"), aliveChart), el("div", {}, el("h3", {}, "Expected purchases"), purchasesChart)),
  );
  parent.append(section);

  const newest = newestOnly();
  const refresh = async (): Promise<void> => {
    const signal = newest();
    await load(status, "GetPredictionGrid", async () => {
      const grid = await models.getPredictionGrid(
        {
          modelId: model.id,
          maxFrequency: Number(maxFrequency.value) || 0,
          recencySteps: Number(recencySteps.value) || 0,
          age: Number(age.value) || 0,
          horizon: Number(horizon.value) || 0,
        },
        { timeoutMs: HEAVY_TIMEOUT_MS, signal },
      );
      const unit = grid.timeUnit ? timeUnitName(grid.timeUnit) : "";
      drawGrid(aliveChart, grid, "probabilityAlive", unit);
      drawGrid(purchasesChart, grid, "expectedPurchases", unit);
      return el("p", { class: "muted" }, `Age T = ${precise(grid.age)} ${unit}, expected purchases over the next ${precise(grid.horizon)} ${unit}; model ${grid.modelId}`);
    }, signal);
  };
  await refresh();
}
