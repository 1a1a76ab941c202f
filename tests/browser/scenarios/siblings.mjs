// Two sisters in one session (Jeanne and Lou, 0389902G), on a phone with JavaScript: after
// Jeanne's login the summary offers « Lou » (first name only); a wrong birth date reveals
// nothing; the right one opens Lou's file, where the family types its new address once in the
// full form; back on Jeanne's summary the new address is already there, and one tap
// re-enrols her. Each child gets her own file and her own email.
import { expect, expectEqual, phone, screenshot } from "../lib/browser.mjs";
import { dossierOf, sql } from "../lib/env.mjs";
import { fillIn, logIn, pickDate, tapAndWaitNavigation } from "../lib/family.mjs";
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

/** Waits until `n` messages have reached the SMTP server; their subjects. */
async function subjects(dir, n) {
  const deadline = Date.now() + 30000;
  while (received(dir).length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  return received(dir).map((m) => m.subject);
}

export default {
  name: "Frère et sœur dans la même session : un clic, une adresse changée une fois (Jeanne et Lou, 0389902G)",
  async run(t) {
    const [jeanne, lou] = [t.login("0389902G", "Jeanne"), t.login("0389902G", "Lou")];
    const mailsBefore = received(t.smtp.dir).length;
    const context = await phone(t.browser, { scenario: "fratrie" });
    const page = (t.page = await context.newPage());
    await page.goto(`${t.base}/0389902G/connexion/`);
    await logIn(page, jeanne);
    expectEqual(path(page), "/resume", "Page après la connexion");
    const fratrie = page.locator("#fratrie");
    expect(
      (await fratrie.innerText()).includes("Vous avez d'autres enfants à réinscrire au collège : Lou."),
      "La sœur de Jeanne n'est pas proposée par son prénom",
    );

    // A wrong birth date: refused, and nothing about Lou but her first name.
    const [y, m, d] = lou.dateNaissance.split("-");
    const secrets = [lou.dateNaissance, `${d}/${m}/${y}`, lou.nom === jeanne.nom ? null : lou.nom, lou.classe, "en 3e"].filter(Boolean);
    await pickDate(page, "date_naissance", `${Number(y) - 1}-${m}-${d}`);
    await tapAndWaitNavigation(page, page.getByRole("button", { name: "Réinscrire aussi Lou" }));
    const refused = await page.locator("main").innerText();
    expect(refused.includes("La date de naissance indiquée pour Lou ne correspond pas."), "Pas de message après une date fausse");
    for (const secret of secrets) expect(!refused.includes(secret), `La page montre « ${secret} » avant la bonne date`);
    expectEqual(dossierOf(t.db, lou).etat, "non_connecte", "État du dossier de Lou après une date fausse");
    await screenshot(page, "17-fratrie-date-fausse");

    // The right date: Lou joins the session and her file opens.
    await pickDate(page, "date_naissance", lou.dateNaissance);
    await tapAndWaitNavigation(page, page.getByRole("button", { name: "Réinscrire aussi Lou" }));
    expectEqual(await page.locator("h1").innerText(), `Réinscription de Lou ${lou.nom} en 3e`, "Titre après la bonne date");

    // The new address, typed once, in Lou's full form.
    await tapAndWaitNavigation(page, page.getByRole("link", { name: "Modifier des informations" }));
    await page.locator("[data-eleve]").waitFor({ state: "visible" });
    expect((await page.locator("[data-eleve]").innerText()).includes("Dossier de Lou"), "Le formulaire complet n'est pas celui de Lou");
    await stepThrough(page, {
      ...NEW_ADDRESS,
      ...CONTACT,
      regime_sortie: "emploi_du_temps",
      "consentement.photo_classe": "oui",
      "signature.nom": "Claire Roux",
      "signature.accord": true,
    });
    await tapAndWaitNavigation(page, page.getByRole("button", { name: "Transmettre le dossier" }));
    expectEqual(path(page), "/0389902G/confirmation/", "Page après « Transmettre le dossier » pour Lou");

    // Back to the summary, then Jeanne's file: the address is already the new one.
    await tapAndWaitNavigation(page, page.getByRole("link", { name: "Revenez au récapitulatif" }));
    await tapAndWaitNavigation(page, page.getByRole("button", { name: "Ouvrir le dossier de Jeanne" }));
    expectEqual(await page.locator("h1").innerText(), `Réinscription de Jeanne ${jeanne.nom} en 5e`, "Titre du dossier de Jeanne");
    const known = await page.locator("section.resume").innerText();
    for (const value of Object.values(NEW_ADDRESS)) expect(known.includes(value), `Le résumé de Jeanne ne montre pas « ${value} »`);
    await screenshot(page, "18-fratrie-adresse-reportee");

    // One tap for Jeanne.
    await fillIn(page, { ...CONTACT, regime_sortie: "emploi_du_temps", "consentement.photo_classe": "oui", "signature.nom": "Claire Roux", "signature.accord": true });
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
    const mails = (await subjects(t.smtp.dir, mailsBefore + 2)).slice(mailsBefore);
    for (const who of ["Jeanne", "Lou"]) {
      expect(mails.some((s) => s.includes(`Réinscription de ${who} `)), `Pas de courriel pour ${who} (reçus : ${mails.join(" ; ")})`);
    }
    await context.close();
    t.page = null;
    return { notes: [`courriels : ${mails.join(" ; ")}`] };
  },
};
