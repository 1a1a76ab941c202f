#!/usr/bin/env python3
"""Writes the demo SIECLE exports of the 3 demo schools (fictitious people).

    python3 demo/siecle/generate.py      # rewrites demo/siecle/<UAI>/*.xml

Same format as the real "Base Élèves Établissement" exports (BEE_NOMENCLATURES,
BEE_ELEVES, BEE_RESPONSABLES), encoded in ISO-8859-15 like them. What the demo shows:
families with one and two guardians, a guardian living abroad (Suisse, +41 number),
siblings sharing the same PERSONNE, 3e pupils who leave, pupils who already take latin,
a contact (niveau 3) that pre-fills the emergency contact, a pupil born abroad.
worker/src/import/demo.rs names the featured pupils by ELEVE_ID: keep them in sync.
"""

from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
ANNEE = "2026"
DATE_EXPORT = "02/03/2027"

MEF = {
    "6e": ("10010012110", "6EME", "6ème"),
    "5e": ("10110001110", "5EME", "5ème"),
    "4e": ("10210001110", "4EME", "4ème"),
    "3e": ("10310019110", "3EME", "3ème"),
}
# code matière, code gestion, libellé court, libellé édition
MATIERES = {
    "AGL1": ("030201", "AGL1", "ANGLAIS LV1", "Anglais LV1"),
    "ESP2": ("030602", "ESP2", "ESPAGNOL LV2", "Espagnol LV2"),
    "ALL2": ("030102", "ALL2", "ALLEMAND LV2", "Allemand LV2"),
    "ITA2": ("030902", "ITA2", "ITALIEN LV2", "Italien LV2"),
    "LCALA": ("020300", "LCALA", "LCA LATIN", "Langues et cultures de l'Antiquité latin"),
    "CHI2": ("030402", "CHI2", "CHINOIS", "Chinois"),
}

# Family: persons (id, civilité, nom, prénom, portable, fixe, pro, mél, adresse) and
# addresses (id, lignes, code postal, commune, code pays, étranger?).
# Pupil: (ELEVE_ID, INE, nom, prénom, prénom2, naissance, sexe 1/2, ville, pays naiss.,
#   nationalité, niveau, division, options, régime, [(PERSONNE_ID, niveau resp., parenté, paie)])

