/* dossiersco — the pages whose messages are fragments shown with :target (family and staff
   login, confirmation), progressive enhancement only: they work without this file. Loaded
   by those pages alone, so the form and the others do not carry it. */
(function () {
  "use strict";
  // @inclure messages.js (the page's messages and t(): themes/default/inclus/messages.js)

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
