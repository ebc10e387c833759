// Apache ECharts, tree-shaken: only the chart types and components the pages draw are bundled.
import { BarChart, CustomChart, HeatmapChart, LineChart, ScatterChart } from "echarts/charts";
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

import { el } from "./dom.js";

echarts.use([
  BarChart,
  CustomChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

const live = new Set<echarts.ECharts>();

/** A chart's container; `data-chart` names it for the browser test. */
export function chartBox(name: string, height = 320): HTMLDivElement {
  return el("div", { class: "chart", "data-chart": name, style: `height:${height}px` });
}

/**
 * Draws (or redraws) a chart in its container. Afterwards the container says what ECharts holds:
 * `data-points` is the number of data items over every series, `data-draws` counts the draws.
 */
export function draw(box: HTMLElement, option: ChartOption): void {
  let chart = echarts.getInstanceByDom(box);
  if (!chart) {
    chart = echarts.init(box, undefined, { renderer: "canvas" });
    live.add(chart);
  }
  chart.setOption({ animation: false, ...option }, true);
  const held = chart.getOption() as { series?: { data?: unknown[] }[] };
  const points = (held.series ?? []).reduce((sum, series) => sum + (series.data?.length ?? 0), 0);
  box.dataset.points = String(points);
  box.dataset.draws = String(Number(box.dataset.draws ?? "0") + 1);
}

/** Frees the charts of the page being left. */
export function disposeCharts(): void {
  for (const chart of live) chart.dispose();
  live.clear();
}

window.addEventListener("resize", () => {
  for (const chart of live) chart.resize();
});

/** The palette's colours for a heatmap's visual map. */
export const heatColours = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"];