SCHOOLS = {
    "0699901M": {
        "ville": ("LYON", "69002", "69382"),
        "matieres": ["AGL1", "ESP2", "ALL2", "ITA2", "LCALA"],
        "adresses": [
            ("900101", ["8 rue Mercière"], "69002", "LYON 2E ARRONDISSEMENT", "100"),
            ("900102", ["14 quai Saint-Antoine", "Bâtiment B"], "69002", "LYON 2E ARRONDISSEMENT", "100"),
            ("900103", ["3 rue Sala"], "69002", "LYON 2E ARRONDISSEMENT", "100"),
            ("900104", ["27 rue de la Charité"], "69002", "LYON 2E ARRONDISSEMENT", "100"),
            ("900105", ["5 place Bellecour"], "69002", "LYON 2E ARRONDISSEMENT", "100"),
            ("900106", ["61 cours Charlemagne", "Résidence Les Célestins"], "69002", "LYON 2E ARRONDISSEMENT", "100"),
            ("900107", ["2 rue Émile Zola"], "69002", "LYON 2E ARRONDISSEMENT", "100"),
            ("900108", ["40 rue du Sacré-Cœur"], "69008", "LYON 8E ARRONDISSEMENT", "100"),
            ("900109", ["9 montée du Gourguillon"], "69005", "LYON 5E ARRONDISSEMENT", "100"),
            ("900110", ["12 rue Vaubecour"], "69002", "LYON 2E ARRONDISSEMENT", "100"),
            ("900111", ["18 avenue Berthelot"], "69007", "LYON 7E ARRONDISSEMENT", "100"),
            ("900112", ["1 impasse des Jardins"], "69600", "OULLINS-PIERRE-BÉNITE", "100"),
        ],
        "personnes": [
            ("800101", "MME", "MARTIN", "Sophie", "0611223344", "0478112233", "", "sophie.martin@example.fr", "900101"),
            ("800102", "M.", "MARTIN", "Julien", "0622334455", "", "0472001122", "julien.martin@example.fr", "900101"),
            ("800103", "MME", "BERNARD", "Camille", "0633445566", "", "", "camille.bernard@example.fr", "900102"),
            ("800104", "MME", "DUBOIS", "Hélène", "0644556677", "", "", "helene.dubois@example.fr", "900103"),
            ("800105", "M.", "DUBOIS", "François", "0655667788", "", "", "", "900103"),
            ("800106", "MME", "BENALI", "Nadia", "0666778899", "0478223344", "", "nadia.benali@example.fr", "900104"),
            ("800107", "M.", "BENALI", "Karim", "0677889900", "", "", "karim.benali@example.fr", "900104"),
            ("800108", "M.", "ROUSSEAU", "Stéphane", "0688990011", "", "", "stephane.rousseau@example.fr", "900105"),
            ("800109", "MME", "FAURE", "Agnès", "0699001122", "", "", "agnes.faure@example.fr", "900106"),
            ("800110", "M.", "FAURE", "Benoît", "0610203040", "", "", "", "900106"),
            ("800111", "MME", "GIRARD", "Mélanie", "0620304050", "", "", "melanie.girard@example.fr", "900107"),
            ("800112", "MME", "LEFÈVRE", "Océane", "0630405060", "", "", "oceane.lefevre@example.fr", "900108"),
            ("800113", "MME", "LEFÈVRE", "Josiane", "0640506070", "", "", "", "900108"),
            ("800114", "MME", "MOREL", "Valérie", "0650607080", "", "", "valerie.morel@example.fr", "900109"),
            ("800115", "M.", "HADDAD", "Sami", "0660708090", "", "", "sami.haddad@example.fr", "900110"),
            ("800116", "MME", "ROBIN", "Claire", "0670809010", "", "", "claire.robin@example.fr", "900111"),
            ("800117", "MME", "CHEVALIER", "Laëtitia", "0680901020", "", "", "laetitia.chevalier@example.fr", "900112"),
            ("800118", "M.", "BONNET", "Jérôme", "0691020304", "", "", "jerome.bonnet@example.fr", "900105"),
            ("800119", "MME", "BONNET", "Anne", "0612131415", "", "", "anne.bonnet@example.fr", "900105"),
        ],
        "eleves": [
            ("700101", "081234561AB", "MARTIN", "Léa", "Jeanne", "14/03/2015", "2", "LYON", "100", "100", "6e", "6A", [], "24",
             [("800101", "1", "10", "1"), ("800102", "1", "20", "0")]),
            ("700102", "081234562AC", "BERNARD", "Noé", "", "30/11/2015", "1", "VILLEURBANNE", "100", "100", "6e", "6A", [], "24",
             [("800103", "1", "10", "1")]),
            ("700103", "081234563AD", "DUBOIS", "Chloé", "Marie", "21/05/2015", "2", "LYON", "100", "100", "6e", "6B", [], "0",
             [("800104", "1", "10", "1"), ("800105", "1", "20", "0")]),
            ("700104", "081234564AE", "BONNET", "Louise", "", "09/01/2015", "2", "LYON", "100", "100", "6e", "6B", [], "24",
             [("800119", "1", "10", "1"), ("800118", "1", "20", "0")]),
            ("700105", "071234565AF", "BENALI", "Inès", "Yasmina", "08/02/2014", "2", "LYON", "100", "100", "5e", "5A",
             ["AGL1", "ESP2", "LCALA"], "24", [("800107", "1", "20", "1"), ("800106", "1", "10", "0")]),
            ("700106", "071234566AG", "ROUSSEAU", "Théo", "", "17/09/2014", "1", "BRON", "100", "100", "5e", "5A",
             ["AGL1", "ALL2"], "0", [("800108", "1", "20", "1")]),
            ("700107", "071234567AH", "FAURE", "Zoé", "", "03/12/2014", "2", "LYON", "100", "100", "5e", "5B",
             ["AGL1", "ITA2"], "24", [("800109", "1", "10", "1"), ("800110", "1", "20", "0")]),
            ("700108", "071234568AJ", "CHEVALIER", "Jules", "Émile", "05/05/2014", "1", "OULLINS", "100", "100", "5e", "5B",
             ["AGL1", "ESP2"], "24", [("800117", "1", "10", "1")]),
            ("700109", "061234569AK", "MARTIN", "Hugo", "Paul", "02/07/2013", "1", "LYON", "100", "100", "4e", "4B",
             ["AGL1", "ESP2", "LCALA"], "24", [("800101", "1", "10", "1"), ("800102", "1", "20", "0")]),
            ("700110", "061234570AL", "GIRARD", "Maëlys", "", "25/04/2013", "2", "LYON", "100", "100", "4e", "4A",
             ["AGL1", "ESP2"], "0", [("800111", "1", "10", "1")]),
            ("700111", "061234571AM", "LEFÈVRE", "Gaëtan", "Loïc", "11/10/2013", "1", "VÉNISSIEUX", "100", "100", "4e", "4A",
             ["AGL1", "ALL2", "LCALA"], "24", [("800112", "1", "10", "1"), ("800113", "3", "30", "0")]),
            ("700112", "051234572AN", "MOREL", "Éloïse", "", "19/06/2012", "2", "LYON", "100", "100", "3e", "3A",
             ["AGL1", "ESP2", "LCALA"], "24", [("800114", "1", "10", "1")]),
            ("700113", "051234573AP", "HADDAD", "Rayan", "", "27/01/2012", "1", "ORAN", "352", "100", "3e", "3A",
             ["AGL1", "ALL2"], "24", [("800115", "1", "20", "1")]),
            ("700114", "051234574AR", "ROBIN", "Anaïs", "Céline", "08/08/2012", "2", "LYON", "100", "100", "3e", "3B",
             ["AGL1", "ITA2"], "0", [("800116", "1", "10", "1")]),
        ],
    },
    "0389902G": {
        "ville": ("VILLARD-DE-LANS", "38250", "38548"),
        "matieres": ["AGL1", "ESP2"],
        "adresses": [
            ("900201", ["120 chemin des Bartavelles"], "38250", "VILLARD-DE-LANS", "100"),
            ("900202", ["Le Clos", "Hameau des Geymonds"], "38250", "VILLARD-DE-LANS", "100"),
            ("900203", ["4 rue du Lycée Polonais"], "38250", "VILLARD-DE-LANS", "100"),
            ("900204", ["15 route de Corrençon"], "38250", "CORRENÇON-EN-VERCORS", "100"),
            ("900205", ["2 place de la Libération"], "38250", "LANS-EN-VERCORS", "100"),
            ("900206", ["La Grange du Bois", "Lieu-dit Les Jarrands"], "38250", "LANS-EN-VERCORS", "100"),
            ("900207", ["33 avenue du Général de Gaulle"], "38250", "VILLARD-DE-LANS", "100"),
            ("900208", ["7 rue des Écoles"], "38250", "MÉAUDRE", "100"),
            ("900209", ["1880 boulevard René-Lévesque Ouest"], "H3H 1R4", "MONTRÉAL", "401"),
        ],
        "personnes": [
            ("800201", "MME", "ARNAUD", "Céline", "0611002200", "0476950011", "", "celine.arnaud@example.fr", "900201"),
            ("800202", "M.", "ARNAUD", "Rémi", "0622003300", "", "", "remi.arnaud@example.fr", "900201"),
            ("800203", "MME", "BLANC", "Aurélie", "0633004400", "", "", "aurelie.blanc@example.fr", "900202"),
            ("800204", "MME", "VIDAL", "Estelle", "0644005500", "", "", "estelle.vidal@example.fr", "900203"),
            ("800205", "M.", "GAUTHIER", "Fabrice", "0655006600", "", "", "fabrice.gauthier@example.fr", "900204"),
            ("800206", "MME", "GAUTHIER", "Sylvie", "0666007700", "", "", "", "900204"),
            ("800207", "M.", "MERCIER", "Grégoire", "0677008800", "", "", "gregoire.mercier@example.fr", "900205"),
            ("800208", "MME", "PERRIN", "Mathilde", "0688009900", "0476951122", "", "mathilde.perrin@example.fr", "900206"),
            ("800209", "M.", "PERRIN", "Cédric", "0699000011", "", "", "cedric.perrin@example.fr", "900206"),
            ("800210", "MME", "FONTAINE", "Brigitte", "0610111213", "", "", "brigitte.fontaine@example.fr", "900207"),
            ("800211", "MME", "ROCHE", "Ségolène", "0620212223", "", "", "segolene.roche@example.fr", "900208"),
            ("800212", "MME", "MASSON", "Hélène", "0630313233", "", "", "helene.masson@example.fr", "900207"),
            ("800213", "M.", "MASSON", "Frédéric", "+15145550123", "", "", "frederic.masson@example.ca", "900209"),
        ],
        "eleves": [
            ("700201", "081234601BA", "ARNAUD", "Manon", "", "12/02/2015", "2", "GRENOBLE", "100", "100", "6e", "6A", ["AGL1"], "0",
             [("800201", "1", "10", "1"), ("800202", "1", "20", "0")]),
            ("700202", "081234602BB", "BLANC", "Lucas", "", "30/06/2015", "1", "GRENOBLE", "100", "100", "6e", "6A", ["AGL1"], "0",
             [("800203", "1", "10", "1")]),
            ("700203", "071234603BC", "VIDAL", "Clément", "", "03/03/2014", "1", "ÉCHIROLLES", "100", "100", "5e", "5A",
             ["AGL1", "ESP2"], "0", [("800204", "1", "10", "1")]),
            ("700204", "071234604BD", "GAUTHIER", "Romane", "Lise", "10/10/2014", "2", "GRENOBLE", "100", "100", "5e", "5A",
             ["AGL1", "ESP2"], "0", [("800205", "1", "20", "1"), ("800206", "1", "10", "0")]),
            ("700205", "061234605BE", "MERCIER", "Nathan", "", "01/12/2013", "1", "VOIRON", "100", "100", "4e", "4A",
             ["AGL1", "ESP2"], "0", [("800207", "1", "20", "1")]),
            ("700206", "061234606BF", "PERRIN", "Lou", "", "15/03/2013", "2", "GRENOBLE", "100", "100", "4e", "4A",
             ["AGL1", "ESP2"], "0", [("800208", "1", "10", "1"), ("800209", "1", "20", "0")]),
            ("700207", "051234607BG", "FONTAINE", "Baptiste", "", "04/04/2012", "1", "GRENOBLE", "100", "100", "3e", "3A",
             ["AGL1", "ESP2"], "0", [("800210", "1", "10", "1")]),
            ("700208", "051234608BH", "ROCHE", "Élise", "Noémie", "21/11/2012", "2", "GRENOBLE", "100", "100", "3e", "3A",
             ["AGL1", "ESP2"], "0", [("800211", "1", "10", "1")]),
            ("700209", "081234609BJ", "PERRIN", "Jeanne", "Agathe", "18/08/2015", "2", "GRENOBLE", "100", "100", "6e", "6A",
             ["AGL1"], "0", [("800208", "1", "10", "1"), ("800209", "1", "20", "0")]),
            ("700210", "071234610BK", "MASSON", "Timothée", "", "07/07/2014", "1", "MONTRÉAL", "401", "100", "5e", "5A",
             ["AGL1", "ESP2"], "0", [("800212", "1", "10", "1"), ("800213", "1", "20", "0")]),
        ],
    },
    "0339903K": {
        "ville": ("BORDEAUX", "33100", "33063"),
        "matieres": ["AGL1", "ESP2", "ALL2", "CHI2"],
        "adresses": [
            ("900301", ["22 rue de la Benauge"], "33100", "BORDEAUX", "100"),
            ("900302", ["Rue du Rhône 14"], "1204", "GENÈVE", "140"),
            ("900303", ["6 allée de Serr"], "33100", "BORDEAUX", "100"),
            ("900304", ["48 avenue Thiers", "Appartement 12"], "33100", "BORDEAUX", "100"),
            ("900305", ["3 rue Nuyens"], "33100", "BORDEAUX", "100"),
            ("900306", ["10 quai de Queyries"], "33100", "BORDEAUX", "100"),
            ("900307", ["25 rue Lajarte"], "33150", "CENON", "100"),
            ("900308", ["8 place Stalingrad"], "33100", "BORDEAUX", "100"),
            ("900309", ["17 rue Raymond Poincaré"], "33310", "LORMONT", "100"),
            ("900310", ["5 rue de la Rotonde"], "33100", "BORDEAUX", "100"),
        ],
        "personnes": [
            ("800301", "MME", "DIALLO", "Aïssatou", "0611121314", "0556112233", "", "aissatou.diallo@example.fr", "900301"),
            ("800302", "M.", "DIALLO", "Mamadou", "+41791234567", "+41223456789", "", "mamadou.diallo@example.ch", "900302"),
            ("800303", "MME", "LAMBERT", "Florence", "0621222324", "", "", "florence.lambert@example.fr", "900303"),
            ("800304", "M.", "LAMBERT", "Xavier", "0631323334", "", "0556998877", "xavier.lambert@example.fr", "900303"),
            ("800305", "MME", "FRANÇOIS", "Régine", "0641424344", "", "", "regine.francois@example.fr", "900304"),
            ("800306", "MME", "MOREAU", "Élodie", "0651525354", "", "", "elodie.moreau@example.fr", "900305"),
            ("800307", "M.", "MOREAU", "Grégory", "0661626364", "", "", "", "900305"),
            ("800308", "MME", "NGUYEN", "Thi Lan", "0671727374", "", "", "thilan.nguyen@example.fr", "900306"),
            ("800309", "M.", "NGUYEN", "Minh", "0681828384", "", "", "minh.nguyen@example.fr", "900306"),
            ("800310", "M.", "BOUCHER", "Dominique", "0691929394", "", "", "dominique.boucher@example.fr", "900307"),
            ("800311", "MME", "CARON", "Isabelle", "0612345670", "", "", "isabelle.caron@example.fr", "900308"),
            ("800312", "MME", "PETIT", "Geneviève", "0623456701", "0556223344", "", "genevieve.petit@example.fr", "900309"),
            ("800313", "MME", "FERREIRA", "Ana", "0634567012", "", "", "ana.ferreira@example.fr", "900310"),
            ("800314", "M.", "FERREIRA", "João", "0645670123", "", "", "joao.ferreira@example.fr", "900310"),
        ],
        "eleves": [
            ("700301", "081234701CA", "DIALLO", "Adam", "Moussa", "17/04/2015", "1", "BORDEAUX", "100", "100", "6e", "6A",
             ["AGL1"], "25", [("800301", "1", "10", "1"), ("800302", "1", "20", "0")]),
            ("700302", "081234702CB", "LAMBERT", "Jade", "", "09/09/2015", "2", "BORDEAUX", "100", "100", "6e", "6A",
             ["AGL1"], "25", [("800304", "1", "20", "1"), ("800303", "1", "10", "0")]),
            ("700303", "071234703CC", "FRANÇOIS", "Ethan", "", "22/01/2014", "1", "MÉRIGNAC", "100", "100", "5e", "5A",
             ["AGL1", "ESP2"], "0", [("800305", "1", "10", "1")]),
            ("700304", "071234704CD", "MOREAU", "Léna", "", "06/06/2014", "2", "BORDEAUX", "100", "100", "5e", "5A",
             ["AGL1", "ALL2"], "25", [("800306", "1", "10", "1"), ("800307", "1", "20", "0")]),
            ("700305", "061234705CE", "NGUYEN", "Sacha", "", "14/02/2013", "1", "BORDEAUX", "100", "100", "4e", "4A",
             ["AGL1", "ESP2", "CHI2"], "25", [("800308", "1", "10", "1"), ("800309", "1", "20", "0")]),
            ("700306", "061234706CF", "DIALLO", "Mila", "Fatou", "30/05/2013", "2", "BORDEAUX", "100", "100", "4e", "4B",
             ["AGL1", "ESP2"], "25", [("800301", "1", "10", "1"), ("800302", "1", "20", "0")]),
            ("700307", "051234707CG", "BOUCHER", "Yanis", "", "12/03/2012", "1", "BORDEAUX", "100", "100", "3e", "3A",
             ["AGL1", "ALL2"], "0", [("800310", "1", "20", "1")]),
            ("700308", "051234708CH", "CARON", "Pauline", "", "02/10/2012", "2", "PESSAC", "100", "100", "3e", "3A",
             ["AGL1", "ESP2", "CHI2"], "25", [("800311", "1", "10", "1")]),
            ("700309", "081234709CJ", "PETIT", "Mathis", "", "24/12/2015", "1", "BORDEAUX", "100", "100", "6e", "6B",
             ["AGL1"], "25", [("800312", "1", "50", "1")]),
            ("700310", "071234710CK", "FERREIRA", "Célia", "", "11/08/2014", "2", "PORTO", "139", "139", "5e", "5A",
             ["AGL1", "ESP2"], "25", [("800313", "1", "10", "1"), ("800314", "1", "20", "0")]),
        ],
    },
}

