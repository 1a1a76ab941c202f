# English. Translated from fr.ftl (the reference): keep every key, translate the text.

## The language
langue-nom = English

## Dates and numbers (used by the code)
date-jour = { $jour ->
    [1] Monday
    [2] Tuesday
    [3] Wednesday
    [4] Thursday
    [5] Friday
    [6] Saturday
   *[7] Sunday
}
date-mois = { $mois ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}
# "Sunday 10 January 2027"
date-longue = { $jour } { $quantieme } { $mois } { $annee }
nombre-milliers = ,
nombre-decimale = .

## ─── Worker (i18nw): the server's error pages, validation messages, emails ───

serveur-requete-invalide = Invalid request
serveur-connexion-necessaire = Login needed
serveur-connexion-necessaire-texte = You are not logged in, or your session has expired: log in again with the code you received by letter.
serveur-action-refusee = Action refused
serveur-page-introuvable = Page not found
serveur-page-introuvable-texte = This address does not match any page.
serveur-methode = Method not allowed
serveur-methode-texte = This address does not accept this method.
serveur-envoi-interrompu = Sending interrupted
serveur-envoi-interrompu-texte = The data took too long to arrive: check your connection and try again.
serveur-modification-impossible = Change not possible
serveur-trop-volumineux = Too much data sent
serveur-trop-volumineux-texte = The data sent is over the size allowed (64 KiB).
serveur-format = Format not supported
serveur-saisie-incorrecte = Incorrect entry
serveur-trop-d-envois = Too many submissions today
serveur-tres-demande = Service very busy
serveur-tres-demande-texte = The service is very busy: try again in a moment. Nothing already saved has been lost.
serveur-erreur = Service error
serveur-erreur-texte = We are sorry: something went wrong on our side. Nothing already saved has been lost; try again in a few minutes.
serveur-retour = Use your browser's “Back” button to return to what you typed, or
serveur-accueil = go back to the home page
serveur-note = Choose a rating from 1 to 5.

validation-choisir = Choose an answer.
validation-cocher = Tick this box to continue.
validation-obligatoire = This field is required.
validation-caracteres = This field contains characters that are not allowed.
validation-reponse-proposee = Choose one of the answers offered.
validation-case = Invalid checkbox value.
validation-date = Invalid date: expected dd/mm/yyyy.
validation-format = Invalid format.
validation-code-postal = Invalid postcode.
validation-code-postal-france = Invalid postcode: 5 digits in France (e.g. 75017).
validation-telephone = Invalid number: 10 digits starting with 0 (e.g. 06 12 34 56 78), or + and the country code for abroad.
validation-courriel = Invalid email address (e.g. name@example.fr).
validation-un-telephone = Give at least one phone number.
validation-caf = Invalid CAF claimant number: 5 to 10 digits.
validation-document = This document is required: attach it (PDF, JPEG or PNG).
validation-document-secretariat = This document is required: attach it (PDF, JPEG or PNG), or tick “I will bring it to the school office”.

courriel-confirmation-sujet = Re-enrolment of { $prenom } { $nom } at { $etablissement }
courriel-bonjour = Hello,
courriel-recu = { $etablissement } has received the re-enrolment request for { $eleve } in { $niveau }, signed by { $signataire }.
courriel-recapitulatif = Summary of your choices
courriel-options = Options
courriel-restauration = School meals
courriel-demi-pensionnaire = School lunch (demi-pension)
courriel-externe = No school lunch (externe)
courriel-sans-demi-pension = no school lunch (the school has no canteen)
courriel-regime-sortie = Leaving school
courriel-oui = yes
courriel-non = no
courriel-pieces = Documents to bring to the school office
courriel-facultatif = (optional)
courriel-suite = What happens next?
courriel-suite-verification = The school office checks your request and the supporting documents.
courriel-suite-conseil = The third-term class council decides on moving up; the re-enrolment is confirmed after that.
courriel-suite-modifier = Until the school has approved your file, you can change it and send it again:
courriel-question = A question? Just reply to this email: it goes to the school office.
courriel-automatique = This message is sent automatically after the file is submitted.
courriel-version-francaise = French version
courriel-envoye-le = Sent on { $date }
