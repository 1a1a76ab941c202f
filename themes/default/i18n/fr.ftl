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

## ─── Worker (i18nw) : pages d'erreur du serveur, messages de validation, courriels ───
# Le serveur retrouve ces textes par leur français exact : gardez-les identiques à ceux du code.

serveur-requete-invalide = Requête invalide
serveur-connexion-necessaire = Connexion nécessaire
serveur-connexion-necessaire-texte = Vous n'êtes pas connecté, ou votre session a expiré : reconnectez-vous avec le code reçu par courrier.
serveur-action-refusee = Action refusée
serveur-page-introuvable = Page introuvable
serveur-page-introuvable-texte = Cette adresse ne correspond à aucune page.
serveur-methode = Méthode non autorisée
serveur-methode-texte = Cette adresse n'accepte pas cette méthode.
serveur-envoi-interrompu = Envoi interrompu
serveur-envoi-interrompu-texte = Les données ont mis trop de temps à arriver : vérifiez votre connexion et réessayez.
serveur-modification-impossible = Modification impossible
serveur-trop-volumineux = Envoi trop volumineux
serveur-trop-volumineux-texte = Les données envoyées dépassent la taille autorisée (64 Kio).
serveur-format = Format non pris en charge
serveur-saisie-incorrecte = Saisie incorrecte
serveur-trop-d-envois = Trop d'envois aujourd'hui
serveur-tres-demande = Service très demandé
serveur-tres-demande-texte = Service très demandé : réessayez dans un instant. Rien n'a été perdu de ce qui était déjà enregistré.
serveur-erreur = Erreur du service
serveur-erreur-texte = Nous sommes désolés : une erreur s'est produite de notre côté. Rien n'a été perdu de ce qui était déjà enregistré ; réessayez dans quelques minutes.
serveur-retour = Utilisez le bouton « Retour » du navigateur pour revenir à votre saisie, ou
serveur-accueil = retournez à l'accueil
serveur-note = Choisissez une note de 1 à 5.

validation-choisir = Choisissez une réponse.
validation-cocher = Cochez cette case pour continuer.
validation-obligatoire = Ce champ est obligatoire.
validation-caracteres = Ce champ contient des caractères non autorisés.
validation-reponse-proposee = Choisissez une des réponses proposées.
validation-case = Valeur de case à cocher invalide.
validation-date = Date invalide : attendu jj/mm/aaaa.
validation-format = Format invalide.
validation-code-postal = Code postal invalide.
validation-code-postal-france = Code postal invalide : 5 chiffres en France (ex. 75017).
validation-telephone = Numéro invalide : 10 chiffres commençant par 0 (ex. 06 12 34 56 78), ou + et l'indicatif du pays pour l'étranger.
validation-courriel = Adresse électronique invalide (ex. nom@exemple.fr).
validation-un-telephone = Indiquez au moins un numéro de téléphone.
validation-caf = Numéro d'allocataire CAF invalide : de 5 à 10 chiffres.
validation-document = Ce document est obligatoire : joignez-le (PDF, JPEG ou PNG).
validation-document-secretariat = Ce document est obligatoire : joignez-le (PDF, JPEG ou PNG), ou cochez « J'apporterai au secrétariat ».

# Courriel de confirmation. $prenom, $nom : l'élève ; $etablissement : « Collège Simone Veil ».
courriel-confirmation-sujet = Réinscription { INITIALE($prenom) ->
    [voyelle] d'{ $prenom }
   *[consonne] de { $prenom }
} { $nom } au { $etablissement }
courriel-bonjour = Bonjour,
courriel-recu = Le { $etablissement } a bien reçu la demande de réinscription de { $eleve } en { $niveau }, signée par { $signataire }.
courriel-recapitulatif = Récapitulatif de vos choix
courriel-options = Options
courriel-restauration = Restauration
courriel-demi-pensionnaire = Demi-pensionnaire
courriel-externe = Externe
courriel-sans-demi-pension = externe (le collège n'a pas de demi-pension)
courriel-regime-sortie = Régime de sortie
courriel-oui = oui
courriel-non = non
courriel-pieces = Pièces à apporter au secrétariat
courriel-facultatif = (facultatif)
courriel-suite = Et maintenant ?
courriel-suite-verification = Le secrétariat vérifie votre demande et les pièces justificatives.
courriel-suite-conseil = Le conseil de classe du troisième trimestre décide du passage ; la réinscription est confirmée ensuite.
courriel-suite-modifier = Tant que le collège n'a pas validé votre dossier, vous pouvez le modifier et le transmettre de nouveau :
courriel-question = Une question ? Répondez simplement à ce courriel : il arrive au secrétariat du collège.
courriel-automatique = Ce message est envoyé automatiquement après la transmission du dossier.
# Titre de la copie française sous le texte traduit (le secrétariat lit ce que la famille a reçu).
courriel-version-francaise = Version française
# Date d'envoi du courriel : « Envoyé le dimanche 10 janvier 2027 ».
courriel-envoye-le = Envoyé le { $date }
