// The dashboard in a real browser (Debian's chromium driven by playwright-core) against the built server seeded
// with the CDNOW sample and a fit with a holdout. Each page must load without console errors, each chart must hold
// as many points as the RPC answers say (the test asks the same RPCs itself, over gRPC-Web), changing the period or
// the grouping must redraw, and the customer page must show GetCustomerMetrics' numbers. A second server with an
// API key checks the key prompt. Screenshots go to test-output/screenshots (and, with --screenshots, to
// docs/screenshots).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { chromium, type BrowserContext, type Page } from "playwright-core";

import { GroupByDimension, Granularity } from "../../../clients/typescript/gen/crm/v1/common_pb.js";
import { CustomerSchema, CustomerService } from "../../../clients/typescript/gen/crm/v1/customers_pb.js";
import { EngagementService } from "../../../clients/typescript/gen/crm/v1/engagement_pb.js";
import { MetricsService, PortfolioMetric, SegmentationKind } from "../../../clients/typescript/gen/crm/v1/metrics_pb.js";
import { ModelService } from "../../../clients/typescript/gen/crm/v1/models_pb.js";
import { TransactionService } from "../../../clients/typescript/gen/crm/v1/transactions_pb.js";
import { UpliftMetric, UpliftService } from "../../../clients/typescript/gen/crm/v1/uplift_pb.js";
import { intervals } from "../src/upliftIntervals.js";
import { crm, repoRoot, sharedData, startServer, type RunningServer } from "./server.js";

const cdnowSample = path.join(sharedData, "lifetimes__CDNOW_sample.txt");
const outputDir = path.join(repoRoot, "web/dashboard/test-output");
const screenshotDir = process.env.CRM_DASHBOARD_SCREENSHOTS; // set by test.sh --screenshots
const chromiumPath = process.env.CRM_CHROMIUM ?? "/usr/bin/chromium";
const READY_TIMEOUT_MS = 60_000;

const day = (text: string) => timestampFromDate(new Date(`${text}T00:00:00Z`));

