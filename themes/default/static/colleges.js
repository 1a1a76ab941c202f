/* dossiersco — the list of schools only (index.html): a filter that narrows the list as
   you type. Progressive enhancement: without it, the list itself is the way to find one. */
(function () {
  "use strict";
  // @inclure messages.js (the page's messages and t(): themes/default/inclus/messages.js)

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/['’-]/g, " ");
  }

  /* ---- School list: filter as you type. ---- */
  function schoolFilter() {
    var box = $("[data-filtre]"), list = $("[data-liste-colleges]");
    if (!box || !list) return;
    var input = $("input", box), result = $("#filtre-resultat");
    var items = $all("li", list);
    box.hidden = false;
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean), shown = 0;
      items.forEach(function (li) {
        var text = li.getAttribute("data-recherche");
        var visible = words.every(function (w) { return text.indexOf(w) !== -1; });
        li.hidden = !visible;
        if (visible) shown++;
      });
      result.textContent = words.length ? t("colleges", { n: shown }) : "";
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", schoolFilter);
  else schoolFilter();
})();
