// 5. Families who read French with difficulty, on a phone: the whole journey in English (with
// JavaScript, the one-tap page) and in Arabic (without the site's scripts, the full form, right
// to left), each page in its language (lang, dir), axe-core 0 serious/critical in each, the
// language switch keeping the family on the same page, the confirmation email in the family's
// language with the French below it; the site's scripts in Arabic (their messages, plurals).
// RTL screenshots docs/screenshots/ar-*.png.
import { expect, expectEqual, phone, screenshot } from "../lib/browser.mjs";
import { audit, BLOCKING, formatViolations, withoutSiteScripts } from "../lib/axe.mjs";
import { checkDirection } from "../lib/direction.mjs";
import { dossierOf } from "../lib/env.mjs";
import { samplePng } from "../lib/files.mjs";
import { tapAndWaitNavigation, type, typeBirthDate } from "../lib/family.mjs";
import { received } from "../lib/mail.mjs";

/** The email to `recipient` about `prenom` (brothers and sisters share their parents' address). */
async function mailAbout(dir, recipient, prenom) {
  const deadline = Date.now() + 30000;
  for (;;) {
    const found = received(dir).find(
      (m) => m.envelope.rcpt_tos.some((r) => r.toLowerCase() === recipient.toLowerCase()) && m.subject.includes(prenom),
    );
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`Aucun courriel au sujet de ${prenom} pour ${recipient} en 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function expectLanguage(page, lang, dir, where) {
  const seen = await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir || "ltr"]);
  expectEqual(seen.join(" "), `${lang} ${dir}`, `${where} : langue et sens de la page`);
}

/** axe-core on the page: no serious or critical violation. */
async function accessible(page, where) {
  const result = await audit(page, where);
  const blocking = result.violations.filter((v) => BLOCKING.has(v.impact));
  expect(!blocking.length, `${where} : axe-core signale\n${formatViolations([{ ...result, violations: blocking }])}`);
}

/** Every field the page shows in error, answered as a family would (a first choice, a box
    ticked, a plausible text), so that the journey goes on whatever the demo file lacks. */
async function answerErrors(page) {
  const names = await page.evaluate(() => {
    const inError = Array.from(document.querySelectorAll("form .champ"))
      .filter((b) => {
        const e = b.querySelector(".erreur");
        return e && (e.offsetWidth || e.offsetHeight) && e.textContent.trim();
      })
      .map((b) => b.querySelector("[name]").name);
    // Required and still empty: the browser itself would stop the post.
    const invalid = Array.from(document.querySelectorAll("form :invalid"))
      .filter((el) => el.name && (el.offsetWidth || el.offsetHeight))
      .map((el) => el.name);
    return [...new Set([...inError, ...invalid])];
  });
  for (const name of names) {
    const input = page.locator(`[name="${name}"]`).first();
    const kind = await input.evaluate((el) => (el.tagName === "SELECT" ? "select" : el.type));
    // Typed already (the error shown is the one being corrected): kept.
    if (!["radio", "checkbox", "select", "file"].includes(kind) && (await input.inputValue()) !== "") continue;
    if (kind === "radio") await page.locator(`input[name="${name}"]`).first().check();
    else if (kind === "checkbox") await input.check();
    else if (kind === "select") await input.selectOption({ index: 1 });
    else if (kind === "file") await input.setInputFiles(samplePng().file);
    else if (kind === "email") await input.fill("famille@example.fr");
    else if (kind === "tel") await input.fill("06 12 34 56 78");
    else if (kind === "date") await input.fill("2015-01-01");
    else await input.fill(name.endsWith("code_postal") ? "69003" : "Dupont");
  }
  return names;
}

/** Posts the page's form with its `button`, answering what the server sends back in error
    (at most three rounds); returns the answer that left the form. */
async function submitUntilAccepted(page, button, where) {
  for (let round = 0; round < 4; round++) {
    await answerErrors(page);
    const [response] = await Promise.all([page.waitForNavigation(), page.locator(button).first().tap()]);
    if (response?.status() !== 422) return response;
    const shown = await page.locator(".erreur:visible").count();
    expect(shown > 0, `${where} : refusé (422) sans champ en erreur affiché`);
  }
  throw new Error(`${where} : toujours refusé après trois corrections`);
}

async function english(t) {
  const hugo = t.login("0699901M", "Hugo");
  const context = await phone(t.browser, { scenario: "langues" });
  const page = (t.page = await context.newPage());
  await page.goto(`${t.base}/en/`);
  await expectLanguage(page, "en", "ltr", "Liste des collèges en anglais");
  expect((await page.title()).startsWith("Choose the school"), `Titre de la liste en anglais : ${await page.title()}`);
  await accessible(page, "liste en anglais");
  await tapAndWaitNavigation(page, page.getByRole("link", { name: "Collège Jean Moulin" }));
  expectEqual(new URL(page.url()).pathname, "/en/0699901M/", "Page du collège ouverte depuis la liste anglaise");
  await tapAndWaitNavigation(page, page.locator('a[href="/en/0699901M/connexion/"]').first());
  await expectLanguage(page, "en", "ltr", "Connexion en anglais");
  await accessible(page, "connexion en anglais");
  await type(page, "code", hugo.code);
  await typeBirthDate(page, hugo.dateNaissance);
  await tapAndWaitNavigation(page, page.locator("form.connexion button[type=submit]"));

  // The one-tap page, rendered by the worker in English; its switch stays on it.
  expectEqual(new URL(page.url()).pathname, "/resume", "Page après la connexion");
  await expectLanguage(page, "en", "ltr", "Résumé du worker en anglais");
  await accessible(page, "résumé en anglais");
  await tapAndWaitNavigation(page, page.locator('nav.langues a[hreflang="fr"]'));
  expectEqual(new URL(page.url()).pathname, "/resume", "Page après « Français » sur le résumé");
  await expectLanguage(page, "fr", "ltr", "Résumé après le choix du français");
  await tapAndWaitNavigation(page, page.locator('nav.langues a[hreflang="en"]'));
  await expectLanguage(page, "en", "ltr", "Résumé après le retour à l'anglais");

  // One tap (what the demo file lacks answered on the page), then the English confirmation.
  const response = await submitUntilAccepted(page, 'button[name="signature.accord"]', "Résumé en anglais");
  expectEqual(new URL(page.url()).pathname, "/en/0699901M/confirmation/", `Page après l'envoi (statut ${response?.status()})`);
  expectEqual(await page.locator("h1").innerText(), "Re-enrolment request sent", "Titre de la confirmation en anglais");
  await accessible(page, "confirmation en anglais");
  expectEqual(dossierOf(t.db, hugo).etat, "transmis", "État du dossier de Hugo en base");

  const email = dossierOf(t.db, hugo).soumission["resp1.email"];
  const mail = await mailAbout(t.smtp.dir, email, "Hugo");
  expect(mail.subject.startsWith("Re-enrolment of Hugo"), `Sujet du courriel : ${mail.subject}`);
  expect(mail.subject.includes(" / Réinscription d"), `Sujet sans le français après l'anglais : ${mail.subject}`);
  const text = mail.text;
  expect(text.indexOf("Hello,") >= 0 && text.indexOf("Hello,") < text.indexOf("French version — Version française"), "Courriel : l'anglais d'abord");
  expect(text.indexOf("French version — Version française") < text.indexOf("Bonjour,"), "Courriel : le français sous son titre");
  await context.close();
  return `Hugo en anglais : un geste, courriel « ${mail.subject} »`;
}

async function arabic(t) {
  const gaetan = t.login("0699901M", "Gaëtan");
  // The site's scripts refused: the page as without JavaScript, still audited by axe-core.
  const context = await withoutSiteScripts(t.browser, "langues");
  const page = (t.page = await context.newPage());
  await page.goto(`${t.base}/ar/`);
  await expectLanguage(page, "ar", "rtl", "Liste des collèges en arabe");
  expect((await page.title()).startsWith("اختيار المدرسة الإعدادية"), `Titre de la liste en arabe : ${await page.title()}`);
  await checkDirection(page, "rtl", "Liste en arabe");
  await accessible(page, "liste en arabe");
  await screenshot(page, "ar-01-liste-des-colleges");
  await tapAndWaitNavigation(page, page.getByRole("link", { name: "Collège Jean Moulin" }));
  expectEqual(new URL(page.url()).pathname, "/ar/0699901M/", "Page du collège depuis la liste arabe");
  await checkDirection(page, "rtl", "Accueil du collège en arabe");
  await accessible(page, "accueil en arabe");
  await screenshot(page, "ar-02-accueil-du-college");

  // The language switch keeps the family on the same page, both ways.
  await tapAndWaitNavigation(page, page.locator('nav.langues a[hreflang="en"]'));
  expectEqual(new URL(page.url()).pathname, "/en/0699901M/", "Page après « English »");
  await tapAndWaitNavigation(page, page.locator('nav.langues a[hreflang="ar"]'));
  expectEqual(new URL(page.url()).pathname, "/ar/0699901M/", "Page après « العربية »");

  // A wrong code: back to the Arabic login page with its message.
  await tapAndWaitNavigation(page, page.locator('a[href="/ar/0699901M/connexion/"]').first());
  await type(page, "code", "ZZZZ-ZZZZ-ZZZZ");
  await typeBirthDate(page, gaetan.dateNaissance);
  await tapAndWaitNavigation(page, page.locator("form.connexion button[type=submit]"));
  const url = new URL(page.url());
  expectEqual(url.pathname + url.hash, "/ar/0699901M/connexion/#erreur-identifiants", "Adresse après un code faux");
  expect((await page.locator("#erreur-identifiants").innerText()).includes("تعذّر الدخول"), "Message du code faux en arabe");
  await checkDirection(page, "rtl", "Connexion en arabe après un code faux");
  await accessible(page, "connexion en arabe");
  await screenshot(page, "ar-03-connexion-code-faux");

  await type(page, "code", gaetan.code);
  await typeBirthDate(page, gaetan.dateNaissance);
  await tapAndWaitNavigation(page, page.locator("form.connexion button[type=submit]"));
  expectEqual(new URL(page.url()).pathname, "/resume", "Page après la connexion");
  await expectLanguage(page, "ar", "rtl", "Résumé du worker en arabe");
  await checkDirection(page, "rtl", "Résumé en arabe");
  await accessible(page, "résumé en arabe");
  await screenshot(page, "ar-04-resume");

  // The full form, rendered by the worker in Arabic; a required field emptied: its 422 in Arabic.
  await tapAndWaitNavigation(page, page.locator('button[formnovalidate][value=""]'));
  expectEqual(new URL(page.url()).pathname, "/dossier", "Page du dossier complet");
  await expectLanguage(page, "ar", "rtl", "Formulaire en arabe");
  expect((await page.locator("h1").innerText()).startsWith("إعادة التسجيل في"), "Titre du formulaire en arabe");
  await checkDirection(page, "rtl", "Formulaire en arabe");
  await accessible(page, "formulaire en arabe");
  await screenshot(page, "ar-05-formulaire");
  await page.evaluate(() => {
    const city = document.querySelector('[name="eleve.ville_naissance"]');
    city.form.noValidate = true;
    city.value = "";
  });
  const refused = await Promise.all([page.waitForNavigation(), page.locator("form.dossier button[type=submit]").last().tap()]);
  expectEqual(refused[0]?.status(), 422, "Statut du dossier incomplet");
  const message = await page.locator('.champ:has(> [name="eleve.ville_naissance"]) .erreur').innerText();
  expect(message.includes("هذه الخانة إلزامية."), `Message du champ vide en arabe : ${message}`);
  expect((await page.locator("#resume-erreurs").innerText()).includes("لم يُرسَل الملف"), "Résumé des erreurs en arabe");
  await checkDirection(page, "rtl", "Formulaire renvoyé en arabe");
  await accessible(page, "erreurs en arabe");
  await screenshot(page, "ar-06-erreurs");

  // Corrected (and what the demo file lacks answered), sent: the Arabic confirmation.
  await page.locator('[name="eleve.ville_naissance"]').fill("Lyon");
  await page.evaluate(() => {
    document.querySelector("form.dossier").noValidate = true;
  });
  await submitUntilAccepted(page, "form.dossier button[type=submit]", "Formulaire en arabe");
  expectEqual(new URL(page.url()).pathname, "/ar/0699901M/confirmation/", "Page après l'envoi");
  await expectLanguage(page, "ar", "rtl", "Confirmation en arabe");
  expectEqual(await page.locator("h1").innerText(), "تم إرسال طلب إعادة التسجيل", "Titre de la confirmation en arabe");
  await accessible(page, "confirmation en arabe");
  await screenshot(page, "ar-07-confirmation");
  const after = dossierOf(t.db, gaetan);
  expectEqual(after.etat, "transmis", "État du dossier de Gaëtan en base");
  expectEqual(after.soumission["eleve.ville_naissance"], "Lyon", "Valeur transmise, en français comme saisie");

  const mail = await mailAbout(t.smtp.dir, after.soumission["resp1.email"], "Gaëtan");
  expect(mail.subject.startsWith("إعادة تسجيل"), `Sujet du courriel : ${mail.subject}`);
  expect(mail.subject.includes(" / Réinscription d"), `Sujet sans le français : ${mail.subject}`);
  const heading = "النسخة الفرنسية — Version française";
  expect(mail.text.indexOf("السلام عليكم") >= 0 && mail.text.indexOf("السلام عليكم") < mail.text.indexOf(heading), "Courriel : l'arabe d'abord");
  expect(mail.text.indexOf(heading) < mail.text.indexOf("Bonjour,"), "Courriel : le français sous son titre");
  expect(mail.html.includes('<html lang="ar" dir="rtl">'), "Partie HTML du courriel sans dir=rtl");
  await context.close();
  return `Gaëtan en arabe sans les scripts du site : courriel « ${mail.subject} »`;
}

/** The site's scripts in Arabic: their messages come from the page (ar.ftl's `script-…`),
    plurals chosen by the browser's Intl.PluralRules among Arabic's six categories. Gaëtan's
    file is only looked at (no input event: no draft saved), before the journey without them. */
async function arabicScripts(t) {
  const gaetan = t.login("0699901M", "Gaëtan");
  const context = await phone(t.browser, { scenario: "langues" });
  const page = (t.page = await context.newPage());
  await page.goto(`${t.base}/ar/`);
  const filter = page.locator("[data-filtre] input");
  const result = page.locator("#filtre-resultat");
  await filter.fill("Jean Moulin");
  expectEqual(await result.innerText(), "مدرسة واحدة مطابقة.", "Filtre en arabe, un collège (one)");
  await filter.fill("Collège");
  const all = await page.locator("[data-liste-colleges] li:visible").count();
  const few = all >= 3 && all <= 10;
  expect(few, `${all} collèges dans la démo : la catégorie « few » (3 à 10) n'est pas essayée`);
  expectEqual(await result.innerText(), `${all} مدارس مطابقة.`, "Filtre en arabe, plusieurs collèges (few)");

  await page.goto(`${t.base}/ar/0699901M/connexion/`);
  await type(page, "code", gaetan.code);
  await typeBirthDate(page, gaetan.dateNaissance);
  await tapAndWaitNavigation(page, page.locator("form.connexion button[type=submit]"));
  const { mef } = dossierOf(t.db, gaetan);
  await page.goto(`${t.base}/ar/0699901M/dossier/${mef}/`);
  const who = page.locator("[data-eleve]");
  await who.waitFor({ state: "visible" });
  expect((await who.innerText()).startsWith("ملف Gaëtan"), `Élève nommé en arabe : ${await who.innerText()}`);
  const progress = await page.locator("[data-progression]").innerText();
  expect(progress.startsWith("الخطوة 1 من "), `Progression en arabe : ${progress}`);
  // A required field emptied without an input event (nothing saved), then « متابعة » (Continue).
  await page.evaluate(() => {
    document.querySelector('[name="eleve.ville_naissance"]').value = "";
  });
  await page.locator("[data-etape]:visible").getByRole("button", { name: "متابعة" }).tap();
  expectEqual(await page.locator("#resume-erreurs-js h2").innerText(), "نقطة واحدة للتصحيح", "Résumé des erreurs en arabe (one)");
  const error = await page.locator('.champ:has(> [name="eleve.ville_naissance"]) .erreur').innerText();
  expect(error.includes("هذه الخانة إلزامية."), `Erreur du champ en arabe : ${error}`);
  await checkDirection(page, "rtl", "Formulaire en arabe avec ses scripts");
  await accessible(page, "formulaire en arabe avec ses scripts");
  await screenshot(page, "ar-08-formulaire-etapes");
  await context.close();
  return `Scripts en arabe : « ${progress} », pluriels one et few (${all} collèges)`;
}

export default {
  name: "Familles en anglais (avec JavaScript) et en arabe (sans, de droite à gauche)",
  async run(t) {
    const notes = [await english(t), await arabicScripts(t), await arabic(t)];
    t.page = null;
    return { notes };
  },
};
