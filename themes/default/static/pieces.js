/* dossiersco — documents, progressive enhancement only: without this file the chosen files
   travel with the form (multipart). With it, each file is sent as soon as it is picked
   (POST /api/pieces, with a progress bar), listed under its document with a button to
   remove it before signing, and the form is not sent while a mandatory document has neither
   a file nor « J'apporterai au secrétariat » ticked. The worker checks everything again. */
(function () {
  "use strict";

  var worker = (document.body && document.body.getAttribute("data-worker")) || "";
  // @inclure messages.js (the page's messages and t(): themes/default/inclus/messages.js)

  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  /* « 1,5 Mo », "1.5 MB": the number in the page's language. */
  function size(bytes) {
    var n = bytes >= 1e6 ? Math.round(bytes / 1e5) / 10 : Math.max(1, Math.round(bytes / 1e3));
    return bytes >= 1e6 ? t("mo", { n: n.toLocaleString(lang) }) : t("ko", { n: n.toLocaleString(lang) });
  }
  var ETATS = {
    accepte: t("recu"),
    analyse_en_attente: t("analyse"),
    refuse: t("refuse")
  };
  var TYPES = /^(application\/pdf|image\/jpeg|image\/png)$/;

  function Pieces(form) {
    this.form = form;
    this.inputs = $all("input[type=file][data-piece]", form);
    this.pieces = [];
    this.sending = 0;
  }

  Pieces.prototype.inputOf = function (code) {
    return this.inputs.filter(function (i) { return i.getAttribute("data-piece") === code; })[0];
  };

  Pieces.prototype.listOf = function (input) {
    var list = input.parentNode.querySelector("[data-pieces-liste]");
    list.hidden = false;
    return list;
  };

  Pieces.prototype.message = function (input, text) {
    var box = input.closest(".champ");
    var id = input.id + "-erreur";
    var p = document.getElementById(id);
    if (!text) {
      if (p) p.remove();
      box.classList.remove("champ-erreur");
      input.removeAttribute("aria-invalid");
      if (input.bouton) input.bouton.setAttribute("aria-describedby", input.getAttribute("aria-describedby") || "");
      return;
    }
    if (!p) {
      p = el("p", { "class": "erreur", id: id, role: "alert" });
      input.insertAdjacentElement("beforebegin", p);
    }
    p.textContent = "";
    p.appendChild(el("span", { "class": "masque" }, t("erreur")));
    p.appendChild(document.createTextNode(text));
    box.classList.add("champ-erreur");
    input.setAttribute("aria-invalid", "true");
    if (input.bouton) input.bouton.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + id).trim());
  };

  /* The files already sent, under their document, each with « Retirer » until submitted. */
  Pieces.prototype.render = function () {
    var self = this;
    this.inputs.forEach(function (input) {
      var list = self.listOf(input);
      $all("li[data-piece-id]", list).forEach(function (li) { li.remove(); });
      self.pieces.filter(function (p) { return p.document === input.getAttribute("data-piece"); }).forEach(function (p) {
        var li = el("li", { "data-piece-id": String(p.id) });
        // What the summary before signing lists (dossiersco.js): a refused file is not sent.
        var vue = { nom: p.nom, taille: size(p.taille), etat: ETATS[p.etat] || p.etat };
        if (p.etat !== "refuse") li.setAttribute("data-recap", t("fichier", vue));
        li.appendChild(el("span", {}, p.transmis ? t("piece-transmise", vue) : t("piece", vue)));
        if (!p.transmis) {
          var remove = el("button", { type: "button", "class": "bouton bouton-secondaire" }, t("retirer"));
          remove.setAttribute("aria-label", t("retirer-fichier", { nom: p.nom }));
          remove.addEventListener("click", function () { self.remove(p, input); });
          li.appendChild(remove);
        }
        list.appendChild(li);
      });
      list.hidden = !list.children.length;
      if (input.bouton) input.bouton.firstChild.textContent = list.children.length ? t("joindre-autre") : t("joindre");
    });
  };

  /* The browser's own file button says « Aucun fichier choisi » in the phone's language,
     beside files already received: it is replaced by a button of the page's own, which opens
     the same picker. The input stays in the form (hidden from view, out of the tab order). */
  Pieces.prototype.button = function (input) {
    var label = document.querySelector("label[for='" + input.id + "']");
    var button = el("button", { type: "button", "class": "bouton bouton-secondaire", "aria-describedby": input.getAttribute("aria-describedby") || "" }, t("joindre"));
    button.appendChild(el("span", { "class": "masque" }, " : " + label.textContent.replace(/\s*\*$/, "")));
    button.addEventListener("click", function () { input.click(); });
    input.className = "fichier-natif";
    input.tabIndex = -1;
    input.setAttribute("aria-hidden", "true");
    input.after(button);
    input.bouton = button;
  };

  /* Where focus goes for a document: its button once the page has one. */
  function focusable(input) { return input.bouton || input; }

  Pieces.prototype.load = function () {
    var self = this;
    fetch(worker + "/api/pieces", { credentials: "include", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        self.pieces = data.pieces || [];
        self.render();
      })
      .catch(function () {});
  };

  Pieces.prototype.remove = function (piece, input) {
    var self = this;
    fetch(worker + "/api/pieces/" + piece.id, { method: "DELETE", credentials: "include", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (answer) {
        if (!answer.ok) { self.message(input, answer.body.erreur || t("retrait-refuse")); return; }
        self.pieces = self.pieces.filter(function (p) { return p.id !== piece.id; });
        self.message(input, "");
        self.render();
        focusable(input).focus();
      })
      .catch(function () { self.message(input, t("retrait-hors-ligne")); });
  };

  /* One file, sent alone with its progress shown; the answer replaces the progress line. */
  Pieces.prototype.upload = function (input, file) {
    var self = this;
    var max = Number(input.getAttribute("data-taille-max"));
    if (max && file.size > max) {
      this.message(input, t("trop-gros", { nom: file.name, taille: size(max) }));
      return;
    }
    if (file.type && !TYPES.test(file.type)) {
      this.message(input, t("type", { nom: file.name }));
      return;
    }
    var list = this.listOf(input);
    var li = el("li", { "class": "envoi-en-cours" });
    var label = el("span", {}, t("envoi", { nom: file.name }));
    var bar = el("progress", { max: "100", value: "0" });
    bar.setAttribute("aria-label", t("envoi-barre", { nom: file.name }));
    li.appendChild(label);
    li.appendChild(bar);
    list.appendChild(li);
    this.sending++;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", worker + "/api/pieces");
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("X-Document", input.getAttribute("data-piece"));
    xhr.setRequestHeader("X-Nom-Fichier", encodeURIComponent(file.name));
    xhr.upload.addEventListener("progress", function (ev) {
      if (ev.lengthComputable) bar.value = Math.round((ev.loaded / ev.total) * 100);
    });
    function done(error) {
      self.sending--;
      li.remove();
      if (error) self.message(input, error); else self.message(input, "");
      self.render();
    }
    xhr.addEventListener("load", function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status === 201) { self.pieces.push(body); done(""); }
      else if (xhr.status === 401) done(t("session-piece"));
      else done(body.erreur || t("envoi-refuse"));
    });
    xhr.addEventListener("error", function () { done(t("envoi-interrompu")); });
    xhr.send(file);
  };

  /* A mandatory document needs a file or the office box; and no file may still be on its way. */
  Pieces.prototype.missing = function () {
    var self = this, missing = [];
    this.inputs.forEach(function (input) {
      if (!input.hasAttribute("data-piece-obligatoire")) return;
      var code = input.getAttribute("data-piece");
      var sent = self.pieces.some(function (p) { return p.document === code && p.etat !== "refuse"; });
      var box = input.getAttribute("data-secretariat");
      var ticked = box && self.form.elements.namedItem(box) && self.form.elements.namedItem(box).checked;
      if (!sent && !ticked) missing.push(input);
    });
    return missing;
  };

  Pieces.prototype.start = function () {
    var self = this;
    // Each file leaves as soon as it is picked: the form's own post carries only text, so it
    // goes urlencoded, which costs the worker less than multipart (a file input then sends
    // its emptied value). Without this file, multipart carries the files.
    this.form.enctype = "application/x-www-form-urlencoded";
    this.inputs.forEach(function (input) {
      self.button(input);
      input.addEventListener("change", function () {
        Array.prototype.slice.call(input.files || []).forEach(function (file) { self.upload(input, file); });
        // Sent now: the form's own post will not carry it a second time.
        input.value = "";
      });
    });
    this.form.addEventListener("submit", function (ev) {
      if (ev.submitter && ev.submitter.formNoValidate) return;
      if (self.sending) {
        ev.preventDefault();
        self.message(self.inputs[0], t("attendre"));
        return;
      }
      var missing = self.missing();
      missing.forEach(function (input) {
        self.message(input, input.hasAttribute("data-secretariat")
          ? t("piece-obligatoire-secretariat")
          : t("piece-obligatoire"));
      });
      if (missing.length) {
        ev.preventDefault();
        // Step by step (dossiersco.js): back to the documents' step through its « Modifier » button.
        var step = missing[0].closest("[data-etape]");
        var title = step && step.hasAttribute("data-masque") && step.querySelector("legend h2");
        if (title) {
          $all("[data-recapitulatif-contenu] button", self.form).filter(function (b) {
            return b.textContent === t("modifier", { titre: title.textContent });
          }).forEach(function (b) { b.click(); });
        }
        focusable(missing[0]).focus();
      }
    });
    this.load();
  };

  function init() {
    var form = document.querySelector("[data-dossier], [data-pieces]");
    if (form && window.XMLHttpRequest && window.fetch && $all("input[type=file][data-piece]", form).length) {
      new Pieces(form).start();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
