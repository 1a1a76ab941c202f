// The staff side in the browser: a laptop (1280×800, mouse, no touch) and the login by the
// one-time link, read from the message the test SMTP server received (as lib/mail.mjs does for
// the families' emails).
import { allRequests, expect, expectEqual } from "./browser.mjs";
import { received } from "./mail.mjs";

export const LAPTOP = { width: 1280, height: 800 };

/** A laptop browser context in French (the staff work at the office, never on a phone). */
export async function laptop(browser, { scenario = "" } = {}) {
  const context = await browser.newContext({
    viewport: LAPTOP,
    deviceScaleFactor: 1,
    isMobile: false,
    hasTouch: false,
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    acceptDownloads: true,
  });
  context.setDefaultTimeout(10000);
  context.setDefaultNavigationTimeout(15000);
  context.on("request", (req) => allRequests.push({ url: req.url(), scenario }));
  return context;
}

/** The school's demo staff address (content/etablissements/<UAI>/etablissement.yml). */
export function staffAddress(uai) {
  return `direction.${uai}@example.fr`;
}

function messagesTo(dir, recipient) {
  return received(dir).filter((m) => m.envelope.rcpt_tos.some((r) => r.toLowerCase() === recipient.toLowerCase()));
}

/** Waits for the (count+1)-th message to `recipient` and returns the login link it holds. */
export async function waitForStaffLink(dir, recipient, count, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const messages = messagesTo(dir, recipient);
    if (messages.length > count) {
      const text = messages[messages.length - 1].text;
      const link = (text.match(/https?:\/\/\S+\/personnel\/lien\?jeton=[0-9a-f]+/) || [])[0];
      expect(link, `Le courriel de connexion du personnel ne contient pas de lien :\n${text}`);
      return link;
    }
    if (Date.now() > deadline) throw new Error(`Aucun lien de connexion reçu pour ${recipient} en ${timeoutMs / 1000} s.`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Logs `page` in as school `uai`'s staff member, as a secretary does: types the address on
 * /<uai>/personnel/, opens the emailed link, clicks « Se connecter ». Ends on the dashboard.
 * `t` is the runner's context (t.base, t.smtp.dir).
 */
export async function logInStaff(page, t, uai, { courriel = staffAddress(uai) } = {}) {
  const before = messagesTo(t.smtp.dir, courriel).length;
  await page.goto(`${t.base}/${uai}/personnel/`);
  await page.getByLabel("Adresse électronique professionnelle").fill(courriel);
  await Promise.all([
    page.waitForURL(/#lien-envoye$/),
    page.getByRole("button", { name: "Recevoir un lien de connexion" }).click(),
  ]);
  expect(await page.locator("#lien-envoye").isVisible(), "Pas de « Vérifiez votre messagerie » après la demande de lien");
  const link = await waitForStaffLink(t.smtp.dir, courriel, before);
  // The link's address is the public one (url_base): keep its path and query on this server.
  const url = new URL(link);
  await page.goto(`${t.base}${url.pathname}${url.search}`);
  await Promise.all([
    page.waitForURL(new RegExp(`/${uai}/personnel/tableau/$`)),
    page.getByRole("button", { name: "Se connecter" }).click(),
  ]);
  expectEqual(new URL(page.url()).pathname, `/${uai}/personnel/tableau/`, "Page après la connexion du personnel");
}
