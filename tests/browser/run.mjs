#!/usr/bin/env node
// Browser tests of dossiersco: a real headless Chromium on a phone viewport (the staff on a
// laptop, 1280×800: lib/staff.mjs), really typing and tapping, against `dossiersco demo` and a
// real SMTP server started here.
//
//   DOSSIERSCO_BIN=$CARGO_TARGET_DIR/release/dossiersco node tests/browser/run.mjs [filtre…]
//
// Optional arguments keep only the scenarios whose name contains one of them.
// UPDATE_SCREENSHOTS=1 rewrites docs/screenshots/*.png; KEEP_TMP=1 keeps the temp dirs.
import { allRequests, describe, Failure, launch } from "./lib/browser.mjs";
import { cleanup, startDemo, startSmtp, tempDir } from "./lib/env.mjs";
import { dateEntry } from "./lib/family.mjs";
import parcoursJs from "./scenarios/parcours-js.mjs";
import parcoursSansJs from "./scenarios/parcours-sans-js.mjs";
import unClic from "./scenarios/un-clic.mjs";
import erreurs from "./scenarios/erreurs.mjs";
import accessibilite from "./scenarios/accessibilite.mjs";
import poids from "./scenarios/poids.mjs";
import fratrie from "./scenarios/siblings.mjs";
import personnel, { piecesManquantes } from "./scenarios/personnel.mjs";
import formulaireSansJs from "./scenarios/formulaire-sans-js.mjs";
import personnelCampagne from "./scenarios/personnel-campagne.mjs";
import sensLecture from "./scenarios/sens-lecture.mjs";
import langues from "./scenarios/langues.mjs";

// The page-weight scenario comes last of the families': it also checks their requests. The
// office's campaign comes after it: it gives a class and a pupil new codes.
const SCENARIOS = [
  parcoursJs, unClic, fratrie, parcoursSansJs, formulaireSansJs, erreurs, accessibilite, sensLecture, langues,
  personnel, piecesManquantes, poids, personnelCampagne,
];

function elapsed(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

async function main() {
  const started = Date.now();
  const filters = process.argv.slice(2);
  const chosen = SCENARIOS.filter((s) => !filters.length || filters.some((f) => s.name.toLowerCase().includes(f.toLowerCase())));
  if (!chosen.length) throw new Error(`aucun scénario ne correspond à « ${filters.join(" ")} » :\n  ${SCENARIOS.map((s) => s.name).join("\n  ")}`);

  const smtp = await startSmtp(tempDir("smtp"));
  const demo = await startDemo({ varDir: tempDir("var"), smtpPort: smtp.port });
  console.log(`dossiersco demo sur ${demo.base}, SMTP de test sur 127.0.0.1:${smtp.port} (${elapsed(started)})`);
  const browser = await launch();

  const t = {
    browser,
    base: demo.base,
    db: demo.db,
    smtp,
    demo,
    page: null,
    /** The demo login of a pupil, by school and first name. */
    login(uai, prenom) {
      const found = demo.logins.find((l) => l.uai === uai && l.prenom === prenom);
      if (!found) throw new Error(`Pas d'élève ${prenom} au ${uai} dans demo-codes.csv`);
      return found;
    },
  };

  const results = [];
  for (const scenario of chosen) {
    const since = Date.now();
    t.page = null;
    try {
      const outcome = (await scenario.run(t)) || {};
      results.push({ name: scenario.name, ok: true });
      console.log(`ok     ${scenario.name} (${elapsed(since)})`);
      for (const note of outcome.notes || []) console.log(`       ${note}`);
    } catch (error) {
      results.push({ name: scenario.name, ok: false });
      const what = error instanceof Failure ? error.message : `erreur inattendue : ${error.stack || error}`;
      console.log(`ÉCHEC  ${scenario.name} (${elapsed(since)})\n  ${what}`);
      console.log(`  Ce que voyait l'utilisateur :\n${await describe(t.page)}`);
    } finally {
      if (t.page && !t.page.isClosed()) await t.page.context().close().catch(() => {});
    }
  }

  await browser.close();
  const failed = results.filter((r) => !r.ok);
  if (failed.length) {
    const logs = demo.logs().replace(/\x1b\[[0-9;]*m/g, "").trim().split("\n").slice(-15).join("\n");
    console.log(`\nJournal du worker (fin) :\n${logs}`);
  }
  if (dateEntry.picked) {
    console.log(
      `\nDates : ${dateEntry.picked} choisies comme au sélecteur, ${dateEntry.typed} tapées (ce Chromium affiche ` +
        `mm/dd/yyyy : installez chromium-l10n pour taper jj/mm/aaaa).`,
    );
  }
  console.log(
    `\n${results.length - failed.length}/${results.length} scénarios réussis en ${elapsed(started)}` +
      ` (${allRequests.length} requêtes du navigateur).`,
  );
  return failed.length ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`ÉCHEC  mise en place des tests : ${error.message || error}`);
} finally {
  await cleanup({ keep: process.env.KEEP_TMP === "1" });
}
process.exit(code);
