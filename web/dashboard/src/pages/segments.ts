// Segments (SegmentCustomers, always paged): CLV tiers with their thresholds, the RFM grid of the customers loaded
// so far (a page of 1,000 at a time, never the whole book at once), and the at-risk list.
import { SegmentationKind, type CustomerSegment } from "../../../../clients/typescript/gen/crm/v1/metrics_pb.js";
import { HEAVY_TIMEOUT_MS, metrics } from "../api.js";
import { chartBox, draw, heatColours } from "../charts.js";
import { el, field, load, newestOnly, num, percent, table } from "../dom.js";
import { replaceParams, type Route } from "../route.js";
import { controls } from "./common.js";

const TABLE_PAGE_SIZE = 10;
export const RFM_PAGE_SIZE = 1000;

function customerLink(id: string): HTMLElement {
  return el("a", { href: `#/customers/${encodeURIComponent(id)}` }, id);
}

/** Prev / next buttons over page tokens; `show` reloads the current page. */
function pager(tokens: string[], state: { index: number }, nextToken: string, show: () => void): HTMLElement {
  if (nextToken) tokens[state.index + 1] = nextToken;
  const previous = el("button", { type: "button" }, "Previous");
  previous.disabled = state.index === 0;
  previous.addEventListener("click", () => {
    state.index--;
    show();
  });
  const next = el("button", { type: "button" }, "Next");
  next.disabled = !nextToken;
  next.addEventListener("click", () => {
    state.index++;
    show();
  });
  return el("div", { class: "pager" }, previous, el("span", {}, `page ${state.index + 1}`), next);
}

