// Reading direction: what a page's layout must look like left-to-right and right-to-left,
// measured on the rendered page (positions and computed styles), not read from the CSS.
import { expect, expectEqual } from "./browser.mjs";

/** Forces `dir` on the page's <html> (the mirrored layout checked before a right-to-left
    catalogue exists; pages in Arabic carry dir="rtl" themselves). */
export async function forceDirection(page, dir) {
  await page.evaluate((d) => {
    document.documentElement.dir = d;
  }, dir);
}

/** Checks the page's layout follows `dir` ("ltr" or "rtl"): every rule below is checked on
    the elements the page has, and the count of checks made is returned (a page that has none
    of them fails: the check would prove nothing). */
export async function checkDirection(page, dir, where) {
  const found = await page.evaluate((dir) => {
    const rtl = dir === "rtl";
    // static/rtl.css is loaded by right-to-left pages only, not by a French page mirrored here.
    const rtlCss = !rtl || !!document.querySelector('link[href*="rtl.css"]');
    const problems = [];
    let checks = 0;
    const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
    const all = (sel) => Array.from(document.querySelectorAll(sel)).filter(visible);
    const px = (v) => parseFloat(v) || 0;
    const css = (el) => getComputedStyle(el);
    const label = (el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : ""}`;

    if (getComputedStyle(document.documentElement).direction !== dir) problems.push(`direction de la page : ${getComputedStyle(document.documentElement).direction}`);
    // Nothing pushed out of the phone's width (a mirrored margin gone wrong scrolls sideways).
    checks++;
    if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push(`la page déborde en largeur (${document.documentElement.scrollWidth} px pour ${window.innerWidth})`);

    // Headings start on the reading side.
    for (const h of all("main h1")) {
      checks++;
      const range = document.createRange();
      range.selectNodeContents(h);
      const text = range.getBoundingClientRect();
      const box = h.getBoundingClientRect();
      const gap = rtl ? box.right - text.right : text.left - box.left;
      if (gap > 2) problems.push(`titre « ${h.innerText.slice(0, 40)} » décalé de ${Math.round(gap)} px du début de ligne`);
    }
    // Coloured bars of alerts, notes and fields in error on the start side only.
    for (const el of all(".alerte, .note, .champ-erreur")) {
      checks++;
      const s = css(el);
      const start = rtl ? px(s.borderRightWidth) : px(s.borderLeftWidth);
      const end = rtl ? px(s.borderLeftWidth) : px(s.borderRightWidth);
      if (!(start > 0 && end === 0)) problems.push(`${label(el)} : barre de couleur du mauvais côté (début ${start} px, fin ${end} px)`);
      const padStart = rtl ? px(s.paddingRight) : px(s.paddingLeft);
      if (padStart === 0) problems.push(`${label(el)} : texte collé à la barre`);
    }
    // Radio buttons and check boxes before their label, in reading order.
    for (const row of all(".choix, .case")) {
      const input = row.querySelector("input");
      const lab = row.querySelector("label");
      if (!input || !lab || !visible(input)) continue;
      checks++;
      const i = input.getBoundingClientRect();
      const l = lab.getBoundingClientRect();
      const before = rtl ? i.left >= l.right - 1 : i.right <= l.left + 1;
      if (!before) problems.push(`${input.name} : la case n'est pas avant son libellé`);
    }
    // Day, month, year in reading order.
    for (const group of all(".date-jma-champs")) {
      const [d, m, y] = ["jour", "mois", "annee"].map((n) => group.querySelector(`input[name="${n}"]`)?.getBoundingClientRect());
      if (!d || !m || !y) continue;
      checks++;
      const ordered = rtl ? d.left > m.left && m.left > y.left : d.left < m.left && m.left < y.left;
      if (!ordered) problems.push("jour / mois / année ne se suivent pas dans le sens de lecture");
    }
    // Addresses and phone numbers stay left to right, whatever the page.
    for (const input of (rtlCss ? all('input[type="email"], input[type="tel"]') : [])) {
      checks++;
      if (css(input).direction !== "ltr") problems.push(`${input.name} : saisi de droite à gauche`);
    }
    // The breadcrumb's separator points the way the family reads.
    for (const li of (rtlCss ? all(".fil li + li") : [])) {
      checks++;
      const sep = getComputedStyle(li, "::before").content;
      const want = rtl ? '"‹"' : '"›"';
      if (sep !== want) problems.push(`séparateur du fil d'Ariane ${sep}, attendu ${want}`);
    }
    // Side by side choices (one-tap page) and buttons flow from the start side.
    for (const bar of all(".actions")) {
      const kids = Array.from(bar.children).filter(visible);
      if (!kids.length) continue;
      checks++;
      const first = kids[0].getBoundingClientRect();
      const box = bar.getBoundingClientRect();
      const gap = rtl ? box.right - first.right : first.left - box.left;
      if (gap > 2) problems.push(`premier bouton à ${Math.round(gap)} px du début de sa rangée`);
    }
    // The logout button sits at the end of the line.
    for (const out of all(".deconnexion")) {
      checks++;
      const r = out.getBoundingClientRect();
      const atEnd = rtl ? r.left < window.innerWidth / 2 : r.right > window.innerWidth / 2;
      if (!atEnd) problems.push("« Se déconnecter » n'est pas en fin de ligne");
    }
    return { problems, checks };
  }, dir);
  expect(found.checks > 1, `${where} : aucun élément à vérifier pour le sens ${dir}`);
  expectEqual(found.problems.join(" ; "), "", `${where} (${dir})`);
  return found.checks;
}

/** The skip link, once focused, shows at the start of the line. */
export async function checkSkipLink(page, dir, where) {
  await page.keyboard.press("Tab");
  const r = await page.evaluate(() => {
    const el = document.activeElement;
    const b = el.getBoundingClientRect();
    return { cls: el.className, left: b.left, right: b.right, width: window.innerWidth };
  });
  expectEqual(r.cls, "evitement", `${where} : premier élément atteint au clavier`);
  const atStart = dir === "rtl" ? r.right > r.width - 40 : r.left < 40;
  expect(atStart, `${where} : le lien d'évitement n'est pas en début de ligne en ${dir} (${Math.round(r.left)}–${Math.round(r.right)} px)`);
}
