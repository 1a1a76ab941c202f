// 4. Accessibility: axe-core on every page type, as a family sees them with JavaScript (school
// list filtered, login errors, the form's steps and inline errors, summary, confirmation) and
// without (every page of the sitemap, the whole form, the server's 422 page, 404).
// Every violation is printed; serious or critical ones fail.
import { audit, auditCaptured, BLOCKING, formatViolations, withoutSiteScripts } from "../lib/axe.mjs";
import { expect, expectEqual, phone } from "../lib/browser.mjs";
import { dossierOf } from "../lib/env.mjs";
import { fillIn, logIn, openFullForm, type } from "../lib/family.mjs";

async function withJavaScript(t, results) {
  const context = await phone(t.browser, { scenario: "accessibilite" });
  const page = (t.page = await context.newPage());
  const check = async (label) => results.push(await audit(page, label));

  // The audit can fail: a nameless button and a light grey text are found.
  await page.goto(`${t.base}/`);
  await page.evaluate(() => {
    // (CSSOM, not a style attribute: the site's CSP refuses inline styles.)
    document.querySelector("main").insertAdjacentHTML("beforeend", '<button id="temoin"></button><p id="pale">pâle</p>');
    document.getElementById("pale").style.color = "#ccc";
  });
  const probe = await audit(page, "témoin");
  const found = probe.violations.map((v) => v.id);
  expect(found.includes("button-name") && found.includes("color-contrast"), `axe ne trouve pas les défauts du témoin (trouvé : ${found.join(", ") || "rien"})`);

  await page.goto(`${t.base}/`);
  await page.getByLabel("Filtrer par nom de collège ou par commune").pressSequentially("bordeaux");
  await check("liste des collèges, filtrée");

  // Login: every message the worker can point at, the real wrong-code one first.
  const chloe = t.login("0699901M", "Chloé");
  await page.goto(`${t.base}/0699901M/connexion/`);
  await check("connexion");
  await logIn(page, chloe, { code: "YYYY-YYYY-YYYY" });
  expect(page.url().endsWith("#erreur-identifiants"), "Pas de message après un code faux");
  await check("connexion, code faux");
  for (const marker of ["?reessayer=14:35#erreur-verrouille", "#erreur-session", "#erreur-pas-ouverte", "#erreur-fermee", "#erreur-formulaire"]) {
    await page.goto(`${t.base}/0699901M/connexion/${marker}`);
    await check(`connexion ${marker}`);
  }

  // The form, step by step, pre-filled.
  await page.goto(`${t.base}/0699901M/connexion/`);
  await logIn(page, chloe);
  await check("résumé en un clic (après connexion)");
  await page.locator("section.resume details").evaluateAll((blocks) => blocks.forEach((d) => { d.open = true; }));
  await check("résumé en un clic, blocs de ce que le collège sait dépliés");
  await openFullForm(page);
  await page.locator("[data-eleve]").waitFor({ state: "visible" });
  await check("formulaire (JS), étape 1 pré-remplie");
  const next = () => page.locator("[data-etape]:visible").getByRole("button", { name: "Continuer" }).tap();
  await type(page, "eleve.nom", "");
  await next();
  await check("formulaire (JS), erreur dans l'étape");
  await type(page, "eleve.nom", "DUBOIS");
  const answers = [
    {},
    {},
    { "urgence.nom": "Paul Dubois", "urgence.lien": "oncle", "urgence.telephone": "06 12 12 12 12" },
    { "option.lv2": "ESP" },
    { demi_pension: "externe" },
    { regime_sortie: "libre" },
    { "consentement.photo_classe": "oui", "consentement.droit_image": "oui" },
    {},
  ];
  for (const [i, step] of answers.entries()) {
    await next();
    await fillIn(page, step);
    if (i === 3) await check("formulaire (JS), étape des options");
  }
  await next();
  expect(await page.locator("[data-recapitulatif-contenu]").isVisible(), "Le récapitulatif ne s'affiche pas");
  await check("formulaire (JS), récapitulatif");
  await next();
  await fillIn(page, { "signature.signataire": "resp1", "signature.accord": true });
  await check("formulaire (JS), signature");
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Transmettre le dossier" }).tap()]);
  expectEqual(new URL(page.url()).pathname, "/0699901M/confirmation/", "Page après l'envoi");
  await check("confirmation");
  await fillIn(page, { note: "4" });
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Envoyer mon avis" }).tap()]);
  await check("confirmation, merci");
  await context.close();
}