# Birth communes in France → their INSEE code (CODE_COMMUNE_INSEE_NAISS, which the return
# file to SIECLE needs: SIECLE knows French birthplaces by code, not by name).
INSEE = {
    "BORDEAUX": "33063",
    "BRON": "69029",
    "ÉCHIROLLES": "38151",
    "GRENOBLE": "38185",
    "LYON": "69123",
    "MÉRIGNAC": "33281",
    "OULLINS": "69149",
    "PESSAC": "33318",
    "VÉNISSIEUX": "69259",
    "VILLEURBANNE": "69266",
    "VOIRON": "38563",
}
PAYS = {"100": "FRANCE", "140": "SUISSE", "401": "CANADA", "352": "ALGERIE", "139": "PORTUGAL"}


def t(tag, value, indent):
    return f"{' ' * indent}<{tag}>{escape(value)}</{tag}>\n" if value != "" else f"{' ' * indent}<{tag}/>\n"


def header(root, version, uai):
    return (
        '<?xml version="1.0" encoding="ISO-8859-15"?>\n'
        f'<{root} VERSION="{version}">\n  <PARAMETRES>\n'
        f"    <UAJ>{uai}</UAJ>\n    <ANNEE_SCOLAIRE>{ANNEE}</ANNEE_SCOLAIRE>\n"
        f"    <DATE_EXPORT>{DATE_EXPORT}</DATE_EXPORT>\n    <HORODATAGE>{DATE_EXPORT} 09:30:00</HORODATAGE>\n"
        "  </PARAMETRES>\n  <DONNEES>\n"
    )


