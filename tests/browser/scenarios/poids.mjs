// 5. Page weight, measured from the browser's responses: for each page type, a fresh phone
// with an empty cache loads it; HTML, CSS and JS bytes (raw, and gzip computed at level 6),
// other bytes (the pre-fill JSON), number of requests, requests leaving 127.0.0.1 (none
// allowed, in this scenario and in every other one). Target: the form ≤ 60 KB in all, in
// every language of the demo (fr, en, ar, pt).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { allRequests, expect, expectEqual, isLocal, phone, UPDATE_SCREENSHOTS } from "../lib/browser.mjs";
import { dossierOf, ROOT } from "../lib/env.mjs";

export const FORM_BUDGET = 60000;

function kind(response) {
  const type = (response.headers()["content-type"] || "").split(";")[0].trim();
  if (type === "text/html") return "html";
  if (type === "text/css") return "css";
  if (type.includes("javascript")) return "js";
  return "autre";
}

/** Loads a page type in a fresh context; `prepare(context, page)` may log in first (not counted),
    `load(page)` is the measured navigation. */
async function measure(t, label, load, prepare) {
  const context = await phone(t.browser, { scenario: "poids" });
  const page = (t.page = await context.newPage());
  if (prepare) await prepare(context, page);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const requests = [];
  const bodies = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("response", (r) => {
    if (r.status() >= 300 && r.status() < 400) return;
    bodies.push(r.body().then((b) => ({ kind: kind(r), bytes: b }), () => ({ kind: kind(r), bytes: Buffer.alloc(0) })));
  });
  await load(page);
  await page.waitForLoadState("networkidle");
  const row = { label, requests: requests.length, foreign: requests.filter((u) => !isLocal(u)), raw: {}, gzip: {} };
  for (const { kind: k, bytes } of await Promise.all(bodies)) {
    row.raw[k] = (row.raw[k] || 0) + bytes.length;
    row.gzip[k] = (row.gzip[k] || 0) + (bytes.length ? zlib.gzipSync(bytes, { level: 6 }).length : 0);
  }
  const sum = (o) => (o.html || 0) + (o.css || 0) + (o.js || 0);
  row.total = sum(row.raw);
  row.totalGzip = sum(row.gzip);
  await context.close();
  t.page = null;
  return row;
}

async function logInQuietly(t, context, uai, prenom) {
  const l = t.login(uai, prenom);
  const r = await context.request.post(`${t.base}/connexion`, {
    form: { uai, code: l.code, jour: l.dateNaissance.slice(8), mois: l.dateNaissance.slice(5, 7), annee: l.dateNaissance.slice(0, 4) },
    headers: { Origin: t.base }, // as the login page's form would send it
    maxRedirects: 0,
  });
  expect(r.status() === 303 && (r.headers().location || "").endsWith("/resume"), `Connexion de ${prenom} refusée (${r.status()} ${r.headers().location})`);
  return `/${uai}/dossier/${dossierOf(t.db, l).mef}/`;
}

const ko = (n) => (n === undefined ? "—" : `${(n / 1000).toFixed(1)}`);

function table(rows) {
  const lines = [
    "| Page | Requêtes | HTML | CSS | JS | HTML+CSS+JS brut | HTML+CSS+JS gzip | Autres | Hors 127.0.0.1 |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.label} | ${r.requests} | ${ko(r.raw.html)} | ${ko(r.raw.css)} | ${ko(r.raw.js)} | **${ko(r.total)}** | ${ko(r.totalGzip)} | ${ko(r.raw.autre)} | ${r.foreign.length} |`,
    );
  }
  return lines.join("\n");
}

