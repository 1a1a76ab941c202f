// 8. The campaign from the office, on a laptop (1280×800): the secretary logs in by the emailed
// link, imports the SIECLE exports (the report; another school's file refused), prints the
// letters of a class (count confirmed, one A4 page per pupil), then gives a new code to a pupil
// whose letter was lost: the old code no longer opens the file, the new one does. axe-core on
// every new page and state. Runs last: it changes the codes of the class it prints.
import path from "node:path";
import { audit, BLOCKING, formatViolations } from "../lib/axe.mjs";
import { expect, expectEqual, phone, screenshot } from "../lib/browser.mjs";
import { ROOT, sql } from "../lib/env.mjs";
import { logIn } from "../lib/family.mjs";
import { laptop, logInStaff } from "../lib/staff.mjs";

const UAI = "0699901M";
const demoFile = (uai, name) => path.join(ROOT, "demo/siecle", uai, name);

export default {
  name: "personnel : import SIECLE, courriers d'une classe, nouveau code (ordinateur portable)",
  async run(t) {
    const results = [];
    const context = await laptop(t.browser, { scenario: "personnel-campagne" });
    const page = (t.page = await context.newPage());
    const dialogs = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      d.accept();
    });
    const check = async (label) => results.push(await audit(page, label));
    await logInStaff(page, t, UAI);

    // Import: the three exports, chosen together, in any order.
    await page.getByRole("link", { name: "Import SIECLE" }).first().click();
    await page.waitForURL(new RegExp(`/${UAI}/personnel/import/$`));
    await check("personnel, import (formulaire)");
    await page.getByLabel("Exports SIECLE (XML ou ZIP)").setInputFiles(
      ["responsables.xml", "eleves.xml", "nomenclature.xml"].map((f) => demoFile(UAI, f)),
    );
    await page.getByRole("button", { name: "Importer" }).click();
    const done = page.getByRole("heading", { name: "Import terminé" });
    await done.waitFor();
    const report = await page.locator("[data-rapport]").innerText();
    for (const line of ["Fichier élèves : eleves.xml", "Fichier responsables : responsables.xml", "Inchangés", "Refusés"]) {
      expect(report.includes(line), `Le rapport d'import ne dit pas « ${line} » :\n${report}`);
    }
    await check("personnel, import (rapport)");
    await screenshot(page, "33-personnel-import-rapport", { fullPage: true });

    // Another school's export: refused, nothing imported.
    const before = sql(t.db, "SELECT count(*) AS n FROM eleves WHERE uai = ?", [UAI])[0].n;
    await page.getByLabel("Exports SIECLE (XML ou ZIP)").setInputFiles([demoFile("0339903K", "eleves.xml")]);
    await page.getByRole("button", { name: "Importer" }).click();
    await page.getByRole("heading", { name: "Import refusé : rien n'a été importé" }).waitFor();
    const refused = await page.locator("[data-rapport]").innerText();
    expect(refused.includes("0339903K"), `Le refus ne nomme pas l'établissement du fichier :\n${refused}`);
    expectEqual(sql(t.db, "SELECT count(*) AS n FROM eleves WHERE uai = ?", [UAI])[0].n, before, "Élèves après un import refusé");
    await check("personnel, import refusé");

    // Letters of a class: the count is shown and confirmed, one page per pupil.
    await page.getByRole("link", { name: "Courriers" }).first().click();
    await page.waitForURL(new RegExp(`/${UAI}/personnel/courriers/$`));
    await page.locator("#courriers-classe option").nth(1).waitFor({ state: "attached" });
    await check("personnel, courriers");
    const classe = "6B";
    const pupils = sql(t.db, "SELECT prenom, nom FROM eleves WHERE uai = ? AND division = ? AND etat <> 'sortant'", [UAI, classe]);
    expect(pupils.length > 0, `Pas d'élève en ${classe} dans la démo`);
    await page.getByLabel("Classe", { exact: true }).selectOption(classe);
    const resume = await page.locator("[data-resume]").innerText();
    expect(resume.startsWith(`${pupils.length} courrier(s) à imprimer`), `Résumé avant impression : ${resume}`);
    await screenshot(page, "34-personnel-courriers");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Imprimer les courriers" }).click()]);
    expect(
      dialogs.some((m) => m.includes(`Imprimer ${pupils.length} courrier(s)`) && m.includes("les anciens courriers ne fonctionneront plus") || m.includes(`${pupils.length} anciens courriers ne fonctionneront plus`)),
      `Pas de confirmation avec le nombre de courriers : ${dialogs.join(" | ")}`,
    );
    expectEqual(await page.locator("section.lettre").count(), pupils.length, "Pages du courrier de la classe");
    const codes = await page.locator("[data-code]").evaluateAll((els) => els.map((e) => e.getAttribute("data-code")));
    expect(codes.every((c) => /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(c)), `Codes imprimés : ${codes.join(", ")}`);
    const pageBreak = await page.locator("section.lettre").first().evaluate((el) => getComputedStyle(el).breakAfter);
    expectEqual(pageBreak, "page", "Saut de page après chaque courrier");
    await check("courriers à imprimer (classe)");
    await screenshot(page, "35-personnel-courrier-imprime");

    // A lost letter: a new code from the pupil's page; the old code stops at once.
    const chloe = t.login(UAI, "Chloé");
    const [{ id }] = sql(t.db, "SELECT id FROM eleves WHERE uai = ? AND prenom = ? AND nom = ?", [UAI, chloe.prenom, chloe.nom]);
    await page.goto(`${t.base}/${UAI}/personnel/eleve/?id=${id}`);
    const button = page.getByRole("button", { name: "Nouveau code et courrier" });
    await button.waitFor();
    await check("personnel, dossier d'un élève (code d'accès, historique)");
    await Promise.all([page.waitForNavigation(), button.click()]);
    expect(dialogs.some((m) => m.includes("L'ancien courrier cessera aussitôt de fonctionner")), `Pas de confirmation : ${dialogs.join(" | ")}`);
    expectEqual(await page.locator("section.lettre").count(), 1, "Pages du nouveau courrier");
    const newCode = await page.locator("[data-code]").getAttribute("data-code");
    expect(newCode && newCode !== chloe.code, `Nouveau code : ${newCode}`);
    await check("nouveau courrier (code perdu)");
    await page.getByRole("link", { name: "Retour à l'espace personnel" }).click();
    await page.locator("table.historique tbody tr").first().waitFor();
    const history = await page.locator("table.historique").innerText();
    expect(history.includes("Nouveau code d'accès et courrier (code perdu)") && history.includes("direction.0699901M@example.fr"), `Historique :\n${history}`);
    await context.close();

    // The family: the old letter is refused, the new one opens the file.
    const family = await phone(t.browser, { scenario: "personnel-campagne" });
    const fpage = (t.page = await family.newPage());
    await fpage.goto(`${t.base}/${UAI}/connexion/`);
    await logIn(fpage, chloe);
    expect(fpage.url().endsWith("#erreur-identifiants"), `L'ancien code ouvre encore le dossier : ${fpage.url()}`);
    await fpage.goto(`${t.base}/${UAI}/connexion/`);
    await logIn(fpage, chloe, { code: newCode });
    expectEqual(new URL(fpage.url()).pathname, "/resume", "Après connexion avec le nouveau code");
    await family.close();

    const blocking = results.flatMap((r) => r.violations.filter((v) => BLOCKING.has(v.impact)).map((v) => ({ ...r, violations: [v] })));
    const lines = formatViolations(results);
    expect(!blocking.length, `axe-core : ${blocking.length} violation(s) graves ou critiques :\n${formatViolations(blocking).join("\n")}`);
    return { notes: [`${results.length} pages et états audités par axe-core ; ${lines.length ? lines.length + " ligne(s) de remarques mineures" : "aucune remarque"}.`] };
  },
};
