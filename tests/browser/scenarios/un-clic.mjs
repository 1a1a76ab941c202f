// 1b. The short path most families take, measured on a phone (390×844). Two families:
// - first year from a bare SIECLE import (Louise, 0699901M: no emergency contact, LV2 to
//   choose): the screens of the one-click page, the answers and taps it takes;
// - data complete (the same file once its answers are known — what next year's import leaves,
//   see worker/tests/new_campaign.rs): one tap, and the button within the first screen.
// Also: answers typed on the page are kept (as typed with JavaScript, and by « Modifier »
// without it), reloaded, and the full form opens with them. The figures go to docs/un-clic.md.
import fs from "node:fs";
import path from "node:path";
import { expect, expectEqual, PHONE, phone, screenshot, UPDATE_SCREENSHOTS } from "../lib/browser.mjs";
import { dossierOf, ROOT, sql } from "../lib/env.mjs";
import { fillIn, logIn, tapAndWaitNavigation, tapChoice } from "../lib/family.mjs";
import { waitForMail } from "../lib/mail.mjs";

const BUTTON = "Tout est exact — je réinscris mon enfant";

/** Height of the page, the bottom of the main button, and the questions asked. */
async function layout(page) {
  return page.evaluate((name) => {
    const button = [...document.querySelectorAll("button")].find((b) => b.textContent.trim() === name);
    const r = button.getBoundingClientRect();
    const form = document.querySelector("form[data-resume]");
    const first = form.querySelector("fieldset");
    return {
      hauteur: document.documentElement.scrollHeight,
      bouton: Math.round(r.bottom + window.scrollY),
      premiereQuestion: first ? Math.round(first.getBoundingClientRect().top + window.scrollY) : null,
      questions: form.elements.namedItem("champs").value.split(/\s+/).filter(Boolean),
    };
  }, BUTTON);
}

/** The sections of the questions with the reason shown for each. */
async function reasons(page) {
  return page.locator("form[data-resume] .etape").evaluateAll((sets) =>
    sets.map((s) => ({ titre: s.querySelector(":scope > legend") ? s.querySelector(":scope > legend").textContent.trim() : "Signataire", raison: s.querySelector(".raison").textContent.trim() })),
  );
}

const screens = (px) => (px / PHONE.height).toFixed(1).replace(".", ",");

