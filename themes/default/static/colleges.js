/* dossiersco — the list of schools only (index.html): a filter that narrows the list as
   you type. Progressive enhancement: without it, the list itself is the way to find one. */
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
