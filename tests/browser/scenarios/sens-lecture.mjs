// Right-to-left layout: the family's pages laid out left to right (French) and mirrored under
// dir="rtl" (Arabic), measured on the rendered page: alerts' bars, radio rows, the three date
// fields, the breadcrumb's arrow, buttons, the logout button, the skip link. Mirrored screenshots
// docs/screenshots/rtl-*.png (UPDATE_SCREENSHOTS=1).
import { expect, expectEqual, phone, screenshot } from "../lib/browser.mjs";
import { checkDirection, checkSkipLink, forceDirection } from "../lib/direction.mjs";
import { logIn, openFullForm } from "../lib/family.mjs";

/** Checks `page` as it is (left to right), then mirrored; screenshot of the mirrored one. */
async function both(page, where, shot) {
  let checks = await checkDirection(page, "ltr", where);
  await forceDirection(page, "rtl");
  checks += await checkDirection(page, "rtl", where);
  if (shot) await screenshot(page, shot);
  return checks;
}

export default {
  name: "Sens de lecture : pages de la famille de gauche à droite et en miroir (dir=rtl)",
  async run(t) {
    let checks = 0;
    const context = await phone(t.browser, { scenario: "sens-lecture" });
    const page = (t.page = await context.newPage());

    await page.goto(`${t.base}/`);
    await checkSkipLink(page, "ltr", "Liste des collèges");
    checks += await both(page, "Liste des collèges", "rtl-01-liste-des-colleges");
    await page.goto(`${t.base}/`);
    await forceDirection(page, "rtl");
    await checkSkipLink(page, "rtl", "Liste des collèges");

    await page.goto(`${t.base}/0699901M/`);
    checks += await both(page, "Accueil du collège", "rtl-02-accueil-du-college");

    // The login page with its message shown (its fragment), the three date fields.
    await page.goto(`${t.base}/0699901M/connexion/#erreur-identifiants`);
    checks += await both(page, "Connexion après un code faux", "rtl-03-connexion");

    // The one-tap summary, then the full form step by step.
    await page.goto(`${t.base}/0699901M/connexion/`);
    await logIn(page, t.login("0699901M", "Chloé"));
    expectEqual(new URL(page.url()).pathname, "/resume", "Page après la connexion");
    checks += await both(page, "Résumé en un geste", "rtl-04-resume");
    await page.reload();
    await openFullForm(page);
    await page.locator("[data-eleve]").waitFor({ state: "visible" });
    checks += await both(page, "Formulaire, étape 1", "rtl-05-formulaire");
    await context.close();

    // Without JavaScript: the server's 422 page, fields in error.
    const nojs = await phone(t.browser, { js: false, scenario: "sens-lecture" });
    const bare = (t.page = await nojs.newPage());
    await bare.goto(`${t.base}/0699901M/connexion/`);
    await logIn(bare, t.login("0699901M", "Chloé"));
    await openFullForm(bare);
    // The browser's own checks set aside: the server's answer is what is measured.
    await bare.evaluate(() => {
      const city = document.querySelector('[name="eleve.ville_naissance"]');
      city.form.noValidate = true;
      city.value = "";
    });
    const [response] = await Promise.all([
      bare.waitForNavigation(),
      bare.getByRole("button", { name: "Transmettre le dossier" }).tap(),
    ]);
    expectEqual(response?.status(), 422, "Statut d'un dossier incomplet");
    checks += await both(bare, "Formulaire renvoyé avec ses erreurs (sans JavaScript)", "rtl-06-erreurs-sans-javascript");
    // An Arabic form with school texts only in French (0339903K has no Arabic translations):
    // each French fragment is laid out left to right and isolated from the Arabic around it.
    await bare.goto(`${t.base}/ar/0339903K/dossier/10110001110/`);
    const fragments = await bare.evaluate(() =>
      Array.from(document.querySelectorAll("main [lang=fr]")).map((el) => {
        const style = getComputedStyle(el);
        return `${style.direction} ${style.unicodeBidi} « ${el.textContent.slice(0, 40)} »`;
      }),
    );
    expect(fragments.length > 0, "Aucun texte en français dans le formulaire arabe de 0339903K");
    const notIsolated = fragments.filter((f) => !f.startsWith("ltr isolate "));
    expect(!notIsolated.length, `Textes français non isolés dans une page arabe :\n${notIsolated.join("\n")}`);
    checks += fragments.length;
    await nojs.close();
    t.page = null;
    return { notes: [`${checks} vérifications de mise en page, de gauche à droite et en miroir`] };
  },
};
