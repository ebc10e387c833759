// A few DOM helpers (no framework: each page builds its elements and replaces them when its inputs change).
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";

import { describeError } from "./errors.js";

type Child = Node | string | number | null | undefined | false;

/** Creates an element with attributes (strings) and children (nodes or text; null and false are skipped). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "number" ? String(child) : child);
  }
  return element;
}

/** The readable form of a failed call: status name, message, and the BadRequest's fields. */
export function errorBox(error: unknown, what: string): HTMLElement {
  const problem = describeError(error);
  return el(
    "div",
    { class: "error", role: "alert", "data-code": problem.code },
    el("strong", {}, `${what} failed: ${problem.code}`),
    problem.message ? el("span", {}, ` — ${problem.message}`) : null,
    problem.fields.length > 0
      ? el("ul", {}, ...problem.fields.map((f) => el("li", {}, el("code", {}, f.field), f.description ? `: ${f.description}` : "")))
      : null,
  );
}

/**
 * Replaces a section's content with a loading line, runs the load, then shows its result or its error. Once `signal`
 * is aborted (newer inputs started another load of the section) the load leaves the section to the newer one.
 */
export async function load(target: HTMLElement, what: string, render: () => Promise<Node | Node[]>, signal?: AbortSignal): Promise<boolean> {
  target.replaceChildren(el("p", { class: "loading" }, `Loading ${what}…`));
  target.setAttribute("aria-busy", "true");
  try {
    const content = await render();
    if (signal?.aborted) return false;
    target.replaceChildren(...(Array.isArray(content) ? content : [content]));
    return true;
  } catch (error) {
    if (signal?.aborted) return false;
    console.warn(`${what} failed`, error); // a warning, not an error: the page shows it and goes on
    target.replaceChildren(errorBox(error, what));
    return false;
  } finally {
    if (!signal?.aborted) target.removeAttribute("aria-busy");
  }
}

/**
 * Gives a new signal on each call and aborts the previous one: when inputs change while answers are on the way, the
 * older calls are cancelled and only the newest inputs' answers are shown.
 */
export function newestOnly(): () => AbortSignal {
  let controller: AbortController | undefined;
  return () => {
    controller?.abort();
    controller = new AbortController();
    return controller.signal;
  };
}

const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const preciseFormat = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 4 });
const percentFormat = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 });

/** A number for people: grouped, two decimals at most; "—" when absent. */
export function num(value: number | bigint | undefined | null): string {
  if (value === undefined || value === null) return "—";
  return typeof value === "bigint" ? value.toLocaleString("en-US") : numberFormat.format(value);
}

/** Four significant digits, for model parameters and probabilities; tiny values in exponent form (1.23e-11). */
export function precise(value: number | undefined | null): string {
  if (value === undefined || value === null) return "—";
  return value !== 0 && Math.abs(value) < 1e-4 ? value.toExponential(2) : preciseFormat.format(value);
}

export function percent(value: number | undefined | null): string {
  return value === undefined || value === null ? "—" : percentFormat.format(value);
}

/** A timestamp's UTC day, yyyy-mm-dd. */
export function day(value: Timestamp | undefined): string {
  return value ? timestampDate(value).toISOString().slice(0, 10) : "—";
}

/** A yyyy-mm-dd input as the Timestamp of that UTC midnight; undefined when empty or malformed. */
export function dayTimestamp(text: string): Timestamp | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : timestampFromDate(date);
}

/** A labelled value; `data-metric` and `data-value` let the browser test compare it with the RPC's answer. */
export function kpi(label: string, text: string, metric: string, raw?: number | bigint, title?: string): HTMLElement {
  const attributes: Record<string, string> = { class: "kpi", "data-metric": metric };
  if (raw !== undefined) attributes["data-value"] = String(raw);
  if (title) attributes.title = title;
  return el("div", attributes, el("span", { class: "label" }, label), el("span", { class: "value" }, text));
}

/** A plain table: header cells and rows of cells. */
export function table(headers: string[], rows: Child[][], attributes: Record<string, string> = {}): HTMLTableElement {
  return el(
    "table",
    attributes,
    el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", {}, h)))),
    el("tbody", {}, ...rows.map((cells) => el("tr", {}, ...cells.map((c) => el("td", {}, c))))),
  );
}

/** A labelled form control. */
export function field(label: string, control: HTMLElement): HTMLLabelElement {
  return el("label", { class: "field" }, el("span", {}, label), control);
}

export function select(id: string, options: [string, string][], selected: string): HTMLSelectElement {
  const control = el("select", { id, name: id });
  for (const [value, text] of options) {
    const option = el("option", { value }, text);
    if (value === selected) option.selected = true;
    control.append(option);
  }
  return control;
}
