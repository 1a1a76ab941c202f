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

## Toutes les pages (base.html)
base-evitement = Aller au contenu
base-langues = Langue
base-pied = Pied de page
base-liste-colleges = Liste des collèges
base-contact = contact :

## Descriptions des pages (balise meta)
index-description = Réinscription au collège en ligne : choisissez le collège de votre enfant.
etablissement-description = Réinscription en ligne au { $nom }

## Textes de l'établissement sans traduction
contenu-seulement-francais = Ce texte du collège n'existe qu'en français.
contenu-en-partie-francais = Certains textes du collège n'existent qu'en français.

## Accueil d'un établissement (etablissement.html)
etablissement-campagne = Réinscription en ligne du <time datetime="{ $ouverture_iso }">{ $ouverture }</time> au <time datetime="{ $cloture_iso }">{ $cloture }</time> inclus.
etablissement-commencer = Commencer la réinscription
etablissement-preparer = Ce qu'il faut préparer
etablissement-preparer-courrier = Le courrier remis par le collège, avec votre <strong>code d'accès</strong>.
etablissement-preparer-naissance = La <strong>date de naissance</strong> de votre enfant.
# $caf : « obligatoire » ou « facultatif »
etablissement-preparer-caf = Votre <strong>numéro d'allocataire CAF</strong>{ $caf ->
    [obligatoire] , si votre enfant est demi-pensionnaire
   *[other] {" "}(facultatif)
}.
etablissement-preparer-document = { $nom } { $obligatoire ->
    [true] (obligatoire)
   *[other] (facultatif)
}
etablissement-preparer-document-explication = { $nom } { $obligatoire ->
    [true] (obligatoire)
   *[other] (facultatif)
} : { $explication }
etablissement-comment = Comment faire
etablissement-comment-connexion = Ouvrez la <a href="{ $url }">page de connexion</a> et saisissez le code d'accès imprimé sur le courrier et la date de naissance de votre enfant. Chaque enfant a son propre code.
etablissement-comment-verifier = Vérifiez les informations que le collège connaît déjà et corrigez ce qui a changé.
etablissement-comment-choisir = Choisissez pour l'an prochain{ $demi_pension ->
    [true] {" "}la demi-pension ou l'externat,
   *[other] {""}
} le régime de sortie et, s'il y en a, les options.
etablissement-comment-signer = Relisez le récapitulatif et signez. Vous recevez un courriel de confirmation.
etablissement-duree = Comptez une dizaine de minutes. Vous pouvez vous arrêter et reprendre plus tard : ce que vous avez saisi est gardé.
etablissement-niveaux = Niveaux l'an prochain
etablissement-niveau-depuis = Élèves actuellement en { $depuis } : entrée en { $niveau }
etablissement-niveau = Entrée en { $niveau }
etablissement-sortants = Élèves actuellement en { $niveaux } : ils quittent le collège, il n'y a pas de réinscription à faire.
etablissement-contact = Contact
etablissement-secretariat = Secrétariat : <a href="mailto:{ $courriel }">{ $courriel }</a>.
etablissement-secretariat-telephone = Secrétariat : <a href="mailto:{ $courriel }">{ $courriel }</a>, téléphone { $telephone }.

## Liste des collèges (index.html)
index-titre = Choisir le collège
index-chapo = Réinscrivez votre enfant en ligne : choisissez son collège actuel.
index-filtre = Filtrer par nom de collège ou par commune
index-aucun = Aucun collège n'est encore inscrit.

## Fil d'Ariane des pages d'un établissement (school_base.html)
fil-ariane = Fil d'Ariane
fil-colleges = Collèges

## Pages de contenu (page.html)
page-seulement-francais = Cette page n'existe qu'en français.

## Pages d'erreur (404.html, 413.html, 50x.html)
retrouver-college = Retrouver le collège de votre enfant
introuvable-titre = Page introuvable
introuvable-texte = L'adresse demandée n'existe pas ou a changé.
trop-volumineux-titre = Envoi trop volumineux
trop-volumineux-texte = Ce que vous avez envoyé dépasse la taille acceptée par le site : <strong>rien n'a été
    enregistré</strong>, ni le formulaire, ni les fichiers joints.