export default {
  name: "Poids des pages et requêtes hors de 127.0.0.1",
  async run(t) {
    const goto = (p) => (page) => page.goto(`${t.base}${p}`);
    const rows = [];
    rows.push(await measure(t, "Liste des collèges `/`", goto("/")));
    rows.push(await measure(t, "Accueil du collège `/0699901M/`", goto("/0699901M/")));
    rows.push(await measure(t, "Connexion `/0699901M/connexion/`", goto("/0699901M/connexion/")));
    rows.push(await measure(t, "Index des dossiers `/0699901M/dossier/`", goto("/0699901M/dossier/")));
    rows.push(
      await measure(t, "Résumé en un clic (connecté) `/resume`", goto("/resume"), async (context) => {
        await logInQuietly(t, context, "0699901M", "Jules");
      }),
    );
    let form = null;
    const formRow = await measure(
      t,
      "Formulaire pré-rempli (connecté) `/0699901M/dossier/<MEF>/`",
      async (page) => {
        await page.goto(`${t.base}${form}`);
        await page.locator("[data-eleve]").waitFor({ state: "visible" });
      },
      async (context) => {
        form = await logInQuietly(t, context, "0699901M", "Louise");
      },
    );
    rows.push(formRow);
    // The same form in each other language of the demo (site.yml `langues`): the budget holds
    // in every one (Arabic letters take two bytes).
    const formRows = [formRow];
    for (const lang of ["en", "ar", "pt"]) {
      const row = await measure(
        t,
        `Formulaire pré-rempli (connecté) \`/${lang}/0699901M/dossier/<MEF>/\``,
        async (page) => {
          await page.goto(`${t.base}/${lang}${form}`);
          await page.locator("[data-eleve]").waitFor({ state: "visible" });
          expectEqual(await page.evaluate(() => document.documentElement.lang), lang, `Langue du formulaire /${lang}/`);
        },
        async (context) => {
          form = await logInQuietly(t, context, "0699901M", "Louise");
        },
      );
      rows.push(row);
      formRows.push(row);
    }
    rows.push(
      await measure(
        t,
        "Page d'erreur du serveur (422) `POST /dossier`",
        async (page) => {
          await Promise.all([page.waitForNavigation(), page.evaluate(() => HTMLFormElement.prototype.submit.call(document.querySelector("form.dossier")))]);
          expect(page.url().endsWith("/dossier") && (await page.title()).startsWith("Erreur"), "La page d'erreur du serveur n'a pas été obtenue");
        },
        async (context, page) => {
          const target = await logInQuietly(t, context, "0699901M", "Zoé");
          await page.goto(`${t.base}${target}`);
          await page.locator("[data-eleve]").waitFor({ state: "visible" });
        },
      ),
    );
    rows.push(await measure(t, "Confirmation `/0699901M/confirmation/`", goto("/0699901M/confirmation/")));
    rows.push(await measure(t, "Statistiques `/stats/`", goto("/stats/")));
    rows.push(await measure(t, "Page de contenu `/pages/aide/`", goto("/pages/aide/")));
    rows.push(await measure(t, "Page introuvable (404)", goto("/nulle-part/")));

    // The check can fail: a page asking another host is seen (and the request goes nowhere).
    const probe = await phone(t.browser, { scenario: "témoin" });
    const probePage = await probe.newPage();
    const failed = new Promise((resolve) => probePage.on("requestfailed", (r) => resolve(r.url())));
    await probePage.setContent('<img alt="" src="http://cdn.example.org/pixel.png">');
    expectEqual(await failed, "http://cdn.example.org/pixel.png", "Requête témoin vers un autre hôte");
    await probe.close();
    const probed = allRequests.filter((r) => r.scenario === "témoin");
    expect(probed.length === 1 && !isLocal(probed[0].url), "La requête témoin vers un autre hôte n'est pas repérée");
    allRequests.splice(0, allRequests.length, ...allRequests.filter((r) => r.scenario !== "témoin"));

    const text = table(rows);
    const foreignAnywhere = allRequests.filter((r) => !isLocal(r.url));
    const report = [
      "# Poids des pages",
      "",
      "Mesuré par les tests navigateur (`node tests/browser/run.mjs`) : Chromium sans interface, écran de téléphone",
      "390×844, cache vide, JavaScript activé. Octets des réponses reçues par le navigateur ; le gzip est calculé",
      "(niveau 6) sur ces réponses. « Autres » : l'icône du site et, une fois connecté, le JSON du pré-remplissage",
      "et des pièces déjà envoyées (`GET /api/dossier`, `GET /api/pieces`).",
      "En kilo-octets (1 ko = 1 000 octets).",
      "",
      text,
      "",
      `Objectif : le formulaire ≤ ${FORM_BUDGET / 1000} ko (HTML + CSS + JS, brut) dans chaque langue ; aucune requête hors de 127.0.0.1.`,
      `Résultat : formulaire à ${formRows.map((r) => ko(r.total)).join(" / ")} ko (fr / en / ar / pt), ` +
        `${formRows.every((r) => r.total <= FORM_BUDGET) ? "objectif tenu" : "**objectif dépassé**"} ; ` +
        `${foreignAnywhere.length} requête(s) hors de 127.0.0.1 sur ${allRequests.length} dans l'ensemble des scénarios.`,
      "Les dates de campagne sont recalées sur le jour du test : quelques octets varient d'un jour à l'autre.",
      "",
    ].join("\n");
    if (UPDATE_SCREENSHOTS) fs.mkdirSync(path.join(ROOT, "docs"), { recursive: true });
    if (UPDATE_SCREENSHOTS) fs.writeFileSync(path.join(ROOT, "docs/page-weight.md"), report);

    for (const row of formRows) {
      expect(row.total <= FORM_BUDGET, `Formulaire trop lourd : ${row.label} ${row.total} octets (objectif ${FORM_BUDGET})\n${text}`);
    }
    expect(!foreignAnywhere.length, `Requêtes hors de 127.0.0.1 : ${[...new Set(foreignAnywhere.map((r) => `${r.url} (${r.scenario})`))].join(", ")}`);
    return { notes: ["", ...text.split("\n"), "", `${allRequests.length} requêtes au total dans tous les scénarios, ${foreignAnywhere.length} hors de 127.0.0.1`] };
  },
};
