// What a family does with its fingers: tap, type (key by key), pick, log in.
import { expect, expectEqual } from "./browser.mjs";

/** The input, select or textarea of a field, by its posted name. */
export function field(page, name) {
  return page.locator(`[name="${name}"]`).first();
}

/** Replaces a field's content by typing, key by key, like on a phone keyboard. */
export async function type(page, name, text) {
  const input = field(page, name);
  await input.tap();
  await input.press("ControlOrMeta+a");
  await input.press("Backspace");
  await input.pressSequentially(text);
  const value = await input.inputValue();
  expect(value === text, `Le champ ${name} affiche « ${value} » après la saisie de « ${text} »`);
}

/** Dates: typed jjmmaaaa in the date field, as in a French browser. A Chromium without its
    French resources (package chromium-l10n) shows mm/dd/yyyy: the value is then set as its
    date picker would (YYYY-MM-DD, input and change events); `dateEntry` counts both ways. */
export const dateEntry = { typed: 0, picked: 0 };

export async function pickDate(page, name, iso) {
  const input = field(page, name);
  // On the day, at the left of the field: a tap in the middle would land on the month.
  await input.tap({ position: { x: 24, y: 20 } });
  const [y, m, d] = iso.split("-");
  await input.pressSequentially(`${d}${m}${y}`);
  if ((await input.inputValue()) === iso) {
    dateEntry.typed++;
    return;
  }
  dateEntry.picked++;
  await input.fill(iso);
}

/** A birth date in the three fields jour / mois / année of the login page or of « Réinscrire
    un autre enfant » (within `root`), typed as on a phone's number pad: « 14 », « 3 », « 2015 ». */
export async function typeBirthDate(page, iso, root = page) {
  const [y, m, d] = iso.split("-");
  for (const [name, text] of [["jour", String(Number(d))], ["mois", String(Number(m))], ["annee", y]]) {
    const input = root.locator(`input[name="${name}"]`);
    expectEqual(await input.getAttribute("inputmode"), "numeric", `Clavier du champ ${name}`);
    await input.tap();
    await input.fill("");
    await input.pressSequentially(text);
    expectEqual(await input.inputValue(), text, `Champ ${name} après la saisie`);
  }
}

/** Taps the radio button or checkbox whose label is `label` in the field `name`. */
export async function tapChoice(page, name, value) {
  const input = page.locator(`input[name="${name}"][value="${value}"]`);
  await input.tap();
  expect(await input.isChecked(), `Le choix ${value} de ${name} n'est pas coché après l'avoir touché`);
}

export async function tapBox(page, name, checked = true) {
  const box = page.locator(`input[type=checkbox][name="${name}"]`);
  if ((await box.isChecked()) !== checked) await box.tap();
  expect((await box.isChecked()) === checked, `La case ${name} n'a pas pu être ${checked ? "cochée" : "décochée"}`);
}

export async function select(page, name, value) {
  await field(page, name).selectOption(value);
}

/** The login page of the school: types the code and the birth date, taps « Se connecter ». */
export async function logIn(page, login, { code = login.code } = {}) {
  await type(page, "code", code);
  await typeBirthDate(page, login.dateNaissance);
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Se connecter" }).tap()]);
}

/** After login: the one-click summary (`/resume`), then « Ouvrir le dossier complet » (a
    button of its form: what was typed there is kept) to the full form. Returns the summary's
    text, folded blocks included. */
export async function openFullForm(page) {
  expect(new URL(page.url()).pathname === "/resume", `Après la connexion : ${page.url()} au lieu du résumé /resume`);
  const summary = await page.locator("main").textContent();
  await tapAndWaitNavigation(page, page.getByRole("button", { name: "Ouvrir le dossier complet" }));
  return summary;
}

export async function tapAndWaitNavigation(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.tap()]);
}

/** The values shown by the form's fields, as they would be posted (radio: the checked value). */
export async function shownValues(page) {
  return page.evaluate(() => {
    const form = document.querySelector("form[data-dossier]") || document.querySelector("form.dossier");
    const out = {};
    for (const el of form.elements) {
      if (!el.name || el.type === "hidden" || el.type === "submit" || el.tagName === "BUTTON") continue;
      if (el.type === "radio") {
        if (el.checked) out[el.name] = el.value;
        else if (!(el.name in out)) out[el.name] = "";
      } else if (el.type === "checkbox") out[el.name] = el.checked ? el.value : "";
      else out[el.name] = el.value;
    }
    return out;
  });
}

/** Attaches a file to a document field, as the phone's file picker would. */
export async function attach(page, name, sample) {
  await page.locator(`input[type=file][name="${name}"]`).setInputFiles(sample.file);
}

/** Fills the form as a family would, field after field: `answers` maps field names to what
    is typed (text), picked (radio, select, date), ticked (checkbox: true/false) or attached
    (file: a sample of lib/files.mjs). */
export async function fillIn(page, answers) {
  for (const [name, answer] of Object.entries(answers)) {
    const kind = await page
      .locator(`[name="${name}"]`)
      .first()
      .evaluate((el) => (el.tagName === "SELECT" ? "select" : el.type));
    if (kind === "file") await attach(page, name, answer);
    else if (kind === "radio") await tapChoice(page, name, answer);
    else if (kind === "checkbox") await tapBox(page, name, answer);
    else if (kind === "select") await select(page, name, answer);
    else if (kind === "date") await pickDate(page, name, answer);
    else await type(page, name, answer);
  }
}
