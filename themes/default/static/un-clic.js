/* dossiersco — the one-click page (/resume) only, progressive enhancement: what is typed
   is kept as the draft as it is typed (the « Modifier » buttons save it too, without this
   file). The draft is the whole file: what the school holds (/api/dossier) with the page's
   answers on top. */
(function () {
  "use strict";

  var worker = (document.body && document.body.getAttribute("data-worker")) || "";
  // @inclure messages.js (the page's messages and t(): themes/default/inclus/messages.js)

  function ResumeDraft(form) {
    this.form = form;
    this.base = null;
    this.timer = null;
    this.status = form.querySelector("[data-etat-brouillon]");
  }

  ResumeDraft.prototype.values = function () {
    var form = this.form, values = {};
    Object.keys(this.base || {}).forEach(function (k) { values[k] = this.base[k]; }, this);
    var listed = form.elements.namedItem("champs");
    // An unticked box is absent from FormData: the fields the page asks are cleared first.
    (listed ? listed.value.split(/\s+/) : []).forEach(function (name) { if (name) delete values[name]; });
    new FormData(form).forEach(function (v, k) {
      if (typeof v !== "string" || ["uai", "mef", "mode", "champs", "eleve_ref"].indexOf(k) >= 0) return;
      values[k] = v;
    });
    return values;
  };

  ResumeDraft.prototype.save = function () {
    var self = this;
    var ref = this.form.elements.namedItem("eleve_ref");
    fetch(worker + "/api/dossier/brouillon", {
      method: "PUT",
      credentials: "include",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ valeurs: this.values(), eleve_ref: ref ? ref.value : "" })
    }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      self.status.textContent = t("reponses-enregistrees", { heure: new Date().toLocaleTimeString(lang, { hour: "numeric", minute: "2-digit" }) });
    }).catch(function () {
      self.status.textContent = t("reponses-hors-ligne");
    });
  };

  ResumeDraft.prototype.start = function () {
    var self = this;
    fetch(worker + "/api/dossier", { credentials: "include", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        self.base = data.valeurs || {};
        ["input", "change"].forEach(function (type) {
          self.form.addEventListener(type, function (ev) {
            if (ev.target && ev.target.type === "file") return;
            clearTimeout(self.timer);
            self.timer = setTimeout(function () { self.save(); }, 800);
          });
        });
        self.form.addEventListener("submit", function () { clearTimeout(self.timer); });
      })
      .catch(function () {});
  };

  /* The CAF number with demi-pension: `required` and its mark follow the answer (the hint
     says it without this file). */
  function requisSi(form) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-requis-si-champ]"), function (i) {
      var o = form.elements.namedItem(i.getAttribute("data-requis-si-champ"));
      var m = form.querySelector("label[for='" + i.id + "'] [data-marque]");
      i.required = !!o && o.value === i.getAttribute("data-requis-si-valeur");
      if (m) m.hidden = !i.required;
    });
  }

  /* « Signé par … » follows the choice made behind « Changer ». */
  function signedBy(form) {
    var line = form.querySelector("[data-signe-par]");
    var c = form.querySelector("input[name='signature.signataire']:checked");
    var name = form.elements.namedItem("signature.nom");
    if (!line || !c) return;
    line.textContent = c.value !== "autre" ? form.querySelector("label[for='" + c.id + "']").textContent
      : (name && name.value.trim()) || t("autre-personne");
  }

  function init() {
    var form = document.querySelector("form[data-resume]");
    if (!form) return;
    form.addEventListener("change", function () { requisSi(form); signedBy(form); });
    if (window.fetch && window.FormData) new ResumeDraft(form).start();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
