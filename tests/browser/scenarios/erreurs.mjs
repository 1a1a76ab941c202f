// 3. Errors a family meets: a wrong code (with and without JavaScript), a required field left
// empty (inline with JavaScript; the browser's own check then the server's 422 page without),
// and nothing typed is lost.
import { expect, expectEqual, phone, screenshot } from "../lib/browser.mjs";
import { dossierOf, sql } from "../lib/env.mjs";
import { fillIn, logIn, openFullForm, shownValues, type } from "../lib/family.mjs";
import { ADAM } from "./parcours-sans-js.mjs";

async function wrongCode(t, js) {
  const context = await phone(t.browser, { js, scenario: "erreurs" });
  const page = (t.page = await context.newPage());
  const chloe = t.login("0699901M", "Chloé");
  await page.goto(`${t.base}/0699901M/connexion/`);
  expect(!(await page.locator("#erreur-identifiants").isVisible()), "Le message d'erreur est affiché avant toute tentative");
  await logIn(page, chloe, { code: "ZZZZ-ZZZZ-ZZZZ" });
  const url = new URL(page.url());
  expectEqual(url.pathname + url.hash, "/0699901M/connexion/#erreur-identifiants", "Adresse après un code faux");
  const alert = page.locator("#erreur-identifiants");
  expect(await alert.isVisible(), `Le message « Connexion impossible » n'est pas visible ${js ? "avec" : "sans"} JavaScript`);
  expect((await alert.innerText()).includes("Le code d'accès ou la date de naissance ne correspond pas"), "Texte du message d'erreur");
  expectEqual(await page.locator(".cible:visible").count(), 1, "Messages affichés sur la page de connexion");
  if (js) {
    // Focused, so a screen reader reads it at once.
    expectEqual(await page.evaluate(() => document.activeElement && document.activeElement.id), "erreur-identifiants", "Élément qui a le focus");
    await screenshot(page, "13-erreur-code-faux");
  }
  await context.close();
}

async function inlineErrors(t) {
  const context = await phone(t.browser, { scenario: "erreurs" });
  const page = (t.page = await context.newPage());
  const noe = t.login("0699901M", "Noé");
  await page.goto(`${t.base}/0699901M/connexion/`);
  await logIn(page, noe);
  await openFullForm(page);
  await page.locator("[data-eleve]").waitFor({ state: "visible" });
  await type(page, "eleve.prenom2", "Paul");
  await type(page, "eleve.ville_naissance", "");
  await page.locator("[data-etape]:visible").getByRole("button", { name: "Continuer" }).tap();

  const progress = await page.locator("[data-progression]").innerText();
  expect(progress.startsWith("Étape 1 "), `La famille a pu passer à « ${progress} » avec un champ obligatoire vide`);
  const box = page.locator('.champ:has(> [name="eleve.ville_naissance"])');
  const message = box.locator(".erreur");
  expect(await message.isVisible(), "Aucun message à côté du champ « Commune de naissance » laissé vide");
  expectEqual((await message.innerText()).replace(/\s+/g, " ").trim(), "Erreur : Ce champ est obligatoire.", "Message à côté du champ");
  const input = page.locator("#eleve-ville_naissance");
  expectEqual(await input.getAttribute("aria-invalid"), "true", "aria-invalid du champ en erreur");
  expect((await input.getAttribute("aria-describedby") || "").includes("eleve-ville_naissance-erreur"), "Le message n'est pas relié au champ (aria-describedby)");
  const summary = page.locator("#resume-erreurs-js");
  expect(await summary.isVisible(), "Pas de résumé des erreurs en haut de l'étape");
  expect((await summary.innerText()).includes("Commune de naissance : Ce champ est obligatoire."), "Le résumé ne cite pas le champ");
  expectEqual(await input.inputValue(), "", "Champ vidé");
  expectEqual(await page.locator("#eleve-prenom2").inputValue(), "Paul", "« Autres prénoms » tapé avant l'erreur");
  await page.locator("#eleve-ville_naissance").scrollIntoViewIfNeeded();
  await screenshot(page, "14-erreur-champ-obligatoire");

  // The message goes away while typing the value; the next step opens.
  await input.tap();
  await input.pressSequentially("Villeurbanne");
  expect(!(await message.isVisible()), "Le message reste affiché alors que le champ est rempli");
  await page.locator("[data-etape]:visible").getByRole("button", { name: "Continuer" }).tap();
  expect((await page.locator("[data-progression]").innerText()).startsWith("Étape 2 "), "L'étape suivante ne s'ouvre pas une fois corrigé");

  // A format error: email without domain.
  await type(page, "resp1.email", "camille.bernard@");
  await page.locator("[data-etape]:visible").getByRole("button", { name: "Continuer" }).tap();
  const emailError = page.locator('.champ:has(> [name="resp1.email"]) .erreur');
  expect(await emailError.isVisible(), "Aucun message pour une adresse électronique invalide");
  expect((await emailError.innerText()).includes("Adresse électronique invalide"), "Message d'une adresse électronique invalide");
  await context.close();
}

