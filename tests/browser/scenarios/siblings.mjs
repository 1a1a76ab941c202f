// Two sisters in one session (Jeanne and Lou, 0389902G), on a phone with JavaScript: after
// Jeanne's login the summary names no other child and offers « Réinscrire un autre enfant »;
// Lou's code (from her own letter) with a wrong birth date reveals nothing; with the right one
// Lou's file opens, where the family types its new address once in the full form; back on
// Jeanne's summary that address is offered, and taken with one tap; one more tap re-enrols
// her. Each child gets her own file and her own email.
import { audit, BLOCKING, formatViolations } from "../lib/axe.mjs";
import { expect, expectEqual, phone, screenshot } from "../lib/browser.mjs";
import { dossierOf, sql } from "../lib/env.mjs";
import { fillIn, logIn, tapAndWaitNavigation, type, typeBirthDate } from "../lib/family.mjs";
import { received } from "../lib/mail.mjs";

const NEW_ADDRESS = { "resp1.adresse": "5 rue du Lycée", "resp1.code_postal": "38250", "resp1.commune": "Lans-en-Vercors" };
const CONTACT = { "urgence.nom": "Marie Roux", "urgence.lien": "tante", "urgence.telephone": "06 55 44 33 22" };

const path = (page) => new URL(page.url()).pathname;

/** The full form, step by step: fills the answers of each step shown, then « Continuer ». */
async function stepThrough(page, answers) {
  for (let guard = 0; guard < 20; guard++) {
    const step = page.locator("[data-etape]:visible").first();
    for (const [name, answer] of Object.entries(answers)) {
      if (await step.locator(`[name="${name}"]`).count()) await fillIn(page, { [name]: answer });
    }
    const next = step.getByRole("button", { name: "Continuer" });
    if (!(await next.count())) return;
    await next.tap();
  }
  throw new Error("Le formulaire ne finit pas : toujours une étape de plus");
}

/** axe-core on the page as it is: no serious or critical violation. */
async function accessible(page, label) {
  const result = await audit(page, label);
  const blocking = result.violations.filter((v) => BLOCKING.has(v.impact));
  expect(!blocking.length, `Accessibilité de « ${label} » :\n  ${formatViolations([{ ...result, violations: blocking }]).join("\n  ")}`);
}

