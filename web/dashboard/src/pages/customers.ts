// Customers: the book paged (ListCustomers), one customer looked up (GetCustomer), its metrics, predictions,
// RFM and health (GetCustomerMetrics), and its purchases and refunds on a timeline (ListTransactions).
import { timestampMs } from "@bufbuild/protobuf/wkt";

import type { GetCustomerMetricsResponse } from "../../../../clients/typescript/gen/crm/v1/metrics_pb.js";
import { TransactionKind, type Transaction } from "../../../../clients/typescript/gen/crm/v1/transactions_pb.js";
import { customers, metrics, transactions } from "../api.js";
import { chartBox, draw } from "../charts.js";
import { day, el, field, kpi, load, newestOnly, num, percent, precise, table } from "../dom.js";
import { replaceParams, type Route } from "../route.js";
import { controls } from "./common.js";

const LIST_PAGE_SIZE = 50;
/** Transactions drawn on a customer's timeline: one page; a customer with more says so and shows the first. */
export const TIMELINE_PAGE_SIZE = 1000;

export async function renderCustomers(main: HTMLElement, route: Route): Promise<void> {
  const customerId = route.rest[0];
  const lookup = el("input", { type: "search", id: "customer-id", name: "customer-id", placeholder: "customer id", value: customerId ?? "" });
  main.append(
    controls(
      () => {
        if (lookup.value.trim()) window.location.hash = `#/customers/${encodeURIComponent(lookup.value.trim())}`;
      },
      field("Customer id", lookup),
      el("button", { type: "submit" }, "Look up"),
    ),
  );
  if (customerId) await renderCustomer(main, customerId, route.params);
  else await renderList(main, route.params);
}

async function renderList(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const segment = el("input", { type: "text", id: "segment", value: params.get("segment") ?? "" });
  const channel = el("input", { type: "text", id: "channel", value: params.get("channel") ?? "" });
  const list = el("section", { id: "customer-list" });
  const tokens: string[] = [""];
  let pageIndex = 0;
  const newest = newestOnly();
  const showPage = async (): Promise<void> => {
    const signal = newest();
    replaceParams("customers", [], { segment: segment.value, channel: channel.value });
    await load(list, "ListCustomers", async () => {
      const answer = await customers.listCustomers({
        pageSize: LIST_PAGE_SIZE,
        pageToken: tokens[pageIndex],
        segment: segment.value.trim(),
        channel: channel.value.trim(),
      }, { signal });
      if (answer.nextPageToken) tokens[pageIndex + 1] = answer.nextPageToken;
      const previous = el("button", { type: "button", id: "customers-previous" }, "Previous");
      previous.disabled = pageIndex === 0;
      previous.addEventListener("click", () => {
        pageIndex--;
        void showPage();
      });
      const next = el("button", { type: "button", id: "customers-next" }, "Next");
      next.disabled = !answer.nextPageToken;
      next.addEventListener("click", () => {
        pageIndex++;
        void showPage();
      });
      return [
        table(
          ["Id", "Name", "Segment", "Channel", "Acquired", "Churned"],
          answer.customers.map((c) => [
            el("a", { href: `#/customers/${encodeURIComponent(c.id)}` }, c.id),
            c.name,
            c.segment,
            c.channel,
            day(c.acquiredAt),
            c.churnedAt ? day(c.churnedAt) : "",
          ]),
          { id: "customers-table" },
        ),
        el("div", { class: "pager" }, previous, el("span", {}, `page ${pageIndex + 1}`), next),
      ];
    }, signal);
  };
  main.append(
    controls(
      () => {
        tokens.length = 1;
        pageIndex = 0;
        void showPage();
      },
      field("Segment", segment),
      field("Channel", channel),
    ),
    list,
  );
  await showPage();
}

async function renderCustomer(main: HTMLElement, customerId: string, params: URLSearchParams): Promise<void> {
  const horizon = el("input", { type: "number", id: "horizon", min: "0", step: "any", value: params.get("horizon") ?? "", placeholder: "default" });
  const profile = el("section", { id: "customer-profile" });
  const figures = el("section", { id: "customer-metrics" });
  const timeline = chartBox("customer-timeline", 300);
  const timelineStatus = el("div", { id: "timeline-status" });

  const newest = newestOnly();
  const refresh = async (): Promise<void> => {
    const signal = newest();
    replaceParams("customers", [customerId], { horizon: horizon.value });
    await Promise.all([
      load(profile, "GetCustomer", async () => {
        const customer = (await customers.getCustomer({ id: customerId }, { signal })).customer;
        if (!customer) throw new Error("GetCustomer answered without a customer");
        const attributes = Object.entries(customer.attributes).map(([k, v]) => `${k}=${v}`).join(", ");
        return [
          el("h2", {}, `Customer ${customer.id}`, customer.name ? ` — ${customer.name}` : ""),
          el(
            "p",
            {},
            `Acquired ${day(customer.acquiredAt)}`,
            customer.churnedAt ? `, churned ${day(customer.churnedAt)}` : "",
            customer.segment ? `, segment ${customer.segment}` : "",
            customer.channel ? `, channel ${customer.channel}` : "",
            customer.email ? `, ${customer.email}` : "",
            attributes ? `; ${attributes}` : "",
          ),
        ];
      }, signal),
      load(figures, "GetCustomerMetrics", async () => {
        const answer = await metrics.getCustomerMetrics({
          customerId,
          horizon: horizon.value === "" ? undefined : Number(horizon.value),
        }, { signal });
        return customerFigures(answer);
      }, signal),
      load(timelineStatus, "ListTransactions", async () => {
        const answer = await transactions.listTransactions({ customerId, pageSize: TIMELINE_PAGE_SIZE }, { signal });
        drawTimeline(timeline, answer.transactions);
        const more = answer.nextPageToken ? ` (the first ${TIMELINE_PAGE_SIZE}; the customer has more)` : "";
        return el("p", { class: "muted" }, `${answer.transactions.length} transactions${more}`);
      }, signal),
    ]);
  };

  main.append(
    el("p", {}, el("a", { href: "#/customers" }, "← All customers")),
    profile,
    controls(() => void refresh(), field("Prediction horizon (model time units)", horizon)),
    figures,
    el("section", {}, el("h2", {}, "Purchases and refunds"), timeline, timelineStatus),
  );
  await refresh();
}

