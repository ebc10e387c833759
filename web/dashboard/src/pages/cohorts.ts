// Cohorts: acquisition cohorts × periods since acquisition (GetCohortRetention): the retention heatmap and
// the cumulative revenue per customer of each cohort.
import { Granularity } from "../../../../clients/typescript/gen/crm/v1/common_pb.js";
import { metrics } from "../api.js";
import { chartBox, draw, heatColours } from "../charts.js";
import { day, dayTimestamp, el, field, load, newestOnly } from "../dom.js";
import { defaultPeriod, replaceParams, type Route } from "../route.js";
import { controls, dateField, dateInput, granularities, granularityOf, granularitySelect, periodOf } from "./common.js";

export async function renderCohorts(main: HTMLElement, route: Route): Promise<void> {
  const fallback = defaultPeriod();
  const from = dateInput("from", route.params.get("from") ?? fallback.from);
  const to = dateInput("to", route.params.get("to") ?? fallback.to);
  const granularity = granularitySelect(
    route.params.get("granularity") ?? "month",
    granularities.filter(([, , g]) => g !== Granularity.YEAR), // cohorts come by month or quarter
  );
  const asOf = dateInput("as-of", route.params.get("asOf") ?? "");
  asOf.required = false;
  const retentionChart = chartBox("cohort-retention", 420);
  const revenueChart = chartBox("cohort-revenue", 360);
  const status = el("div", { id: "cohort-status" });

  const newest = newestOnly();
  const refresh = async (): Promise<void> => {
    const signal = newest();
    replaceParams("cohorts", [], { from: from.value, to: to.value, granularity: granularity.value, asOf: asOf.value });
    await load(status, "cohort retention", async () => {
      const answer = await metrics.getCohortRetention({
        range: periodOf(from.value, to.value),
        granularity: granularityOf(granularity.value),
        asOf: asOf.value ? dayTimestamp(asOf.value) : undefined, // empty: the server's default, now
      }, { signal });
      const labels = answer.cohorts.map((c) => `${day(c.acquired?.start)} (${c.customers.toLocaleString("en-US")})`);
      const longest = Math.max(0, ...answer.cohorts.map((c) => c.periods.length));
      const indexes = Array.from({ length: longest }, (_, i) => String(i));
      draw(retentionChart, {
        tooltip: {
          position: "top",
          formatter: (p: { value: [number, number, number] }) =>
            `${labels[p.value[1]]}<br>period ${p.value[0]}: ${(p.value[2] * 100).toFixed(1)} % active`,
        },
        grid: { left: 150, right: 90, top: 20, bottom: 50 },
        xAxis: { type: "category", data: indexes, name: "periods since acquisition", nameLocation: "middle", nameGap: 28 },
        yAxis: { type: "category", data: labels, inverse: true },
        visualMap: { min: 0, max: 1, calculable: true, orient: "vertical", right: 0, top: "middle", inRange: { color: heatColours } },
        series: [
          {
            name: "retention",
            type: "heatmap",
            data: answer.cohorts.flatMap((c, row) => c.periods.map((p) => [p.index, row, p.retention])),
          },
        ],
      });
      draw(revenueChart, {
        tooltip: { trigger: "axis" },
        legend: { type: "scroll", top: 0 },
        grid: { left: 60, right: 20, top: 40, bottom: 40 },
        xAxis: { type: "category", data: indexes, name: "periods since acquisition", nameLocation: "middle", nameGap: 28 },
        yAxis: { type: "value", name: "revenue per customer" },
        series: answer.cohorts.map((c, row) => ({
          name: labels[row],
          type: "line",
          data: c.periods.map((p) => [String(p.index), p.cumulativeRevenuePerCustomer]),
        })),
      });
      const customers = answer.cohorts.reduce((sum, c) => sum + c.customers, 0n);
      return el("p", { class: "muted" }, `${answer.cohorts.length} cohorts, ${customers.toLocaleString("en-US")} customers`);
    }, signal);
  };

  main.append(
    controls(() => void refresh(), dateField("Acquired from", from), dateField("to (exclusive)", to), field("Cohorts by", granularity), dateField("Observed until (empty: now)", asOf)),
    status,
    el("section", {}, el("h2", {}, "Retention: share of each cohort purchasing, by period since acquisition"), retentionChart),
    el("section", {}, el("h2", {}, "Cumulative revenue per customer"), revenueChart),
  );
  await refresh();
}