async function withoutJavaScript(t, results) {
  // Every page the sitemap lists, as without JavaScript (the static pages themselves).
  const sitemap = await (await fetch(`${t.base}/sitemap.xml`)).text();
  const paths = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
  expect(paths.some((p) => p.startsWith("/pages/")) && paths.includes("/stats/"), "Sitemap sans pages de contenu ni statistiques");
  const context = await withoutSiteScripts(t.browser, "accessibilite");
  const page = (t.page = await context.newPage());
  for (const path of paths) {
    await page.goto(`${t.base}${path}`);
    results.push(await audit(page, `${path} (sans JS)`));
  }
  const missing = await page.goto(`${t.base}/page-qui-n-existe-pas/`);
  expectEqual(missing?.status(), 404, "Statut d'une adresse inconnue");
  results.push(await audit(page, "page introuvable (404)"));
  await context.close();

  // The worker's 422 page, as a browser without JavaScript receives it.
  const nojs = await phone(t.browser, { js: false, scenario: "accessibilite" });
  const p = (t.page = await nojs.newPage());
  const manon = t.login("0389902G", "Manon");
  await p.goto(`${t.base}/0389902G/connexion/`);
  await logIn(p, manon);
  results.push(await auditCaptured(t.browser, p.url(), await p.content(), "résumé en un clic (sans JS)"));
  // A school asking for documents and the CAF number: files and office boxes on the page.
  const veil = await phone(t.browser, { js: false, scenario: "accessibilite" });
  const v = await veil.newPage();
  await v.goto(`${t.base}/0339903K/connexion/`);
  const other = t.demo.logins.find((l) => l.uai === "0339903K" && !["Adam", "Mila"].includes(l.prenom) && dossierOf(t.db, l).mef);
  await logIn(v, other);
  expect(await v.locator('input[type=file][name^="document."]').count() > 0, "Aucune pièce à joindre sur le résumé de Simone Veil");
  results.push(await auditCaptured(t.browser, v.url(), await v.content(), "résumé en un clic avec pièces (sans JS)"));
  await veil.close();
  await openFullForm(p);
  await fillIn(p, { "eleve.nom": "ARNAUD", "eleve.prenom": "Manon", "eleve.sexe": "F" });
  // A browser without constraint validation posts anyway: the server has the last word.
  const [response] = await Promise.all([p.waitForNavigation(), p.evaluate(() => document.querySelector("form.dossier").submit())]);
  expectEqual(response?.status(), 422, "Statut de la page d'erreur du serveur");
  results.push(await auditCaptured(t.browser, p.url(), await p.content(), "page d'erreur 422 (sans JS)"));
  await nojs.close();
}

export default {
  name: "Accessibilité (axe-core) de chaque type de page, avec et sans JavaScript",
  async run(t) {
    const results = [];
    await withJavaScript(t, results);
    await withoutJavaScript(t, results);
    t.page = null;
    const blocking = results.flatMap((r) => r.violations.filter((v) => BLOCKING.has(v.impact)).map((v) => ({ ...r, violations: [v] })));
    const all = formatViolations(results);
    const summary = `${results.length} pages auditées, ${results.reduce((n, r) => n + r.violations.length, 0)} violations (dont ${blocking.length} graves ou critiques)`;
    expect(!blocking.length, `${summary} :\n  ${formatViolations(blocking).join("\n  ")}`);
    return { notes: [summary, ...all] };
  },
};
