# Catalogue de référence : le français. Chaque page destinée aux familles prend ses textes ici
# (`{{ t(key="…") }}` dans les gabarits). Pour une nouvelle langue : copiez ce fichier sous
# <code>.ftl (en.ftl, ar.ftl…), traduisez chaque message, ajoutez le code à `langues` dans
# content/site.yml. `dossiersco check` liste les clés manquantes ou inutilisées.
# Syntaxe : https://projectfluent.org/ — `{ $n -> [one] … *[other] … }` pour les pluriels.

## La langue
langue-nom = Français

## Dates et nombres (utilisés par le code)
# $jour : 1 (lundi) à 7 (dimanche)
date-jour = { $jour ->
    [1] lundi
    [2] mardi
    [3] mercredi
    [4] jeudi
    [5] vendredi
    [6] samedi
   *[7] dimanche
}
date-mois = { $mois ->
    [1] janvier
    [2] février
    [3] mars
    [4] avril
    [5] mai
    [6] juin
    [7] juillet
    [8] août
    [9] septembre
    [10] octobre
    [11] novembre
   *[12] décembre
}
# « lundi 1er mars 2027 », « dimanche 10 janvier 2027 »
date-longue = { $jour } { $quantieme ->
    [1] 1er
   *[other] { $quantieme }
} { $mois } { $annee }
# Espace fine insécable entre les milliers : « 1 234 »
nombre-milliers = { "\u202F" }
nombre-decimale = ,
