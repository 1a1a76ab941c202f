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

validation-trop-long = { $max ->
    [one] { $max } character at most
   *[other] { $max } characters at most
} ({ $saisis } typed).
validation-signataire-absent = Legal guardian { $n } is not filled in on this form: choose the person who signs among the guardians given, or “Someone else” with their name.
validation-option-reservee = “{ $option }” is only for pupils who already take it this year.
validation-option-non-abandonnable = “{ $option }” cannot be dropped: your child takes it this year.
serveur-trop-d-envois-texte = This form has already been sent { $n ->
    [one] once
    [2] twice
   *[other] { $n } times
} today: that is the maximum per day. The last version sent is safely recorded. For another change, come back tomorrow (from midnight), or contact the school office.
serveur-fichier-antivirus = The file “{ $nom }” was rejected by the virus scan: it was not saved. Send another copy of the document (photo or scan).
serveur-fichier-place = The file “{ $nom }” is larger than the space left for this pupil's documents ({ $reste } MB out of { $total } MB in all): it was not saved. Remove a document or make the file smaller.
serveur-fichier-trop-gros = The file “{ $nom }” is larger than { $max } MB: it was not saved. Make it smaller (a smaller photo, a black and white scan), then try again.
serveur-fichier-type = The file “{ $nom }” is neither a PDF nor a JPEG or PNG image (its content was checked, not only its name): it was not saved.
serveur-fichier-vide = The file “{ $nom }” is empty: choose another one.
serveur-envoi-trop-gros = What you sent is larger than { $max } MB: it was not saved. Send fewer files at a time, or smaller files.
serveur-fichiers-place = The files sent are larger than the space for this pupil's documents ({ $max } MB): they were not saved.
serveur-trop-de-parties = The form sent has too many parts (more than { $max }): reload the page and try again.
serveur-commentaire-long = The comment is too long: { $max } characters at most.
serveur-campagne-close = Re-enrolment has been closed since { $date }: contact the school office.
serveur-autre-enfant = This form is { $prenom }'s, but the file open in this browser is now { $ouvert }'s: nothing was saved. Go back to the summary, open { $prenom }'s file, then try again.
serveur-format-attendu = Data format not supported: { $attendu } expected.

serveur-autre-eleve = This form is not the logged-in pupil's (another login took place in this browser). Log in again with this pupil's code, then start again.
serveur-college-absent = This school no longer offers online re-enrolment: contact its school office.
serveur-donnees-incompletes = The data sent is incomplete.
serveur-donnees-mal-formees = The form's data is malformed: reload the page and try again.
serveur-autre-origine = This request does not come from the re-enrolment site: it was refused. Open the site directly and try again.
serveur-autre-eleve-rien = This form is not the logged-in pupil's (another login took place in this browser): nothing was saved. Log in again with this pupil's code, then start again.
serveur-enfant-hors-session = This child is not in your session: use “Re-enrol another child” on the summary page, with the access code from their letter and their date of birth.
serveur-enfant-inconnu = This form does not say which child it is for: reload the summary page and try again.
serveur-dossier-fige = This form can no longer be changed online: contact the school office.
serveur-document-non-demande = The school does not ask for this document: reload the page and try again.
serveur-fichier-incomplet = The file did not arrive in full: try again.
serveur-piece-figee = This document can no longer be changed: it was already sent with the form, or deleted.
serveur-envois-en-cours = Other files of this pupil are still being sent: wait until they have arrived, then try again.
serveur-formulaire-mal-forme = The form's data is malformed or incomplete: reload the page and try again.
serveur-fichier-sans-document = A file sent matches no document asked for: reload the page and try again.
serveur-dossier-fige-piece = This form can no longer be changed online: for a document, contact the school office.
serveur-campagne-terminee = Re-enrolment is closed: contact the school office.
serveur-nom-fichier-long = The file name is too long (255 characters at most): rename it, then try again.
serveur-nom-fichier-caracteres = The file name contains invalid characters: rename it, then try again.
serveur-nom-fichier-points = The file name is not valid (it contains “..”): rename it, then try again.

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

courriel-validation-sujet = Re-enrolment of { $prenom } { $nom } accepted – { $etablissement }
courriel-validation-acceptee = { $etablissement } has examined the re-enrolment form of { $eleve }: the request is accepted, subject to the decision of the class council.
courriel-validation-acceptee-niveau = { $etablissement } has examined the re-enrolment form of { $eleve } for { $niveau }: the request is accepted, subject to the decision of the class council.
courriel-validation-pieces = The school is still waiting for { $n ->
    [one] this document: bring it
   *[other] these documents: bring them
} to the school office as soon as possible.
courriel-validation-valide = The form is now validated: it can no longer be changed online. For any change, reply to this email; it reaches the school office.
courriel-validation-automatique = This message is sent automatically when the school validates a form.
courriel-relance-sujet = Reminder: re-enrolment of { $prenom } at { $etablissement } before { $cloture }
courriel-relance-brouillon = You have started the re-enrolment form of { $eleve } at { $etablissement }, but it has not been sent to the school yet. What you typed is saved: log in again to finish it, sign it and send it.
courriel-relance-connecte = You logged in to the re-enrolment form of { $eleve } at { $etablissement }, but nothing has been saved or sent to the school yet. Log in again to check the details already filled in, make next year's choices and sign: it only takes a few minutes.
courriel-relance-a-remplir = The re-enrolment form of { $eleve } at { $etablissement } is to be filled in online: what the school knows is already filled in, you only need to check it, make next year's choices and sign.
courriel-relance-cloture = Online re-enrolment is open until { $cloture } included.
courriel-relance-bouton = Re-enrol { $prenom }
courriel-relance-connexion = To log in: the access code printed on the letter from the school, and your child's date of birth. Lost your code? Reply to this email: the school office will give you a new one.

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
# Le résumé : les options suivies cette année.
resume-cette-annee = This year
resume-efface = (deleted)
resume-alerte-ajoute = { $prenom }'s file is open. The other children of your session are still at the bottom of this page.
resume-alerte-reprise = The contact details are now in { $prenom }'s file: check them below. Nothing is sent to the school before you confirm.
resume-reprise-titre = Contact details already typed for { $prenom }
resume-reprise-texte = In { $source }'s file, you changed the contact details of { $n ->
    [one] a guardian who is also
   *[other] guardians who are also
} { $prenom }'s:
resume-reprise-inchange = { $prenom }'s file changes only if you ask for it.
resume-reprise-bouton = Use the address and contact details typed for { $prenom }
resume-alerte-identifiants = Wrong access code or date of birth. Check the code printed on the child's letter and their date of birth, then try again.
resume-alerte-verrouille-heure = Too many attempts with this code: for security, try again at { $heure }.
resume-alerte-verrouille = Too many attempts with this code: for security, try again in { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}.
resume-alerte-fermee = Online re-enrolment is not open today: no child can be added. Contact the school office.
resume-alerte-sortant = This pupil leaves the school at the end of the year: there is no re-enrolment form to fill in.
resume-alerte-saisir = Type the child's access code and date of birth.
resume-alerte-date = This date does not exist: give the day (1 to 31), the month (1 to 12) and the year in 4 digits.

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