trop-volumineux-retour = Revenez à la page précédente avec le bouton « Retour » de votre navigateur, puis :
trop-volumineux-reduire = réduisez la taille des fichiers joints (photo moins grande, scan en noir et blanc) ;
trop-volumineux-apporter = ou cochez, si le collège le propose, la case pour apporter le document au secrétariat.
indisponible-titre = Service momentanément indisponible
indisponible-texte = Le service de réinscription ne répond pas pour le moment (redémarrage ou maintenance).
    Réessayez dans quelques minutes.
indisponible-conserve = Ce qui a déjà été enregistré est conservé : un brouillon, un dossier transmis (vous avez
    alors reçu le courriel de confirmation), des fichiers joints.

## Connexion (connexion.html, date-naissance.html, deconnexion.html)
connexion-fil = Connexion
connexion-titre = Se connecter pour réinscrire votre enfant
connexion-chapo = { $nom } — réinscription en ligne du <time datetime="{ $ouverture_iso }">{ $ouverture }</time> au <time datetime="{ $cloture_iso }">{ $cloture }</time> inclus.
connexion-impossible = Connexion impossible
connexion-impossible-texte = Le code d'accès ou la date de naissance ne correspond pas. Vérifiez le code imprimé sur le courrier du collège et la date de naissance de votre enfant, puis réessayez.
connexion-verrouille = Trop de tentatives
connexion-verrouille-texte = Par sécurité, après plusieurs erreurs, les essais sont ralentis. Réessayez <span data-reessayer>dans quelques minutes</span> : votre code reste valable. Si le code et la date de naissance sont bien ceux du courrier, contactez le secrétariat.
connexion-deconnecte = Vous êtes déconnecté. Ce que vous aviez enregistré est gardé : reconnectez-vous pour reprendre.
connexion-pas-ouverte = La réinscription n'est pas encore ouverte
connexion-pas-ouverte-texte = Elle ouvre le <time datetime="{ $ouverture_iso }">{ $ouverture }</time>. Gardez le courrier du collège : votre code d'accès restera le même.
connexion-fermee = La réinscription en ligne est close
# suivi de l'adresse du secrétariat
connexion-fermee-texte = Elle a fermé le <time datetime="{ $cloture_iso }">{ $cloture }</time> au soir. Contactez le secrétariat du collège :
connexion-session = Veuillez vous connecter
connexion-session-texte = Vous n'êtes pas connecté, ou votre session a expiré. Ce que vous aviez enregistré est gardé : reconnectez-vous pour reprendre.
connexion-manquant = Informations manquantes
connexion-manquant-texte = Saisissez le code d'accès et la date de naissance de votre enfant.
connexion-date = Date de naissance invalide
connexion-date-texte = Cette date n'existe pas. Indiquez le jour (1 à 31), le mois (1 à 12) et l'année en 4 chiffres, par exemple 14 3 2015 pour le 14 mars 2015.
connexion-requis = Le code et la date de naissance sont obligatoires.
connexion-code = Code d'accès
connexion-code-aide = 12 caractères, imprimés sur le courrier remis par le collège (par exemple 7KQ2-MX9D-4TPW). Les tirets, les espaces et les minuscules sont acceptés.
connexion-naissance = Date de naissance de votre enfant
connexion-bouton = Se connecter
connexion-sans-code = Vous n'avez pas de code d'accès ?
# suivi de l'adresse du secrétariat
connexion-sans-code-texte = Le code est sur le courrier remis à votre enfant par le collège. S'il est perdu, demandez-en un nouveau au secrétariat :
naissance-aide = En chiffres, par exemple 14 3 2015.
naissance-jour = Jour
naissance-mois = Mois
naissance-annee = Année
# Devant un message d'erreur, lu par les lecteurs d'écran seulement
erreur-prefixe = Erreur :{" "}
deconnexion-bouton = Se déconnecter

## Liste des dossiers par niveau (dossier.html)
dossier-titre = Dossier de réinscription
dossier-fil = Dossier
dossier-chapo = Connectez-vous d'abord : vous arrivez alors directement sur le dossier de votre enfant, déjà rempli avec ce que le collège sait.
dossier-par-niveau = Les dossiers par niveau
dossier-niveau-depuis = {" "}: pour les élèves actuellement en { $depuis }
dossier-sortants = Les élèves actuellement en { $niveaux } quittent le collège : il n'y a pas de réinscription à faire.

