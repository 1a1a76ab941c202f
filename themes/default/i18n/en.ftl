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

## Every page (base.html)
base-evitement = Skip to content
base-langues = Language
base-pied = Footer
base-liste-colleges = List of schools
base-contact = contact:

## Page descriptions (meta tag)
index-description = Re-enrol your child at secondary school online: choose your child's school.
etablissement-description = Online re-enrolment at { $nom }

## School texts without a translation
contenu-seulement-francais = This text from the school is only available in French.
contenu-en-partie-francais = Some of the school's texts are only available in French.

## A school's welcome page (etablissement.html)
etablissement-campagne = Online re-enrolment is open from <time datetime="{ $ouverture_iso }">{ $ouverture }</time> to <time datetime="{ $cloture_iso }">{ $cloture }</time> inclusive.
etablissement-commencer = Start re-enrolment
etablissement-preparer = What you need
etablissement-preparer-courrier = The letter given to you by the school, with your <strong>access code</strong>.
etablissement-preparer-naissance = Your child's <strong>date of birth</strong>.
etablissement-preparer-caf = Your <strong>CAF benefits number</strong>{ $caf ->
    [obligatoire] , if your child will have school lunches
   *[other] {" "}(optional)
}.
etablissement-preparer-document = { $nom } { $obligatoire ->
    [true] (required)
   *[other] (optional)
}
etablissement-preparer-document-explication = { $nom } { $obligatoire ->
    [true] (required)
   *[other] (optional)
}: { $explication }
etablissement-comment = How it works
etablissement-comment-connexion = Open the <a href="{ $url }">login page</a> and enter the access code printed on the letter and your child's date of birth. Each child has their own code.
etablissement-comment-verifier = Check the information the school already has and correct anything that has changed.
etablissement-comment-choisir = Choose for next year{ $demi_pension ->
    [true] {" "}school lunches or going home for lunch,
   *[other] {""}
} when your child may leave the school and, if there are any, the optional subjects.
etablissement-comment-signer = Read the summary and sign. You will receive a confirmation email.
etablissement-duree = It takes about ten minutes. You can stop and come back later: what you have entered is kept.
etablissement-niveaux = Year groups next year
etablissement-niveau-depuis = Pupils currently in { $depuis }: moving up to { $niveau }
etablissement-niveau = Entering { $niveau }
etablissement-sortants = Pupils currently in { $niveaux }: they are leaving the school, there is no re-enrolment to do.
etablissement-contact = Contact
etablissement-secretariat = School office: <a href="mailto:{ $courriel }">{ $courriel }</a>.
etablissement-secretariat-telephone = School office: <a href="mailto:{ $courriel }">{ $courriel }</a>, phone { $telephone }.

## List of schools (index.html)
index-titre = Choose the school
index-chapo = Re-enrol your child online: choose the school your child attends now.
index-filtre = Filter by school name or town
index-aucun = No school has been added yet.

## Breadcrumb of a school's pages (school_base.html)
fil-ariane = Breadcrumb
fil-colleges = Schools

## Content pages (page.html)
page-seulement-francais = This page is only available in French.

## Error pages (404.html, 413.html, 50x.html)
retrouver-college = Find your child's school
introuvable-titre = Page not found
introuvable-texte = The address you asked for does not exist or has changed.
trop-volumineux-titre = Upload too large
trop-volumineux-texte = What you sent is larger than the site accepts: <strong>nothing was saved</strong>, neither the form nor the attached files.
trop-volumineux-retour = Go back to the previous page with your browser's "Back" button, then:
trop-volumineux-reduire = make the attached files smaller (a smaller photo, a black-and-white scan);
trop-volumineux-apporter = or, if the school offers it, tick the box to bring the document to the school office.
indisponible-titre = Service temporarily unavailable
indisponible-texte = The re-enrolment service is not answering at the moment (restart or maintenance). Please try again in a few minutes.
indisponible-conserve = What has already been saved is kept: a draft, a submitted file (you then received the confirmation email), attached files.

