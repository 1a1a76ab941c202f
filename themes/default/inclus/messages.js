/* Written into each script of static/ that says `// @inclure messages.js`, where it says it,
   when the generator publishes it (dossiersco_generator::assets::expand_includes): one copy
   here, no extra request on any page. */
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