def adresse_xml(a):
    aid, lignes, cp, commune, pays = a
    lignes = lignes + [""] * (4 - len(lignes))
    out = f'      <ADRESSE ADRESSE_ID="{aid}">\n'
    for i, ligne in enumerate(lignes, 1):
        out += t(f"LIGNE{i}_ADRESSE", ligne, 8)
    if pays == "100":
        out += t("COMMUNE_ETRANGERE", "", 8) + t("CODE_POSTAL", cp, 8) + t("CODE_PAYS", pays, 8)
        out += t("LL_PAYS", PAYS[pays], 8) + t("CODE_DEPARTEMENT", "0" + cp[:2], 8) + t("LIBELLE_POSTAL", commune, 8)
    else:
        out += t("COMMUNE_ETRANGERE", commune, 8) + t("CODE_POSTAL", cp, 8) + t("CODE_PAYS", pays, 8)
        out += t("LL_PAYS", PAYS[pays], 8)
    return out + "      </ADRESSE>\n"


def nomenclature(uai, school):
    out = header("BEE_NOMENCLATURES", "3.1", uai) + "    <MEFS>\n"
    for code, long, edition in MEF.values():
        out += f'      <MEF CODE_MEF="{code}">\n' + t("FORMATION", long, 8) + t("LIBELLE_LONG", long, 8)
        out += t("LIBELLE_EDITION", edition, 8) + t("STATUT_MEF", "1", 8) + t("MEF_RATTACHEMENT", code, 8)
        out += "      </MEF>\n"
    out += "    </MEFS>\n    <MATIERES>\n"
    for key in school["matieres"]:
        code, gestion, court, edition = MATIERES[key]
        out += f'      <MATIERE CODE_MATIERE="{code}">\n' + t("CODE_GESTION", gestion, 8)
        out += t("LIBELLE_COURT", court, 8) + t("LIBELLE_LONG", court, 8) + t("LIBELLE_EDITION", edition, 8)
        out += "      </MATIERE>\n"
    out += "    </MATIERES>\n    <PROGRAMMES>\n"
    for level, (mef, _, _) in MEF.items():
        for key in school["matieres"]:
            if key != "AGL1" and level == "6e":
                continue
            modalite = "O" if key in ("AGL1", "ESP2", "ALL2", "ITA2") else "F"
            out += "      <PROGRAMME>\n" + t("CODE_MEF", mef, 8) + t("CODE_MATIERE", MATIERES[key][0], 8)
            out += t("CODE_MODALITE_ELECT", modalite, 8) + t("HORAIRE", "0.00", 8) + "      </PROGRAMME>\n"
    out += "    </PROGRAMMES>\n  </DONNEES>\n</BEE_NOMENCLATURES>\n"
    return out