## Confirmation et avis (confirmation.html)
confirmation-fil-titre = Demande transmise
confirmation-fil = Confirmation
confirmation-merci = Merci pour votre avis : il nous aide à améliorer ce service.
confirmation-titre = Demande de réinscription transmise
confirmation-recue = Le { $nom } a bien reçu votre demande.
confirmation-deja-recus = Nous ne renvoyons pas de courriel de confirmation : vous en avez déjà reçu { $n } aujourd'hui.
confirmation-sans-courriel = Aucun courriel de confirmation n'est envoyé.
confirmation-courriel = Un courriel de confirmation est envoyé à l'adresse du responsable légal 1.
confirmation-ensuite = Et ensuite ?
confirmation-validation = Le collège vérifie le dossier puis le valide. Jusque-là, vous pouvez le modifier en vous reconnectant, au plus tard le <time datetime="{ $cloture_iso }">{ $cloture }</time>.
confirmation-document = Pensez à fournir au secrétariat : { $nom }.
# suivi de l'adresse du secrétariat
confirmation-question = Pour toute question :
confirmation-fratrie = Un frère ou une sœur à réinscrire au collège ? <a href="{ $url }">Revenez au récapitulatif</a> : sans vous reconnecter, indiquez sa date de naissance.
satisfaction-titre = Votre avis sur ce service
satisfaction-question = Êtes-vous satisfait de la réinscription en ligne ?
satisfaction-1 = Pas du tout satisfait
satisfaction-2 = Peu satisfait
satisfaction-3 = Moyennement satisfait
satisfaction-4 = Satisfait
satisfaction-5 = Très satisfait
satisfaction-commentaire = Commentaire (facultatif)
satisfaction-commentaire-aide = Ce qui vous a aidé, ce qui vous a gêné. N'écrivez pas d'informations personnelles.
satisfaction-envoyer = Envoyer mon avis

## Formulaire (formulaire.html, champ.html)
formulaire-titre = Réinscription en { $niveau }
formulaire-chapo = { $nom }. Vous pouvez modifier ce dossier jusqu'au <time datetime="{ $cloture_iso }">{ $cloture }</time> inclus.
formulaire-erreurs = Le dossier n'a pas été transmis : { $n ->
    [one] { $n } point à corriger
   *[other] { $n } points à corriger
}
formulaire-erreur = { $champ } : { $message }
formulaire-requis = Les champs marqués d'un astérisque (<span class="requis">*</span>) sont obligatoires.
formulaire-recapitulatif = Récapitulatif
formulaire-recapitulatif-texte = Relisez vos réponses. Pour corriger, revenez à l'étape concernée.
formulaire-transmettre = Transmettre le dossier
champ-deja-recu = Déjà reçu :
champ-choisir = Choisir dans la liste
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

