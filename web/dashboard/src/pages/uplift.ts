// Uplift: the recorded CRM changes (ListCrmChanges, paged) and, for the chosen one, MeasureUplift: treated vs
// control before and after, each uplift with its 95 % bootstrap interval, and the difference in differences.
import {
  UpliftMetric,
  UpliftMetricSchema,
  type MeasureUpliftResponse,
  type UpliftGroupResult,
} from "../../../../clients/typescript/gen/crm/v1/uplift_pb.js";
import { engagement, HEAVY_TIMEOUT_MS, uplift } from "../api.js";
import { chartBox, draw } from "../charts.js";
import { day, el, field, load, newestOnly, num, percent, select, table } from "../dom.js";
import { replaceParams, type Route } from "../route.js";
import { intervals } from "../upliftIntervals.js";
import { controls } from "./common.js";

const CHANGES_PAGE_SIZE = 100;

export async function renderUplift(main: HTMLElement, route: Route): Promise<void> {
  const changesSection = el("section", { id: "crm-changes" });
  main.append(el("h2", {}, "CRM changes"), changesSection);
  const tokens = [""];
  let pageIndex = 0;
  let chosen = route.rest[0] ?? "";
  const showChanges = async (): Promise<void> => {
    await load(changesSection, "ListCrmChanges", async () => {
      const answer = await engagement.listCrmChanges({ pageSize: CHANGES_PAGE_SIZE, pageToken: tokens[pageIndex] });
      if (answer.nextPageToken) tokens[pageIndex + 1] = answer.nextPageToken;
      if (answer.changes.length === 0) return el("p", {}, "No CRM change is recorded yet (EngagementService.RecordCrmChange).");
      if (!chosen && pageIndex === 0) chosen = answer.changes[0].id;
      const previous = el("button", { type: "button" }, "Previous");
      previous.disabled = pageIndex === 0;
      previous.addEventListener("click", () => {
        pageIndex--;
        void showChanges();
      });
      const next = el("button", { type: "button" }, "Next");
      next.disabled = !answer.nextPageToken;
      next.addEventListener("click", () => {
        pageIndex++;
        void showChanges();
      });
      return [
        table(
          ["Id", "Name", "Effective", "Treated", "Description"],
          answer.changes.map((c) => [
            el("a", { href: `#/uplift/${encodeURIComponent(c.id)}`, class: c.id === chosen ? "active" : "" }, c.id),
            c.name,
            day(c.effectiveAt),
            c.treatedSegment ? `segment ${c.treatedSegment}` : c.treatedCustomerIds.length > 0 ? `${c.treatedCustomerIds.length} customers` : "whole book",
            c.description,
          ]),
          { id: "changes-table" },
        ),
        el("div", { class: "pager" }, previous, next),
      ];
    });
  };
  await showChanges();
  if (chosen) await renderMeasurement(main, chosen, route.params);
}

const metricOptions: [string, string][] = UpliftMetricSchema.values
  .filter((v) => v.number !== UpliftMetric.UNSPECIFIED)
  .map((v) => [String(v.number), v.localName.replace(/_/g, " ").toLowerCase()]);