def eleves(uai, school):
    ville, cp, insee = school["ville"]
    out = header("BEE_ELEVES", "3.0", uai) + "    <ELEVES>\n"
    for (eid, ine, nom, prenom, prenom2, naiss, sexe, ville_n, pays_n, nat, niveau, div, _opts, regime, liens) in school[
        "eleves"
    ]:
        out += f'      <ELEVE ELEVE_ID="{eid}" ELENOET="{eid[-4:]}">\n'
        out += t("ID_NATIONAL", ine, 8) + t("ELENOET", eid[-4:], 8) + t("NOM_DE_FAMILLE", nom, 8)
        out += t("PRENOM", prenom, 8) + t("PRENOM2", prenom2, 8) + t("DATE_NAISS", naiss, 8) + t("DOUBLEMENT", "0", 8)
        out += t("CODE_PAYS", pays_n, 8) + t("CODE_REGIME", regime, 8) + t("DATE_ENTREE", "01/09/2023", 8)
        out += t("VILLE_NAISS", ville_n, 8) + t("CODE_SEXE", sexe, 8) + t("CODE_PAYS_NAT", nat, 8)
        if pays_n == "100":
            out += t("CODE_COMMUNE_INSEE_NAISS", INSEE[ville_n], 8)
        out += t("CODE_STATUT", "ST", 8) + t("CODE_MEF", MEF[niveau][0], 8)
        # The pupil lives with its first guardian.
        adresse_id = next(p[8] for p in school["personnes"] if p[0] == liens[0][0])
        out += t("ADRESSE_ID", adresse_id, 8) + "      </ELEVE>\n"
    out += "    </ELEVES>\n    <OPTIONS>\n"
    for e in school["eleves"]:
        if not e[12]:
            continue
        out += f'      <OPTION ELEVE_ID="{e[0]}" ELENOET="{e[0][-4:]}">\n'
        for num, key in enumerate(e[12], 1):
            modalite = "F" if key in ("LCALA", "CHI2") else "O"
            out += "        <OPTIONS_ELEVE>\n" + t("NUM_OPTION", str(num), 10)
            out += t("CODE_MODALITE_ELECT", modalite, 10) + t("CODE_MATIERE", MATIERES[key][0], 10)
            out += "        </OPTIONS_ELEVE>\n"
        out += "      </OPTION>\n"
    out += "    </OPTIONS>\n    <STRUCTURES>\n"
    for e in school["eleves"]:
        out += f'      <STRUCTURES_ELEVE ELEVE_ID="{e[0]}" ELENOET="{e[0][-4:]}">\n        <STRUCTURE>\n'
        out += t("CODE_STRUCTURE", e[11], 10) + t("TYPE_STRUCTURE", "D", 10) + "        </STRUCTURE>\n"
        out += "      </STRUCTURES_ELEVE>\n"
    out += "    </STRUCTURES>\n    <BOURSES/>\n    <ADRESSES>\n"
    used = {next(p[8] for p in school["personnes"] if p[0] == e[14][0][0]) for e in school["eleves"]}
    for a in school["adresses"]:
        if a[0] in used:
            out += adresse_xml(a)
    out += "    </ADRESSES>\n  </DONNEES>\n</BEE_ELEVES>\n"
    return out


