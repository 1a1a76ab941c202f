// axe-core in the page. axe needs JavaScript, so a page as a browser without JavaScript shows
// it is audited in a JavaScript context where the site's own scripts are refused.
import fs from "node:fs";
import { createRequire } from "node:module";
import { phone } from "./browser.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const BLOCKING = new Set(["serious", "critical"]);

/** Runs axe on the page as it is now; returns {label, url, violations}. */
export async function audit(page, label) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: (n.failureSummary || "").replace(/\s+/g, " ") })),
    }));
  });
  return { label, url: page.url(), violations };
}

/** A phone context with JavaScript on but the site's scripts refused: the page as without JS. */
export async function withoutSiteScripts(browser, scenario) {
  const context = await phone(browser, { scenario });
  await context.route(
    (url) => url.pathname.endsWith(".js"),
    (route) => route.abort(),
  );
  return context;
}

/** Audits `html` (captured from a page without JavaScript, e.g. the answer to a POST) served
    at `url`, with the site's real CSS. */
export async function auditCaptured(browser, url, html, label) {
  const context = await withoutSiteScripts(browser, "accessibilite");
  await context.route(url, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
  const page = await context.newPage();
  await page.goto(url);
  const result = await audit(page, label);
  await context.close();
  return result;
}

/** Lines for the report: every violation with its nodes. */
export function formatViolations(results) {
  const lines = [];
  for (const r of results) {
    for (const v of r.violations) {
      lines.push(`[${v.impact}] ${v.id} — ${v.help} — ${r.label} (${new URL(r.url).pathname}${new URL(r.url).hash})`);
      for (const n of v.nodes.slice(0, 8)) lines.push(`      ${n.target} : ${n.summary.slice(0, 240)}`);
      if (v.nodes.length > 8) lines.push(`      … et ${v.nodes.length - 8} autres éléments`);
    }
  }
  return lines;
}
