// Overview: the portfolio KPIs of a period (GetPortfolioMetrics), per group when asked, and one metric's series
// (GetMetricSeries). Changing the period, grouping, granularity or metric reloads both and redraws the chart.
import { timestampMs } from "@bufbuild/protobuf/wkt";

import {
  PortfolioMetric,
  PortfolioMetricSchema,
  type GetPortfolioMetricsResponse,
  type PortfolioMetrics,
} from "../../../../clients/typescript/gen/crm/v1/metrics_pb.js";
import { metrics } from "../api.js";
import { metricField } from "../names.js";
import { chartBox, draw } from "../charts.js";
import { el, field, kpi, load, newestOnly, num, percent, select, table } from "../dom.js";
import { defaultPeriod, replaceParams, type Route } from "../route.js";
import {
  controls,
  dateField,
  dateInput,
  granularityOf,
  granularitySelect,
  groupDimension,
  groupingSelect,
  periodOf,
} from "./common.js";

type Figures = GetPortfolioMetricsResponse | PortfolioMetrics;

/** The KPI cards: label, field of PortfolioMetrics, how to show it. */
const cards: [string, keyof PortfolioMetrics & string, (v: number | bigint | undefined) => string][] = [
  ["Revenue", "revenue", num],
  ["Purchases", "purchases", num],
  ["Purchasing customers", "purchasingCustomers", num],
  ["Average purchase value", "averagePurchaseValue", num],
  ["Purchase frequency", "purchaseFrequency", num],
  ["Repeat purchase rate", "repeatPurchaseRate", (v) => percent(v as number | undefined)],
  ["Customers at start", "customersAtStart", num],
  ["Customers acquired", "customersAcquired", num],
  ["Customers lost", "customersLost", num],
  ["Customers at end", "customersAtEnd", num],
  ["Churn rate", "churnRate", (v) => percent(v as number | undefined)],
  ["Retention rate", "retentionRate", (v) => percent(v as number | undefined)],
  ["Average lifespan (years)", "averageLifespanYears", num],
  ["Historical CLV", "historicalClv", num],
  ["Revenue CLV", "revenueClv", num],
  ["Net CLV", "netClv", num],
  ["CAC", "cac", num],
  ["CLV : CAC", "clvToCacRatio", num],
  ["NPS", "nps", num],
  ["CSAT", "csat", (v) => percent(v as number | undefined)],
];

function metricLabel(metric: PortfolioMetric): string {
  const name = PortfolioMetricSchema.values.find((v) => v.number === metric)?.localName ?? String(metric);
  return name.replace(/_/g, " ").toLowerCase().replace(/^./, (c) => c.toUpperCase());
}

const seriesMetrics = PortfolioMetricSchema.values.map((v) => v.number as PortfolioMetric).filter((m) => m !== PortfolioMetric.UNSPECIFIED);

function kpiCards(figures: Figures): HTMLElement {
  const reasons = new Map(figures.unavailable.map((u) => [u.metric, u.reason]));
  return el(
    "div",
    { class: "kpis" },
    ...cards.map(([label, name, format]) => {
      const value = figures[name] as number | bigint | undefined;
      const reason = reasons.get(name);
      return kpi(label, format(value), name, value, reason ? `Unavailable: ${reason}` : undefined);
    }),
  );
}

