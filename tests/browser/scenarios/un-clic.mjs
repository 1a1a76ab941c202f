// 1b. The short path most families take: nothing changed, so on the summary shown after
// login they answer the few questions about next year and confirm in one tap.
import { expect, expectEqual, phone, screenshot } from "../lib/browser.mjs";
import { dossierOf, sql } from "../lib/env.mjs";
import { fillIn, logIn } from "../lib/family.mjs";
import { waitForMail } from "../lib/mail.mjs";

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

    // What the school knows, in words.
    const known = await page.locator("section.resume").innerText();
    for (const name of ["eleve.nom", "resp1.adresse", "resp1.email"]) {
      expect(known.includes(before.prefill[name]), `Le résumé ne montre pas ${name} (« ${before.prefill[name]} »)`);
    }
    await fillIn(page, {
      "urgence.nom": "Bernard Bonnet",
      "urgence.lien": "grand-père",
      "urgence.telephone": "06 77 88 99 00",
      "option.lv2": "ESP",
      regime_sortie: "interne",
      "consentement.photo_classe": "oui",
      "consentement.droit_image": "non",
      "signature.signataire": "resp1",
      "signature.accord": true,
    });
    await page.locator("#questions-titre").scrollIntoViewIfNeeded();
    await screenshot(page, "16-un-clic-questions");
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole("button", { name: "Tout est exact — je réinscris mon enfant" }).tap(),
    ]);
    expectEqual(new URL(page.url()).pathname, "/0699901M/confirmation/", "Page après « Tout est exact »");

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
    const mail = await waitForMail(t.smtp.dir, before.prefill["resp1.email"]);
    expect(mail.subject.includes("Louise"), `Sujet du courriel : ${mail.subject}`);
    await context.close();
    t.page = null;
  },
};