# Messages dont une partie varie (un nombre, un nom) : le serveur les dit par leur clé, avec
# leurs arguments. $max, $saisis, $n : des nombres (les pluriels s'appliquent) ; $nom : le nom
# d'un fichier ; $option : le libellé d'une option ; $reste, $total, $max (tailles) : en Mo.
validation-trop-long = { $max } caractères au plus ({ $saisis } saisis).
validation-signataire-absent = Le responsable légal { $n } n'est pas renseigné dans ce dossier : choisissez la personne qui signe parmi les responsables indiqués, ou « Une autre personne » avec son nom.
validation-option-reservee = « { $option } » est réservée aux élèves qui la suivent déjà cette année.
validation-option-non-abandonnable = « { $option } » ne peut pas être abandonnée : votre enfant la suit cette année.
serveur-trop-d-envois-texte = Ce dossier a déjà été transmis { $n ->
    [1] une fois
   *[other] { $n } fois
} aujourd'hui : c'est le maximum par jour. La dernière version transmise est bien enregistrée. Pour une nouvelle modification, revenez demain (à partir de minuit), ou contactez le secrétariat du collège.
serveur-fichier-antivirus = Le fichier « { $nom } » a été refusé par l'analyse antivirus : il n'a pas été enregistré. Envoyez une autre copie du document (photo ou scan).
serveur-fichier-place = Le fichier « { $nom } » dépasse la place qui reste pour les pièces de cet élève ({ $reste } Mo sur { $total } Mo au total) : il n'a pas été enregistré. Retirez une pièce ou réduisez la taille du fichier.
serveur-fichier-trop-gros = Le fichier « { $nom } » dépasse { $max } Mo : il n'a pas été enregistré. Réduisez sa taille (photo moins grande, scan en noir et blanc) puis recommencez.
serveur-fichier-type = Le fichier « { $nom } » n'est ni un PDF, ni une image JPEG ou PNG (son contenu a été vérifié, pas seulement son nom) : il n'a pas été enregistré.
serveur-fichier-vide = Le fichier « { $nom } » est vide : choisissez-en un autre.
serveur-envoi-trop-gros = L'envoi dépasse { $max } Mo : il n'a pas été enregistré. Envoyez moins de fichiers à la fois, ou des fichiers plus petits.
serveur-fichiers-place = Les fichiers envoyés dépassent la place prévue pour les pièces de cet élève ({ $max } Mo) : ils n'ont pas été enregistrés.
serveur-trop-de-parties = Le formulaire envoyé a trop de parties (plus de { $max }) : rechargez la page et recommencez.
serveur-commentaire-long = Le commentaire est trop long : { $max } caractères au plus.
# $date : en toutes lettres, « lundi 1er juin 2027 ».
serveur-campagne-close = La campagne de réinscription est close depuis le { $date } : contactez le secrétariat du collège.
serveur-autre-enfant = Ce formulaire est celui de { $prenom }, mais le dossier ouvert dans ce navigateur est maintenant celui de { $ouvert } : rien n'a été enregistré. Revenez au récapitulatif, ouvrez le dossier de { $prenom }, puis recommencez.
# $attendu : un type de données (application/x-www-form-urlencoded…).
serveur-format-attendu = Format des données non pris en charge : attendu { $attendu }.

# Messages fixes du serveur (retrouvés par leur français exact).
serveur-autre-eleve = Ce formulaire n'est pas celui de l'élève connecté (une autre connexion a eu lieu dans ce navigateur). Reconnectez-vous avec le code de cet élève, puis recommencez.
serveur-college-absent = Ce collège ne propose plus la réinscription en ligne : contactez son secrétariat.
serveur-donnees-incompletes = Les données envoyées sont incomplètes.
serveur-donnees-mal-formees = Les données du formulaire sont mal formées : rechargez la page et recommencez.
serveur-autre-origine = Cette demande ne vient pas du site de réinscription : elle a été refusée. Ouvrez le site directement et recommencez.
serveur-autre-eleve-rien = Ce formulaire n'est pas celui de l'élève connecté (une autre connexion a eu lieu dans ce navigateur) : rien n'a été enregistré. Reconnectez-vous avec le code de cet élève, puis recommencez.
serveur-enfant-hors-session = Cet enfant n'est pas dans votre session : utilisez « Réinscrire un autre enfant » sur la page récapitulative, avec le code d'accès de son courrier et sa date de naissance.
serveur-enfant-inconnu = Ce formulaire ne dit pas pour quel enfant il est : rechargez la page récapitulative et recommencez.
serveur-dossier-fige = Ce dossier ne peut plus être modifié en ligne : contactez le secrétariat du collège.
serveur-document-non-demande = Ce document n'est pas demandé par le collège : rechargez la page et recommencez.
serveur-fichier-incomplet = Le fichier n'est pas arrivé en entier : recommencez.
serveur-piece-figee = Cette pièce n'est plus modifiable : elle a déjà été transmise avec le dossier, ou supprimée.
serveur-envois-en-cours = D'autres fichiers de cet élève sont encore en cours d'envoi : attendez qu'ils soient arrivés, puis recommencez.
serveur-formulaire-mal-forme = Les données du formulaire sont mal formées ou incomplètes : rechargez la page et recommencez.
serveur-fichier-sans-document = Un fichier envoyé ne correspond à aucun document demandé : rechargez la page et recommencez.
serveur-dossier-fige-piece = Ce dossier ne peut plus être modifié en ligne : pour une pièce, contactez le secrétariat du collège.
serveur-campagne-terminee = La campagne de réinscription est close : contactez le secrétariat du collège.
serveur-nom-fichier-long = Le nom du fichier est trop long (255 caractères au plus) : renommez-le puis recommencez.
serveur-nom-fichier-caracteres = Le nom du fichier contient des caractères invalides : renommez-le puis recommencez.
serveur-nom-fichier-points = Le nom du fichier n'est pas valide (il contient « .. ») : renommez-le puis recommencez.

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

