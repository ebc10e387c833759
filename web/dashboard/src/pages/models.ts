// Models: the stored fits (ListModels, paged; GetModel), each model's parameters with standard errors and
// LL / AIC / BIC, the calibration / holdout tracking plot, and the frequency / recency heatmaps.
import { timestampMs } from "@bufbuild/protobuf/wkt";

import type { Model, ModelFit } from "../../../../clients/typescript/gen/crm/v1/models_pb.js";
import { models } from "../api.js";
import { chartBox, draw } from "../charts.js";
import { day, el, load, num, precise, table } from "../dom.js";
import { kindName, timeUnitName } from "../names.js";
import type { Route } from "../route.js";
import { predictionGridSection } from "./predictionGrid.js";

const PAGE_SIZE = 20;

export async function renderModels(main: HTMLElement, route: Route): Promise<void> {
  const listSection = el("section", { id: "model-list" });
  const detail = el("section", { id: "model-detail" });
  main.append(el("h2", {}, "Stored fits"), listSection, detail);

  const tokens: string[] = [""]; // page tokens seen, to go back a page
  let pageIndex = 0;
  let chosen = route.rest[0] ?? "";
  const showPage = async (): Promise<void> => {
    await load(listSection, "ListModels", async () => {
      const answer = await models.listModels({ pageSize: PAGE_SIZE, pageToken: tokens[pageIndex] });
      if (answer.nextPageToken) tokens[pageIndex + 1] = answer.nextPageToken;
      if (answer.models.length === 0) return el("p", {}, "No model is stored yet: fit one (crm fit, or ModelService.FitModels).");
      if (!chosen && pageIndex === 0) chosen = answer.models[0].id; // the newest fit, unless the hash names one
      const rows = answer.models.map((m) => [
        el("a", { href: `#/models/${encodeURIComponent(m.id)}`, class: m.id === chosen ? "active" : "" }, m.id),
        day(m.createTime),
        day(m.calibrationEnd),
        m.holdoutEnd ? day(m.holdoutEnd) : "—",
        timeUnitName(m.timeUnit),
        num(m.customers),
        m.fits.map((f) => kindName(f.kind)).join(", "),
      ]);
      const previous = el("button", { type: "button" }, "Newer");
      previous.disabled = pageIndex === 0;
      previous.addEventListener("click", () => {
        pageIndex--;
        void showPage();
      });
      const next = el("button", { type: "button" }, "Older");
      next.disabled = !answer.nextPageToken;
      next.addEventListener("click", () => {
        pageIndex++;
        void showPage();
      });
      return [
        table(["Id", "Fitted", "Calibration end", "Holdout end", "Unit", "Customers", "Models"], rows, { id: "models-table" }),
        el("div", { class: "pager" }, previous, next),
      ];
    });
  };
  await showPage();
  if (chosen) await showModel(chosen, detail);
}

async function showModel(modelId: string, detail: HTMLElement): Promise<void> {
  const summary = el("div", {});
  detail.replaceChildren(summary);
  let model: Model | undefined;
  await load(summary, "GetModel", async () => {
    model = (await models.getModel({ modelId })).model;
    if (!model) throw new Error("GetModel answered without a model");
    return modelSummary(model);
  });
  if (model) {
    trackingSection(model, detail);
    await predictionGridSection(model, detail);
  }
}

function parameterText(fit: ModelFit): HTMLElement {
  return el(
    "span",
    { class: "parameters" },
    ...Object.entries(fit.parameters).map(([name, value]) => {
      const error = fit.standardErrors[name];
      return el("span", { class: "parameter", "data-parameter": name }, `${name} = ${precise(value)}`, error === undefined ? "" : ` ± ${precise(error)}`);
    }),
  );
}

function modelSummary(model: Model): HTMLElement[] {
  const facts = el(
    "p",
    {},
    `Model ${model.id}: calibration end ${day(model.calibrationEnd)}`,
    model.holdoutEnd ? `, holdout to ${day(model.holdoutEnd)}` : "",
    `, time unit ${timeUnitName(model.timeUnit)}, ${num(model.customers)} customers (${num(model.repeatCustomers)} repeat)`,
    model.segment ? `, segment ${model.segment}` : "",
    model.penalizerCoef ? `, penalty ${model.penalizerCoef}` : "",
  );
  const rows = model.fits.map((fit) => [
    kindName(fit.kind),
    parameterText(fit),
    fit.created ? "given" : num(fit.logLikelihood),
    fit.created ? "—" : num(fit.aic),
    fit.created ? "—" : num(fit.bic),
    fit.converged ? "yes" : "no",
    fit.holdout ? num(fit.holdout.actualRepeatPurchases) : "—",
    fit.holdout ? num(fit.holdout.predictedRepeatPurchases) : "—",
    fit.holdout ? precise(fit.holdout.meanAbsoluteError) : "—",
  ]);
  const warnings = [...model.warnings, ...model.fits.flatMap((f) => f.warnings.map((w) => `${kindName(f.kind)}: ${w}`))];
  return [
    el("h2", {}, "Fit"),
    facts,
    table(
      ["Model", "Parameters (± standard error)", "Log-likelihood", "AIC", "BIC", "Converged", "Holdout actual", "Holdout predicted", "MAE"],
      rows,
      { id: "fits-table" },
    ),
    warnings.length > 0 ? el("ul", { class: "warnings" }, ...warnings.map((w) => el("li", {}, w))) : el("span", {}),
  ];
}

/** Appends the tracking plot to `parent` (in the document, so ECharts can measure its container). */
function trackingSection(model: Model, parent: HTMLElement): void {
  const tracked = model.fits.filter((f) => (f.holdout?.tracking.length ?? 0) > 0);
  const section = el("section", { id: "tracking" }, el("h2", {}, "Calibration and holdout: cumulative repeat purchases"));
  parent.append(section);
  if (tracked.length === 0) {
    section.append(el("p", { class: "muted" }, "This fit has no holdout: fit with a holdout end to see how the models tracked it."));
    return;
  }
  const box = chartBox("holdout-tracking", 360);
  section.append(box);
  const actual = tracked[0].holdout!.tracking.map((p) => [p.end ? timestampMs(p.end) : 0, p.actualCumulative]);
  const calibrationEnd = model.calibrationEnd ? timestampMs(model.calibrationEnd) : undefined;
  draw(box, {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 40, bottom: 40 },
      xAxis: { type: "time" },
      yAxis: { type: "value", name: "repeat purchases" },
      series: [
        {
          name: "Actual",
          type: "line",
          showSymbol: false,
          lineStyle: { width: 3 },
          data: actual,
          markLine: calibrationEnd === undefined ? undefined : { symbol: "none", label: { formatter: "calibration end" }, data: [{ xAxis: calibrationEnd }] },
        },
        ...tracked.map((fit) => ({
          name: kindName(fit.kind),
          type: "line",
          showSymbol: false,
          lineStyle: { type: "dashed" },
          data: fit.holdout!.tracking.map((p) => [p.end ? timestampMs(p.end) : 0, p.predictedCumulative]),
        })),
      ],
  });
}
