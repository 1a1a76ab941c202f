// 2. The same journey with JavaScript disabled (Adam, 0339903K: mandatory documents, CAF
// number, a father living in Switzerland). Without JavaScript there is no pre-fill: the
// family types every required field, on one long page, and posts it.
import { expect, expectEqual, phone } from "../lib/browser.mjs";
import { dossierOf, sql } from "../lib/env.mjs";
import { samplePng } from "../lib/files.mjs";
import { fillIn, logIn, openFullForm, shownValues, tapAndWaitNavigation } from "../lib/family.mjs";
import { waitForMail } from "../lib/mail.mjs";

/** What Adam's mother types (his second guardian lives abroad: no French postcode). */
export const ADAM = {
  "eleve.nom": "DIALLO",
  "eleve.prenom": "Adam",
  "eleve.date_naissance": "2015-04-17",
  "eleve.sexe": "M",
  "eleve.ville_naissance": "Bordeaux",
  "resp1.lien": "10",
  "resp1.civilite": "Mme",
  "resp1.nom": "DIALLO",
  "resp1.prenom": "Aïssatou",
  "resp1.adresse": "22 rue de la Benauge",
  "resp1.code_postal": "33100",
  "resp1.commune": "Bordeaux",
  "resp1.tel_portable": "06 11 12 13 14",
  "resp1.email": "aissatou.diallo@example.fr",
  "resp2.lien": "20",
  "resp2.civilite": "M.",
  "resp2.nom": "DIALLO",
  "resp2.prenom": "Mamadou",
  "resp2.adresse": "Rue du Rhône 14",
  "resp2.code_postal": "1204",
  "resp2.commune": "Genève",
  "resp2.pays": "Suisse",
  "resp2.tel_portable": "+41 79 123 45 67",
  "resp2.email": "mamadou.diallo@example.ch",
  "urgence.nom": "Fatou Ndiaye",
  "urgence.lien": "tante",
  "urgence.telephone": "06 45 67 89 01",
  "option.lv2": "ESP",
  demi_pension: "demi_pensionnaire",
  numero_caf: "1234567",
  regime_sortie: "libre",
  "consentement.photo_classe": "oui",
  "consentement.information_medicale": "oui",
  "document.justificatif_domicile": samplePng(),
  "document.attestation_assurance.secretariat": true,
  "signature.signataire": "resp1",
  "signature.accord": true,
};

export default {
  name: "Même parcours sans JavaScript (Adam, 0339903K, pièces et numéro CAF)",
  async run(t) {
    const adam = t.login("0339903K", "Adam");
    const context = await phone(t.browser, { js: false, scenario: "parcours-sans-js" });
    const page = (t.page = await context.newPage());

    // Without JavaScript the list itself is the way to find the school.
    await page.goto(`${t.base}/`);
    expect(!(await page.locator("[data-filtre]").isVisible()), "Le filtre (qui demande JavaScript) est affiché sans JavaScript");
    expectEqual(await page.locator("[data-liste-colleges] li:visible").count(), 3, "Collèges listés");
    await tapAndWaitNavigation(page, page.getByRole("link", { name: "Collège Simone Veil" }));
    await tapAndWaitNavigation(page, page.getByRole("link", { name: "Commencer la réinscription" }));
    await logIn(page, adam);
    // The one-click summary works without JavaScript; Adam's family opens the full form.
    await openFullForm(page);
    expectEqual(new URL(page.url()).pathname, "/dossier", "Page ouverte par « Ouvrir le dossier complet »");

    // Without JavaScript the worker renders the form already filled with what the school knows;
    // the family still retypes everything below (each field is cleared first), as a worst case.
    const known = dossierOf(t.db, adam).prefill;
    const shown = await shownValues(page);
    expectEqual(shown["eleve.nom"], known["eleve.nom"], "Nom de l'élève pré-rempli sans JavaScript");
    expectEqual(shown["resp1.adresse"], known["resp1.adresse"], "Adresse pré-remplie sans JavaScript");
    expect(await page.getByRole("button", { name: "Transmettre le dossier" }).isVisible(), "Le bouton « Transmettre le dossier » n'est pas visible sans JavaScript");

    await fillIn(page, ADAM);
    const response = (
      await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Transmettre le dossier" }).tap()])
    )[0];
    expectEqual(new URL(page.url()).pathname, "/0339903K/confirmation/", "Page après « Transmettre le dossier »");
    expectEqual(response?.status(), 200, "Statut HTTP de la confirmation");
    expectEqual(await page.locator("h1").innerText(), "Demande de réinscription transmise", "Titre de la confirmation");
    expect(
      (await page.locator("main").innerText()).includes("Justificatif de domicile de moins de 3 mois"),
      "La confirmation ne rappelle pas les pièces obligatoires à fournir",
    );

    const after = dossierOf(t.db, adam);
    expectEqual(after.etat, "transmis", "État du dossier en base");
    for (const [name, expected] of Object.entries(ADAM)) {
      if (typeof expected === "object") continue; // files: below
      expectEqual(after.soumission?.[name], expected === true ? "oui" : expected, `Valeur transmise de ${name}`);
    }
    expectEqual(after.soumission?.["signature.nom"], "Aïssatou DIALLO", "Nom du responsable qui signe, tel que le collège le connaît");
    const png = ADAM["document.justificatif_domicile"];
    const pieces = sql(t.db, "SELECT document, nom_original, type_mime, taille, soumission_id FROM pieces WHERE eleve_id = ?", [after.id]);
    expectEqual(
      pieces.map((p) => `${p.document} ${p.nom_original} ${p.type_mime} ${p.taille} ${p.soumission_id !== null}`).join(" ; "),
      `justificatif_domicile ${png.name} image/png ${png.size} true`,
      "Pièces reçues avec le formulaire (multipart) et rattachées au dossier",
    );
    const mail = await waitForMail(t.smtp.dir, ADAM["resp1.email"]);
    expectEqual(mail.subject, "Réinscription d'Adam DIALLO au Collège Simone Veil", "Sujet du courriel");
    expect(mail.text.includes("Justificatif de domicile"), "Le courriel ne liste pas les pièces à apporter");
    await context.close();
    t.page = null;
    return { notes: [`${Object.keys(ADAM).length} champs saisis sur le formulaire pré-rempli sans JavaScript ; courriel à ${mail.envelope.rcpt_tos.join(", ")}`] };
  },
};