async function renderMeasurement(main: HTMLElement, changeId: string, params: URLSearchParams): Promise<void> {
  const metric = select("uplift-metric", metricOptions, params.get("metric") ?? String(UpliftMetric.REVENUE_PER_CUSTOMER));
  const control = el("input", { type: "text", id: "control-segment", value: params.get("control") ?? "", placeholder: "none" });
  const windowDays = el("input", { type: "number", id: "window-days", min: "1", max: "3650", value: params.get("window") ?? "90" });
  const samples = el("input", { type: "number", id: "bootstrap-samples", min: "100", max: "100000", value: params.get("samples") ?? "2000" });
  const chart = chartBox("uplift-intervals", 320);
  const result = el("div", { id: "uplift-result" });

  const newest = newestOnly();
  const refresh = async (): Promise<void> => {
    const signal = newest();
    replaceParams("uplift", [changeId], { metric: metric.value, control: control.value, window: windowDays.value, samples: samples.value });
    await load(result, "MeasureUplift", async () => {
      const answer = await uplift.measureUplift(
        {
          changeId,
          metric: Number(metric.value) as UpliftMetric,
          controlSegment: control.value.trim(),
          windowDays: Number(windowDays.value) || 0,
          bootstrapSamples: Number(samples.value) || 0,
          seed: 1n, // the same request gives the same intervals on every reload
        },
        { timeoutMs: HEAVY_TIMEOUT_MS, signal },
      );
      drawIntervals(chart, answer);
      return measurement(answer);
    }, signal);
  };

  main.append(
    el("h2", {}, `Uplift of ${changeId}`),
    controls(
      () => void refresh(),
      field("Metric", metric),
      field("Control segment", control),
      field("Window (days)", windowDays),
      field("Bootstrap samples", samples),
    ),
    chart,
    result,
  );
  await refresh();
}

interface RenderApi {
  value(dimension: number): number;
  coord(point: number[]): number[];
  size(point: number[]): number[];
}

function drawIntervals(box: HTMLElement, answer: MeasureUpliftResponse): void {
  const rows = intervals(answer);
  draw(box, {
    tooltip: { trigger: "axis" },
    grid: { left: 60, right: 20, top: 40, bottom: 40 },
    xAxis: { type: "category", data: rows.map((r) => r.name) },
    yAxis: { type: "value", name: "uplift", axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` } },
    series: [
      { name: "uplift", type: "bar", barWidth: "40%", data: rows.map((r) => r.uplift) },
      {
        name: "95 % interval",
        type: "custom",
        encode: { x: 0, y: [1, 2] }, // the value axis spans both ends of every interval
        data: rows.map((r, i) => [i, r.lower, r.upper]),
        renderItem: (_params: unknown, api: RenderApi) => {
          const low = api.coord([api.value(0), api.value(1)]);
          const high = api.coord([api.value(0), api.value(2)]);
          const half = api.size([1, 0])[0] * 0.12;
          const style = { stroke: "#222", lineWidth: 2 };
          return {
            type: "group",
            children: [
              { type: "line", shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style },
              { type: "line", shape: { x1: low[0] - half, y1: low[1], x2: low[0] + half, y2: low[1] }, style },
              { type: "line", shape: { x1: high[0] - half, y1: high[1], x2: high[0] + half, y2: high[1] }, style },
            ],
          };
        },
        z: 10,
      },
    ],
  });
}

function measurement(answer: MeasureUpliftResponse): HTMLElement[] {
  const row = (name: string, g: UpliftGroupResult | undefined): (string | HTMLElement)[] => [
    name,
    num(g?.customers),
    num(g?.baseline),
    num(g?.post),
    percent(g?.uplift),
    g?.ciLower !== undefined && g.ciUpper !== undefined ? `${percent(g.ciLower)} … ${percent(g.ciUpper)}` : "—",
  ];
  const rows = [row("Treated", answer.treated)];
  if (answer.control) rows.push(row("Control", answer.control));
  const did = answer.differenceInDifferences;
  return [
    el("p", {}, `Baseline ${day(answer.baselineStart)} – ${day(answer.effectiveAt)}, post ${day(answer.effectiveAt)} – ${day(answer.postEnd)}`),
    table(["Group", "Customers", "Baseline", "Post", "Uplift", "95 % interval"], rows, { id: "uplift-table" }),
    did ? el("p", {}, `Difference in differences: ${percent(did.estimate)} (${percent(did.ciLower)} … ${percent(did.ciUpper)})`) : el("span", {}),
    el(
      "p",
      { class: "muted" },
      `Pre-trend (uplift between the halves of the baseline): treated ${percent(answer.treatedPreTrend)}`,
      answer.control ? `, control ${percent(answer.controlPreTrend)}` : "",
    ),
    answer.warnings.length > 0 ? el("ul", { class: "warnings" }, ...answer.warnings.map((w) => el("li", {}, w))) : el("span", {}),
  ];
}