export default {
  name: "Parcours en un clic : rien n'a changé (Louise, 0699901M)",
  async run(t) {
    const louise = t.login("0699901M", "Louise");
    const before = dossierOf(t.db, louise);
    const context = await phone(t.browser, { scenario: "un-clic" });
    const page = (t.page = await context.newPage());
    await page.goto(`${t.base}/0699901M/connexion/`);
    await logIn(page, louise);
    expectEqual(new URL(page.url()).pathname, "/resume", "Page après la connexion");

    // The decision first: the first question starts on the first screen.
    const first = await layout(page);
    expect(first.premiereQuestion < PHONE.height, `La première question commence à ${first.premiereQuestion} px, sous le premier écran`);
    const why = await reasons(page);
    expect(why.every((w) => w.raison.length > 10), `Une question sans raison : ${JSON.stringify(why)}`);
    // Latin is asked (a choice every year), not shown as a known « Non ».
    expect(first.questions.includes("option.LATIN"), `Le latin n'est pas demandé : ${first.questions.join(" ")}`);

    // What the school knows, folded; every value is there.
    const known = await page.locator("section.resume").textContent();
    for (const name of ["eleve.nom", "resp1.adresse", "resp1.email"]) {
      expect(known.includes(before.prefill[name]), `Le résumé ne montre pas ${name} (« ${before.prefill[name]} »)`);
    }
    expectEqual(await page.locator("section.resume details[open]").count(), 0, "Blocs dépliés à l'arrivée");

    // First year from a bare import: the answers, counted (the signer is pre-filled).
    const answers = {
      "urgence.nom": "Bernard Bonnet",
      "urgence.lien": "grand-père",
      "urgence.telephone": "06 77 88 99 00",
      "option.lv2": "ESP",
      regime_sortie: "interne",
      "consentement.photo_classe": "oui",
      "consentement.droit_image": "non",
    };
    const typed = Object.keys(answers).filter((k) => k.startsWith("urgence.")).length;
    await fillIn(page, answers);
    const signer = await page.locator('[name="signature.nom"]').inputValue();
    expectEqual(signer, `${before.prefill["resp1.prenom"]} ${before.prefill["resp1.nom"]}`, "Signataire pré-rempli");

    // Kept as typed (JavaScript): the draft holds them, and a reload shows them.
    await page.locator("[data-etat-brouillon]").filter({ hasText: "Réponses enregistrées" }).waitFor();
    let draft = null;
    for (let i = 0; i < 50 && draft?.["consentement.droit_image"] !== "non"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      draft = dossierOf(t.db, louise).brouillon;
    }
    expectEqual(draft && draft["consentement.droit_image"], "non", "Dernière réponse dans le brouillon");
    expectEqual(draft && draft["urgence.nom"], "Bernard Bonnet", "Contact d'urgence dans le brouillon");
    expectEqual(draft["resp1.adresse"], before.prefill["resp1.adresse"], "Le brouillon garde ce que le collège sait");
    await page.reload();
    expectEqual(await page.locator('[name="urgence.nom"]').inputValue(), "Bernard Bonnet", "Contact d'urgence après rechargement");
    expect(await page.locator('input[name="regime_sortie"][value="interne"]').isChecked(), "Régime de sortie perdu au rechargement");

    await page.locator("#etape-options").scrollIntoViewIfNeeded();
    await screenshot(page, "16-un-clic-questions");
    await tapAndWaitNavigation(page, page.getByRole("button", { name: BUTTON }));
    expectEqual(new URL(page.url()).pathname, "/0699901M/confirmation/", "Page après « Tout est exact »");
    const firstTaps = Object.keys(answers).length + 1; // one tap per choice or field, then the button

    const after = dossierOf(t.db, louise);
    expectEqual(after.etat, "transmis", "État du dossier en base");
    const [{ mode }] = sql(t.db, "SELECT mode FROM soumissions WHERE eleve_id = ? ORDER BY id DESC LIMIT 1", [after.id]);
    expectEqual(mode, "un_clic", "Mode de la transmission");
    // What the school knew is kept as it was; the answers are added.
    for (const name of ["eleve.nom", "resp1.adresse", "resp1.code_postal", "resp1.email", "demi_pension"]) {
      expectEqual(after.soumission[name], before.prefill[name], `Valeur connue ${name} dans le dossier transmis`);
    }
    expectEqual(after.soumission["option.lv2"], "ESP", "LV2 transmise");
    expectEqual(after.soumission.regime_sortie, "interne", "Régime de sortie transmis");
    expectEqual(after.soumission["signature.accord"], "oui", "Accord donné par le bouton");
    const mail = await waitForMail(t.smtp.dir, before.prefill["resp1.email"]);
    expect(mail.subject.includes("Louise"), `Sujet du courriel : ${mail.subject}`);

    // Data complete: one tap, within one screen.
    await page.goto(`${t.base}/resume`);
    const complete = await layout(page);
    if (process.env.DEBUG_UNCLIC) {
      await page.screenshot({ path: "/tmp/unclic-complete.png", fullPage: true });
      console.log(await page.evaluate(() => [...document.querySelectorAll("header, nav, main > *, main form > *, main form fieldset > *, .signature-un-clic > *")].map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().top + scrollY)} +${Math.round(e.getBoundingClientRect().height)}`).join("\n")));
    }
    expect(complete.bouton <= PHONE.height, `Le bouton finit à ${complete.bouton} px : plus d'un écran (${PHONE.height} px)`);
    expect(complete.questions.every((q) => q.startsWith("option.") || q.startsWith("signature.")), `Questions posées à une famille complète : ${complete.questions.join(" ")}`);
    const scrollBefore = await page.evaluate(() => window.scrollY);
    await screenshot(page, "19-un-clic-dossier-complet");
    await tapAndWaitNavigation(page, page.getByRole("button", { name: BUTTON }));
    expectEqual(new URL(page.url()).pathname, "/0699901M/confirmation/", "Une famille complète : un seul toucher");
    expectEqual(scrollBefore, 0, "Défilement avant le toucher");
    const [{ n }] = sql(t.db, "SELECT count(*) AS n FROM soumissions WHERE eleve_id = ?", [after.id]);
    expectEqual(n, 2, "Transmissions de Louise");
    const whyComplete = await (async () => {
      await page.goto(`${t.base}/resume`);
      return reasons(page);
    })();
    // The signer pre-selected is one line; « Changer » opens the choice in full, and the line
    // follows what is chosen there.
    const line = page.locator("#etape-signature summary [data-signe-par]");
    expectEqual(await line.innerText(), `${before.prefill["resp1.prenom"]} ${before.prefill["resp1.nom"]} (responsable légal 1)`, "Ligne « Signé par » d'une famille complète");
    expect(!(await page.locator("#signature-signataire-1").isVisible()), "Le choix du signataire est déplié sans « Changer »");
    await page.locator("#etape-signature summary").tap();
    expect(await page.locator("#signature-signataire-1").isChecked(), "Responsable 1 non pré-sélectionné derrière « Changer »");
    await tapChoice(page, "signature.signataire", "resp2");
    expectEqual(await line.innerText(), await page.locator("label[for='signature-signataire-2']").innerText(), "La ligne « Signé par » ne suit pas le choix");
    await context.close();
    t.page = null;

    // Without JavaScript: « Modifier » keeps the answers, and opens that step of the full form.
    const figures = await withoutJs(t);
    await cafFollowsDemiPension(t);

    const report = [
      "# Réinscription en un clic : écrans, touchers et réponses",
      "",
      "Mesuré par le scénario navigateur `tests/browser/scenarios/un-clic.mjs` (Chromium sans interface, téléphone",
      `${PHONE.width}×${PHONE.height}, JavaScript activé sauf mention) sur les élèves de démonstration du Collège Jean Moulin.`,
      "Un écran = 844 px de hauteur de page. Un toucher = une case, un bouton radio, un champ ou un bouton touché.",
      "",
      "| Famille | Hauteur de `/resume` | Écrans | Première question | Bouton « Tout est exact » | Réponses (dont saisies au clavier) | Touchers jusqu'à la confirmation |",
      "|---|---:|---:|---:|---:|---:|---:|",
      `| Dossier complet (réponses connues : l'an dernier, ou déjà transmis) | ${complete.hauteur} px | ${screens(complete.hauteur)} | ${complete.premiereQuestion} px | ${complete.bouton} px | 0 | **1** |`,
      `| Première année, import SIECLE nu (Louise : ni contact d'urgence, ni LV2) | ${first.hauteur} px | ${screens(first.hauteur)} | ${first.premiereQuestion} px | ${first.bouton} px | ${Object.keys(answers).length} (${typed}) | ${firstTaps} |`,
      `| Sans JavaScript, dossier complet | ${figures.hauteur} px | ${screens(figures.hauteur)} | ${figures.premiereQuestion} px | ${figures.bouton} px | 0 | 1 |`,
      "",
      "La hauteur comprend, sous le bouton, ce que le collège sait (blocs repliés) et « Vos autres enfants » :",
      "une famille qui n'a rien de nouveau n'a pas à les faire défiler.",
      "",
      "## Questions posées à une famille dont le dossier est complet",
      "",
      ...whyComplete.map((w) => `- **${w.titre}** — ${w.raison} (${w.titre === "Signataire" ? "le dernier signataire, ou le responsable 1, est pré-choisi et tient sur une ligne « Signé par … », le choix complet derrière « Changer » ; le bouton vaut accord" : "pré-cochées avec le choix de cette année"})`),
      "",
      "## Questions posées la première année (import SIECLE nu)",
      "",
      ...why.map((w) => `- **${w.titre}** — ${w.raison}`),
      "",
      "Le contact d'urgence est la seule saisie au clavier : SIECLE n'en fournit pas pour cet élève. Le régime de sortie",
      "et les autorisations ne sont jamais dans SIECLE ; une fois donnés, ils sont repris l'année suivante.",
      "",
    ].join("\n");
    if (UPDATE_SCREENSHOTS) fs.writeFileSync(path.join(ROOT, "docs/un-clic.md"), report);
    return {
      notes: [
        `complet : ${complete.hauteur} px (${screens(complete.hauteur)} écran), bouton à ${complete.bouton} px, 1 toucher`,
        `première année : ${first.hauteur} px (${screens(first.hauteur)} écrans), ${Object.keys(answers).length} réponses dont ${typed} saisies, ${firstTaps} touchers`,
      ],
    };
  },
};

/** Without JavaScript: a family types an answer, taps « Modifier : Responsable légal 1 »; the
    full form opens at that step with the answer, and the page keeps it on return. Then a
    complete file: one tap. Returns the complete file's layout without JavaScript. */
async function withoutJs(t) {
  const jules = t.login("0699901M", "Jules");
  const context = await phone(t.browser, { js: false, scenario: "un-clic-sans-js" });
  const page = (t.page = await context.newPage());
  await page.goto(`${t.base}/0699901M/connexion/`);
  await logIn(page, jules);
  const asked = await page.locator('input[name="champs"]').getAttribute("value");
  expect(asked.includes("regime_sortie"), `Régime de sortie non demandé à Jules : ${asked}`);
  await fillIn(page, { regime_sortie: "libre" });
  await page.locator("#connu-resp1 > summary").tap();
  await tapAndWaitNavigation(page, page.getByRole("button", { name: "Modifier : Responsable légal 1" }));
  expectEqual(new URL(page.url()).pathname + new URL(page.url()).hash, "/dossier#etape-resp1", "Page ouverte par « Modifier »");
  expect(await page.locator('input[name="regime_sortie"][value="libre"]').isChecked(), "Le dossier complet n'a pas la réponse tapée sur le résumé");
  await page.goto(`${t.base}/resume`);
  expect(await page.locator('input[name="regime_sortie"][value="libre"]').isChecked(), "La réponse n'est plus sur le résumé au retour");
  const needed = (await page.locator('input[name="champs"]').getAttribute("value")).split(" ");
  // The rest of Jules's questions, then sent; back on the page his file is complete.
  const rest = {};
  for (const name of needed) {
    if (name.startsWith("signature.") || name === "regime_sortie" || name.startsWith("option.")) continue;
    if (name.startsWith("consentement.")) rest[name] = "oui";
    else if (name === "urgence.telephone") rest[name] = "06 11 22 33 44";
    else if (name.startsWith("urgence.")) rest[name] = "Marie Durand";
    else if (name === "option.lv2") rest[name] = "ALL";
  }
  if (needed.includes("option.lv2") && !(await page.locator('input[name="option.lv2"]:checked').count())) rest["option.lv2"] = "ALL";
  await fillIn(page, rest);
  await tapAndWaitNavigation(page, page.getByRole("button", { name: BUTTON }));
  expectEqual(new URL(page.url()).pathname, "/0699901M/confirmation/", "Jules transmis sans JavaScript");
  await page.goto(`${t.base}/resume`);
  const complete = await layout(page);
  expect(complete.bouton <= PHONE.height, `Sans JavaScript, le bouton finit à ${complete.bouton} px`);
  await tapAndWaitNavigation(page, page.getByRole("button", { name: BUTTON }));
  expectEqual(new URL(page.url()).pathname, "/0699901M/confirmation/", "Sans JavaScript, un seul toucher");
  await context.close();
  t.page = null;
  return complete;
}

/** With JavaScript: « Modifier » opens its step of the full form with what was tapped on the
    page; on the full form of a school that requires the CAF number with demi-pension, its mark
    and `required` follow the choice. */
async function cafFollowsDemiPension(t) {
  const pupil = t.demo.logins.find((l) => l.uai === "0339903K" && !["Adam", "Mila"].includes(l.prenom) && dossierOf(t.db, l).mef);
  const context = await phone(t.browser, { scenario: "un-clic-caf" });
  const page = (t.page = await context.newPage());
  await page.goto(`${t.base}/0339903K/connexion/`);
  await logIn(page, pupil);
  // « Modifier » with JavaScript: what was tapped on the page is kept, the step opens.
  const sortie = await page.locator('input[name="regime_sortie"]').count();
  if (sortie) await fillIn(page, { regime_sortie: "libre" });
  await page.locator("#connu-resp1 > summary").tap();
  await tapAndWaitNavigation(page, page.getByRole("button", { name: "Modifier : Responsable légal 1" }));
  expectEqual(new URL(page.url()).hash, "#etape-resp1", "Adresse ouverte par « Modifier » (JS)");
  await page.locator("#etape-resp1:visible").waitFor();
  expect((await page.locator("[data-progression]").innerText()).includes("Responsable légal 1"), "Le dossier complet ne s'ouvre pas à l'étape du responsable 1");
  if (sortie) expect(await page.locator('input[name="regime_sortie"][value="libre"]').isChecked(), "Réponse du résumé perdue dans le dossier complet (JS)");
  await page.goto(`${t.base}/resume`); // a new load: only the fragment would change otherwise
  await page.goto(`${t.base}/dossier#etape-cantine`);
  await page.locator("#etape-cantine:visible").waitFor();
  const mark = page.locator('label[for="numero_caf"] [data-marque]');
  for (const [choice, required] of [["externe", false], ["demi_pensionnaire", true]]) {
    await page.locator(`input[name="demi_pension"][value="${choice}"]`).tap();
    expectEqual(await page.locator("#numero_caf").evaluate((el) => el.required), required, `Numéro CAF obligatoire avec « ${choice} »`);
    expectEqual(await mark.isVisible(), required, `Astérisque du numéro CAF avec « ${choice} »`);
  }
  await context.close();
  t.page = null;
}
