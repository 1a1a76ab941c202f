// Headless system Chromium driven by playwright-core, phone contexts, what the user sees,
// screenshots, and a record of every request (to prove none leaves 127.0.0.1).
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { ROOT } from "./env.mjs";

export const PHONE = { width: 390, height: 844 };
const SCREENSHOTS = path.join(ROOT, "docs/screenshots");
export const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === "1";

/** Every request any page made: {url, scenario}; checked by the page-weight scenario. */
export const allRequests = [];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    // Chromium on Linux takes its UI language (date fields in jj/mm/aaaa) from the environment;
    // it needs the French resources of the chromium-l10n package.
    env: { ...process.env, LANGUAGE: "fr", LANG: "fr_FR.UTF-8" },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--lang=fr-FR",
      // Nothing may leave the machine: any other host fails to resolve (and is still recorded).
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ],
  });
}

/** A phone (390×844, touch) in French; `js: false` for the journey without JavaScript. */
export async function phone(browser, { js = true, scenario = "" } = {}) {
  const context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled: js,
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    userAgent:
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36",
  });
  context.setDefaultTimeout(10000);
  context.setDefaultNavigationTimeout(15000);
  context.on("request", (req) => allRequests.push({ url: req.url(), scenario }));
  return context;
}

export function isLocal(url) {
  if (url.startsWith("data:") || url.startsWith("about:")) return true;
  try {
    return new URL(url).hostname === "127.0.0.1";
  } catch {
    return false;
  }
}

/** A failed expectation, in the words of what the family would have noticed. */
export class Failure extends Error {}

export function expect(condition, message) {
  if (!condition) throw new Failure(message);
}

export function expectEqual(actual, expected, what) {
  if (actual !== expected) throw new Failure(`${what} : attendu « ${expected} », obtenu « ${actual} »`);
}

/** What the user sees on `page`: address, title, heading, visible alerts and errors, start of the text. */
export async function describe(page) {
  if (!page || page.isClosed()) return "(pas de page ouverte)";
  try {
    const seen = await page.evaluate(() => {
      const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
      const texts = (sel) =>
        Array.from(document.querySelectorAll(sel))
          .filter(visible)
          .map((el) => el.innerText.replace(/\s+/g, " ").trim())
          .filter(Boolean);
      const main = document.querySelector("main") || document.body;
      return {
        title: document.title,
        h1: texts("h1").join(" | "),
        alerts: texts("[role=alert], .alerte, .resume-erreurs"),
        errors: texts(".erreur"),
        text: main ? main.innerText.replace(/\s+/g, " ").trim().slice(0, 400) : "",
      };
    });
    const lines = [`    adresse : ${page.url()}`, `    titre : ${seen.title}`, `    h1 : ${seen.h1 || "(aucun)"}`];
    for (const a of seen.alerts) lines.push(`    message : ${a.slice(0, 300)}`);
    for (const e of seen.errors) lines.push(`    erreur de champ : ${e}`);
    lines.push(`    texte : ${seen.text}`);
    return lines.join("\n");
  } catch (e) {
    return `    adresse : ${page.url()} (contenu illisible : ${e.message.split("\n")[0]})`;
  }
}

/** docs/screenshots/<name>.png, only when UPDATE_SCREENSHOTS=1 (CI must not dirty the tree). */
export async function screenshot(page, name, { fullPage = false } = {}) {
  if (!UPDATE_SCREENSHOTS) return;
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // The caret blinks: hide it so the same screen gives the same picture.
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage, animations: "disabled", caret: "hide" });
}