# Courriel de validation (le collège accepte la demande). $eleve : « Lou Martin » ; $niveau : « 5e ».
courriel-validation-sujet = Réinscription { INITIALE($prenom) ->
    [voyelle] d'{ $prenom }
   *[consonne] de { $prenom }
} { $nom } acceptée – { $etablissement }
courriel-validation-acceptee = Le { $etablissement } a examiné le dossier de réinscription de { $eleve } : la demande est acceptée, sous réserve de la décision du conseil de classe.
courriel-validation-acceptee-niveau = Le { $etablissement } a examiné le dossier de réinscription de { $eleve } en { $niveau } : la demande est acceptée, sous réserve de la décision du conseil de classe.
# $n : le nombre de pièces encore attendues (listées ensuite).
courriel-validation-pieces = Le collège attend encore { $n ->
    [one] cette pièce justificative : apportez-la
   *[other] ces pièces justificatives : apportez-les
} au secrétariat dès que possible.
courriel-validation-valide = Le dossier est désormais validé : il ne peut plus être modifié en ligne. Pour tout changement, répondez à ce courriel ; il arrive au secrétariat du collège.
courriel-validation-automatique = Ce message est envoyé automatiquement quand le collège valide un dossier.

# Courriel de relance. $cloture : le dernier jour de la campagne, en toutes lettres.
courriel-relance-sujet = Rappel : réinscription { INITIALE($prenom) ->
    [voyelle] d'{ $prenom }
   *[consonne] de { $prenom }
} au { $etablissement } avant le { $cloture }
courriel-relance-brouillon = Vous avez commencé le dossier de réinscription de { $eleve } au { $etablissement }, mais il n'a pas encore été transmis au collège. Ce que vous avez saisi est enregistré : reconnectez-vous pour le terminer, le signer et le transmettre.
courriel-relance-connecte = Vous vous êtes connecté au dossier de réinscription de { $eleve } au { $etablissement }, mais rien n'a encore été enregistré ni transmis au collège. Reconnectez-vous pour vérifier les informations déjà saisies, faire les choix de l'an prochain et signer : quelques minutes suffisent.
courriel-relance-a-remplir = Le dossier de réinscription de { $eleve } au { $etablissement } est à remplir en ligne : les informations connues du collège sont déjà saisies, il suffit de les vérifier, de faire les choix de l'an prochain et de signer.
courriel-relance-cloture = La réinscription en ligne est ouverte jusqu'au { $cloture } inclus.
courriel-relance-bouton = Réinscrire { $prenom }
courriel-relance-connexion = Pour vous connecter : le code d'accès imprimé sur le courrier remis par le collège, et la date de naissance de votre enfant. Code perdu ? Répondez à ce courriel : le secrétariat vous en donnera un nouveau.

