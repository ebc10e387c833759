// The dashboard: a hash router over six pages. Each page renders into <main>; its state (period, grouping, the
// chosen customer or model) lives in the hash, so a view can be bookmarked and reloaded.
import "./styles.css";

import { disposeCharts } from "./charts.js";
import { el } from "./dom.js";
import { renderCohorts } from "./pages/cohorts.js";
import { renderCustomers } from "./pages/customers.js";
import { renderModels } from "./pages/models.js";
import { renderOverview } from "./pages/overview.js";
import { renderSegments } from "./pages/segments.js";
import { renderUplift } from "./pages/uplift.js";
import type { Route } from "./route.js";

type Page = (main: HTMLElement, route: Route) => Promise<void>;

const pages: [string, string, Page][] = [
  ["overview", "Overview", renderOverview],
  ["cohorts", "Cohorts", renderCohorts],
  ["models", "Models", renderModels],
  ["customers", "Customers", renderCustomers],
  ["segments", "Segments", renderSegments],
  ["uplift", "Uplift", renderUplift],
];

/** `#/customers/00042?horizon=39` → page "customers", rest ["00042"], params horizon=39. */
function currentRoute(): Route {
  const hash = window.location.hash.replace(/^#\/?/, "");
  const [pathPart, query = ""] = hash.split("?", 2);
  const [page = "", ...rest] = pathPart.split("/").filter((p) => p !== "").map(decodeURIComponent);
  return { page: page || "overview", rest, params: new URLSearchParams(query) };
}

const nav = el("nav", {}, ...pages.map(([id, title]) => el("a", { href: `#/${id}`, "data-page": id }, title)));
const main = el("main", { id: "page" });
document.body.append(el("header", {}, el("h1", {}, "CrmGrpc"), nav), main);

let generation = 0;

async function show(): Promise<void> {
  const route = currentRoute();
  const page = pages.find(([id]) => id === route.page);
  const mine = ++generation;
  disposeCharts();
  main.replaceChildren();
  delete main.dataset.ready;
  for (const link of nav.querySelectorAll("a")) link.classList.toggle("active", link.dataset.page === route.page);
  if (!page) {
    main.append(el("p", { class: "error", role: "alert" }, `No page "${route.page}". `, el("a", { href: "#/overview" }, "Go to the overview")));
    main.dataset.ready = "true";
    return;
  }
  document.title = `${page[1]} · CrmGrpc`;
  main.dataset.page = page[0];
  try {
    await page[2](main, route);
  } catch (error) {
    // Pages show their own call errors; this is the last guard against a blank page.
    console.warn("page failed", error);
    main.append(el("p", { class: "error", role: "alert" }, `The page failed: ${String(error)}`));
  }
  if (mine === generation) main.dataset.ready = "true";
}

window.addEventListener("hashchange", () => void show());
void show();
