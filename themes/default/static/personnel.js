// The staff area: fills the static pages from the worker's JSON API (/api/personnel/…).
// Plain DOM building (textContent only: no value from the API is ever parsed as HTML).
(function () {
  "use strict";
  var root = document.querySelector(".personnel");
  if (!root) { return; }
  document.documentElement.classList.add("js");
  var page = root.getAttribute("data-page");
  var uai = root.getAttribute("data-uai");
  var worker = root.getAttribute("data-worker") || "";
  var statut = root.querySelector("[data-statut]");

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function say(text) { if (statut) { statut.textContent = text; } }
  function api(path, body) {
    var init = { credentials: "include", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      init.method = "POST";
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(worker + path, init).then(function (r) {
      if (r.status === 401) {
        location.href = "/" + uai + "/personnel/#erreur-session";
        throw new Error("session");
      }
      return r.json().then(function (data) {
        if (!r.ok) {
          var err = new Error(data.erreur || "Erreur " + r.status);
          err.status = r.status;
          err.data = data;
          throw err;
        }
        return data;
      });
    });
  }
  function failed(err) { if (err.message !== "session") { say("Erreur : " + err.message); } }
  // Folds a search as the worker folds names (personnel::recherche::cle): lowercase, accents
  // removed, ligatures spelt out, apostrophes and hyphens as spaces.
  function fold(text) {
    return String(text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/ß/g, "ss").replace(/ø/g, "o").replace(/ł/g, "l").replace(/đ|ð/g, "d")
      .replace(/ı/g, "i").replace(/þ/g, "th").replace(/[^0-9a-z\u00c0-\uffff]+/g, " ").trim().replace(/\s+/g, " ");
  }
  // POST /api/personnel/valider; a 409 lists files lacking a mandatory document: the staff
  // member confirms (or not) with the list in front of them, then it is posted again.
  function validateFiles(ids, names) {
    return api("/api/personnel/valider", { ids: ids }).catch(function (err) {
      if (err.status !== 409 || !err.data || !err.data.a_confirmer) { throw err; }
      var lines = err.data.a_confirmer.map(function (f) {
        return "– " + f.prenom + " " + f.nom + (f.division ? " (" + f.division + ")" : "") + " : " + f.pieces.join(", ");
      });
      var question = "Pièces obligatoires ni jointes ni reçues au secrétariat :\n" + lines.join("\n") +
        "\n\nValider quand même ? Le courriel aux familles dira ce qui est encore attendu.";
      if (!confirm(question)) { return null; }
      return api("/api/personnel/valider", { ids: ids, confirme: true });
    });
  }
  function when(ts) {
    if (!ts) { return ""; }
    var d = new Date(ts);
    return isNaN(d) ? ts : d.toLocaleString("fr-FR", { dateStyle: "short", timeStyle: "short" });
  }
  function flags(f) {
    var out = [];
    if (f.adresse_modifiee) { out.push(el("span", { "class": "drapeau", text: "Adresse modifiée" })); }
    if (f.demi_pension) { out.push(el("span", { "class": "drapeau", text: "Demi-pension" })); }
    if (f.document_manquant) { out.push(el("span", { "class": "drapeau drapeau-alerte", text: "Pièce manquante" })); }
    return out;
  }
  function countTable(caption, key, label, groups, etats) {
    var head = el("tr", {}, [el("th", { scope: "col", text: label })].concat(
      etats.map(function (e) { return el("th", { scope: "col", "class": "nombre", text: e.libelle }); }),
      [el("th", { scope: "col", "class": "nombre", text: "Total" })]));
    var rows = groups.map(function (g) {
      return el("tr", {}, [el("th", { scope: "row", text: g[key] || "—" })].concat(
        etats.map(function (e) { return el("td", { "class": "nombre", text: String(g.etats[e.etat] || 0) }); }),
        [el("td", { "class": "nombre", text: String(g.total) })]));
    });
    return el("table", {}, [el("caption", { "class": "masque", text: caption }), el("thead", {}, [head]), el("tbody", {}, rows)]);
  }
  // The families' choices: one row per level or class, one column per option, demi-pension,
  // externe and régime de sortie.
  function choiceTable(caption, label, lines, total, c) {
    var cols = c.options.map(function (o) { return { text: o.libelle, get: function (g) { return g.options[o.code] || 0; } }; })
      .concat([{ text: "Demi-pensionnaires", get: function (g) { return g.demi_pensionnaires; } },
        { text: "Externes", get: function (g) { return g.externes; } }])
      .concat(c.regimes.map(function (r) { return { text: r.libelle, get: function (g) { return g.regimes[r.code] || 0; } }; }));
    var head = el("tr", {}, [el("th", { scope: "col", text: label }), el("th", { scope: "col", "class": "nombre", text: "Dossiers" })]
      .concat(cols.map(function (col) { return el("th", { scope: "col", "class": "nombre", text: col.text }); })));
    function row(g, cls) {
      return el("tr", cls ? { "class": cls } : {}, [el("th", { scope: "row", text: g.groupe || "—" }), el("td", { "class": "nombre", text: String(g.dossiers) })]
        .concat(cols.map(function (col) { return el("td", { "class": "nombre", text: String(col.get(g)) }); })));
    }
    if (!lines.length) { return el("p", { text: "Aucun dossier transmis pour l'instant." }); }
    return el("table", { "class": "choix-familles" }, [el("caption", { "class": "masque", text: caption }), el("thead", {}, [head]),
      el("tbody", {}, lines.map(function (g) { return row(g); })), el("tfoot", {}, [row(total, "total")])]);
  }

  function dashboard() {
    api("/api/personnel/tableau").then(function (d) {
      var list = el("ul", {}, d.etats.map(function (e) {
        return el("li", {}, [el("strong", { text: String(d.par_etat[e.etat] || 0) }), " " + e.libelle.toLowerCase()]);
      }));
      var box = root.querySelector("[data-etats]");
      box.replaceChildren(el("p", { text: d.total + " élèves au total." }), list);
      root.querySelector("[data-divisions]").replaceChildren(countTable("Dossiers par classe", "division", "Classe", d.divisions, d.etats));
      root.querySelector("[data-niveaux]").replaceChildren(countTable("Dossiers par niveau", "niveau", "Niveau l'an prochain", d.niveaux, d.etats));
      root.querySelector("[data-choix-base]").textContent = d.choix.base;
      root.querySelector("[data-choix-niveaux]").replaceChildren(choiceTable("Choix des familles par niveau l'an prochain", "Niveau l'an prochain", d.choix.niveaux, d.choix.total, d.choix));
      root.querySelector("[data-choix-divisions]").replaceChildren(choiceTable("Choix des familles par classe", "Classe", d.choix.divisions, d.choix.total, d.choix));
    }).catch(failed);
    api("/api/personnel/courriels-refuses").then(function (d) {
      var box = root.querySelector("[data-refuses]");
      if (!d.courriels.length) { box.replaceChildren(el("p", { text: "Aucun : tous les courriels ont été acceptés." })); return; }
      box.replaceChildren(el("ul", {}, d.courriels.map(function (c) {
        return el("li", { text: (c.eleve || "—") + (c.division ? " (" + c.division + ")" : "") + " — " + c.genre + " du " + when(c.le) + " : " + c.erreur });
      })));
    }).catch(failed);
    var form = root.querySelector("[data-relances]");
    var out = root.querySelector("[data-relances-resultat]");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var etat = form.querySelector("input[name=etat]:checked").value;
      api("/api/personnel/relances", { etat: etat, envoyer: false }).then(function (d) {
        var detail = Object.keys(d.par_etat || {}).length > 1 ? " (" + [["non_connecte", "jamais connectées"], ["connecte", "connectées sans rien enregistrer"], ["brouillon", "brouillons"]]
          .map(function (p) { return (d.par_etat[p[0]] || 0) + " " + p[1]; }).join(", ") + ")" : "";
        var text = d.a_envoyer + " courriel(s) à envoyer" + detail + " ; " + d.deja_relances + " famille(s) déjà relancée(s) aujourd'hui ; " + d.sans_courriel + " sans adresse.";
        var children = [el("p", { text: text })];
        if (d.a_envoyer > 0) {
          var send = el("button", { type: "button", "class": "bouton", text: "Envoyer " + d.a_envoyer + " relance(s)" });
          send.addEventListener("click", function () {
            send.disabled = true;
            api("/api/personnel/relances", { etat: etat, envoyer: true }).then(function (r) {
              out.replaceChildren(el("p", { role: "status", text: r.envoyes + " relance(s) envoyée(s) ; " + r.deja_relances + " déjà relancée(s) aujourd'hui." }));
            }).catch(failed);
          });
          children.push(send);
        }
        out.replaceChildren.apply(out, children);
      }).catch(failed);
    });
  }

  function pupils() {
    var table = root.querySelector("[data-eleves]");
    var body = table.querySelector("tbody");
    var filters = root.querySelector("[data-filtres]");
    var all = table.querySelector("[data-tout]");
    var validate = root.querySelector("[data-valider]");
    var count = root.querySelector("[data-compte]");
    var rows = [];
    var sortKey = "nom";
    var sortDir = 1;
    var selected = {};
    var order = ["non_connecte", "connecte", "brouillon", "transmis", "valide", "sortant"];

    function visible() {
      var f = new FormData(filters);
      var words = fold(f.get("texte")).split(" ").filter(Boolean);
      return rows.filter(function (e) {
        var key = e.recherche || fold(e.nom + " " + e.prenom);
        return words.every(function (w) { return key.indexOf(w) >= 0; }) &&
          (!f.get("classe") || e.division === f.get("classe")) &&
          (!f.get("etat") || e.etat === f.get("etat")) &&
          (!f.get("adresse_modifiee") || e.drapeaux.adresse_modifiee) &&
          (!f.get("demi_pension") || e.drapeaux.demi_pension) &&
          (!f.get("document_manquant") || e.drapeaux.document_manquant);
      }).sort(function (a, b) {
        var x = sortKey === "etat" ? order.indexOf(a.etat) : (a[sortKey] || "");
        var y = sortKey === "etat" ? order.indexOf(b.etat) : (b[sortKey] || "");
        if (sortKey === "nom") { x = a.nom + " " + a.prenom; y = b.nom + " " + b.prenom; }
        return (x < y ? -1 : x > y ? 1 : 0) * sortDir;
      });
    }
    function render() {
      var shown = visible();
      var classe = new FormData(filters).get("classe");
      var zip = root.querySelector("[data-zip]");
      zip.hidden = !classe;
      zip.querySelector("a").href = classe ? worker + "/personnel/pieces.zip?classe=" + encodeURIComponent(classe) : "";
      body.replaceChildren.apply(body, shown.map(function (e) {
        var box = el("input", { type: "checkbox", "aria-label": "Sélectionner " + e.prenom + " " + e.nom });
        box.checked = !!selected[e.id];
        box.addEventListener("change", function () { selected[e.id] = box.checked; update(); });
        var link = el("a", { href: "/" + uai + "/personnel/eleve/?id=" + e.id, text: e.nom + " " + e.prenom });
        var tr = el("tr", {}, [el("td", {}, [box]), el("th", { scope: "row" }, [link]), el("td", { text: e.division || "" }),
          el("td", { text: e.niveau || "—" }), el("td", { text: e.etat_libelle }), el("td", { text: when(e.modifie_le) }),
          el("td", {}, flags(e.drapeaux))]);
        if (selected[e.id]) { tr.className = "selectionne"; }
        return tr;
      }));
      update();
    }
    function update() {
      var shown = visible();
      var n = Object.keys(selected).filter(function (k) { return selected[k]; }).length;
      count.textContent = shown.length + " élève(s) affiché(s) sur " + rows.length + " ; " + n + " sélectionné(s).";
      validate.disabled = n === 0;
      all.checked = shown.length > 0 && shown.every(function (e) { return selected[e.id]; });
    }
    function load() {
      return api("/api/personnel/eleves").then(function (d) {
        rows = d.eleves;
        var classes = {};
        var etats = {};
        rows.forEach(function (e) { if (e.division) { classes[e.division] = true; } etats[e.etat] = e.etat_libelle; });
        var classe = filters.querySelector("[name=classe]");
        var etat = filters.querySelector("[name=etat]");
        if (classe.options.length === 1) {
          Object.keys(classes).sort().forEach(function (c) { classe.appendChild(el("option", { value: c, text: c })); });
          order.filter(function (s) { return etats[s]; }).forEach(function (s) { etat.appendChild(el("option", { value: s, text: etats[s] })); });
        }
        render();
      }).catch(failed);
    }
    filters.addEventListener("input", render);
    filters.addEventListener("submit", function (ev) { ev.preventDefault(); });
    all.addEventListener("change", function () {
      visible().forEach(function (e) { selected[e.id] = all.checked; });
      render();
    });
    table.querySelectorAll("th[data-tri] button").forEach(function (button) {
      button.addEventListener("click", function () {
        var th = button.parentNode;
        var key = th.getAttribute("data-tri");
        sortDir = key === sortKey ? -sortDir : 1;
        sortKey = key;
        table.querySelectorAll("th[data-tri]").forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", sortDir === 1 ? "ascending" : "descending");
        render();
      });
    });
    validate.addEventListener("click", function () {
      var ids = Object.keys(selected).filter(function (k) { return selected[k]; }).map(Number);
      if (!ids.length || !confirm("Valider " + ids.length + " dossier(s) ? Chaque famille recevra un courriel.")) { return; }
      validate.disabled = true;
      validateFiles(ids).then(function (r) {
        if (!r) { say("Validation abandonnée : rien n'a changé."); update(); return; }
        selected = {};
        var refus = r.refus.length ? " " + r.refus.length + " non validé(s) : " + r.refus.map(function (x) {
          var e = rows.filter(function (row) { return row.id === x.id; })[0];
          return (e ? e.prenom + " " + e.nom : "n° " + x.id) + " (" + x.raison + ")";
        }).join(", ") + "." : "";
        say(r.valides + " dossier(s) validé(s)." + refus);
        return load();
      }).catch(failed);
    });
    load();
  }

  /* Who signed: a guardian of the file, or someone else, flagged for the staff to check. */
  function signer(s) {
    if (!s) { return [document.createTextNode("—")]; }
    if (s.responsable) { return [document.createTextNode(s.nom + " (responsable légal " + s.responsable + ")")]; }
    return [document.createTextNode(s.nom + " "),
      el("span", { "class": "drapeau drapeau-alerte", "data-signataire-autre": "", text: "n'est pas un responsable légal" })];
  }

  function pupil() {
    var id = new URLSearchParams(location.search).get("id");
    var box = root.querySelector("[data-fiche]");
    if (!id) { box.replaceChildren(el("p", { text: "Choisissez un élève dans la liste." })); return; }
    function load() {
      api("/api/personnel/eleve?id=" + encodeURIComponent(id)).then(function (d) {
        root.querySelector("[data-titre]").textContent = d.prenom + " " + d.nom;
        // A leaving pupil gets no new code; the section follows each reload of the file.
        var code = root.querySelector("[data-code-acces]");
        if (code) { code.hidden = d.etat === "sortant"; }
        var facts = el("dl", { "class": "fiche" }, [
          el("dt", { text: "État" }), el("dd", { text: d.etat_libelle }),
          el("dt", { text: "Classe" }), el("dd", { text: d.division || "—" }),
          el("dt", { text: "Niveau l'an prochain" }), el("dd", { text: d.niveau || "—" }),
          el("dt", { text: "INE" }), el("dd", { text: d.ine || "—" }),
          el("dt", { text: "Transmis le" }), el("dd", { text: when(d.transmis_le) || "—" }),
          el("dt", { text: "Signé par" }), el("dd", {}, signer(d.signataire)),
          el("dt", { text: "Dernier changement" }), el("dd", { text: when(d.modifie_le) })]);
        var actions = el("p", { "class": "actions-groupe" });
        function act(label, secondary, question, send, done) {
          var b = el("button", { type: "button", "class": secondary ? "bouton bouton-secondaire" : "bouton", text: label });
          b.addEventListener("click", function () {
            if (question && !confirm(question)) { return; }
            b.disabled = true;
            send().then(function (r) {
              if (!r) { b.disabled = false; say("Rien n'a changé."); return; }
              say(r.refus.length ? "Impossible : " + r.refus[0].raison + "." : done);
              load();
            }).catch(function (err) { b.disabled = false; failed(err); });
          });
          actions.appendChild(b);
        }
        var one = function (path) { return function () { return api(path, { ids: [d.id] }); }; };
        if (d.etat === "transmis") {
          act("Valider le dossier", false, "Valider ce dossier ? La famille recevra un courriel.",
            function () { return validateFiles([d.id]); }, "Dossier validé.");
        }
        if (d.etat === "valide") {
          act("Annuler la validation", true, "Annuler la validation ? Le dossier redevient « Transmis » et la famille pourra de nouveau le modifier (aucun courriel n'est envoyé).",
            one("/api/personnel/annuler-validation"), "Validation annulée : le dossier est de nouveau « Transmis ».");
        }
        if (d.etat === "sortant") {
          act("Annuler « sortant »", true, "Annuler la sortie ? Le dossier reprend l'état qu'il avait.",
            one("/api/personnel/annuler-sortant"), "Sortie annulée.");
        } else {
          act("Marquer comme sortant", true, "Marquer " + d.prenom + " " + d.nom + " comme sortant ? L'élève quitte l'établissement : sa famille ne pourra plus modifier le dossier. (Vous pourrez annuler.)",
            one("/api/personnel/sortant"), "Élève marqué comme sortant.");
        }
        var parts = [facts, el("p", {}, flags(d.drapeaux)), actions, el("h2", { text: "Ce que la famille a changé" })];
        if (d.changements.length) {
          parts.push(el("table", { "class": "changements" }, [
            el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: "Information" }), el("th", { scope: "col", text: "Connu du collège (import)" }), el("th", { scope: "col", text: "Saisi par la famille" })])]),
            el("tbody", {}, d.changements.map(function (c) {
              return el("tr", {}, [el("th", { scope: "row", text: c.libelle }), el("td", { text: c.import || "—" }), el("td", { text: c.famille || "—" })]);
            }))]));
        } else {
          parts.push(el("p", { text: "Aucun changement par rapport aux informations importées." }));
        }
        if (d.documents.length) {
          parts.push(el("h2", { text: "Pièces justificatives" }), el("ul", { "class": "pieces" }, d.documents.map(function (p) {
            var state = p.fourni ? "reçue en ligne" : p.recu_secretariat ? "reçue au secrétariat" : p.secretariat ? "à apporter au secrétariat" : "manquante";
            var files = (d.pieces || []).filter(function (f) { return f.document === p.code; }).map(function (f) {
              return el("li", {}, [el("a", { href: worker + f.url, text: f.nom }),
                " (" + Math.max(1, Math.round(f.taille / 1024)) + " Ko" + (f.etat === "accepte" ? "" : ", en cours de vérification") + ")"]);
            });
            var boxId = "recue-" + p.code;
            var box = el("input", { type: "checkbox", id: boxId });
            box.checked = !!p.recu_secretariat;
            box.addEventListener("change", function () {
              box.disabled = true;
              api("/api/personnel/piece-recue", { id: d.id, document: p.code, recue: box.checked }).then(function () {
                say(box.checked ? "« " + p.nom + " » : reçue au secrétariat." : "« " + p.nom + " » : plus marquée comme reçue.");
                load();
              }).catch(function (err) { box.checked = !box.checked; box.disabled = false; failed(err); });
            });
            var received = el("p", { "class": "piece-recue" }, [box, " ", el("label", { "for": boxId }, ["Pièce reçue au secrétariat", el("span", { "class": "masque", text: " : " + p.nom })])]
              .concat(p.recu_secretariat ? [" (" + p.recu_secretariat.par + ", " + when(p.recu_secretariat.le) + ")"] : []));
            return el("li", {}, [p.nom + (p.obligatoire ? " (obligatoire)" : "") + " : " + state].concat(files.length ? [el("ul", {}, files)] : [], [received]));
          })));
        }
        parts.push(el("h2", { text: "Historique" }));
        if (d.historique && d.historique.length) {
          parts.push(el("table", { "class": "historique" }, [el("caption", { "class": "masque", text: "Historique du dossier, du plus ancien au plus récent" }),
            el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: "Quand" }), el("th", { scope: "col", text: "Qui" }), el("th", { scope: "col", text: "Quoi" })])]),
            el("tbody", {}, d.historique.map(function (h) {
              return el("tr", {}, [el("td", { text: when(h.quand) }), el("td", { text: h.qui }), el("td", { text: h.detail || h.libelle || h.action })]);
            }))]));
        } else {
          parts.push(el("p", { text: "Aucune action du collège sur ce dossier pour l'instant." }));
        }
        d.sections.forEach(function (s) {
          parts.push(el("h2", { text: s.legende }), el("dl", { "class": "fiche" }, [].concat.apply([], s.champs.map(function (c) {
            return [el("dt", { text: c.libelle }), el("dd", { "class": c.modifie ? "modifie" : "", text: c.valeur || "—" })];
          }))));
        });
        box.replaceChildren.apply(box, parts);
      }).catch(failed);
    }
    load();
  }

  // The return file to SIECLE: how many validated files it holds, and those it cannot, why.
  function retourSiecle() {
    var box = root.querySelector("[data-retour-siecle]");
    if (!box) { return; }
    api("/api/personnel/export-siecle").then(function (d) {
      var children = [el("p", { text: d.exportables + " dossier(s) validé(s) dans le fichier sur " + d.valides + "." })];
      if (d.refuses.length) {
        children.push(el("p", { text: d.refuses.length + " dossier(s) à saisir à la main dans SIECLE :" }));
        children.push(el("ul", {}, d.refuses.map(function (r) {
          var who = el("a", { href: "/" + uai + "/personnel/eleve/?id=" + r.id, text: r.eleve });
          return el("li", {}, [who, (r.classe ? " (" + r.classe + ")" : "") + " : " + r.raison]);
        })));
      }
      box.replaceChildren.apply(box, children);
    }).catch(failed);
  }


  // Campaign without a command line: SIECLE import, letters, a lost code replaced.
  function mo(bytes) { return (bytes / 1000000).toLocaleString("fr-FR", { maximumFractionDigits: 1 }) + " Mo"; }

  function importReport(box, d, ok) {
    var parts = [];
    if (!ok) {
      var problems = d.problemes || [d.erreur || "Erreur inconnue."];
      parts.push(el("div", { "class": "alerte alerte-erreur", role: "alert" }, [
        el("h2", { text: "Import refusé : rien n'a été importé" }),
        el("ul", {}, problems.map(function (p) { return el("li", { text: p }); })),
        el("p", { text: "Corrigez puis envoyez de nouveau les fichiers." })]));
    } else {
      parts.push(el("div", { "class": "alerte alerte-succes", role: "status" }, [el("h2", { text: "Import terminé" }),
        el("ul", {}, d.fichiers.map(function (f) { return el("li", { text: "Fichier " + f.sorte + " : " + f.nom }); }))]));
      var rows = [["Importés (nouveaux élèves)", d.importes], ["Mis à jour", d.mis_a_jour], ["Inchangés", d.inchanges],
        ["Laissés tels quels (famille déjà connectée)", d.laisses], ["Dont sortants (ni formulaire ni code)", d.sortants],
        ["Absents de l'export (laissés tels quels)", d.absents], ["Refusés", d.refuses.length]];
      parts.push(el("table", { "class": "rapport-import" }, [el("caption", { text: "Résultat de l'import" }),
        el("tbody", {}, rows.map(function (r) {
          return el("tr", {}, [el("th", { scope: "row", text: r[0] }), el("td", { "class": "nombre", text: String(r[1]) })]);
        }))]));
      if (d.refuses.length) {
        parts.push(el("h2", { text: "Élèves refusés" }), el("ul", {}, d.refuses.map(function (r) {
          return el("li", { text: r.eleve + " : " + r.motif });
        })));
      }
      d.avertissements.forEach(function (a) { parts.push(el("p", { "class": "alerte", text: "Attention : " + a })); });
      if (d.nouveaux_codes > 0) {
        parts.push(el("p", { "class": "alerte" }, [el("strong", { text: d.nouveaux_codes + " courrier(s) à imprimer" }),
          " pour les nouveaux élèves : ", el("a", { href: "/" + uai + "/personnel/courriers/", text: "imprimer les courriers jamais imprimés" }), "."]));
      }
    }
    box.replaceChildren.apply(box, parts);
    box.focus();
  }

  function importPage() {
    var form = root.querySelector("[data-import]");
    var box = root.querySelector("[data-rapport]");
    var line = root.querySelector("[data-progression]");
    var bar = line.querySelector("progress");
    var text = line.querySelector("[data-progression-texte]");
    var button = form.querySelector("button[type=submit]");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var input = form.querySelector("input[type=file]");
      if (!input.files.length) { say("Choisissez au moins un fichier (l'export ElevesAvecAdresses)."); return; }
      var total = Array.prototype.reduce.call(input.files, function (n, f) { return n + f.size; }, 0);
      var max = Number(form.getAttribute("data-max-octets"));
      if (max && total > max) {
        say("Les fichiers choisis font " + mo(total) + " : c'est plus que " + mo(max) + ". Envoyez seulement les exports SIECLE (de préférence en ZIP). Rien n'a été envoyé.");
        return;
      }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", worker + "/personnel/import");
      xhr.withCredentials = true;
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { bar.value = Math.round(e.loaded * 100 / e.total); text.textContent = mo(e.loaded) + " envoyés sur " + mo(e.total); }
      });
      xhr.upload.addEventListener("load", function () {
        bar.removeAttribute("value");
        text.textContent = "Fichiers reçus : import en cours…";
      });
      xhr.addEventListener("load", function () {
        button.disabled = false;
        line.hidden = true;
        if (xhr.status === 401) { location.href = "/" + uai + "/personnel/#erreur-session"; return; }
        var d;
        try { d = JSON.parse(xhr.responseText); } catch (e) { d = { erreur: "Réponse illisible du serveur (" + xhr.status + ")." }; }
        importReport(box, d, xhr.status === 200);
        say(xhr.status === 200 ? "Import terminé." : "Import refusé : rien n'a été importé.");
      });
      xhr.addEventListener("error", function () {
        button.disabled = false;
        line.hidden = true;
        say("Erreur : l'envoi a été interrompu (connexion, ou fichiers trop volumineux). Rien n'a été importé.");
      });
      button.disabled = true;
      bar.value = 0;
      text.textContent = "";
      line.hidden = false;
      say("Envoi des fichiers…");
      xhr.send(new FormData(form));
    });
  }

  function lettersPage() {
    var form = root.querySelector("[data-courriers]");
    var select = form.querySelector("[name=classe]");
    var nombre = form.querySelector("[name=nombre]");
    var resume = root.querySelector("[data-resume]");
    var counts = null;
    function chosen() {
      var portee = form.querySelector("[name=portee]:checked").value;
      var n = portee === "jamais" ? counts.jamais_imprimes : portee === "tous" ? counts.total : 0;
      if (portee === "classe") {
        var c = counts.classes.filter(function (x) { return x.division === select.value; })[0];
        n = c ? c.total : 0;
      }
      return { portee: portee, n: n };
    }
    function update() {
      if (!counts) { return; }
      var c = chosen();
      nombre.value = String(c.n);
      resume.textContent = c.portee === "classe" && !select.value ? "Choisissez une classe." :
        c.n + " courrier(s) à imprimer" + (c.portee === "jamais" ? " (personne n'a encore ces codes)." : " : " + c.n + " ancien(s) courrier(s) cesseront de fonctionner.");
    }
    api("/api/personnel/courriers").then(function (d) {
      counts = d;
      root.querySelector("[data-compte=jamais]").textContent = "(" + d.jamais_imprimes + ")";
      root.querySelector("[data-compte=tous]").textContent = "(" + d.total + ")";
      d.classes.forEach(function (c) {
        select.appendChild(el("option", { value: c.division, text: c.division + " (" + c.total + " élève(s)" + (c.jamais_imprimes ? ", dont " + c.jamais_imprimes + " jamais imprimé(s)" : "") + ")" }));
      });
      update();
    }).catch(failed);
    form.addEventListener("change", update);
    select.addEventListener("change", function () { form.querySelector("#portee-classe").checked = true; update(); });
    form.addEventListener("submit", function (ev) {
      if (!counts) { ev.preventDefault(); return; }
      var c = chosen();
      if (c.n === 0) { ev.preventDefault(); say(c.portee === "classe" && !select.value ? "Choisissez une classe." : "Aucun courrier à imprimer pour ce choix."); return; }
      nombre.value = String(c.n);
      var question = c.portee === "jamais"
        ? "Imprimer " + c.n + " courrier(s) jamais imprimé(s) ? Chaque élève reçoit son code d'accès, affiché une seule fois."
        : "Imprimer " + c.n + " courrier(s) ? Imprimer les courriers génère de nouveaux codes : les " + c.n + " anciens courriers ne fonctionneront plus.";
      if (!confirm(question)) { ev.preventDefault(); }
    });
  }

  function pupilCode() {
    var id = new URLSearchParams(location.search).get("id");
    var section = root.querySelector("[data-code-acces]");
    if (!id || !section) { return; }
    var form = section.querySelector("[data-nouveau-code]");
    form.querySelector("[name=id]").value = id;
    form.addEventListener("submit", function (ev) {
      if (!confirm("Donner un nouveau code à cet élève ? L'ancien courrier cessera aussitôt de fonctionner et la famille sera déconnectée (ce qu'elle a saisi est gardé).")) { ev.preventDefault(); }
    });
  }

  if (page === "tableau") { dashboard(); retourSiecle(); }
  if (page === "eleves") { pupils(); }
  if (page === "eleve") { pupil(); pupilCode(); }
  if (page === "import") { importPage(); }
  if (page === "courriers") { lettersPage(); }
})();