function customerFigures(m: GetCustomerMetricsResponse): HTMLElement[] {
  const reasons = new Map(m.unavailable.map((u) => [u.metric, u.reason]));
  const optional = (label: string, name: keyof GetCustomerMetricsResponse & string, value: number | undefined, text: string): HTMLElement =>
    kpi(label, text, name, value, reasons.has(name) ? `Unavailable: ${reasons.get(name)}` : undefined);
  const health = m.health;
  const churn = m.churn;
  return [
    el("h2", {}, "Value and predictions", m.modelId ? ` (model ${m.modelId})` : " (no model)"),
    el(
      "div",
      { class: "kpis" },
      kpi("Historical CLV", num(m.historicalClv), "historicalClv", m.historicalClv),
      optional("Predictive CLV", "predictiveClv", m.predictiveClv, num(m.predictiveClv)),
      optional("P(alive)", "probabilityAlive", m.probabilityAlive, percent(m.probabilityAlive)),
      optional("Expected purchases", "expectedPurchases", m.expectedPurchases, precise(m.expectedPurchases)),
      optional("Expected purchase value", "expectedAverageValue", m.expectedAverageValue, num(m.expectedAverageValue)),
      kpi("Churned", churn?.churned ? `yes, ${day(churn.churnedAt)}${churn.inferred ? " (inferred)" : ""}` : "no", "churned"),
    ),
    m.unavailable.length > 0
      ? el("ul", { class: "warnings" }, ...m.unavailable.map((u) => el("li", {}, `${u.metric}: ${u.reason}`)))
      : el("span", {}),
    el("h2", {}, "RFM and health"),
    el(
      "div",
      { class: "kpis" },
      kpi("RFM code", m.rfm?.code ?? "—", "rfm.code"),
      kpi("Recency score", num(m.rfm?.recency), "rfm.recency", m.rfm?.recency),
      kpi("Frequency score", num(m.rfm?.frequency), "rfm.frequency", m.rfm?.frequency),
      kpi("Monetary score", num(m.rfm?.monetary), "rfm.monetary", m.rfm?.monetary),
      kpi("Health score", num(health?.score), "health.score", health?.score),
      kpi("Usage", num(health?.usage), "health.usage", health?.usage),
      kpi("Engagement", num(health?.engagement), "health.engagement", health?.engagement),
      kpi("Satisfaction", num(health?.satisfaction), "health.satisfaction", health?.satisfaction),
      kpi("Support", num(health?.support), "health.support", health?.support),
    ),
    el("h2", {}, "Purchase summary (model time units)"),
    el(
      "div",
      { class: "kpis" },
      kpi("Repeat purchases (x)", precise(m.summary?.frequency), "summary.frequency", m.summary?.frequency),
      kpi("Recency (t_x)", precise(m.summary?.recency), "summary.recency", m.summary?.recency),
      kpi("Age (T)", precise(m.summary?.age), "summary.age", m.summary?.age),
      kpi("Mean repeat value", num(m.summary?.monetaryValue), "summary.monetaryValue", m.summary?.monetaryValue),
    ),
  ];
}

/** The minor-unit digits of a currency (2 for USD, 0 for JPY), from the browser's own currency data. */
function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

function drawTimeline(box: HTMLElement, rows: Transaction[]): void {
  const major = (t: Transaction): number => Number(t.amountMinor) / 10 ** minorDigits(t.currency);
  const point = (t: Transaction): [number, number, string] => [t.occurredAt ? timestampMs(t.occurredAt) : 0, major(t), t.id];
  const purchases = rows.filter((t) => t.kind !== TransactionKind.REFUND).map(point);
  const refunds = rows.filter((t) => t.kind === TransactionKind.REFUND).map((t) => {
    const [time, amount, id] = point(t);
    return [time, -amount, id];
  });
  draw(box, {
    tooltip: { trigger: "item", formatter: (p: { value: [number, number, string] }) => `${new Date(p.value[0]).toISOString().slice(0, 10)}: ${p.value[1].toFixed(2)} (${p.value[2]})` },
    legend: { top: 0 },
    grid: { left: 60, right: 20, top: 40, bottom: 40 },
    xAxis: { type: "time" },
    yAxis: { type: "value", name: `amount (${rows[0]?.currency ?? "major units"})` },
    series: [
      { name: "Purchases", type: "scatter", symbolSize: 10, data: purchases },
      { name: "Refunds", type: "scatter", symbolSize: 10, data: refunds },
    ],
  });
}