# Le résumé en un geste (resume.html, page du worker). $prenom : l'élève.
resume-titre = Réinscription { INITIALE($prenom) ->
    [voyelle] d'{ $prenom }
   *[consonne] de { $prenom }
} en { $niveau }
resume-fil = Réinscription { INITIALE($prenom) ->
    [voyelle] d'{ $prenom }
   *[consonne] de { $prenom }
}
resume-h1 = Réinscription { INITIALE($prenom) ->
    [voyelle] d'{ $prenom }
   *[consonne] de { $prenom }
} { $nom } en { $niveau }
resume-division = {" "}— en { $division } cette année
resume-transmis = Transmis
resume-transmis-le = Transmis le { $jour }
resume-modifiable = , modifiable jusqu'au <time datetime="{ $cloture_iso }">{ $cloture }</time> inclus.
resume-questions = Pour l'année prochaine
resume-signe-par = Signé par
resume-changer = Changer
resume-changer-qui = la personne qui signe
resume-raison-signature = Un responsable légal signe chaque réinscription.
resume-raison-options = À choisir chaque année ; les vôtres sont cochées.
resume-raison-choix = Le collège ne connaît pas encore votre choix pour l'an prochain.
resume-raison-reponse = Le collège n'a pas encore votre réponse.
resume-raison-pieces = Le collège n'a pas encore ces pièces pour l'an prochain.
resume-raison-autre = Le collège n'a pas cette information, ou elle n'est pas valide.
resume-requis = {" "}: champ obligatoire.
resume-tout-est-exact = Tout est exact — je réinscris mon enfant
resume-connu = Ce que le collège sait
resume-connu-texte = Une information a changé (adresse, téléphone, responsable…) ? Ouvrez son bloc puis « Modifier » : le dossier complet s'ouvre à cette étape, déjà rempli, avec vos réponses ci-dessus.
resume-pas-de-resp2 = Le collège ne connaît pas de second responsable légal.
resume-modifier = Modifier : { $bloc }
resume-dossier-complet = Ouvrir le dossier complet
resume-autres-enfants = Vos autres enfants
resume-deja-session = Déjà dans cette session :
resume-ouvrir-enfant = Ouvrir le dossier de { $prenom }
resume-ajout = Réinscrire un autre enfant
resume-ajout-texte = Chaque enfant a son propre courrier du collège, avec son code d'accès. Pour réinscrire un frère ou une sœur sans vous déconnecter, saisissez le code de son courrier et sa date de naissance : son dossier s'ouvre ici.
resume-ajout-code = Code d'accès (sur le courrier de l'enfant)
resume-ajout-code-aide = 12 caractères, par exemple 7KQ2-MX9D-4TPW. Les tirets, les espaces et les minuscules sont acceptés.
resume-ajout-naissance = Date de naissance de l'enfant
resume-ajout-bouton = Réinscrire cet enfant
# Le résumé : les options suivies cette année.
resume-cette-annee = Cette année
resume-efface = (effacé)
# Les messages du résumé (alertes de « Réinscrire un autre enfant », coordonnées à reprendre).
resume-alerte-ajoute = Le dossier { INITIALE($prenom) ->
    [voyelle] d'{ $prenom }
   *[consonne] de { $prenom }
} est ouvert. Les autres enfants de votre session restent accessibles en bas de cette page.
resume-alerte-reprise = Les coordonnées sont reprises dans le dossier { INITIALE($prenom) ->
    [voyelle] d'{ $prenom }
   *[consonne] de { $prenom }
} : vérifiez-les ci-dessous. Rien n'est transmis au collège avant votre confirmation.
resume-reprise-titre = Des coordonnées déjà saisies pour { $prenom }
# $source : l'enfant dont le dossier a les coordonnées ; $prenom : l'enfant du résumé ; $n : le nombre de responsables.
resume-reprise-texte = Dans le dossier { INITIALE($source) ->
    [voyelle] d'{ $source }
   *[consonne] de { $source }
}, vous avez modifié les coordonnées { $n ->
    [one] d'un responsable qui est aussi celui
   *[other] de responsables qui sont aussi ceux
} { INITIALE($prenom) ->
    [voyelle] d'{ $prenom }
   *[consonne] de { $prenom }
} :
resume-reprise-inchange = Le dossier { INITIALE($prenom) ->
    [voyelle] d'{ $prenom }
   *[consonne] de { $prenom }
} ne change que si vous le demandez.
resume-reprise-bouton = Reprendre l'adresse et les coordonnées saisies pour { $prenom }
resume-alerte-identifiants = Code d'accès ou date de naissance incorrects. Vérifiez le code imprimé sur le courrier de l'enfant et sa date de naissance, puis réessayez.
# $heure : « 14:35 », heure de Paris.
resume-alerte-verrouille-heure = Trop de tentatives avec ce code : par sécurité, réessayez à { $heure }.
resume-alerte-verrouille = Trop de tentatives avec ce code : par sécurité, réessayez dans { $minutes } minutes.
resume-alerte-fermee = La réinscription en ligne n'est pas ouverte aujourd'hui : aucun enfant ne peut être ajouté. Contactez le secrétariat du collège.
resume-alerte-sortant = Cet élève quitte le collège à la fin de l'année : il n'a pas de dossier de réinscription à remplir.
resume-alerte-saisir = Saisissez le code d'accès et la date de naissance de l'enfant.
resume-alerte-date = Cette date n'existe pas : indiquez le jour (1 à 31), le mois (1 à 12) et l'année en 4 chiffres.