export async function renderSegments(main: HTMLElement, route: Route): Promise<void> {
  const quantiles = el("input", { type: "text", id: "tier-quantiles", value: route.params.get("quantiles") ?? "0.5,0.8,0.95" });
  const aliveBelow = el("input", { type: "number", id: "alive-below", min: "0", max: "1", step: "0.05", value: route.params.get("aliveBelow") ?? "0.5" });
  const valueQuantile = el("input", { type: "number", id: "value-quantile", min: "0", max: "1", step: "0.05", value: route.params.get("valueQuantile") ?? "0.8" });
  const tierChart = chartBox("clv-tier-thresholds", 260);
  const tierSection = el("div", { id: "clv-tiers" });
  const rfmChart = chartBox("rfm-grid", 360);
  const rfmSection = el("div", { id: "rfm-status" });
  const atRiskSection = el("div", { id: "at-risk" });

  const tierTokens = [""];
  const tierPage = { index: 0 };
  const newestTiers = newestOnly();
  const showTiers = async (): Promise<void> => {
    const signal = newestTiers();
    await load(tierSection, "CLV tiers", async () => {
      const answer = await metrics.segmentCustomers({
        kind: SegmentationKind.CLV_TIERS,
        tierQuantiles: quantiles.value.split(",").map((q) => q.trim()).filter((q) => q !== "").map(Number),
        pageSize: TABLE_PAGE_SIZE,
        pageToken: tierTokens[tierPage.index],
      }, { signal });
      const cuts = quantiles.value.split(",").map((q) => q.trim()).filter((q) => q !== "");
      draw(tierChart, {
        tooltip: { trigger: "axis" },
        grid: { left: 60, right: 20, top: 20, bottom: 40 },
        xAxis: { type: "category", data: answer.tierThresholds.map((_, i) => `q ${cuts[i] ?? i}`) },
        yAxis: { type: "value", name: "historical CLV" },
        series: [{ name: "CLV at the quantile", type: "bar", data: answer.tierThresholds }],
      });
      return [
        el("p", { class: "muted" }, `${num(answer.totalSize)} customers; tier 1 is the top tier; highest CLV first`),
        segmentTable(answer.customers, true),
        pager(tierTokens, tierPage, answer.nextPageToken, () => void showTiers()),
      ];
    }, signal);
  };

  // The RFM grid counts the customers of the pages loaded so far; "load more" adds the next page.
  const grid = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => 0));
  let rfmLoaded = 0;
  let rfmToken = "";
  const loadRfm = async (): Promise<void> => {
    await load(rfmSection, "RFM scores", async () => {
      const answer = await metrics.segmentCustomers({ kind: SegmentationKind.RFM, pageSize: RFM_PAGE_SIZE, pageToken: rfmToken });
      for (const c of answer.customers) {
        if (c.rfm && c.rfm.recency >= 1 && c.rfm.frequency >= 1) grid[c.rfm.recency - 1][c.rfm.frequency - 1]++;
      }
      rfmLoaded += answer.customers.length;
      rfmToken = answer.nextPageToken;
      const cells = grid.flatMap((row, r) => row.map((count, f) => [f, r, count]));
      draw(rfmChart, {
        tooltip: { formatter: (p: { value: [number, number, number] }) => `R ${p.value[1] + 1}, F ${p.value[0] + 1}: ${p.value[2]} customers` },
        grid: { left: 80, right: 90, top: 20, bottom: 50 },
        xAxis: { type: "category", data: ["1", "2", "3", "4", "5"], name: "frequency score", nameLocation: "middle", nameGap: 28 },
        yAxis: { type: "category", data: ["1", "2", "3", "4", "5"], name: "recency score", nameLocation: "middle", nameGap: 40 },
        visualMap: { min: 0, max: Math.max(1, ...cells.map((c) => c[2])), calculable: true, orient: "vertical", right: 0, top: "middle", inRange: { color: heatColours } },
        series: [{ name: "customers", type: "heatmap", data: cells, label: { show: true } }],
      });
      rfmChart.dataset.customers = String(rfmLoaded);
      const more = el("button", { type: "button", id: "rfm-more" }, `Load ${RFM_PAGE_SIZE.toLocaleString("en-US")} more`);
      more.disabled = !rfmToken;
      more.addEventListener("click", () => void loadRfm());
      return [el("p", { class: "muted" }, `${num(rfmLoaded)} of ${num(answer.totalSize)} customers (by id) counted `, more)];
    });
  };

  const atRiskTokens = [""];
  const atRiskPage = { index: 0 };
  const newestAtRisk = newestOnly();
  const showAtRisk = async (): Promise<void> => {
    const signal = newestAtRisk();
    await load(atRiskSection, "At-risk list", async () => {
      const answer = await metrics.segmentCustomers(
        {
          kind: SegmentationKind.AT_RISK,
          probabilityAliveBelow: Number(aliveBelow.value),
          minValueQuantile: Number(valueQuantile.value),
          pageSize: TABLE_PAGE_SIZE,
          pageToken: atRiskTokens[atRiskPage.index],
        },
        { timeoutMs: HEAVY_TIMEOUT_MS, signal },
      );
      return [
        el("p", { class: "muted" }, `${num(answer.totalSize)} customers at risk: P(alive) below ${aliveBelow.value}, value in the top ${percent(1 - Number(valueQuantile.value))}`),
        segmentTable(answer.customers, false),
        pager(atRiskTokens, atRiskPage, answer.nextPageToken, () => void showAtRisk()),
      ];
    }, signal);
  };

  const refresh = async (): Promise<void> => {
    replaceParams("segments", [], { quantiles: quantiles.value, aliveBelow: aliveBelow.value, valueQuantile: valueQuantile.value });
    tierTokens.length = 1;
    tierPage.index = 0;
    atRiskTokens.length = 1;
    atRiskPage.index = 0;
    await Promise.all([showTiers(), showAtRisk()]);
  };

  main.append(
    controls(
      () => void refresh(),
      field("CLV tier quantiles", quantiles),
      field("At risk: P(alive) below", aliveBelow),
      field("At risk: value quantile at least", valueQuantile),
    ),
    el("section", {}, el("h2", {}, "CLV tiers"), tierChart, tierSection),
    el("section", {}, el("h2", {}, "RFM grid: customers by recency and frequency score"), rfmChart, rfmSection),
    el("section", {}, el("h2", {}, "At risk: valuable customers unlikely to be alive"), atRiskSection),
  );
  await Promise.all([refresh(), loadRfm()]);
}

function segmentTable(rows: CustomerSegment[], tiers: boolean): HTMLElement {
  return table(
    tiers ? ["Customer", "Historical CLV", "Tier", "RFM", "Health"] : ["Customer", "Historical CLV", "P(alive)", "RFM", "Health"],
    rows.map((c) => [
      customerLink(c.customerId),
      num(c.historicalClv),
      tiers ? String(c.clvTier) : percent(c.probabilityAlive),
      c.rfm?.code ?? "",
      num(c.health?.score),
    ]),
    { class: tiers ? "clv-tier-table" : "at-risk-table" },
  );
}
