/* dossiersco — the form only (loaded by formulaire.html: the other pages do not carry it),
   progressive enhancement: the form works without this file. Adds pre-fill from the
   worker, step-by-step display, inline errors, a summary before signing and draft
   autosave. No dependency, no third-party request. */
(function () {
  "use strict";

  var worker = (document.body && document.body.getAttribute("data-worker")) || "";
  // @inclure messages.js (the page's messages and t(): themes/default/inclus/messages.js)
  /* « 14:05 », "2:05 PM": the time in the page's language. */
  function heure(d) { return d.toLocaleTimeString(lang, { hour: "numeric", minute: "2-digit" }); }
  /* The language's prefix of the site's URLs (none for French). */
  var prefixe = lang === "fr" ? "" : "/" + lang;

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* ---- The form ---- */
  function Dossier(form) {
    this.form = form;
    this.uai = form.getAttribute("data-uai");
    this.mef = form.getAttribute("data-mef");
    this.steps = $all("[data-etape]", form);
    this.current = 0;
    this.ready = false;
    this.timer = null;
    this.summary = $("#resume-erreurs-js");
    this.status = $("[data-etat-brouillon]", form);
  }

  Dossier.prototype.fields = function (root) {
    // Files are pieces.js's business: sent on their own as soon as picked.
    return $all("input:not([type=hidden]):not([type=file]), select, textarea", root || this.form);
  };

  Dossier.prototype.value = function (name) {
    var item = this.form.elements.namedItem(name);
    if (!item) return "";
    if (item.type === "checkbox") return item.checked ? item.value : "";
    return (item.value || "").trim();
  };

  Dossier.prototype.fill = function (values) {
    var form = this.form;
    Object.keys(values || {}).forEach(function (name) {
      var item = form.elements.namedItem(name);
      if (!item) return;
      if (item.type === "checkbox") item.checked = values[name] === item.value;
      else item.value = values[name];
    });
  };

  Dossier.prototype.collect = function () {
    var values = {};
    new FormData(this.form).forEach(function (v, k) {
      if (k !== "uai" && k !== "mef" && k !== "eleve_ref" && typeof v === "string") values[k] = v;
    });
    return values;
  };

  /* The same rules as the model (the worker checks them again). */
  Dossier.prototype.check = function (input) {
    var v = input.type === "checkbox" ? (input.checked ? "oui" : "") : (input.value || "").trim();
    if (input.type === "radio") v = this.value(input.name);
    var required = input.required;
    // A radio group's rules are on its fieldset.
    var rules = input.type === "radio" ? (input.closest("fieldset.champ") || input) : input;
    if (rules.hasAttribute("data-requis-si-section")) required = this.started(input.closest("[data-etape]"));
    var other = rules.getAttribute("data-requis-si-champ");
    if (other && this.value(other) === rules.getAttribute("data-requis-si-valeur")) required = true;
    var pays = rules.getAttribute("data-cp-si-france");
    var france = pays && /^(|france|fr)$/i.test(this.value(pays));
    if (pays && france) required = true;
    if (v === "") {
      if (!required) return "";
      if (input.type === "radio" || input.tagName === "SELECT") return t("choisir");
      if (input.type === "checkbox") return t("cocher");
      return t("obligatoire");
    }
    // A later field with the same pattern (a guardian's other phone numbers) has its message
    // on the first one (generator/src/views.rs).
    var same = $all("[data-message-format]", this.form).filter(function (o) { return input.pattern && o.pattern === input.pattern; })[0];
    var format = input.getAttribute("data-message-format") || (same && same.getAttribute("data-message-format")) || t("format");
    if (input.validity && (input.validity.patternMismatch || input.validity.typeMismatch)) return format;
    if (input.type === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(v)) return t("date");
    if (france && !/^[0-9]{5}$/.test(v)) return format;
    return "";
  };

  Dossier.prototype.container = function (input) {
    return input.type === "radio" ? input.closest("fieldset.champ") : input.closest(".champ");
  };

  Dossier.prototype.show = function (input, message) {
    var box = this.container(input);
    if (!box) return;
    var id = (box.tagName === "FIELDSET" ? box.id : input.id) + "-erreur";
    var p = document.getElementById(id);
    var targets = input.type === "radio" ? $all("input", box) : [input];
    var holder = box.tagName === "FIELDSET" ? box : input;
    var described = (holder.getAttribute("aria-describedby") || "").split(" ").filter(function (x) { return x && x !== id; });
    if (message) {
      if (!p) {
        p = el("p", { "class": "erreur", id: id });
        var anchor = $(".aide", box) || $("legend", box) || $("label", box);
        anchor.insertAdjacentElement("afterend", p);
      }
      p.textContent = "";
      p.appendChild(el("span", { "class": "masque" }, t("erreur")));
      p.appendChild(document.createTextNode(message));
      described.push(id);
      box.classList.add("champ-erreur");
      targets.forEach(function (t) { t.setAttribute("aria-invalid", "true"); });
    } else {
      if (p) p.remove();
      box.classList.remove("champ-erreur");
      targets.forEach(function (t) { t.removeAttribute("aria-invalid"); });
    }
    if (described.length) holder.setAttribute("aria-describedby", described.join(" "));
    else holder.removeAttribute("aria-describedby");
  };

  /* Whether the family started filling an optional section (a field differs from its default). */
  Dossier.prototype.started = function (section) {
    return this.fields(section).some(function (f) {
      if (f.type === "checkbox" || f.type === "radio") return f.checked;
      var v = f.value.trim();
      return v !== "" && v !== (f.defaultValue || "").trim();
    });
  };

  /* Checks the fields of `root` (a step or the whole form); returns [{input, message}] and
     shows each message. An optional section left untouched is not checked (as on the server). */
  Dossier.prototype.validate = function (root) {
    var self = this, errors = [], seen = {};
    var steps = root.hasAttribute("data-etape") ? [root] : $all("[data-etape]", root);
    steps.forEach(function (section) {
      var skip = section.hasAttribute("data-optionnelle") && !self.started(section);
      self.fields(section).forEach(function (input) {
        if (input.type === "radio" && seen[input.name]) return;
        seen[input.name] = true;
        var message = skip ? "" : self.check(input);
        self.show(input, message);
        if (message) errors.push({ input: input, message: message });
      });
      if (skip || !section.hasAttribute("data-au-moins-un")) return;
      var names = section.getAttribute("data-au-moins-un").split(" ");
      if (names.every(function (n) { return self.value(n) === ""; })) {
        var first = self.form.elements.namedItem(names[0]);
        var message = section.getAttribute("data-au-moins-un-message");
        self.show(first, message);
        errors.push({ input: first, message: message });
      }
    });
    return errors;
  };

  Dossier.prototype.labelOf = function (input) {
    var box = this.container(input);
    var label = box && box.tagName === "FIELDSET" ? $("legend", box) : $("label[for='" + input.id + "']");
    return label ? label.textContent.replace(/\s*\*\s*$/, "").trim() : input.name;
  };

  Dossier.prototype.showSummary = function (errors) {
    var box = this.summary, self = this;
    if (!box) return;
    box.textContent = "";
    if (!errors.length) { box.hidden = true; return; }
    box.appendChild(el("h2", {}, t("erreurs", { n: errors.length })));
    var ul = el("ul");
    errors.forEach(function (e) {
      var a = el("a", { href: "#" + e.input.id }, t("lien-erreur", { champ: self.labelOf(e.input), message: e.message }));
      a.addEventListener("click", function (ev) { ev.preventDefault(); e.input.focus(); });
      ul.appendChild(el("li")).appendChild(a);
    });
    box.appendChild(ul);
    box.hidden = false;
    box.focus();
  };

  /* ---- Steps ---- */
  Dossier.prototype.goTo = function (index, focus) {
    this.current = index;
    this.steps.forEach(function (step, i) {
      if (i === index) step.removeAttribute("data-masque"); else step.setAttribute("data-masque", "");
      step.hidden = i !== index ? step.hasAttribute("data-recapitulatif") : false;
    });
    var step = this.steps[index];
    if (step.hasAttribute("data-recapitulatif")) this.recap(step);
    var title = $("legend h2, h2", step);
    var progress = $("[data-progression]");
    progress.hidden = false;
    progress.textContent = t("etape", { n: index + 1, total: this.steps.length, titre: title ? title.textContent : "" });
    $("[data-envoi]", this.form).hidden = index !== this.steps.length - 1;
    this.showSummary([]);
    if (focus && title) {
      title.setAttribute("tabindex", "-1");
      title.focus();
      step.scrollIntoView({ block: "start" });
    }
  };

  Dossier.prototype.stepButtons = function () {
    var self = this;
    this.steps.forEach(function (step, i) {
      var nav = el("div", { "class": "actions" });
      if (i > 0) {
        var back = el("button", { type: "button", "class": "bouton bouton-secondaire" }, t("precedente"));
        back.addEventListener("click", function () { self.goTo(i - 1, true); });
        nav.appendChild(back);
      }
      if (i < self.steps.length - 1) {
        var next = el("button", { type: "button", "class": "bouton" }, t("continuer"));
        next.addEventListener("click", function () {
          var errors = self.validate(step);
          if (errors.length) self.showSummary(errors); else self.goTo(i + 1, true);
        });
        nav.appendChild(next);
      }
      step.appendChild(nav);
    });
  };

  Dossier.prototype.recap = function (section) {
    var self = this, box = $("[data-recapitulatif-contenu]", section);
    box.textContent = "";
    this.steps.forEach(function (step, i) {
      if (step === section || step.id === "etape-signature") return;
      var h = $("legend h2", step);
      box.appendChild(el("h3", {}, h ? h.textContent : ""));
      var dl = el("dl"), seen = {};
      $all("input:not([type=hidden]), select, textarea", step).forEach(function (input) {
        if (seen[input.name]) return;
        seen[input.name] = true;
        var shown;
        if (input.type === "file") {
          // The files sent, as pieces.js lists them under their document: name and size.
          shown = $all("li[data-recap]", input.parentNode).map(function (li) { return li.getAttribute("data-recap"); }).join(", ") || t("aucun-fichier");
        } else if (input.type === "radio") {
          var checked = $("input[name='" + input.name + "']:checked", step);
          shown = checked ? $("label[for='" + checked.id + "']").textContent : "";
        } else if (input.type === "checkbox") shown = input.checked ? t("oui") : t("non");
        else if (input.tagName === "SELECT") shown = input.value ? input.options[input.selectedIndex].text : "";
        else if (input.type === "date" && /^\d{4}-\d{2}-\d{2}$/.test(input.value)) shown = input.value.split("-").reverse().join("/");
        else shown = input.value.trim();
        dl.appendChild(el("dt", {}, self.labelOf(input)));
        dl.appendChild(el("dd", {}, shown || t("non-renseigne")));
      });
      box.appendChild(dl);
      var edit = el("button", { type: "button", "class": "bouton bouton-secondaire" }, t("modifier", { titre: h ? h.textContent : "" }));
      edit.addEventListener("click", function () { self.goTo(i, true); });
      box.appendChild(edit);
    });
  };

  /* ---- « Même adresse que le responsable légal 1 »: the target fields take the source's
     values, now and as the source is typed; they are hidden while the box is ticked. ---- */
  Dossier.prototype.copies = function () {
    var self = this, form = this.form;
    return $all("input[data-copie-source]", form).map(function (box) {
      var source = box.getAttribute("data-copie-source").split(" ");
      function apply() {
        box.getAttribute("data-copie-cible").split(" ").forEach(function (name, i) {
          var to = form.elements.namedItem(name);
          if (box.checked) { to.value = self.value(source[i]); self.show(to, ""); }
          to.closest(".champ").hidden = box.checked;
        });
      }
      form.addEventListener("input", function (ev) { if (box.checked && source.indexOf(ev.target.name) >= 0) apply(); });
      box.addEventListener("change", apply);
      return apply;
    });
  };

  /* ---- The signer: each guardian by name as typed; a guardian nobody named is no choice;
     the name field only for « Une autre personne » (or, nothing chosen, a name already typed).
     A guardian chosen hides it even when filled: the one-click page pre-fills it, and the
     worker writes the guardian's name in its place. ---- */
  Dossier.prototype.signers = function () {
    var self = this, name = this.form.elements.namedItem("signature.nom");
    $all("input[data-nomme-par]", this.form).forEach(function (input) {
      var who = input.getAttribute("data-nomme-par").split(" ").map(function (n) { return self.value(n); }).join(" ").trim();
      var base = input.getAttribute("data-libelle");
      $("label[for='" + input.id + "']").textContent = who ? t("signataire", { nom: who, qualite: base.toLowerCase() }) : base;
      input.closest(".choix").hidden = !who && !input.checked;
    });
    var chosen = this.value("signature.signataire");
    if (name) name.closest(".champ").hidden = chosen ? chosen !== "autre" : !name.value.trim();
  };

  /* ---- Worker: pre-fill and drafts ---- */
  Dossier.prototype.say = function (text) { if (this.status) this.status.textContent = text; };

  Dossier.prototype.load = function () {
    var self = this;
    return fetch(worker + "/api/dossier", { credentials: "include", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (r.status === 401) { location.href = prefixe + "/" + self.uai + "/connexion/#erreur-session"; return null; }
        if (!r.ok) throw new Error(String(r.status));
        return r.json();
      })
      .then(function (data) {
        if (!data) return;
        if (data.uai === self.uai && data.mef && data.mef !== self.mef) {
          location.href = prefixe + "/" + data.uai + "/dossier/" + data.mef + "/";
          return;
        }
        if (!self.form.hasAttribute("data-erreurs-serveur")) self.fill(data.valeurs);
        requisSi(self.form);
        self.copyAll();
        self.signers();
        var ref = $("[data-eleve-ref]", self.form);
        if (ref && data.eleve && data.eleve.ref) ref.value = data.eleve.ref;
        var who = $("[data-eleve]");
        if (who && data.eleve) {
          who.textContent = data.eleve.division ? t("eleve-division", data.eleve) : t("eleve", data.eleve);
          who.hidden = false;
        }
        if (data.etat === "transmis") self.say(t("transmis"));
        if (data.etat === "valide") {
          self.say(t("valide"));
          self.fields().forEach(function (f) { f.disabled = true; });
        }
      })
      .catch(function () { self.say(t("chargement")); })
      .then(function () { self.ready = true; });
  };

  Dossier.prototype.saveSoon = function () {
    var self = this;
    if (!this.ready) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () {
      self.say(t("enregistrement"));
      var ref = self.form.elements.namedItem("eleve_ref");
      fetch(worker + "/api/dossier/brouillon", {
        method: "PUT",
        credentials: "include",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ valeurs: self.collect(), eleve_ref: ref ? ref.value : "" })
      }).then(function (r) {
        if (r.status === 401) throw new Error("session");
        // Refused (another child's file opened in this browser, file validated): the worker says why.
        if (r.status === 409) return r.json().then(function (b) { throw new Error("refus:" + (b.erreur || "")); });
        if (!r.ok) throw new Error(String(r.status));
        self.say(t("enregistre", { heure: heure(new Date()) }));
      }).catch(function (err) {
        self.say(err.message === "session"
          ? t("session")
          : err.message.indexOf("refus:") === 0
            ? t("refus", { raison: err.message.slice(6) })
            : t("hors-ligne"));
      });
    }, 1500);
  };

  Dossier.prototype.start = function () {
    var self = this, form = this.form;
    form.noValidate = true;
    var serverErrors = form.hasAttribute("data-erreurs-serveur");
    if (!serverErrors && this.steps.length > 1) {
      form.classList.add("js-etapes");
      this.stepButtons();
      var first = Math.max(0, this.steps.indexOf(document.getElementById(location.hash.slice(1))));
      this.goTo(first, first > 0);
    }
    // An error goes away as soon as the value is fixed, while typing: never on blur, where
    // the layout would move under the pointer on its way to « Continuer ».
    var appliers = this.copies();
    this.copyAll = function () { appliers.forEach(function (apply) { apply(); }); };
    this.copyAll();
    this.signers();
    form.addEventListener("change", function () { self.signers(); });
    form.addEventListener("input", function (ev) {
      var t = ev.target;
      if (/^(resp[12]\.(prenom|nom)|signature\.nom)$/.test(t.name || "")) self.signers();
      if (t.getAttribute && t.getAttribute("aria-invalid") === "true" && !self.check(t)) self.show(t, "");
      self.saveSoon();
    });
    form.addEventListener("change", function () { requisSi(form); self.saveSoon(); });
    form.addEventListener("submit", function (ev) {
      var errors = self.validate(form);
      if (errors.length) {
        ev.preventDefault();
        if (form.classList.contains("js-etapes")) {
          var step = errors[0].input.closest("[data-etape]");
          var index = self.steps.indexOf(step);
          if (index >= 0 && index !== self.current) self.goTo(index, false);
        }
        self.showSummary(errors);
      } else {
        clearTimeout(self.timer);
      }
    });
    var server = $("#resume-erreurs");
    if (server) server.focus();
    this.load();
  };

  /* CAF number: required with demi-pension. */
  function requisSi(form) {
    $all("[data-requis-si-champ]", form).forEach(function (i) {
      var o = form[i.dataset.requisSiChamp], m = $("label[for='" + i.id + "'] [data-marque]");
      i.required = !!o && o.value === i.dataset.requisSiValeur;
      if (m) m.hidden = !i.required;
    });
  }

  function init() {
    var form = $("[data-dossier]");
    if (form && window.fetch && window.FormData) new Dossier(form).start();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