async function serverErrors(t) {
  const context = await phone(t.browser, { js: false, scenario: "erreurs" });
  const page = (t.page = await context.newPage());
  const jade = t.login("0339903K", "Jade");
  await page.goto(`${t.base}/0339903K/connexion/`);
  await logIn(page, jade);
  await openFullForm(page);
  const answers = {
    ...ADAM,
    "eleve.nom": "LAMBERT",
    "eleve.prenom": "Jade",
    "eleve.date_naissance": jade.dateNaissance,
    "eleve.sexe": "F",
    "resp1.civilite": "M.",
    "resp1.lien": "20",
    "resp1.nom": "LAMBERT",
    "resp1.prenom": "Xavier",
    "resp1.adresse": "6 allée de Serr",
    "resp1.email": "xavier.lambert@example.fr",
    // No phone at all (the form comes pre-filled: every known number is erased): the server's
    // "at least one" rule.
    "resp1.tel_portable": "",
    "resp1.tel_domicile": "",
    "resp1.tel_travail": "",
    numero_caf: "", // demi-pension pre-filled: the CAF number carries `required`, the browser stops the post
    "urgence.nom": "", // required in HTML: the browser itself stops the post
    "signature.nom": "Xavier Lambert",
  };
  for (const key of Object.keys(answers)) if (key.startsWith("resp2.")) delete answers[key];
  await fillIn(page, answers);
  const submit = page.getByRole("button", { name: "Transmettre le dossier" });

  // Without JavaScript, an empty `required` field is caught by the browser, which stays on the page.
  await submit.tap();
  await page.waitForTimeout(300);
  expectEqual(new URL(page.url()).pathname.endsWith("/confirmation/"), false, "Dossier transmis avec « Contact en cas d'urgence » vide");
  const bubble = await page.locator("#urgence-nom").evaluate((el) => el.validationMessage);
  expect(bubble !== "", "Le navigateur ne signale pas le champ obligatoire vide");
  expect(await page.locator("#urgence-nom").evaluate((el) => el === document.activeElement), "Le champ vide n'a pas le focus");
  answers["urgence.nom"] = "Fatou Ndiaye";
  await type(page, "urgence.nom", answers["urgence.nom"]);
  // The CAF number, required with demi-pension (chosen here): marked, and stopped by the browser too.
  await submit.tap();
  await page.waitForTimeout(300);
  expect((await page.locator("#numero_caf").evaluate((el) => el.validationMessage)) !== "", "Numéro CAF vide accepté par le navigateur avec la demi-pension");
  expect(await page.locator('label[for="numero_caf"] [data-marque]').isVisible(), "Numéro CAF sans astérisque avec la demi-pension");
  answers.numero_caf = "7654321";
  await type(page, "numero_caf", answers.numero_caf);

  // Rules HTML cannot express: the server answers 422 with the same form, errors and values.
  const [response] = await Promise.all([page.waitForNavigation(), submit.tap()]);
  expectEqual(response?.status(), 422, "Statut HTTP d'un dossier incomplet");
  expect((await page.title()).startsWith("Erreur : "), `Le titre de la page ne signale pas l'erreur : ${await page.title()}`);
  const summary = page.locator("#resume-erreurs");
  expect(await summary.isVisible(), "Pas de résumé des erreurs en haut de la page renvoyée par le serveur");
  const summaryText = await summary.innerText();
  expect(summaryText.includes("1 point à corriger"), `Résumé des erreurs : ${summaryText}`);
  for (const [name, id, words] of [["resp1.tel_portable", "resp1-tel_portable", "téléphone"]]) {
    const link = summary.locator(`a[href="#${id}"]`);
    expectEqual(await link.count(), 1, `Lien du résumé vers le champ ${name}`);
    const message = page.locator(`.champ:has([name="${name}"]) .erreur`);
    expect(await message.isVisible(), `Pas de message à côté du champ ${name}`);
    expect((await message.innerText()).includes(words), `Message à côté de ${name} : ${await message.innerText()}`);
    expectEqual(await page.locator(`#${id}`).getAttribute("aria-invalid"), "true", `aria-invalid de ${name}`);
  }
  // Nothing typed is lost.
  const shown = await shownValues(page);
  for (const [name, expected] of Object.entries(answers)) {
    if (typeof expected === "object") {
      // A browser cannot put a file back in a file field: the page says the server has it.
      const kept = page.locator(`.champ:has([name="${name}"]) .pieces-recues`);
      expect((await kept.count()) && (await kept.innerText()).includes(expected.name), `La page d'erreur ne dit pas que « ${expected.name} » est déjà reçu`);
      continue;
    }
    expectEqual(shown[name], expected === true ? "oui" : expected, `Valeur gardée de ${name} sur la page d'erreur`);
  }
  await screenshot(page, "15-erreur-sans-javascript");
  expectEqual(dossierOf(t.db, jade).etat === "transmis", false, "Dossier incomplet enregistré comme transmis");

  // Corrected, it goes through.
  await type(page, "resp1.tel_portable", "06 31 32 33 34");
  const [ok] = await Promise.all([page.waitForNavigation(), submit.tap()]);
  expectEqual(new URL(page.url()).pathname, "/0339903K/confirmation/", `Page après correction (statut ${ok?.status()})`);
  const after = dossierOf(t.db, jade);
  expectEqual(after.etat, "transmis", "État du dossier corrigé en base");
  expectEqual(after.soumission["numero_caf"], "7654321", "Numéro CAF transmis");
  expectEqual(after.soumission["signature.nom"], "Xavier LAMBERT", "Signataire transmis (le responsable 1 choisi, nommé comme dans le dossier)");
  const pieces = sql(t.db, "SELECT document, nom_original, soumission_id FROM pieces WHERE eleve_id = ?", [after.id]);
  const linked = pieces.filter((p) => p.soumission_id !== null).map((p) => `${p.document} ${p.nom_original}`);
  expectEqual(linked.join(" ; "), `justificatif_domicile ${answers["document.justificatif_domicile"].name}`, "Pièce envoyée avec le premier essai, rattachée au dossier corrigé");
  await context.close();
}

export default {
  name: "Erreurs : code faux, champ obligatoire vide, rien de perdu (avec et sans JavaScript)",
  async run(t) {
    await wrongCode(t, true);
    await wrongCode(t, false);
    await inlineErrors(t);
    await serverErrors(t);
    t.page = null;
  },
};
