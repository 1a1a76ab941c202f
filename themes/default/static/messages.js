/* dossiersco — the pages whose messages are fragments shown with :target (family and staff
   login, confirmation), progressive enhancement only: they work without this file. Loaded
   by those pages alone, so the form and the others do not carry it. */
(function () {
  "use strict";
  /* The page's messages in its language, JSON keyed by name (the generator's `messages_js`,
     from the catalogs' `script-…` keys): t(name, { n: 2 }) reads `script-name`. */
  var M = {};
  // Without the page's messages (a site template without `messages_js`), names are shown.
  try { M = JSON.parse(document.getElementById("messages").textContent); } catch (e) { M = {}; }
  var lang = document.documentElement.lang || "fr";
  function t(name, a) {
    var m = M[name], n;
    // A selector: the variant of the value itself, else of its plural category, else the default.
    while (m && typeof m !== "string") {
      n = a[m[0]];
      m = m[1][n] || (typeof n === "number" && window.Intl && Intl.PluralRules && m[1][new Intl.PluralRules(lang).select(n)]) || m[1][m[2]];
    }
    return (m || name).replace(/\{(\w+)\}/g, function (x, k) { return a && k in a ? a[k] : x; });
  }

  /* Messages shown with :target: give them focus so screen readers read them. */
  function focusTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.classList.contains("cible")) target.focus();
  }

  /* Login: "Réessayez à 14:35" when the worker gives the time ("at 14:35": the words before
     the time are the page's language's, in the slot's data-reessayer). */
  function retryTime() {
    var slot = document.querySelector("[data-reessayer]");
    var time = new URLSearchParams(location.search).get("reessayer");
    if (slot && time && /^\d{1,2}:\d{2}$/.test(time)) slot.textContent = t("reessayer", { heure: time });
  }

  function init() {
    focusTarget();
    window.addEventListener("hashchange", focusTarget);
    retryTime();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