## Les scripts (static/*.js) : `t("nom")` dans un script lit `script-nom`. La page n'emporte que
## les messages de ses scripts. Variables : { $n } (un nombre, pour les pluriels), { $nom }…
## Sélecteurs possibles ({ $n -> … }) ; pas de fonction (INITIALE) ni de terme ici.
# Formulaire (dossiersco.js)
script-choisir = Choisissez une réponse.
script-cocher = Cochez cette case pour continuer.
script-obligatoire = Ce champ est obligatoire.
script-format = Format invalide.
script-date = Date invalide : attendu jj/mm/aaaa.
# Devant un message d'erreur, lu par les lecteurs d'écran seulement
script-erreur = Erreur :{" "}
script-erreurs = { $n ->
    [one] { $n } point à corriger
   *[other] { $n } points à corriger
}
# $champ : le libellé du champ ; $message : l'erreur
script-lien-erreur = { $champ } : { $message }
# $titre : le titre de l'étape
script-etape = Étape { $n } sur { $total } : { $titre }
script-precedente = Étape précédente
script-continuer = Continuer
script-aucun-fichier = Aucun fichier joint
script-oui = Oui
script-non = Non
script-non-renseigne = Non renseigné
script-modifier = Modifier : { $titre }
# « Claire Martin (responsable légal 1) »
script-signataire = { $nom } ({ $qualite })
script-eleve = Dossier de { $prenom } { $nom }.
script-eleve-division = Dossier de { $prenom } { $nom }, actuellement en { $division }.
script-transmis = Ce dossier a déjà été transmis : vous pouvez le modifier et le transmettre à nouveau.
script-valide = Le collège a validé ce dossier : il ne peut plus être modifié.
script-chargement = Votre dossier n'a pas pu être chargé. Vérifiez votre connexion puis rechargez la page.
script-enregistrement = Enregistrement du brouillon…
# $heure : « 14:05 »
script-enregistre = Brouillon enregistré à { $heure }.
script-session = Votre session a expiré : reconnectez-vous pour enregistrer (ce qui est affiché reste sur cette page).
# $raison : la raison donnée par le serveur
script-refus = Brouillon non enregistré : { $raison }
script-hors-ligne = Le brouillon n'a pas pu être enregistré : vérifiez votre connexion.
# Pièces justificatives (pieces.js). $n : « 1,5 » ; $taille : « 1,5 Mo »
script-mo = { $n } Mo
script-ko = { $n } Ko
script-recu = reçu
script-analyse = reçu, analyse antivirus en attente
script-refuse = refusé par l'analyse antivirus : envoyez une autre copie
script-fichier = { $nom } ({ $taille })
script-piece = { $nom } ({ $taille }) : { $etat }
script-piece-transmise = { $nom } ({ $taille }) : { $etat }, transmis avec le dossier
script-retirer = Retirer
script-retirer-fichier = Retirer { $nom }
script-joindre = Joindre un fichier
script-joindre-autre = Joindre un autre fichier
script-retrait-refuse = Cette pièce n'a pas pu être retirée.
script-retrait-hors-ligne = La pièce n'a pas pu être retirée : vérifiez votre connexion.
script-trop-gros = Le fichier « { $nom } » dépasse { $taille } : réduisez sa taille (photo moins grande, scan en noir et blanc).
script-type = Le fichier « { $nom } » n'est ni un PDF, ni une image JPEG ou PNG.
script-envoi = Envoi de « { $nom } »…
script-envoi-barre = Envoi de { $nom }
script-session-piece = Votre session a expiré : reconnectez-vous, puis joignez le fichier à nouveau.
script-envoi-refuse = Le fichier n'a pas pu être envoyé.
script-envoi-interrompu = Envoi interrompu : vérifiez votre connexion et réessayez.
script-attendre = Attendez la fin de l'envoi des fichiers avant de transmettre le dossier.
script-piece-obligatoire = Ce document est obligatoire : joignez-le (PDF, JPEG ou PNG).
script-piece-obligatoire-secretariat = Ce document est obligatoire : joignez-le (PDF, JPEG ou PNG), ou cochez « J'apporterai au secrétariat ».
# Résumé en un geste (un-clic.js)
script-reponses-enregistrees = Réponses enregistrées à { $heure }.
script-reponses-hors-ligne = Vos réponses n'ont pas pu être enregistrées : vérifiez votre connexion.
script-autre-personne = une autre personne
# Connexion (messages.js) : « Réessayez à 14:35 »
script-reessayer = à { $heure }
# Liste des collèges (colleges.js)
script-colleges = { $n ->
    [one] { $n } collège correspond.
   *[other] { $n } collèges correspondent.
}