/** A fresh profile each run; the flags keep Chromium off the network (this machine's is closed) and quiet. */
async function launch(): Promise<{ context: BrowserContext; dispose: () => Promise<void> }> {
  const profile = await mkdtemp(path.join(tmpdir(), "crm-dashboard-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    dispose: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

interface OpenPage {
  page: Page;
  consoleErrors: string[];
}

/** Opens a hash route in a new tab and waits until the page says it is ready. */
async function open(context: BrowserContext, base: string, hash: string, waitReady = true): Promise<OpenPage> {
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));
  await page.goto(`${base}/#/${hash}`);
  if (waitReady) await page.waitForSelector("main[data-ready=true]", { timeout: READY_TIMEOUT_MS });
  return { page, consoleErrors };
}

async function screenshot(page: Page, name: string): Promise<void> {
  const file = path.join(outputDir, "screenshots", `${name}.png`);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // no focus ring in the picture
  await page.screenshot({ path: file, fullPage: true });
  if (screenshotDir) {
    await mkdir(screenshotDir, { recursive: true });
    await copyFile(file, path.join(screenshotDir, `${name}.png`));
  }
}

async function points(page: Page, chart: string): Promise<number> {
  const value = await page.getAttribute(`[data-chart="${chart}"]`, "data-points");
  assert.notEqual(value, null, `chart ${chart} was never drawn`);
  return Number(value);
}

/** Waits until a chart was drawn more often than `draws` and no section is loading. */
async function redrawn(page: Page, chart: string, draws: number): Promise<void> {
  await page.waitForFunction(
    ([name, before]) =>
      Number(document.querySelector(`[data-chart="${name}"]`)?.getAttribute("data-draws") ?? "0") > before &&
      document.querySelector("[aria-busy]") === null,
    [chart, draws] as const,
    { timeout: READY_TIMEOUT_MS },
  );
}

async function draws(page: Page, chart: string): Promise<number> {
  return Number((await page.getAttribute(`[data-chart="${chart}"]`, "data-draws")) ?? "0");
}

const skipReason = existsSync(cdnowSample) ? false : `skipped: ${cdnowSample} is absent (the shared reference data sets)`;
if (skipReason) console.log(`dashboard browser tests ${skipReason}`);

describe("the dashboard on the CDNOW sample", { skip: skipReason }, () => {
  let work = "";
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launch>>;
  let api: {
    customers: ReturnType<typeof createClient<typeof CustomerService>>;
    engagement: ReturnType<typeof createClient<typeof EngagementService>>;
    metrics: ReturnType<typeof createClient<typeof MetricsService>>;
    models: ReturnType<typeof createClient<typeof ModelService>>;
    transactions: ReturnType<typeof createClient<typeof TransactionService>>;
    uplift: ReturnType<typeof createClient<typeof UpliftService>>;
  };
  const changeId = "newsletter-1997-07";

  before(async () => {
    await rm(path.join(outputDir, "screenshots"), { recursive: true, force: true });
    await mkdir(path.join(outputDir, "screenshots"), { recursive: true });
    work = await mkdtemp(path.join(tmpdir(), "crm-dashboard-test-"));
    // CDNOW records eight first orders at $0.00: served with zero-value purchases allowed, as the README's tour does.
    server = await startServer(path.join(work, "crm.db"), ["--Crm:AllowZeroAmountPurchases=true"]);
    await crm(server, "import", "cdnow", cdnowSample);
    await crm(server, "fit", "--calibration-end", "1997-09-30", "--unit", "weeks", "--holdout-end", "1998-06-30", "--models", "bg-nbd,pareto-nbd,gamma-gamma");

    // The same transport the dashboard uses, from Node: what the test compares the pages with.
    const transport = createGrpcWebTransport({ baseUrl: server.webAddress, defaultTimeoutMs: 60_000 });
    api = {
      customers: createClient(CustomerService, transport),
      engagement: createClient(EngagementService, transport),
      metrics: createClient(MetricsService, transport),
      models: createClient(ModelService, transport),
      transactions: createClient(TransactionService, transport),
      uplift: createClient(UpliftService, transport),
    };
    // CDNOW has no segments: 200 customers get "newsletter" and 200 "control", for the grouping and the uplift pages.
    const first = await api.customers.listCustomers({ pageSize: 400 });
    const updates = first.customers.map((c, i) =>
      create(CustomerSchema, { id: c.id, segment: i < 200 ? "newsletter" : "control" }),
    );
    for (let i = 0; i < updates.length; i += 20) {
      await Promise.all(updates.slice(i, i + 20).map((customer) => api.customers.updateCustomer({ customer, updateMask: { paths: ["segment"] } })));
    }
    await api.engagement.recordCrmChange({
      change: { id: changeId, name: "Monthly newsletter", effectiveAt: day("1997-07-01"), description: "A newsletter to the newsletter segment", treatedSegment: "newsletter" },
    });
    browser = await launch();
  });

  after(async () => {
    await browser?.dispose();
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test("every page loads with its defaults and no console error", async () => {
    for (const hash of ["overview", "cohorts", "models", "customers", "segments", "uplift"]) {
      const { page, consoleErrors } = await open(browser.context, server.webAddress, hash);
      assert.equal(await page.locator(".error").count(), 0, `${hash}: ${await page.locator(".error").allTextContents()}`);
      assert.deepEqual(consoleErrors, [], `${hash}: console errors`);
      await page.close();
    }
  });

  test("overview: KPIs and the series match the RPCs, and changing the period or the grouping redraws", async () => {
    const metric = PortfolioMetric.AVERAGE_PURCHASE_VALUE;
    const { page, consoleErrors } = await open(browser.context, server.webAddress, `overview?from=1997-01-01&to=1998-07-01&granularity=month&metric=${metric}&inactivity=180`);
    const portfolio = await api.metrics.getPortfolioMetrics({ period: { start: day("1997-01-01"), end: day("1998-07-01") }, churnDefinition: { inactivityDays: 180 } });
    assert.equal(await page.getAttribute('[data-metric="purchases"]', "data-value"), String(portfolio.purchases));
    assert.equal(await page.getAttribute('[data-metric="revenue"]', "data-value"), String(portfolio.revenue));
    assert.equal(await page.getAttribute('[data-metric="averagePurchaseValue"]', "data-value"), String(portfolio.averagePurchaseValue));
    assert.ok(portfolio.historicalClv !== undefined, "the inactivity window gives a lifespan");
    assert.equal(await page.getAttribute('[data-metric="historicalClv"]', "data-value"), String(portfolio.historicalClv));

    const series = (from: string, to: string, granularity: Granularity, dimension: GroupByDimension) =>
      api.metrics.getMetricSeries({ range: { start: day(from), end: day(to) }, granularity, metrics: [metric], groupBy: { dimension } });
    const monthly = await series("1997-01-01", "1998-07-01", Granularity.MONTH, GroupByDimension.UNSPECIFIED);
    assert.equal(monthly.points.length, 18);
    assert.equal(await points(page, "metric-series"), monthly.points.length);

    // The period: a shorter range has fewer buckets.
    let before = await draws(page, "metric-series");
    await page.fill("#from", "1997-07-01");
    await page.dispatchEvent("#from", "change");
    await redrawn(page, "metric-series", before);
    const shorter = await series("1997-07-01", "1998-07-01", Granularity.MONTH, GroupByDimension.UNSPECIFIED);
    assert.equal(await points(page, "metric-series"), shorter.points.length);
    assert.equal(shorter.points.length, 12);

    // The grouping: one line per segment beside the whole book, and a table of groups.
    before = await draws(page, "metric-series");
    await page.selectOption("#group", "segment");
    await redrawn(page, "metric-series", before);
    const grouped = await series("1997-07-01", "1998-07-01", Granularity.MONTH, GroupByDimension.SEGMENT);
    assert.ok(grouped.points.length > shorter.points.length);
    assert.equal(await points(page, "metric-series"), grouped.points.length);
    await page.waitForSelector("#group-table");
    const groups = await api.metrics.getPortfolioMetrics({ period: { start: day("1997-07-01"), end: day("1998-07-01") }, groupBy: { dimension: GroupByDimension.SEGMENT } });
    assert.equal(await page.locator("#group-table tbody tr").count(), groups.groups.length);

    // The granularity: quarters.
    before = await draws(page, "metric-series");
    await page.selectOption("#granularity", "quarter");
    await redrawn(page, "metric-series", before);
    const quarterly = await series("1997-07-01", "1998-07-01", Granularity.QUARTER, GroupByDimension.SEGMENT);
    assert.equal(await points(page, "metric-series"), quarterly.points.length);
    assert.match(page.url(), /granularity=quarter/);
    await screenshot(page, "overview");
    assert.deepEqual(consoleErrors, []);
    await page.close();
  });

  test("overview: a bad period is shown as INVALID_ARGUMENT naming the field", async () => {
    const { page, consoleErrors } = await open(browser.context, server.webAddress, "overview?from=1998-01-01&to=1997-01-01");
    const error = page.locator('#portfolio .error[data-code="INVALID_ARGUMENT"]');
    assert.equal(await error.count(), 1);
    assert.match((await error.locator("code").allTextContents()).join(" "), /period\./);
    assert.deepEqual(consoleErrors, []);
    await page.close();
  });

  test("cohorts: the retention heatmap and the revenue lines hold every cohort period", async () => {
    const { page, consoleErrors } = await open(browser.context, server.webAddress, "cohorts?from=1997-01-01&to=1997-04-01&granularity=month&asOf=1998-07-01");
    const answer = await api.metrics.getCohortRetention({ range: { start: day("1997-01-01"), end: day("1997-04-01") }, granularity: Granularity.MONTH, asOf: day("1998-07-01") });
    const cells = answer.cohorts.reduce((sum, c) => sum + c.periods.length, 0);
    assert.equal(answer.cohorts.length, 3);
    assert.ok(cells > 0);
    assert.equal(await points(page, "cohort-retention"), cells);
    assert.equal(await points(page, "cohort-revenue"), cells);
    await screenshot(page, "cohorts");
    assert.deepEqual(consoleErrors, []);
    await page.close();
  });

  test("models: parameters with standard errors, the fits, and the holdout tracking plot", async () => {
    const { page, consoleErrors } = await open(browser.context, server.webAddress, "models");
    const latest = (await api.models.listModels({ pageSize: 1 })).models[0];
    const model = (await api.models.getModel({ modelId: latest.id })).model!;
    assert.equal(await page.locator("#fits-table tbody tr").count(), model.fits.length);
    const bgNbd = model.fits.find((f) => f.parameters.r !== undefined && f.parameters.a !== undefined)!;
    const rText = await page.locator('#fits-table [data-parameter="r"]').first().textContent();
    assert.match(rText ?? "", new RegExp(`r = ${bgNbd.parameters.r.toPrecision(4).replace(/\.?0+$/, "").replace(".", "\\.")}`));
    assert.match(rText ?? "", /±/, "the standard error is shown");
    const tracked = model.fits.filter((f) => (f.holdout?.tracking.length ?? 0) > 0);
    assert.ok(tracked.length >= 2, "bg-nbd and pareto-nbd were validated on the holdout");
    const expected = tracked[0].holdout!.tracking.length + tracked.reduce((sum, f) => sum + f.holdout!.tracking.length, 0);
    assert.equal(await points(page, "holdout-tracking"), expected);
    // The heatmaps: one cell per frequency × recency, as GetPredictionGrid answers with its defaults.
    const grid = await api.models.getPredictionGrid({ modelId: model.id });
    const cells = grid.frequencies.length * grid.recencies.length;
    assert.equal(grid.rows.length, grid.frequencies.length);
    assert.ok(cells >= 21 * 21, `${cells} cells`);
    assert.equal(await points(page, "probability-alive-grid"), cells);
    assert.equal(await points(page, "expected-purchases-grid"), cells);
    // A smaller grid redraws both.
    const before = await draws(page, "probability-alive-grid");
    await page.fill("#grid-max-frequency", "5");
    await page.dispatchEvent("#grid-max-frequency", "change");
    await redrawn(page, "probability-alive-grid", before);
    const small = await api.models.getPredictionGrid({ modelId: model.id, maxFrequency: 5, recencySteps: 20 });
    assert.equal(await points(page, "probability-alive-grid"), small.frequencies.length * small.recencies.length);
    await page.fill("#grid-max-frequency", "20");
    await page.dispatchEvent("#grid-max-frequency", "change");
    await redrawn(page, "probability-alive-grid", before + 1);
    await screenshot(page, "models");
    assert.deepEqual(consoleErrors, []);
    await page.close();
  });

  test("customers: the page shows GetCustomerMetrics' numbers and every transaction on the timeline", async () => {
    // A valuable repeat buyer: the first of the top CLV tier.
    const top = await api.metrics.segmentCustomers({ kind: SegmentationKind.CLV_TIERS, pageSize: 1 });
    const id = top.customers[0].customerId;
    const { page, consoleErrors } = await open(browser.context, server.webAddress, `customers/${encodeURIComponent(id)}`);
    const m = await api.metrics.getCustomerMetrics({ customerId: id });
    const shown = async (metric: string) => page.getAttribute(`[data-metric="${metric}"]`, "data-value");
    assert.ok(m.probabilityAlive !== undefined && m.expectedPurchases !== undefined, "the fit predicts for the customer");
    for (const [metric, value] of [
      ["historicalClv", m.historicalClv],
      ["predictiveClv", m.predictiveClv],
      ["probabilityAlive", m.probabilityAlive],
      ["expectedPurchases", m.expectedPurchases],
      ["expectedAverageValue", m.expectedAverageValue],
      ["rfm.recency", m.rfm?.recency],
      ["rfm.frequency", m.rfm?.frequency],
      ["rfm.monetary", m.rfm?.monetary],
      ["health.score", m.health?.score],
      ["summary.frequency", m.summary?.frequency],
      ["summary.recency", m.summary?.recency],
      ["summary.age", m.summary?.age],
      ["summary.monetaryValue", m.summary?.monetaryValue],
    ] as const) {
      assert.equal(await shown(metric), value === undefined ? null : String(value), metric);
    }
    assert.equal(await page.locator('[data-metric="rfm.code"] .value').textContent(), m.rfm?.code);
    const history = await api.transactions.listTransactions({ customerId: id, pageSize: 1000 });
    assert.ok(history.transactions.length > 1);
    assert.equal(await points(page, "customer-timeline"), history.transactions.length);
    await screenshot(page, "customer");
    assert.deepEqual(consoleErrors, []);
    await page.close();
  });

  test("customers: the list pages through the book", async () => {
    const { page, consoleErrors } = await open(browser.context, server.webAddress, "customers");
    const first = await api.customers.listCustomers({ pageSize: 50 });
    const second = await api.customers.listCustomers({ pageSize: 50, pageToken: first.nextPageToken });
    assert.equal(await page.locator("#customers-table tbody tr td:first-child").first().textContent(), first.customers[0].id);
    await page.click("#customers-next");
    await page.waitForFunction((id) => document.querySelector("#customers-table tbody tr td")?.textContent === id, second.customers[0].id);
    assert.equal(await page.locator("#customers-table tbody tr").count(), second.customers.length);
    assert.deepEqual(consoleErrors, []);
    await page.close();
  });

  test("segments: CLV tier thresholds, the RFM grid and the at-risk list", async () => {
    const { page, consoleErrors } = await open(browser.context, server.webAddress, "segments");
    const tiers = await api.metrics.segmentCustomers({ kind: SegmentationKind.CLV_TIERS, tierQuantiles: [0.5, 0.8, 0.95], pageSize: 10 });
    assert.equal(await points(page, "clv-tier-thresholds"), tiers.tierThresholds.length);
    assert.equal(await page.locator(".clv-tier-table tbody tr").count(), tiers.customers.length);
    const rfm = await api.metrics.segmentCustomers({ kind: SegmentationKind.RFM, pageSize: 1000 });
    assert.equal(await points(page, "rfm-grid"), 25);
    assert.equal(Number(await page.getAttribute('[data-chart="rfm-grid"]', "data-customers")), rfm.customers.length);
    const atRisk = await api.metrics.segmentCustomers({ kind: SegmentationKind.AT_RISK, pageSize: 10 });
    assert.equal(await page.locator(".at-risk-table tbody tr").count(), atRisk.customers.length);
    await screenshot(page, "segments");
    // One more page of the RFM grid adds the next customers.
    await page.click("#rfm-more");
    await page.waitForFunction((n) => Number(document.querySelector('[data-chart="rfm-grid"]')?.getAttribute("data-customers")) > n, rfm.customers.length);
    assert.deepEqual(consoleErrors, []);
    await page.close();
  });

  test("uplift: treated vs control with their intervals", async () => {
    const { page, consoleErrors } = await open(browser.context, server.webAddress, `uplift/${changeId}?control=control`);
    const answer = await api.uplift.measureUplift({
      changeId,
      metric: UpliftMetric.REVENUE_PER_CUSTOMER,
      controlSegment: "control",
      windowDays: 90,
      bootstrapSamples: 2000,
      seed: 1n,
    });
    const shown = intervals(answer);
    assert.ok(shown.length >= 2, "treated and control uplifts");
    assert.equal(await points(page, "uplift-intervals"), 2 * shown.length); // a bar and an interval each
    assert.equal(await page.locator("#uplift-table tbody tr").count(), answer.control ? 2 : 1);
    await screenshot(page, "uplift");
    assert.deepEqual(consoleErrors, []);
    await page.close();
  });
});

describe("the dashboard with an API key configured", () => {
  let work = "";
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launch>>;
  const key = createHash("sha256").update(String(Math.random())).digest("hex");

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), "crm-dashboard-auth-"));
    const keySha = createHash("sha256").update(key).digest("hex");
    server = await startServer(path.join(work, "crm.db"), [
      "--Crm:Auth:ApiKeys:0:Name=dashboard-test",
      "--Crm:Auth:ApiKeys:0:Role=reader",
      `--Crm:Auth:ApiKeys:0:KeySha256=${keySha}`,
    ]);
    browser = await launch();
  });

  after(async () => {
    await browser?.dispose();
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test("asks for the key once (again when mistyped), sends it, and keeps it for the session", async () => {
    const { page, consoleErrors } = await open(browser.context, server.webAddress, "models", false);
    // Several calls may be refused at once; one dialog asks.
    await page.waitForSelector("#api-key-dialog[open]", { timeout: READY_TIMEOUT_MS });
    assert.equal(await page.locator("#api-key-dialog").count(), 1);
    // A mistyped key is refused and asked for again, saying so.
    await page.fill("#api-key-input", `${key}-mistyped`);
    await page.click("#api-key-submit");
    await page.waitForSelector("#api-key-dialog[open] >> text=The server refused the key", { timeout: READY_TIMEOUT_MS });
    assert.equal(await page.locator("#api-key-dialog").count(), 1);
    await page.fill("#api-key-input", key);
    await page.click("#api-key-submit");
    await page.waitForSelector("main[data-ready=true]", { timeout: READY_TIMEOUT_MS });
    assert.match((await page.locator("#model-list").textContent()) ?? "", /No model is stored yet/);
    assert.equal(await page.evaluate(() => sessionStorage.getItem("crm.apiKey")), key);

    // Another page of the same session calls with the kept key: no dialog.
    await page.goto(`${server.webAddress}/#/segments`);
    await page.reload();
    await page.waitForSelector("main[data-ready=true]", { timeout: READY_TIMEOUT_MS });
    assert.equal(await page.locator("#api-key-dialog").count(), 0);
    assert.equal(await page.locator(".error").count(), await page.locator('.error[data-code="FAILED_PRECONDITION"]').count(), "only the at-risk list, which needs a model, fails");
    assert.deepEqual(consoleErrors, []);
    await page.close();
  });
});
