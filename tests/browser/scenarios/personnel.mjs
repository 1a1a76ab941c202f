// The office's side on a laptop (1280×800): two families of the Collège Jean Moulin re-enrol in
// one tap (Inès, with a document attached, and Théo); then the secretary logs in with the
// emailed link, reads the dashboard (states, choices per level and class), reminds every
// family that has not transmitted after seeing the count, finds LEFÈVRE by typing « lefevre »,
// validates Inès's file then undoes it, marks her as leaving (a secondary action, confirmed)
// then undoes that, ticks a document as received at the office, validates both files at once,
// and downloads every export (CSV, Excel, address changes, the class's documents as a ZIP).
// axe-core finds no serious or critical violation on any staff page or state.
// A second scenario (piecesManquantes): at a school asking for mandatory documents, a family
// will bring them to the office; the secretary ticks one as received, validates from the list,
// is asked to confirm with the file and the document still missing named, and the family's
// email lists that document.
import fs from "node:fs";
import { audit, BLOCKING, formatViolations } from "../lib/axe.mjs";
import { expect, expectEqual, phone, screenshot } from "../lib/browser.mjs";
import { dossierOf, sql } from "../lib/env.mjs";
import { fillIn, logIn } from "../lib/family.mjs";
import { samplePdf } from "../lib/files.mjs";
import { received } from "../lib/mail.mjs";
import { laptop, logInStaff, staffAddress } from "../lib/staff.mjs";

const UAI = "0699901M";
const path = (page) => new URL(page.url()).pathname;

async function accessible(page, label) {
  const result = await audit(page, label);
  const blocking = result.violations.filter((v) => BLOCKING.has(v.impact));
  expect(!blocking.length, `Accessibilité de « ${label} » :\n  ${formatViolations([{ ...result, violations: blocking }]).join("\n  ")}`);
}

/** A family re-enrols in one tap from the summary (with `piece`, a document sent first as the
    form's script sends it). */
async function oneClick(t, prenom, piece, { uai = UAI, extra = {} } = {}) {
  const login = t.login(uai, prenom);
  const context = await phone(t.browser, { scenario: "personnel" });
  const page = (t.page = await context.newPage());
  await page.goto(`${t.base}/${uai}/connexion/`);
  await logIn(page, login);
  expectEqual(path(page), "/resume", `Page après la connexion de ${prenom}`);
  if (piece) {
    const bytes = Array.from(fs.readFileSync(piece.file));
    const status = await page.evaluate(
      async ({ bytes, name }) => {
        const r = await fetch("/api/pieces", {
          method: "POST",
          credentials: "include",
          headers: { Accept: "application/json", "X-Document": "attestation_assurance", "X-Nom-Fichier": encodeURIComponent(name) },
          body: new Uint8Array(bytes),
        });
        return r.status;
      },
      { bytes, name: piece.name },
    );
    expectEqual(status, 201, `Envoi de la pièce de ${prenom}`);
  }
  const answers = {
    "urgence.nom": "Marie Roux",
    "urgence.lien": "tante",
    "urgence.telephone": "06 55 44 33 22",
    regime_sortie: "emploi_du_temps",
    "consentement.photo_classe": "oui",
    "consentement.droit_image": "non",
    // The signer is pre-selected (guardian 1) and the button is the signature's accord.
    ...extra,
  };
  const present = {};
  for (const [name, value] of Object.entries(answers)) {
    if (await page.locator(`[name="${name}"]`).count()) present[name] = value;
  }
  await fillIn(page, present);
  const invalid = await page.evaluate(() =>
    Array.from(document.querySelectorAll("form.un-clic :invalid")).map((el) => el.name).filter(Boolean),
  );
  expect(!invalid.length, `Champs encore à remplir sur le résumé de ${prenom} : ${invalid.join(", ")}`);
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Tout est exact — je réinscris mon enfant" }).tap()]);
  expectEqual(path(page), `/${uai}/confirmation/`, `Page après le clic de ${prenom}`);
  await context.close();
  t.page = null;
  return dossierOf(t.db, login);
}

/** Waits until the staff page's script has filled `selector`. */
async function filled(page, selector) {
  await page.locator(selector).first().waitFor({ state: "visible" });
}