/** Waits until `n` messages have reached the SMTP server; their subjects. */
async function subjects(dir, n) {
  const deadline = Date.now() + 30000;
  while (received(dir).length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  return received(dir).map((m) => m.subject);
}

export default {
  name: "Frère et sœur dans la même session, avec le code de chacun : un clic, une adresse saisie une fois (Jeanne et Lou, 0389902G)",
  async run(t) {
    const [jeanne, lou] = [t.login("0389902G", "Jeanne"), t.login("0389902G", "Lou")];
    const mailsBefore = received(t.smtp.dir).length;
    const context = await phone(t.browser, { scenario: "fratrie" });
    const page = (t.page = await context.newPage());
    await page.goto(`${t.base}/0389902G/connexion/`);
    await logIn(page, jeanne);
    expectEqual(path(page), "/resume", "Page après la connexion");
    const [y, m, d] = lou.dateNaissance.split("-");
    const secrets = [lou.dateNaissance, `${d}/${m}/${y}`, lou.nom === jeanne.nom ? null : lou.nom, lou.classe, "en 3e"].filter(Boolean);
    const leak = (text) => (/\bLou\b/.test(text) ? "Lou" : secrets.find((secret) => text.includes(secret)));
    const fratrie = await page.locator("#fratrie").innerText();
    expect(fratrie.includes("Réinscrire un autre enfant"), "Pas de « Réinscrire un autre enfant » sur le résumé");
    const shown = leak(await page.locator("main").innerText());
    expect(!shown, `Le résumé de Jeanne montre « ${shown} »`);

    // Lou's code with a wrong birth date: refused, and nothing about Lou.
    const addChild = page.getByRole("button", { name: "Réinscrire cet enfant" });
    await type(page, "code", lou.code);
    await typeBirthDate(page, `${Number(y) - 1}-${m}-${d}`, page.locator("form.ajout-enfant"));
    await tapAndWaitNavigation(page, addChild);
    const refused = await page.locator("main").innerText();
    expect(refused.includes("Code d'accès ou date de naissance incorrects."), "Pas de message après une date fausse");
    expect(!leak(refused), `La page montre « ${leak(refused)} » avant le bon code et la bonne date`);
    expectEqual(await page.getByRole("alert").count(), 1, "Le refus n'est pas annoncé (role=alert)");
    expectEqual(await page.locator("#enfant-code").getAttribute("aria-invalid"), "true", "Le champ du code ne dit pas qu'il est en erreur");
    expectEqual(dossierOf(t.db, lou).etat, "non_connecte", "État du dossier de Lou après une date fausse");
    await accessible(page, "résumé après un code ou une date faux");
    await screenshot(page, "17-fratrie-date-fausse");

    // Her code and birth date, as on her letter: Lou joins the session and her file opens.
    await type(page, "code", lou.code);
    await typeBirthDate(page, lou.dateNaissance, page.locator("form.ajout-enfant"));
    await tapAndWaitNavigation(page, addChild);
    expectEqual(await page.locator("h1").innerText(), `Réinscription de Lou ${lou.nom} en 3e`, "Titre après le bon code et la bonne date");

    // The new address, typed once, in Lou's full form.
    await tapAndWaitNavigation(page, page.getByRole("button", { name: "Ouvrir le dossier complet" }));
    await page.locator("[data-eleve]").waitFor({ state: "visible" });
    expect((await page.locator("[data-eleve]").innerText()).includes("Dossier de Lou"), "Le formulaire complet n'est pas celui de Lou");
    await stepThrough(page, {
      ...NEW_ADDRESS,
      ...CONTACT,
      regime_sortie: "emploi_du_temps",
      "consentement.photo_classe": "oui",
      "signature.signataire": "resp1",
      "signature.accord": true,
    });
    await tapAndWaitNavigation(page, page.getByRole("button", { name: "Transmettre le dossier" }));
    expectEqual(path(page), "/0389902G/confirmation/", "Page après « Transmettre le dossier » pour Lou");

    // Back to the summary, then Jeanne's file: the new address is offered, not imposed.
    await tapAndWaitNavigation(page, page.getByRole("link", { name: "Revenez au récapitulatif" }));
    await tapAndWaitNavigation(page, page.getByRole("button", { name: "Ouvrir le dossier de Jeanne" }));
    expectEqual(await page.locator("h1").innerText(), `Réinscription de Jeanne ${jeanne.nom} en 5e`, "Titre du dossier de Jeanne");
    const before = await page.locator("section.resume").textContent();
    expect(!before.includes(NEW_ADDRESS["resp1.adresse"]), "L'adresse de Lou est imposée au dossier de Jeanne sans le lui demander");
    const jeannePrefill = dossierOf(t.db, jeanne).prefill;
    const offer = page.getByRole("button", { name: "Reprendre l'adresse et les coordonnées saisies pour Lou" });
    expectEqual(await offer.count(), 1, "L'adresse saisie pour Lou n'est pas proposée pour Jeanne");
    await accessible(page, "résumé proposant l'adresse saisie pour une sœur");
    await page.locator("section.reprise").scrollIntoViewIfNeeded();
    await screenshot(page, "18-fratrie-adresse-proposee");
    await tapAndWaitNavigation(page, offer);
    const known = await page.locator("section.resume").textContent();
    for (const value of Object.values(NEW_ADDRESS)) expect(known.includes(value), `Le résumé de Jeanne ne montre pas « ${value} »`);
    expectEqual(JSON.stringify(dossierOf(t.db, jeanne).prefill), JSON.stringify(jeannePrefill), "Pré-remplissage de Jeanne après la reprise");

    // One tap for Jeanne. Her signer is pre-selected (guardian 1, by name): nothing to type.
    const resp1 = `${jeannePrefill["resp1.prenom"]} ${jeannePrefill["resp1.nom"]}`;
    expectEqual(await page.locator("#etape-signature summary [data-signe-par]").innerText(), `${resp1} (responsable légal 1)`, "Signataire de Jeanne sur le résumé");
    await fillIn(page, { ...CONTACT, regime_sortie: "emploi_du_temps", "consentement.photo_classe": "oui" });
    await tapAndWaitNavigation(page, page.getByRole("button", { name: "Tout est exact — je réinscris mon enfant" }));
    expectEqual(path(page), "/0389902G/confirmation/", "Page après « Tout est exact » pour Jeanne");

    // Two files, two modes, the same address, two emails.
    const modes = {};
    for (const [who, login] of [["Jeanne", jeanne], ["Lou", lou]]) {
      const file = dossierOf(t.db, login);
      expectEqual(file.etat, "transmis", `État du dossier de ${who}`);
      for (const [name, value] of Object.entries(NEW_ADDRESS)) expectEqual(file.soumission[name], value, `${name} transmis pour ${who}`);
      modes[who] = sql(t.db, "SELECT mode FROM soumissions WHERE eleve_id = ? ORDER BY id DESC LIMIT 1", [file.id])[0].mode;
    }
    expectEqual(`${modes.Jeanne}/${modes.Lou}`, "un_clic/formulaire", "Modes des deux transmissions");
    const signed = dossierOf(t.db, jeanne).soumission;
    expectEqual(`${signed["signature.signataire"]} ${signed["signature.nom"]}`, `resp1 ${resp1}`, "Signataire transmis pour Jeanne");
    const mails = (await subjects(t.smtp.dir, mailsBefore + 2)).slice(mailsBefore);
    for (const who of ["Jeanne", "Lou"]) {
      expect(mails.some((s) => s.includes(`Réinscription de ${who} `)), `Pas de courriel pour ${who} (reçus : ${mails.join(" ; ")})`);
    }
    await context.close();
    t.page = null;
    return { notes: [`courriels : ${mails.join(" ; ")}`] };
  },
};
