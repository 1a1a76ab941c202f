// The full form without JavaScript, on a phone (Théo, 0699901M): a birth date that cannot be
// is refused in words on the login page; the canteen's link has words; the second guardian
// « Même adresse que le responsable légal 1 » ticked, address fields left empty, is given the
// first one's address by the worker; the signer is chosen among the guardians, named, or
// « Une autre personne » with a name — here the grandmother, which the school's file keeps and
// the staff's view of the file flags (with JavaScript, as the staff area needs).
import { expect, expectEqual, phone, screenshot } from "../lib/browser.mjs";
import { dossierOf } from "../lib/env.mjs";
import { fillIn, logIn, openFullForm, tapAndWaitNavigation, type, typeBirthDate } from "../lib/family.mjs";
import { waitForMail } from "../lib/mail.mjs";

export default {
  name: "Formulaire complet sans JavaScript : date en trois champs, même adresse, signataire (Théo, 0699901M)",
  async run(t) {
    const theo = t.login("0699901M", "Théo");
    const context = await phone(t.browser, { js: false, scenario: "formulaire-sans-js" });
    const page = (t.page = await context.newPage());

    // A date that does not exist (30 February): the login page says so, in French.
    await page.goto(`${t.base}/0699901M/connexion/`);
    await type(page, "code", theo.code);
    await typeBirthDate(page, `${theo.dateNaissance.slice(0, 4)}-02-30`);
    await tapAndWaitNavigation(page, page.getByRole("button", { name: "Se connecter" }));
    const alert = page.locator("#erreur-date");
    expect(await alert.isVisible(), `Pas de message pour une date qui n'existe pas (${page.url()})`);
    expect((await alert.innerText()).includes("Cette date n'existe pas."), `Message : ${await alert.innerText()}`);
    expectEqual(dossierOf(t.db, theo).etat, "non_connecte", "État du dossier après une date impossible");
    await screenshot(page, "19-connexion-date-impossible");

    await page.goto(`${t.base}/0699901M/connexion/`);
    await logIn(page, theo);
    await openFullForm(page);
    const known = dossierOf(t.db, theo).prefill;

    // Links have words.
    const rules = page.getByRole("link", { name: "Comment est calculé le tarif ?" });
    expectEqual(await rules.count(), 1, "Lien « Comment est calculé le tarif ? »");
    const paths = await page.locator("main a").evaluateAll((links) => links.map((a) => a.textContent.trim()).filter((t) => t.startsWith("/")));
    expectEqual(paths.join(", "), "", "Liens dont le texte est une adresse");

    // The signer's choice names the guardians the school knows.
    const resp1 = `${known["resp1.prenom"]} ${known["resp1.nom"]}`;
    expectEqual(await page.locator("label[for='signature-signataire-1']").innerText(), `${resp1} (responsable légal 1)`, "Premier choix du signataire");

    await fillIn(page, {
      "urgence.nom": "Odette Petit",
      "urgence.lien": "grand-mère",
      "urgence.telephone": "06 21 22 23 24",
      "resp2.lien": "20",
      "resp2.civilite": "M.",
      "resp2.nom": known["resp1.nom"],
      "resp2.prenom": "Marc",
      "resp2.tel_portable": "06 41 42 43 44",
      "resp2.meme_adresse": true,
      "resp2.adresse": "",
      "resp2.code_postal": "",
      "resp2.commune": "",
      demi_pension: "externe",
      regime_sortie: "libre",
      "consentement.photo_classe": "oui",
      "consentement.droit_image": "non",
      "signature.signataire": "autre",
      "signature.nom": "Odette Petit",
      "signature.accord": true,
    });
    await page.locator("#etape-signature").scrollIntoViewIfNeeded();
    await screenshot(page, "20-signataire-sans-js");
    await tapAndWaitNavigation(page, page.getByRole("button", { name: "Transmettre le dossier" }));
    if (!new URL(page.url()).pathname.endsWith("/confirmation/")) {
      const errors = await page.locator("#resume-erreurs").innerText().catch(() => "");
      throw new Error(`Dossier refusé : ${errors}`);
    }
    const sent = dossierOf(t.db, theo).soumission;
    for (const key of ["adresse", "code_postal", "commune", "pays"]) {
      expectEqual(sent[`resp2.${key}`], sent[`resp1.${key}`], `resp2.${key} (même adresse que le responsable 1, sans JavaScript)`);
    }
    expectEqual(sent["resp2.adresse"], known["resp1.adresse"], "Adresse du responsable 2");
    expectEqual(`${sent["signature.signataire"]} ${sent["signature.nom"]}`, "autre Odette Petit", "Signataire transmis");
    await context.close();

    // The school's staff open Théo's file: the signer is flagged, being neither guardian.
    const staff = await phone(t.browser, { scenario: "formulaire-sans-js" });
    const office = (t.page = await staff.newPage());
    const courriel = "direction.0699901M@example.fr";
    await office.goto(`${t.base}/0699901M/personnel/`);
    await type(office, "courriel", courriel);
    await tapAndWaitNavigation(office, office.getByRole("button", { name: "Recevoir un lien de connexion" }));
    const mail = await waitForMail(t.smtp.dir, courriel);
    const link = (mail.text.match(/https?:\/\/\S+\/personnel\/lien\?jeton=[A-Za-z0-9_-]+/) || [])[0];
    expect(link, `Pas de lien de connexion dans le courriel : ${mail.text}`);
    await office.goto(link.replace(/^https?:\/\/[^/]+/, t.base));
    // The button's post, sent with the page's origin: the link page's `referrer: no-referrer`
    // makes Chromium send `Origin: null`, which the worker refuses (403) — reported apart.
    const jeton = await office.locator("input[name=jeton]").inputValue();
    const used = await staff.request.post(`${t.base}/personnel/lien`, { form: { jeton }, headers: { Origin: t.base }, maxRedirects: 0 });
    expectEqual(used.status(), 303, "Connexion du personnel par le lien");
    await office.goto(`${t.base}/0699901M/personnel/eleve/?id=${dossierOf(t.db, theo).id}`);
    const flag = office.locator("[data-signataire-autre]");
    await flag.waitFor();
    const signed = await office.locator("dt", { hasText: "Signé par" }).locator("xpath=following-sibling::dd[1]").innerText();
    expect(signed.includes("Odette Petit") && signed.includes("n'est pas un responsable légal"), `« Signé par » : ${signed}`);
    await screenshot(office, "21-personnel-signataire-autre");
    await staff.close();
    t.page = null;
  },
};