/** Clicks `button`, answering its confirmation dialog with `accept`; returns the question. */
async function confirmClick(page, button, accept = true) {
  const label = await button.innerText();
  let question = null;
  page.once("dialog", (d) => {
    question = d.message();
    (accept ? d.accept() : d.dismiss()).catch(() => {});
  });
  await button.click();
  for (let i = 0; i < 50 && question === null; i++) await page.waitForTimeout(20);
  expect(question !== null, `Pas de demande de confirmation après « ${label} »`);
  return question;
}

async function statusSays(page, text) {
  await page.locator("[data-statut]").filter({ hasText: text }).waitFor();
}

async function download(page, link, what) {
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const failure = await file.failure();
  expect(!failure, `Téléchargement « ${what} » échoué : ${failure}`);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}

/** The second scenario: a school that asks for mandatory documents (0339903K). */
export const piecesManquantes = {
  name: "Le secrétariat valide un dossier sans toutes ses pièces : pièce reçue cochée, confirmation qui nomme la pièce attendue, courriel à la famille (Célia, 0339903K)",
  async run(t) {
    const uai = "0339903K";
    // The family will bring both mandatory documents to the office (the one-click page asks).
    const celia = await oneClick(t, "Célia", null, {
      uai,
      extra: {
        numero_caf: "7654321",
        "consentement.information_medicale": "oui",
        "document.justificatif_domicile.secretariat": true,
        "document.attestation_assurance.secretariat": true,
      },
    });
    expectEqual(celia.etat, "transmis", "État du dossier de Célia après son clic");
    const famille = celia.soumission["resp1.email"];
    const context = await laptop(t.browser, { scenario: "personnel" });
    const page = (t.page = await context.newPage());
    await logInStaff(page, t, uai);
    await page.goto(`${t.base}/${uai}/personnel/eleve/?id=${celia.id}`);
    await page.locator("h1", { hasText: "Célia FERREIRA" }).waitFor();
    const docs = await page.locator("ul.pieces").innerText();
    expect(docs.includes("Justificatif de domicile de moins de 3 mois (obligatoire) : à apporter au secrétariat"), `Pièces affichées : ${docs}`);
    // The proof of address arrives at the office: ticked, in the history.
    await page.getByRole("checkbox", { name: "Pièce reçue au secrétariat" }).first().check();
    await statusSays(page, "reçue au secrétariat");
    await page.locator("table.historique", { hasText: "Pièce reçue au secrétariat : Justificatif de domicile" }).waitFor();
    await accessible(page, "dossier avec une pièce reçue au secrétariat");

    // Validation from the list: the second question names the file and the missing document.
    await page.getByRole("link", { name: "Élèves", exact: true }).first().click();
    await filled(page, "[data-eleves] tbody tr");
    await page.getByLabel("Sélectionner Célia FERREIRA").check();
    const questions = [];
    const answer = (d) => {
      questions.push(d.message());
      d.accept().catch(() => {});
    };
    page.on("dialog", answer);
    await page.getByRole("button", { name: "Valider la sélection" }).click();
    await statusSays(page, "1 dossier(s) validé(s).");
    page.off("dialog", answer);
    expectEqual(questions.length, 2, `Questions posées (${questions.join(" | ")})`);
    expect(
      questions[1].includes("Célia FERREIRA") && questions[1].includes("Attestation d'assurance scolaire") && !questions[1].includes("Justificatif"),
      `La confirmation ne nomme pas le dossier et la pièce encore attendue : ${questions[1]}`,
    );
    expectEqual(dossierOf(t.db, t.login(uai, "Célia")).etat, "valide", "État de Célia après la validation confirmée");
    // The family's email says what the school still expects.
    const deadline = Date.now() + 30000;
    let mail;
    while (!(mail = received(t.smtp.dir).find((m) => m.subject.includes("acceptée") && m.subject.includes("Célia"))) && Date.now() < deadline) {
      await page.waitForTimeout(200);
    }
    expect(mail, "Pas de courriel « demande acceptée » pour Célia");
    expect(mail.envelope.rcpt_tos.includes(famille), `Destinataires : ${mail.envelope.rcpt_tos}`);
    expect(mail.text.includes("Le collège attend encore cette pièce justificative") && mail.text.includes("Attestation d'assurance scolaire"), `Courriel de validation : ${mail.text}`);
    await context.close();
    t.page = null;
  },
};