def responsables(uai, school):
    out = header("BEE_RESPONSABLES", "2.1", uai) + "    <PERSONNES>\n"
    for pid, civ, nom, prenom, port, perso, pro, mel, adresse in school["personnes"]:
        out += f'      <PERSONNE PERSONNE_ID="{pid}">\n' + t("LC_CIVILITE", civ, 8)
        out += t("LL_CIVILITE", "MADAME" if civ == "MME" else "MONSIEUR", 8)
        out += t("NOM_DE_FAMILLE", nom, 8) + t("PRENOM", prenom, 8) + t("TEL_PERSONNEL", perso, 8)
        out += t("TEL_PORTABLE", port, 8) + t("ACCEPTE_SMS", "1" if port else "0", 8)
        out += t("TEL_PROFESSIONNEL", pro, 8) + t("MEL", mel, 8) + t("COMMUNICATION_ADRESSE", "1", 8)
        out += t("ADRESSE_ID", adresse, 8) + "      </PERSONNE>\n"
    out += "    </PERSONNES>\n    <RESPONSABLES>\n"
    for e in school["eleves"]:
        for pid, niveau, parente, paie in e[14]:
            out += "      <RESPONSABLE_ELEVE>\n" + t("ELEVE_ID", e[0], 8) + t("PERSONNE_ID", pid, 8)
            out += t("NIVEAU_RESPONSABILITE", niveau, 8) + t("CODE_PARENTE", parente, 8)
            out += t("PAIE_FRAIS_SCOLAIRES", paie, 8) + t("PERCOIT_LES_AIDES", "true" if paie == "1" else "false", 8)
            out += t("HEBERGE_ELEVE", "true" if niveau == "1" else "false", 8)
            out += t("A_CONTACTER_EN_PRIORITE", "true" if paie == "1" else "false", 8)
            out += "      </RESPONSABLE_ELEVE>\n"
    out += "    </RESPONSABLES>\n    <ADRESSES>\n"
    for a in school["adresses"]:
        out += adresse_xml(a)
    out += "    </ADRESSES>\n  </DONNEES>\n</BEE_RESPONSABLES>\n"
    return out


def main():
    for uai, school in SCHOOLS.items():
        folder = HERE / uai
        folder.mkdir(exist_ok=True)
        for name, build in (("nomenclature.xml", nomenclature), ("eleves.xml", eleves), ("responsables.xml", responsables)):
            (folder / name).write_bytes(build(uai, school).encode("iso-8859-15"))
    total = sum(len(s["eleves"]) for s in SCHOOLS.values())
    print(f"{total} élèves fictifs écrits dans {HERE}/<UAI>/")


if __name__ == "__main__":
    main()