## Login (connexion.html, date-naissance.html, deconnexion.html)
connexion-fil = Log in
connexion-titre = Log in to re-enrol your child
connexion-chapo = { $nom } — online re-enrolment from <time datetime="{ $ouverture_iso }">{ $ouverture }</time> to <time datetime="{ $cloture_iso }">{ $cloture }</time> inclusive.
connexion-impossible = Could not log in
connexion-impossible-texte = The access code or the date of birth does not match. Check the code printed on the school's letter and your child's date of birth, then try again.
connexion-verrouille = Too many attempts
connexion-verrouille-texte = For security, after several mistakes, attempts are slowed down. Try again <span data-reessayer>in a few minutes</span>: your code is still valid. If the code and the date of birth are the ones on the letter, contact the school office.
connexion-deconnecte = You are logged out. What you had saved is kept: log in again to carry on.
connexion-pas-ouverte = Re-enrolment is not open yet
connexion-pas-ouverte-texte = It opens on <time datetime="{ $ouverture_iso }">{ $ouverture }</time>. Keep the school's letter: your access code will stay the same.
connexion-fermee = Online re-enrolment is closed
connexion-fermee-texte = It closed on the evening of <time datetime="{ $cloture_iso }">{ $cloture }</time>. Contact the school office:
connexion-session = Please log in
connexion-session-texte = You are not logged in, or your session has expired. What you had saved is kept: log in again to carry on.
connexion-manquant = Missing information
connexion-manquant-texte = Enter the access code and your child's date of birth.
connexion-date = Invalid date of birth
connexion-date-texte = This date does not exist. Enter the day (1 to 31), the month (1 to 12) and the year in 4 digits, for example 14 3 2015 for 14 March 2015.
connexion-requis = The code and the date of birth are required.
connexion-code = Access code
connexion-code-aide = 12 characters, printed on the letter from the school (for example 7KQ2-MX9D-4TPW). Dashes, spaces and lower-case letters are accepted.
connexion-naissance = Your child's date of birth
connexion-bouton = Log in
connexion-sans-code = No access code?
connexion-sans-code-texte = The code is on the letter the school gave your child. If it is lost, ask the school office for a new one:
naissance-aide = In numbers, for example 14 3 2015.
naissance-jour = Day
naissance-mois = Month
naissance-annee = Year
erreur-prefixe = Error:{" "}
deconnexion-bouton = Log out

## Forms by year group (dossier.html)
dossier-titre = Re-enrolment form
dossier-fil = Form
dossier-chapo = Log in first: you then go straight to your child's form, already filled in with what the school knows.
dossier-par-niveau = Forms by year group
dossier-niveau-depuis = {" "}: for pupils currently in { $depuis }
dossier-sortants = Pupils currently in { $niveaux } are leaving the school: there is no re-enrolment to do.

## Confirmation and feedback (confirmation.html)
confirmation-fil-titre = Request sent
confirmation-fil = Confirmation
confirmation-merci = Thank you for your feedback: it helps us improve this service.
confirmation-titre = Re-enrolment request sent
confirmation-recue = { $nom } has received your request.
confirmation-deja-recus = We are not sending another confirmation email: you have already received { $n ->
    [one] one
   *[other] { $n }
} today.
confirmation-sans-courriel = No confirmation email is sent.
confirmation-courriel = A confirmation email is being sent to the address of legal guardian 1.
confirmation-ensuite = What happens next?
confirmation-validation = The school checks the form and then approves it. Until then, you can change it by logging in again, until <time datetime="{ $cloture_iso }">{ $cloture }</time> at the latest.
confirmation-document = Remember to give the school office: { $nom }.
confirmation-question = Any questions:
confirmation-fratrie = A brother or sister to re-enrol at the school? <a href="{ $url }">Go back to the summary</a>: without logging in again, enter their date of birth.
satisfaction-titre = Your opinion of this service
satisfaction-question = Are you satisfied with online re-enrolment?
satisfaction-1 = Not at all satisfied
satisfaction-2 = Not very satisfied
satisfaction-3 = Fairly satisfied
satisfaction-4 = Satisfied
satisfaction-5 = Very satisfied
satisfaction-commentaire = Comment (optional)
satisfaction-commentaire-aide = What helped you, what got in your way. Do not write any personal information.
satisfaction-envoyer = Send my feedback

## The form (formulaire.html, champ.html)
formulaire-titre = Re-enrolment in { $niveau }
formulaire-chapo = { $nom }. You can change this form until <time datetime="{ $cloture_iso }">{ $cloture }</time> inclusive.
formulaire-erreurs = The form was not sent: { $n ->
    [one] { $n } thing to correct
   *[other] { $n } things to correct
}
formulaire-erreur = { $champ }: { $message }
formulaire-requis = Fields marked with an asterisk (<span class="requis">*</span>) are required.
formulaire-recapitulatif = Summary
formulaire-recapitulatif-texte = Read your answers again. To correct something, go back to that step.
formulaire-transmettre = Send the form
champ-deja-recu = Already received:
champ-choisir = Choose from the list
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

