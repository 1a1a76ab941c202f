// 1. A family on a phone, with JavaScript: school list → welcome → login → pre-filled form,
// step by step → summary → signature → confirmation; the email reaches the SMTP server and
// the database holds the submitted file.
import { expect, expectEqual, phone, screenshot } from "../lib/browser.mjs";
import { dossierOf, sql } from "../lib/env.mjs";
import { samplePdf } from "../lib/files.mjs";
import { attach, openFullForm, shownValues, tapAndWaitNavigation, tapBox, tapChoice, type, typeBirthDate } from "../lib/family.mjs";
import { waitForMail } from "../lib/mail.mjs";

export const NEW_ADDRESS = { adresse: "27 rue des Capucins", code_postal: "69001", commune: "Lyon" };

export default {
  name: "Parcours complet sur téléphone, avec JavaScript (Léa, 0699901M)",
  async run(t) {
    const lea = t.login("0699901M", "Léa");
    const before = dossierOf(t.db, lea);
    const context = await phone(t.browser, { scenario: "parcours-js" });
    const page = (t.page = await context.newPage());

    // The school list, filtered by typing.
    await page.goto(`${t.base}/`);
    const filter = page.getByLabel("Filtrer par nom de collège ou par commune");
    expect(await filter.isVisible(), "Le filtre de la liste des collèges n'est pas affiché");
    await screenshot(page, "01-liste-des-colleges");
    await filter.tap();
    await filter.pressSequentially("jean moul");
    const visible = page.locator("[data-liste-colleges] li:visible");
    expectEqual(await visible.count(), 1, "Collèges encore affichés après avoir tapé « jean moul »");
    expect(
      (await page.locator("#filtre-resultat").innerText()).includes("1 collège correspond"),
      "Le nombre de collèges trouvés n'est pas annoncé",
    );
    await screenshot(page, "02-liste-filtree");
    await tapAndWaitNavigation(page, page.getByRole("link", { name: "Collège Jean Moulin" }));

    // Welcome, then login.
    expectEqual(new URL(page.url()).pathname, "/0699901M/", "Page ouverte depuis la liste");
    await screenshot(page, "03-accueil-du-college");
    await tapAndWaitNavigation(page, page.getByRole("link", { name: "Commencer la réinscription" }));
    expectEqual(new URL(page.url()).pathname, "/0699901M/connexion/", "Page ouverte par « Commencer »");
    await type(page, "code", lea.code);
    // The birth date in three fields jour / mois / année, whatever the phone's language.
    expectEqual(await page.locator("input[type=date]").count(), 0, "Sélecteur de date sur la page de connexion");
    expectEqual(await page.locator("fieldset.date-jma > legend").innerText(), "Date de naissance de votre enfant", "Légende des trois champs de la date");
    await typeBirthDate(page, lea.dateNaissance);
    await screenshot(page, "04-connexion");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Se connecter" }).tap()]);

    // First the one-click summary of what the school knows; the family moved, so it opens the full form.
    expectEqual(await page.locator("h1").innerText(), "Réinscription de Léa MARTIN en 5e", "Titre du résumé après la connexion");
    await screenshot(page, "05-resume-ce-que-le-college-sait");
    const summary = await openFullForm(page);
    expect(summary.includes(before.prefill["resp1.adresse"]), "Le résumé ne montre pas l'adresse connue du collège");
    expectEqual(new URL(page.url()).pathname, "/dossier", "Page ouverte par « Ouvrir le dossier complet » (le formulaire pré-rempli du worker)");

    // Pre-filled from the import.
    await page.locator("[data-eleve]").waitFor({ state: "visible" });
    expect(
      (await page.locator("[data-eleve]").innerText()).includes("Dossier de Léa MARTIN"),
      "Le nom de l'élève n'est pas rappelé en haut du dossier",
    );
    const shown = await shownValues(page);
    for (const name of ["eleve.nom", "eleve.prenom", "eleve.date_naissance", "eleve.sexe", "resp1.adresse", "resp1.email", "resp2.prenom"]) {
      expectEqual(shown[name], before.prefill[name], `Valeur pré-remplie de ${name}`);
    }
    expectEqual(shown["eleve.prenom"], "Léa", "Prénom pré-rempli");

    const steps = await page.locator("[data-etape]").count();
    const progress = page.locator("[data-progression]");
    const next = async (i) => {
      await page.locator("[data-etape]:visible").getByRole("button", { name: "Continuer" }).tap();
      expect((await progress.innerText()).startsWith(`Étape ${i + 1} sur ${steps}`), `Toujours « ${await progress.innerText()} » après « Continuer »`);
    };
    expect((await progress.innerText()).startsWith(`Étape 1 sur ${steps} : Votre enfant`), `Progression affichée : ${await progress.innerText()}`);
    const send = page.getByRole("button", { name: "Transmettre le dossier" });
    expect(!(await send.isVisible()), "« Transmettre le dossier » est affiché dès l'étape 1, avant le récapitulatif");
    await screenshot(page, "06-formulaire-eleve-pre-rempli");
    await next(1);

    // The family moved: new address, typed.
    await type(page, "resp1.adresse", NEW_ADDRESS.adresse);
    await type(page, "resp1.code_postal", NEW_ADDRESS.code_postal);
    await type(page, "resp1.commune", NEW_ADDRESS.commune);
    await page.locator("#etape-resp1 > legend").scrollIntoViewIfNeeded();
    await screenshot(page, "07-formulaire-nouvelle-adresse");
    await next(2);
    // Draft autosave: the new address reaches the worker before the file is sent.
    await page.locator("[data-etat-brouillon]").filter({ hasText: "Brouillon enregistré" }).waitFor();
    expectEqual(dossierOf(t.db, lea).brouillon?.["resp1.adresse"], NEW_ADDRESS.adresse, "Adresse du brouillon en base");
    // Second guardian, pre-filled: same address as the first, ticked once; hidden, then carried.
    const sameAddress = page.getByLabel("Même adresse que le responsable légal 1");
    await sameAddress.tap();
    expect(await sameAddress.isChecked(), "« Même adresse que le responsable légal 1 » n'est pas cochée");
    expectEqual(await page.locator("#resp2-adresse").inputValue(), NEW_ADDRESS.adresse, "Adresse du responsable 2 après « Même adresse »");
    expect(!(await page.locator("#resp2-adresse").isVisible()), "L'adresse du responsable 2 reste affichée alors qu'elle est la même");
    await page.locator("#etape-resp2 > legend").scrollIntoViewIfNeeded();
    await screenshot(page, "07b-formulaire-meme-adresse");
    await page.locator("[data-etape]:visible").getByRole("button", { name: "Étape précédente" }).tap();
    await type(page, "resp1.adresse2", "Bâtiment B");
    await next(2);
    expectEqual(await page.locator("#resp2-adresse2").inputValue(), "Bâtiment B", "Complément d'adresse du responsable 2 après un changement du responsable 1");
    await next(3);
    await type(page, "urgence.nom", "Monique Martin");
    await type(page, "urgence.lien", "grand-mère");
    await type(page, "urgence.telephone", "06 98 76 54 32");
    await next(4);

    await tapChoice(page, "option.lv2", "ALL");
    await tapBox(page, "option.LATIN", true);
    await screenshot(page, "08-formulaire-options");
    // Back one step and forward again: nothing typed is lost.
    await page.locator("[data-etape]:visible").getByRole("button", { name: "Étape précédente" }).tap();
    expect((await progress.innerText()).startsWith(`Étape 4 sur ${steps}`), `« Étape précédente » mène à « ${await progress.innerText()} »`);
    expectEqual(await page.locator("#urgence-nom").inputValue(), "Monique Martin", "Contact d'urgence après « Étape précédente »");
    await next(4);
    expect(await page.locator("#option-LATIN").isChecked(), "Le latin n'est plus coché après un retour en arrière");
    await next(5);
    await tapChoice(page, "demi_pension", "demi_pensionnaire");
    // The canteen's link says where it leads, in words.
    const rules = page.locator("#etape-cantine a");
    expectEqual(await rules.innerText(), "Comment est calculé le tarif ?", "Texte du lien de la demi-pension");
    expectEqual(await rules.getAttribute("href"), "/pages/aide/#demi-pension", "Adresse du lien de la demi-pension");
    await next(6);
    await tapChoice(page, "regime_sortie", "emploi_du_temps");
    await next(7);
    await tapChoice(page, "consentement.photo_classe", "oui");
    await tapChoice(page, "consentement.droit_image", "non");
    await next(8);
    // A document: a PDF picked on the phone, sent at once and listed under its document.
    const pdf = samplePdf();
    await attach(page, "document.attestation_assurance", pdf);
    // Once the worker has it (the progress line is replaced), with « Retirer » until submitted.
    const listed = page.locator('.champ:has([name="document.attestation_assurance"]) li[data-piece-id]').filter({ hasText: pdf.name });
    await listed.waitFor();
    expect((await listed.innerText()).includes(": reçu"), `État du fichier envoyé : ${await listed.innerText()}`);
    expect(await listed.getByRole("button", { name: `Retirer ${pdf.name}` }).isVisible(), "Le fichier envoyé n'a pas de bouton « Retirer »");
    // No « Aucun fichier choisi » of the browser beside « reçu »: the page's own button.
    const box = await page.locator('input[type=file][name="document.attestation_assurance"]').boundingBox();
    expect(box && box.width <= 2, `Le champ fichier du navigateur est affiché (${box && box.width} px de large)`);
    expect(await page.getByRole("button", { name: /^Joindre un autre fichier/ }).isVisible(), "Pas de bouton « Joindre un autre fichier »");
    await screenshot(page, "09-formulaire-piece-jointe");
    await next(9);

    // Summary: what was chosen, in words.
    const recap = page.locator("[data-recapitulatif-contenu]");
    const recapText = await recap.innerText();
    for (const expected of [NEW_ADDRESS.adresse, NEW_ADDRESS.commune, "Allemand", "Demi-pensionnaire", "Selon l'emploi du temps", "Monique Martin"]) {
      expect(recapText.includes(expected), `Le récapitulatif ne montre pas « ${expected} »`);
    }
    expect(/Latin[^\n]*\n+Oui/.test(recapText), "Le récapitulatif ne montre pas le latin choisi (« Oui »)");
    expect(recapText.includes("14/03/2015"), "Le récapitulatif ne montre pas la date de naissance en jj/mm/aaaa");
    expect(new RegExp(`Attestation d'assurance scolaire\\s*\\n+\\s*${pdf.name.replace(/[.]/g, "\\.")} \\(\\d+ Ko\\)`).test(recapText), `Le récapitulatif ne montre pas le fichier joint, nom et taille :\n${recapText}`);
    await page.locator("#recapitulatif-titre").scrollIntoViewIfNeeded();
    await screenshot(page, "10-recapitulatif");
    await next(10);

    // Signature and submission (the button shows on the last step only).
    expect(await send.isVisible(), "« Transmettre le dossier » n'est pas affiché à la dernière étape");
    // The signer: one of the guardians the school knows, by name.
    const signer = `${before.prefill["resp1.prenom"]} ${before.prefill["resp1.nom"]}`;
    expectEqual(await page.locator("label[for='signature-signataire-1']").innerText(), `${signer} (responsable légal 1)`, "Premier choix du signataire");
    expect(!(await page.locator("#signature-nom").isVisible()), "Le nom du signataire est demandé alors qu'un responsable signe");
    await tapChoice(page, "signature.signataire", "resp1");
    await tapBox(page, "signature.accord", true);
    await screenshot(page, "11-signature");
    const [, post] = await Promise.all([
      page.waitForNavigation(),
      page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/dossier"),
      page.getByRole("button", { name: "Transmettre le dossier" }).tap(),
    ]);
    expectEqual(new URL(page.url()).pathname, "/0699901M/confirmation/", "Page après « Transmettre le dossier »");
    // The document went on its own when picked: the form's post is text only, urlencoded.
    expectEqual((await post.allHeaders())["content-type"], "application/x-www-form-urlencoded", "Type du formulaire envoyé");
    expectEqual(await page.locator("h1").innerText(), "Demande de réinscription transmise", "Titre de la confirmation");
    await screenshot(page, "12-confirmation");

    // Satisfaction (1-5 + comment).
    await tapChoice(page, "note", "5");
    await type(page, "commentaire", "Rapide et clair.");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Envoyer mon avis" }).tap()]);
    expect(await page.locator("#merci").isVisible(), "Le remerciement n'est pas affiché après l'avis");

    // The database holds the submitted file.
    const after = dossierOf(t.db, lea);
    expectEqual(after.etat, "transmis", "État du dossier en base");
    const v = after.soumission || {};
    expectEqual(v["resp1.adresse"], NEW_ADDRESS.adresse, "Adresse transmise");
    expectEqual(v["resp1.code_postal"], NEW_ADDRESS.code_postal, "Code postal transmis");
    expectEqual(v["option.LATIN"], "oui", "Option LATIN transmise");
    expectEqual(v["option.lv2"], "ALL", "LV2 transmise");
    expectEqual(v.demi_pension, "demi_pensionnaire", "Demi-pension transmise");
    expectEqual(v["signature.signataire"], "resp1", "Signataire choisi");
    expectEqual(v["signature.nom"], signer, "Nom du signataire");
    expectEqual(v["resp2.adresse"], NEW_ADDRESS.adresse, "Adresse du responsable 2 (même adresse)");
    expectEqual(v["resp2.adresse2"], "Bâtiment B", "Complément d'adresse du responsable 2 (même adresse)");
    const pieces = sql(t.db, "SELECT document, nom_original, type_mime, taille, etat, soumission_id FROM pieces WHERE eleve_id = ?", [after.id]);
    expectEqual(pieces.length, 1, "Pièces enregistrées pour Léa");
    expectEqual(`${pieces[0].document} ${pieces[0].nom_original} ${pieces[0].type_mime} ${pieces[0].taille}`, `attestation_assurance ${pdf.name} application/pdf ${pdf.size}`, "Pièce enregistrée");
    expect(pieces[0].soumission_id !== null, "La pièce n'est pas rattachée au dossier transmis");

    // The email, at the real SMTP server, to both guardians.
    const mail = await waitForMail(t.smtp.dir, before.prefill["resp1.email"]);
    const rcpt = mail.envelope.rcpt_tos.map((r) => r.toLowerCase()).sort();
    expectEqual(rcpt.join(","), [before.prefill["resp1.email"], before.prefill["resp2.email"]].sort().join(","), "Destinataires du courriel");
    expectEqual(mail.subject, `Réinscription de Léa ${v["eleve.nom"]} au Collège Jean Moulin`, "Sujet du courriel");
    const html = mail.html.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
    for (const expected of ["Latin", "Allemand", "Demi-pensionnaire", "Selon l'emploi du temps", signer]) {
      expect(mail.text.includes(expected), `Le courriel (texte) ne mentionne pas « ${expected} »`);
      expect(html.includes(expected), `Le courriel (HTML) ne mentionne pas « ${expected} »`);
    }
    await context.close();
    t.page = null;
    return { notes: [`courriel reçu : « ${mail.subject} » → ${rcpt.join(", ")}`] };
  },
};