export default {
  name: "Le secrétariat suit la campagne sur un portable : tableau, relances, recherche, validation et annulation, exports (0699901M)",
  async run(t) {
    const ines = await oneClick(t, "Inès", samplePdf("assurance-ines.pdf"));
    const theo = await oneClick(t, "Théo");
    expectEqual(ines.etat, "transmis", "État du dossier d'Inès après son clic");
    const inesClasse = t.login(UAI, "Inès").classe;

    // Login by the emailed link, on a laptop; each step of it audited.
    const context = await laptop(t.browser, { scenario: "personnel" });
    const page = (t.page = await context.newPage());
    await page.goto(`${t.base}/${UAI}/personnel/`);
    await accessible(page, "connexion du personnel");
    await logInStaff(page, t, UAI);
    await filled(page, "[data-choix-niveaux] table");
    await filled(page, "[data-divisions] table");
    await accessible(page, "tableau de bord");

    // The dashboard: the choices of the two files counted for 4e (drafts aside).
    const niveaux = page.locator("[data-choix-niveaux] table");
    // Laid out as a table (a class shared with the family form's radio rows once made it a grid).
    expectEqual(await niveaux.evaluate((table) => getComputedStyle(table).display), "table", "Mise en page du tableau des choix");
    const header = await niveaux.locator("thead th").allInnerTexts();
    for (const col of ["Dossiers", "Latin (langues et cultures de l'Antiquité)", "Demi-pensionnaires", "Externes", "Selon l'emploi du temps"]) {
      expect(header.includes(col), `Colonne « ${col} » absente des choix par niveau : ${header.join(" | ")}`);
    }
    const row4e = niveaux.locator("tbody tr").filter({ has: page.locator("th", { hasText: /^4e$/ }) });
    const cells = await row4e.locator("td").allInnerTexts();
    const exitCol = header.indexOf("Selon l'emploi du temps") - 1;
    expect(Number(cells[0]) >= 2, `Dossiers comptés en 4e : ${cells[0]} (Inès et Théo ont transmis)`);
    // Théo's file may have been sent before by another scenario, with its own régime: count
    // what the two files hold, as stored.
    const byTimetable = [ines, theo].filter((d) => d.soumission?.regime_sortie === "emploi_du_temps").length;
    expect(byTimetable >= 1, "Inès a choisi « selon l'emploi du temps »");
    expect(Number(cells[exitCol]) >= byTimetable, `« Selon l'emploi du temps » en 4e : ${cells[exitCol]} (au moins ${byTimetable})`);
    expect((await page.locator("[data-choix-base]").innerText()).includes("brouillons"), "Le tableau ne dit pas ce qui est compté");
    await screenshot(page, "30-personnel-tableau", { fullPage: true });

    // Reminders: the count first, then the emails.
    await page.getByLabel("Toutes celles qui n'ont pas transmis (les trois cas ci-dessous)").check();
    await page.getByRole("button", { name: "Compter les courriels à envoyer" }).click();
    const count = page.locator("[data-relances-resultat] p").first();
    await count.waitFor();
    const n = Number(((await count.innerText()).match(/^(\d+) courriel/) || [])[1]);
    expect(n >= 1, `Nombre de relances annoncé : « ${await count.innerText()} »`);
    await accessible(page, "tableau de bord, relances comptées");
    const jour = sql(t.db, "SELECT count(*) AS n FROM relances WHERE uai = ?", [UAI])[0].n;
    await page.getByRole("button", { name: `Envoyer ${n} relance(s)` }).click();
    await page.locator("[data-relances-resultat]").filter({ hasText: "relance(s) envoyée(s)" }).waitFor();
    const sent = Number((await page.locator("[data-relances-resultat]").innerText()).match(/^(\d+) relance/)[1]);
    expectEqual(sent, n, "Relances envoyées après le compte annoncé");
    expectEqual(sql(t.db, "SELECT count(*) AS n FROM relances WHERE uai = ?", [UAI])[0].n, jour + n, "Relances enregistrées");

    // Every export downloads from the dashboard.
    const csv = await download(page, page.getByRole("link", { name: "Élèves (CSV, pour Excel)" }), "CSV");
    expectEqual(csv.name, `reinscriptions-${UAI}.csv`, "Nom du fichier CSV");
    const csvText = csv.bytes.toString("utf8");
    const [head, ...lines] = csvText.replace(/^\ufeff/, "").split("\r\n");
    for (const col of ["Option lv2", "Option LATIN", "Urgence : téléphone", "Numéro CAF", "Pièce attestation_assurance", "Signataire"]) {
      expect(head.split(";").includes(col), `Colonne « ${col} » absente du CSV`);
    }
    const inesLine = lines.find((l) => l.includes(";Inès;"));
    expect(inesLine && inesLine.includes("Marie Roux") && inesLine.includes("jointe"), `Ligne d'Inès dans le CSV : ${inesLine}`);
    const xlsx = await download(page, page.getByRole("link", { name: "Élèves et changements d'adresse (Excel, deux feuilles)" }), "Excel");
    expectEqual(xlsx.name, `reinscriptions-${UAI}.xlsx`, "Nom du fichier Excel");
    expectEqual(xlsx.bytes.subarray(0, 2).toString("latin1"), "PK", "Le fichier Excel est un classeur (ZIP)");
    const adresses = await download(page, page.getByRole("link", { name: "Changements d'adresse (CSV)" }), "changements d'adresse");
    expectEqual(adresses.name, `changements-adresse-${UAI}.csv`, "Nom du fichier des changements d'adresse");
    expect(adresses.bytes.toString("utf8").includes("Nouvelle adresse"), "En-têtes du CSV des changements d'adresse");

    // The list: search without accents, filters, audited.
    await page.getByRole("link", { name: "Élèves", exact: true }).first().click();
    await filled(page, "[data-eleves] tbody tr");
    await accessible(page, "liste des élèves");
    await page.getByLabel("Nom ou prénom").fill("lefevre");
    const rows = page.locator("[data-eleves] tbody tr");
    await page.waitForFunction(() => document.querySelectorAll("[data-eleves] tbody tr").length === 1);
    expect((await rows.first().innerText()).includes("LEFÈVRE"), `« lefevre » ne trouve pas LEFÈVRE : ${await rows.first().innerText()}`);
    await page.getByLabel("Nom ou prénom").fill("");
    await page.getByLabel("Classe").selectOption(inesClasse);
    await page.getByLabel("État").selectOption("transmis");
    await page.waitForFunction(() => document.querySelectorAll("[data-eleves] tbody tr").length >= 2);
    const shown = await rows.allInnerTexts();
    expect(shown.every((r) => r.includes("Transmis") && r.includes(inesClasse)), `Filtre classe + état : ${shown.join(" / ")}`);
    // The class's documents, as a ZIP (Inès attached one).
    const zip = await download(page, page.getByRole("link", { name: "Télécharger les pièces de la classe (ZIP)" }), "pièces de la classe");
    expectEqual(zip.bytes.subarray(0, 2).toString("latin1"), "PK", "Le fichier des pièces est un ZIP");
    const entry = `${inesClasse}/BENALI Inès/attestation_assurance-1.pdf`;
    expect(zip.bytes.includes(Buffer.from(entry)), `« ${entry} » n'est pas dans le ZIP de sa classe`);
    await accessible(page, "liste filtrée");
    await screenshot(page, "31-personnel-eleves");

    // One file: validate, undo; sortant (secondary, confirmed), undo; a document received.
    await page.getByRole("link", { name: "BENALI Inès" }).click();
    await page.locator("h1", { hasText: "Inès BENALI" }).waitFor();
    await accessible(page, "dossier d'un élève transmis");
    // The page reloads the file after each action: wait for the state shown to settle on `want`
    // (up to 5 s), then return it, so a wrong state is reported as it stays.
    const state = async (want) => {
      const shown = () => page.locator("dl.fiche dd").first().innerText();
      for (let i = 0; i < 50; i++) {
        if ((await shown()) === want) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return shown();
    };
    await confirmClick(page, page.getByRole("button", { name: "Valider le dossier" }));
    await statusSays(page, "Dossier validé.");
    expectEqual(await state("Validé"), "Validé", "État affiché après validation");
    expectEqual(dossierOf(t.db, t.login(UAI, "Inès")).etat, "valide", "État en base après validation");
    const undo = page.getByRole("button", { name: "Annuler la validation" });
    expect((await undo.getAttribute("class")).includes("bouton-secondaire"), "« Annuler la validation » n'est pas une action secondaire");
    await confirmClick(page, undo);
    await statusSays(page, "Validation annulée");
    expectEqual(await state("Transmis"), "Transmis", "État affiché après l'annulation");
    const leaving = page.getByRole("button", { name: "Marquer comme sortant" });
    expect((await leaving.getAttribute("class")).includes("bouton-secondaire"), "« Marquer comme sortant » n'est pas une action secondaire");
    const question = await confirmClick(page, leaving, false);
    expect(question.includes("Inès BENALI"), `Question avant « sortant » : ${question}`);
    expectEqual(dossierOf(t.db, t.login(UAI, "Inès")).etat, "transmis", "État après avoir refusé la confirmation");
    await confirmClick(page, leaving);
    await statusSays(page, "Élève marqué comme sortant.");
    expectEqual(await state("Sortant"), "Sortant", "État affiché après « sortant »");
    await accessible(page, "dossier d'un élève sortant");
    await confirmClick(page, page.getByRole("button", { name: "Annuler « sortant »" }));
    await statusSays(page, "Sortie annulée.");
    expectEqual(await state("Transmis"), "Transmis", "État après l'annulation de « sortant »");
    await page.getByLabel("Pièce reçue au secrétariat").check();
    await statusSays(page, "reçue au secrétariat");
    // The staff's five actions, after what the import wrote (« Importé de SIECLE »).
    const history = page.locator("table.historique tbody tr", { hasText: staffAddress(UAI) });
    await page.waitForFunction((who) => [...document.querySelectorAll("table.historique tbody tr")].filter((tr) => tr.textContent.includes(who)).length === 5, staffAddress(UAI));
    const lines5 = await history.allInnerTexts();
    const expected = ["Dossier validé", "Validation annulée", "Marqué comme sortant", "Sortie annulée", "Pièce reçue au secrétariat"];
    expected.forEach((what, i) => {
      expect(lines5[i].includes(what) && lines5[i].includes(staffAddress(UAI)), `Historique, ligne ${i + 1} : « ${lines5[i]} » (attendu ${what}, par qui)`);
    });
    await accessible(page, "dossier d'un élève, historique");
    await screenshot(page, "32-personnel-eleve", { fullPage: true });

    // Both files validated at once from the list.
    await page.getByRole("link", { name: "Élèves", exact: true }).first().click();
    await filled(page, "[data-eleves] tbody tr");
    for (const name of ["Sélectionner Inès BENALI", "Sélectionner Théo ROUSSEAU"]) await page.getByLabel(name).check();
    const bulk = await confirmClick(page, page.getByRole("button", { name: "Valider la sélection" }));
    expect(bulk.includes("Valider 2 dossier(s)"), `Question avant la validation groupée : ${bulk}`);
    await statusSays(page, "2 dossier(s) validé(s).");
    for (const [who, before] of [["Inès", ines], ["Théo", theo]]) {
      expectEqual(dossierOf(t.db, t.login(UAI, who)).etat, "valide", `État de ${who} après la validation groupée (avant : ${before.etat})`);
    }
    await accessible(page, "liste après validation groupée");

    // The SIECLE return file now holds the two validated files.
    await page.getByRole("link", { name: "Tableau de bord" }).first().click();
    const retour = page.locator("[data-retour-siecle]");
    await retour.locator("p").first().waitFor();
    const resume = await retour.innerText();
    expect(/^2 dossier\(s\) validé\(s\) dans le fichier sur 2\./.test(resume), `Retour SIECLE annoncé : ${resume}`);
    await accessible(page, "tableau de bord, fichier de retour SIECLE");
    const xml = await download(page, page.getByRole("link", { name: "Télécharger le fichier de retour SIECLE (XML)" }), "retour SIECLE");
    const text = new TextDecoder("iso-8859-15").decode(xml.bytes);
    expectEqual(xml.name, `retour-siecle-${UAI}.xml`, "Nom du fichier de retour SIECLE");
    expect(text.includes("<IMPORT_ELEVES") && text.includes("BENALI") && text.includes("ROUSSEAU"), `Fichier de retour SIECLE :\n${text.slice(0, 400)}`);
    await context.close();
    t.page = null;
    return { notes: [`${n} relance(s) envoyée(s) après le compte ; 5 exports téléchargés (dont le retour SIECLE)`] };
  },
};