# The one-tap summary (resume.html, a worker page).
resume-titre = Re-enrolment of { $prenom } in { $niveau }
resume-fil = Re-enrolment of { $prenom }
resume-h1 = Re-enrolment of { $prenom } { $nom } in { $niveau }
resume-division = {" "}— in { $division } this year
resume-transmis = Sent
resume-transmis-le = Sent on { $jour }
resume-modifiable = , can be changed until <time datetime="{ $cloture_iso }">{ $cloture }</time> inclusive.
resume-questions = For next year
resume-signe-par = Signed by
resume-changer = Change
resume-changer-qui = the person who signs
resume-raison-signature = A legal guardian signs each re-enrolment.
resume-raison-options = To choose every year; yours are ticked.
resume-raison-choix = The school does not know your choice for next year yet.
resume-raison-reponse = The school does not have your answer yet.
resume-raison-pieces = The school does not have these documents for next year yet.
resume-raison-autre = The school does not have this information, or it is not valid.
resume-requis = {" "}: required field.
resume-tout-est-exact = Everything is correct — I re-enrol my child
resume-connu = What the school knows
resume-connu-texte = Has something changed (address, phone, guardian…)? Open its section then “Change”: the full file opens at that step, already filled in, with your answers above.
resume-pas-de-resp2 = The school knows of no second legal guardian.
resume-modifier = Change: { $bloc }
resume-dossier-complet = Open the full file
resume-autres-enfants = Your other children
resume-deja-session = Already in this session:
resume-ouvrir-enfant = Open { $prenom }'s file
resume-ajout = Re-enrol another child
resume-ajout-texte = Each child has their own letter from the school, with their access code. To re-enrol a brother or sister without logging out, type the code on their letter and their date of birth: their file opens here.
resume-ajout-code = Access code (on the child's letter)
resume-ajout-code-aide = 12 characters, for example 7KQ2-MX9D-4TPW. Dashes, spaces and lower case are accepted.
resume-ajout-naissance = The child's date of birth
resume-ajout-bouton = Re-enrol this child

## The scripts (static/*.js)
script-choisir = Choose an answer.
script-cocher = Tick this box to continue.
script-obligatoire = This field is required.
script-format = Invalid format.
script-date = Invalid date: dd/mm/yyyy expected.
script-erreur = Error:{" "}
script-erreurs = { $n ->
    [one] { $n } thing to correct
   *[other] { $n } things to correct
}
script-lien-erreur = { $champ }: { $message }
script-etape = Step { $n } of { $total }: { $titre }
script-precedente = Previous step
script-continuer = Continue
script-aucun-fichier = No file attached
script-oui = Yes
script-non = No
script-non-renseigne = Not given
script-modifier = Change: { $titre }
script-signataire = { $nom } ({ $qualite })
script-eleve = File of { $prenom } { $nom }.
script-eleve-division = File of { $prenom } { $nom }, currently in { $division }.
script-transmis = This file has already been sent: you can change it and send it again.
script-valide = The school has validated this file: it can no longer be changed.
script-chargement = Your file could not be loaded. Check your connection, then reload the page.
script-enregistrement = Saving the draft…
script-enregistre = Draft saved at { $heure }.
script-session = Your session has expired: log in again to save (what is shown stays on this page).
script-refus = Draft not saved: { $raison }
script-hors-ligne = The draft could not be saved: check your connection.
script-mo = { $n } MB
script-ko = { $n } KB
script-recu = received
script-analyse = received, virus scan pending
script-refuse = refused by the virus scan: send another copy
script-fichier = { $nom } ({ $taille })
script-piece = { $nom } ({ $taille }): { $etat }
script-piece-transmise = { $nom } ({ $taille }): { $etat }, sent with the file
script-retirer = Remove
script-retirer-fichier = Remove { $nom }
script-joindre = Attach a file
script-joindre-autre = Attach another file
script-retrait-refuse = This document could not be removed.
script-retrait-hors-ligne = The document could not be removed: check your connection.
script-trop-gros = The file “{ $nom }” is over { $taille }: make it smaller (a smaller photo, a black and white scan).
script-type = The file “{ $nom }” is neither a PDF nor a JPEG or PNG image.
script-envoi = Sending “{ $nom }”…
script-envoi-barre = Sending { $nom }
script-session-piece = Your session has expired: log in again, then attach the file again.
script-envoi-refuse = The file could not be sent.
script-envoi-interrompu = Sending interrupted: check your connection and try again.
script-attendre = Wait until the files are sent before sending the file.
script-piece-obligatoire = This document is required: attach it (PDF, JPEG or PNG).
script-piece-obligatoire-secretariat = This document is required: attach it (PDF, JPEG or PNG), or tick “I will bring it to the school office”.
script-reponses-enregistrees = Answers saved at { $heure }.
script-reponses-hors-ligne = Your answers could not be saved: check your connection.
script-autre-personne = another person
script-reessayer = at { $heure }
script-colleges = { $n ->
    [one] { $n } school matches.
   *[other] { $n } schools match.
}