export async function renderOverview(main: HTMLElement, route: Route): Promise<void> {
  const fallback = defaultPeriod();
  const from = dateInput("from", route.params.get("from") ?? fallback.from);
  const to = dateInput("to", route.params.get("to") ?? fallback.to);
  const group = groupingSelect(route.params.get("group") ?? "");
  const granularity = granularitySelect(route.params.get("granularity") ?? "month");
  const metric = select(
    "metric",
    seriesMetrics.map((m) => [String(m), metricLabel(m)]),
    route.params.get("metric") ?? String(PortfolioMetric.AVERAGE_PURCHASE_VALUE),
  );
  const inactivity = el("input", { type: "number", id: "inactivity", min: "0", max: "36500", step: "1", value: route.params.get("inactivity") ?? "0" });

  const kpiSection = el("section", { id: "portfolio" });
  const groupSection = el("section", { id: "groups" });
  const seriesChart = chartBox("metric-series");
  const seriesStatus = el("div", { id: "series-status" });

  const newest = newestOnly();
  const refresh = async (): Promise<void> => {
    const signal = newest();
    replaceParams("overview", [], {
      from: from.value,
      to: to.value,
      group: group.value,
      granularity: granularity.value,
      metric: metric.value,
      inactivity: inactivity.value === "0" ? "" : inactivity.value,
    });
    const period = periodOf(from.value, to.value);
    const groupBy = { dimension: groupDimension(group.value) };
    const churnDefinition = { inactivityDays: Number(inactivity.value) || 0 };
    const chosen = Number(metric.value) as PortfolioMetric;
    await Promise.all([
      load(kpiSection, "portfolio metrics", async () => {
        const answer = await metrics.getPortfolioMetrics({ period, groupBy, churnDefinition }, { signal });
        groupSection.replaceChildren(...groupTable(answer));
        return [el("h2", {}, "Portfolio"), kpiCards(answer)];
      }, signal),
      load(seriesStatus, "metric series", async () => {
        const answer = await metrics.getMetricSeries({
          range: period,
          granularity: granularityOf(granularity.value),
          metrics: [chosen],
          groupBy,
          churnDefinition,
        }, { signal });
        const name = metricField(chosen);
        const byGroup = new Map<string, [number, number | null][]>();
        for (const point of answer.points) {
          const value = (point.metrics?.[name as keyof PortfolioMetrics] as number | bigint | undefined) ?? null;
          const start = point.bucket?.start ? timestampMs(point.bucket.start) : 0;
          const line = byGroup.get(point.groupKey) ?? [];
          line.push([start, value === null ? null : Number(value)]);
          byGroup.set(point.groupKey, line);
        }
        draw(seriesChart, {
          tooltip: { trigger: "axis" },
          legend: { top: 0 },
          grid: { left: 60, right: 20, top: 40, bottom: 40 },
          xAxis: { type: "time" },
          yAxis: { type: "value", name: metricLabel(chosen), scale: true },
          series: [...byGroup].map(([key, data]) => ({
            name: key === "" ? (groupBy.dimension ? "Whole book" : metricLabel(chosen)) : key,
            type: "line",
            showSymbol: true,
            connectNulls: false,
            data,
          })),
        });
        seriesChart.dataset.rpcPoints = String(answer.points.length);
        return el("p", { class: "muted" }, `${answer.points.length} points; churn: ${churnText(answer.churnDefinition?.inactivityDays ?? 0)}`);
      }, signal),
    ]);
  };

  main.append(
    controls(
      () => void refresh(),
      dateField("From", from),
      dateField("To (exclusive)", to),
      field("Grouping", group),
      field("Series by", granularity),
      field("Series metric", metric),
      field("Inactivity days (0: server default)", inactivity),
    ),
    kpiSection,
    groupSection,
    el("section", {}, el("h2", {}, "Metric series"), seriesChart, seriesStatus),
  );
  await refresh();
}

function churnText(days: number): string {
  return days > 0 ? `recorded, else inferred ${days} days after the last purchase` : "recorded churn only";
}

function groupTable(answer: GetPortfolioMetricsResponse): HTMLElement[] {
  if (answer.groups.length === 0) return [];
  return [
    el("h2", {}, `Groups (${answer.groups.length})`),
    table(
      ["Group", "Customers at end", "Acquired", "Purchases", "Revenue", "APV", "Churn rate", "Historical CLV"],
      answer.groups.map((g) => [
        g.key === "" ? "(none)" : g.key,
        num(g.metrics?.customersAtEnd),
        num(g.metrics?.customersAcquired),
        num(g.metrics?.purchases),
        num(g.metrics?.revenue),
        num(g.metrics?.averagePurchaseValue),
        percent(g.metrics?.churnRate),
        num(g.metrics?.historicalClv),
      ]),
      { id: "group-table" },
    ),
  ];
}
