# العربية الفصحى. مترجم من fr.ftl (المرجع): احتفظوا بكل المفاتيح وترجموا النص فقط.
# الجمع في العربية: zero / one / two / few / many / other (فئات Fluent).

## اللغة
langue-nom = العربية

## التواريخ والأرقام (يستعملها البرنامج)
date-jour = { $jour ->
    [1] الاثنين
    [2] الثلاثاء
    [3] الأربعاء
    [4] الخميس
    [5] الجمعة
    [6] السبت
   *[7] الأحد
}
date-mois = { $mois ->
    [1] يناير
    [2] فبراير
    [3] مارس
    [4] أبريل
    [5] مايو
    [6] يونيو
    [7] يوليو
    [8] أغسطس
    [9] سبتمبر
    [10] أكتوبر
    [11] نوفمبر
   *[12] ديسمبر
}
# « الأحد 10 يناير 2027 »
date-longue = { $jour } { $quantieme } { $mois } { $annee }
nombre-milliers = ,
nombre-decimale = .

## كل الصفحات (base.html)
base-evitement = الانتقال إلى المحتوى
base-langues = اللغة
base-pied = تذييل الصفحة
base-liste-colleges = قائمة المدارس الإعدادية
base-contact = للتواصل:

## أوصاف الصفحات (وسم meta)
index-description = إعادة التسجيل في المدرسة الإعدادية عبر الإنترنت: اختاروا المدرسة الإعدادية لطفلكم.
etablissement-description = إعادة التسجيل عبر الإنترنت في { $nom }

## نصوص المدرسة غير المترجمة
contenu-seulement-francais = هذا النص الخاص بالمدرسة متوفر بالفرنسية فقط.
contenu-en-partie-francais = بعض نصوص المدرسة متوفرة بالفرنسية فقط.

## صفحة المدرسة (etablissement.html)
etablissement-campagne = إعادة التسجيل عبر الإنترنت من <time datetime="{ $ouverture_iso }">{ $ouverture }</time> إلى <time datetime="{ $cloture_iso }">{ $cloture }</time> ضمنًا.
etablissement-commencer = ابدأوا إعادة التسجيل
etablissement-preparer = ما يجب تحضيره
etablissement-preparer-courrier = الرسالة الورقية التي سلّمتها المدرسة، وفيها <strong>رمز الدخول</strong>.
etablissement-preparer-naissance = <strong>تاريخ ميلاد</strong> طفلكم.
etablissement-preparer-caf = <strong>رقم المستفيد لدى صندوق الإعانات العائلية (CAF)</strong>{ $caf ->
    [obligatoire] ، إذا كان طفلكم يتناول الغداء في المدرسة
   *[other] {" "}(اختياري)
}.
etablissement-preparer-document = { $nom } { $obligatoire ->
    [true] (إلزامي)
   *[other] (اختياري)
}
etablissement-preparer-document-explication = { $nom } { $obligatoire ->
    [true] (إلزامي)
   *[other] (اختياري)
}: { $explication }
etablissement-comment = طريقة العمل
etablissement-comment-connexion = افتحوا <a href="{ $url }">صفحة الدخول</a> واكتبوا رمز الدخول المطبوع على الرسالة وتاريخ ميلاد طفلكم. لكل طفل رمزه الخاص.
etablissement-comment-verifier = تحقّقوا من المعلومات التي تعرفها المدرسة وصحّحوا ما تغيّر.
etablissement-comment-choisir = اختاروا للسنة القادمة{ $demi_pension ->
    [true] {" "}الغداء في المدرسة أو عدمه،
   *[other] {""}
} ونظام الخروج، والمواد الاختيارية إن وُجدت.
etablissement-comment-signer = راجعوا الملخّص ووقّعوا. ستصلكم رسالة تأكيد بالبريد الإلكتروني.
etablissement-duree = يستغرق ذلك نحو عشر دقائق. يمكنكم التوقف والعودة لاحقًا: ما كتبتموه محفوظ.
etablissement-niveaux = المستويات في السنة القادمة
etablissement-niveau-depuis = التلاميذ الموجودون حاليًا في { $depuis }: الانتقال إلى { $niveau }
etablissement-niveau = الانتقال إلى { $niveau }
etablissement-sortants = التلاميذ الموجودون حاليًا في { $niveaux } يغادرون المدرسة: لا حاجة إلى إعادة تسجيلهم.
etablissement-contact = للتواصل
etablissement-secretariat = الأمانة: <a href="mailto:{ $courriel }">{ $courriel }</a>.
etablissement-secretariat-telephone = الأمانة: <a href="mailto:{ $courriel }">{ $courriel }</a>، الهاتف <span dir="ltr">{ $telephone }</span>.

## قائمة المدارس (index.html)
index-titre = اختيار المدرسة الإعدادية
index-chapo = أعيدوا تسجيل طفلكم عبر الإنترنت: اختاروا مدرسته الإعدادية الحالية.
index-filtre = البحث باسم المدرسة أو البلدية
index-aucun = لا توجد أي مدرسة مسجّلة بعد.

## مسار التنقل (school_base.html)
fil-ariane = مسار التنقل
fil-colleges = المدارس الإعدادية

## صفحات المحتوى (page.html)
page-seulement-francais = هذه الصفحة متوفرة بالفرنسية فقط.

## صفحات الخطأ (404.html, 413.html, 50x.html)
retrouver-college = العثور على مدرسة طفلكم
introuvable-titre = الصفحة غير موجودة
introuvable-texte = العنوان المطلوب غير موجود أو تغيّر.
trop-volumineux-titre = حجم الإرسال كبير جدًا
trop-volumineux-texte = ما أرسلتموه يتجاوز الحجم الذي يقبله الموقع: <strong>لم يُحفَظ شيء</strong>، لا الاستمارة ولا الملفات المرفقة.
trop-volumineux-retour = عودوا إلى الصفحة السابقة بزر «رجوع» في المتصفح، ثم:
trop-volumineux-reduire = صغّروا حجم الملفات المرفقة (صورة أصغر، مسح ضوئي بالأبيض والأسود)؛
trop-volumineux-apporter = أو ضعوا علامة، إن كانت المدرسة تتيح ذلك، على خانة إحضار الوثيقة إلى الأمانة.
indisponible-titre = الخدمة غير متاحة مؤقتًا
indisponible-texte = خدمة إعادة التسجيل لا تستجيب حاليًا (إعادة تشغيل أو صيانة). أعيدوا المحاولة بعد بضع دقائق.
indisponible-conserve = ما سبق حفظه محفوظ: المسودة، والملف المُرسَل (وقد وصلتكم حينها رسالة التأكيد)، والملفات المرفقة.

## الدخول (connexion.html, date-naissance.html, deconnexion.html)
connexion-fil = الدخول
connexion-titre = سجّلوا الدخول لإعادة تسجيل طفلكم
connexion-chapo = { $nom } — إعادة التسجيل عبر الإنترنت من <time datetime="{ $ouverture_iso }">{ $ouverture }</time> إلى <time datetime="{ $cloture_iso }">{ $cloture }</time> ضمنًا.
connexion-impossible = تعذّر الدخول
connexion-impossible-texte = رمز الدخول أو تاريخ الميلاد غير مطابق. تحقّقوا من الرمز المطبوع على رسالة المدرسة ومن تاريخ ميلاد طفلكم، ثم أعيدوا المحاولة.
connexion-verrouille = محاولات كثيرة جدًا
connexion-verrouille-texte = للأمان، بعد عدة أخطاء تُبطَّأ المحاولات. أعيدوا المحاولة <span data-reessayer>بعد بضع دقائق</span>: رمزكم ما زال صالحًا. إذا كان الرمز وتاريخ الميلاد مطابقين للرسالة، فاتصلوا بالأمانة.
connexion-deconnecte = لقد سجّلتم الخروج. ما حفظتموه باقٍ: سجّلوا الدخول من جديد للمتابعة.
connexion-pas-ouverte = إعادة التسجيل لم تُفتح بعد
connexion-pas-ouverte-texte = تُفتح يوم <time datetime="{ $ouverture_iso }">{ $ouverture }</time>. احتفظوا برسالة المدرسة: رمز الدخول سيبقى نفسه.
connexion-fermee = أُغلقت إعادة التسجيل عبر الإنترنت
connexion-fermee-texte = أُغلقت مساء يوم <time datetime="{ $cloture_iso }">{ $cloture }</time>. اتصلوا بأمانة المدرسة:
connexion-session = يُرجى تسجيل الدخول
connexion-session-texte = لم تسجّلوا الدخول، أو انتهت مدة جلستكم. ما حفظتموه باقٍ: سجّلوا الدخول من جديد للمتابعة.
connexion-manquant = معلومات ناقصة
connexion-manquant-texte = اكتبوا رمز الدخول وتاريخ ميلاد طفلكم.
connexion-date = تاريخ ميلاد غير صالح
connexion-date-texte = هذا التاريخ غير موجود. اكتبوا اليوم (من 1 إلى 31) والشهر (من 1 إلى 12) والسنة بأربعة أرقام، مثلًا 14 3 2015 ليوم 14 مارس 2015.
connexion-requis = الرمز وتاريخ الميلاد إلزاميان.
connexion-code = رمز الدخول
connexion-code-aide = 12 حرفًا ورقمًا، مطبوعة على الرسالة التي سلّمتها المدرسة (مثلًا 7KQ2-MX9D-4TPW). الشَّرطات والمسافات والأحرف الصغيرة مقبولة.
connexion-naissance = تاريخ ميلاد طفلكم
connexion-bouton = تسجيل الدخول
connexion-sans-code = ليس لديكم رمز دخول؟
connexion-sans-code-texte = الرمز موجود في الرسالة التي سلّمتها المدرسة لطفلكم. إذا ضاع، فاطلبوا رمزًا جديدًا من الأمانة:
naissance-aide = بالأرقام، مثلًا 14 3 2015.
naissance-jour = اليوم
naissance-mois = الشهر
naissance-annee = السنة
erreur-prefixe = خطأ:{" "}
deconnexion-bouton = تسجيل الخروج

## الملفات حسب المستوى (dossier.html)
dossier-titre = ملف إعادة التسجيل
dossier-fil = الملف
dossier-chapo = سجّلوا الدخول أولًا: ستصلون مباشرة إلى ملف طفلكم، مملوءًا بما تعرفه المدرسة.
dossier-par-niveau = الملفات حسب المستوى
dossier-niveau-depuis = {" "}: للتلاميذ الموجودين حاليًا في { $depuis }
dossier-sortants = التلاميذ الموجودون حاليًا في { $niveaux } يغادرون المدرسة: لا حاجة إلى إعادة تسجيلهم.

## التأكيد والرأي (confirmation.html)
confirmation-fil-titre = تم إرسال الطلب
confirmation-fil = التأكيد
confirmation-merci = شكرًا على رأيكم: يساعدنا على تحسين هذه الخدمة.
confirmation-titre = تم إرسال طلب إعادة التسجيل
confirmation-recue = وصل طلبكم إلى { $nom }.
confirmation-deja-recus = لن نرسل رسالة تأكيد أخرى: { $n ->
    [zero] لم تصلكم أي رسالة اليوم
    [one] وصلتكم رسالة واحدة اليوم
    [two] وصلتكم رسالتان اليوم
    [few] وصلتكم { $n } رسائل اليوم
    [many] وصلتكم { $n } رسالة اليوم
   *[other] وصلتكم { $n } رسالة اليوم
}.
confirmation-sans-courriel = لن تُرسَل أي رسالة تأكيد.
confirmation-courriel = تُرسَل رسالة تأكيد إلى عنوان البريد الإلكتروني للولي الشرعي الأول.
confirmation-ensuite = وماذا بعد؟
confirmation-validation = تتحقّق المدرسة من الملف ثم تصادق عليه. إلى ذلك الحين، يمكنكم تعديله بتسجيل الدخول من جديد، في أجل أقصاه <time datetime="{ $cloture_iso }">{ $cloture }</time>.
confirmation-document = لا تنسوا تسليم ما يلي إلى الأمانة: { $nom }.
confirmation-question = لأي سؤال:
confirmation-fratrie = هل لديكم أخ أو أخت يجب إعادة تسجيله في المدرسة؟ <a href="{ $url }">عودوا إلى الملخّص</a>: دون تسجيل الدخول من جديد، اكتبوا تاريخ ميلاده.
satisfaction-titre = رأيكم في هذه الخدمة
satisfaction-question = هل أنتم راضون عن إعادة التسجيل عبر الإنترنت؟
satisfaction-1 = غير راضٍ إطلاقًا
satisfaction-2 = قليل الرضا
satisfaction-3 = راضٍ إلى حدّ ما
satisfaction-4 = راضٍ
satisfaction-5 = راضٍ جدًا
satisfaction-commentaire = تعليق (اختياري)
satisfaction-commentaire-aide = ما ساعدكم وما أزعجكم. لا تكتبوا معلومات شخصية.
satisfaction-envoyer = إرسال رأيي

## الاستمارة (formulaire.html, champ.html)
formulaire-titre = إعادة التسجيل في { $niveau }
formulaire-chapo = { $nom }. يمكنكم تعديل هذا الملف حتى <time datetime="{ $cloture_iso }">{ $cloture }</time> ضمنًا.
formulaire-erreurs = لم يُرسَل الملف: { $n ->
    [zero] لا توجد نقطة للتصحيح
    [one] نقطة واحدة للتصحيح
    [two] نقطتان للتصحيح
    [few] { $n } نقاط للتصحيح
    [many] { $n } نقطة للتصحيح
   *[other] { $n } نقطة للتصحيح
}
formulaire-erreur = { $champ }: { $message }
formulaire-requis = الخانات المشار إليها بنجمة (<span class="requis">*</span>) إلزامية.
formulaire-recapitulatif = الملخّص
formulaire-recapitulatif-texte = راجعوا إجاباتكم. للتصحيح، عودوا إلى المرحلة المعنية.
formulaire-transmettre = إرسال الملف
champ-deja-recu = وصل من قبل:
champ-choisir = اختاروا من القائمة

## ─── Worker (i18nw) ───

serveur-requete-invalide = طلب غير صالح
serveur-connexion-necessaire = يلزم تسجيل الدخول
serveur-connexion-necessaire-texte = لم تسجّلوا الدخول، أو انتهت مدة جلستكم: سجّلوا الدخول من جديد بالرمز الذي وصلكم في الرسالة الورقية.
serveur-action-refusee = إجراء مرفوض
serveur-page-introuvable = الصفحة غير موجودة
serveur-page-introuvable-texte = هذا العنوان لا يقابل أي صفحة.
serveur-methode = طريقة غير مسموح بها
serveur-methode-texte = هذا العنوان لا يقبل هذه الطريقة.
serveur-envoi-interrompu = انقطع الإرسال
serveur-envoi-interrompu-texte = استغرق وصول البيانات وقتًا طويلًا: تحقّقوا من اتصالكم وأعيدوا المحاولة.
serveur-modification-impossible = التعديل غير ممكن
serveur-trop-volumineux = حجم الإرسال كبير جدًا
serveur-trop-volumineux-texte = البيانات المرسلة تتجاوز الحجم المسموح به (64 كيلوبايت).
serveur-format = صيغة غير مدعومة
serveur-saisie-incorrecte = إدخال غير صحيح
serveur-trop-d-envois = عدد الإرسالات اليوم كبير جدًا
serveur-tres-demande = الخدمة مزدحمة جدًا
serveur-tres-demande-texte = الخدمة مزدحمة جدًا: أعيدوا المحاولة بعد لحظة. لم يضِع شيء مما سبق حفظه.
serveur-erreur = خطأ في الخدمة
serveur-erreur-texte = نعتذر: حدث خطأ من جهتنا. لم يضِع شيء مما سبق حفظه؛ أعيدوا المحاولة بعد بضع دقائق.
serveur-retour = استعملوا زر «رجوع» في المتصفح للعودة إلى ما كتبتموه، أو
serveur-accueil = عودوا إلى الصفحة الرئيسية
serveur-note = اختاروا تقييمًا من 1 إلى 5.

validation-choisir = اختاروا إجابة.
validation-cocher = ضعوا علامة في هذه الخانة للمتابعة.
validation-obligatoire = هذه الخانة إلزامية.
validation-caracteres = تحتوي هذه الخانة على أحرف غير مسموح بها.
validation-reponse-proposee = اختاروا إحدى الإجابات المقترحة.
validation-case = قيمة خانة الاختيار غير صالحة.
validation-date = تاريخ غير صالح: الصيغة المطلوبة يوم/شهر/سنة.
validation-format = صيغة غير صالحة.
validation-code-postal = رمز بريدي غير صالح.
validation-code-postal-france = رمز بريدي غير صالح: 5 أرقام في فرنسا (مثال: 75017).
validation-telephone = رقم غير صالح: 10 أرقام تبدأ بـ 0 (مثال: 06 12 34 56 78)، أو + ورمز البلد إذا كان الرقم خارج فرنسا.
validation-courriel = عنوان بريد إلكتروني غير صالح (مثال: nom@exemple.fr).
validation-un-telephone = اذكروا رقم هاتف واحدًا على الأقل.
validation-caf = رقم المستفيد لدى صندوق الإعانات العائلية (CAF) غير صالح: من 5 إلى 10 أرقام.
validation-document = هذه الوثيقة إلزامية: أرفقوها (PDF أو JPEG أو PNG).
validation-document-secretariat = هذه الوثيقة إلزامية: أرفقوها (PDF أو JPEG أو PNG)، أو ضعوا علامة على «سأحضرها إلى الأمانة».

validation-trop-long = { $max ->
    [zero] لا حرف
    [one] حرف واحد
    [two] حرفان
    [few] { $max } أحرف
    [many] { $max } حرفًا
   *[other] { $max } حرف
} على الأكثر (أُدخل { $saisis }).
validation-signataire-absent = الولي الشرعي { $n } غير مذكور في هذا الملف: اختاروا الشخص الذي يوقّع من بين الأولياء المذكورين، أو «شخص آخر» مع اسمه.
validation-option-reservee = «{ $option }» مخصّصة للتلاميذ الذين يتابعونها هذه السنة.
validation-option-non-abandonnable = لا يمكن التخلي عن «{ $option }»: طفلكم يتابعها هذه السنة.
serveur-trop-d-envois-texte = أُرسل هذا الملف اليوم { $n ->
    [zero] { $n } مرة
    [one] مرة واحدة
    [two] مرتين
    [few] { $n } مرات
    [many] { $n } مرة
   *[other] { $n } مرة
}: هذا هو الحد الأقصى في اليوم. آخر نسخة مُرسَلة محفوظة. لأي تعديل جديد، عودوا غدًا (ابتداءً من منتصف الليل)، أو اتصلوا بأمانة المدرسة.
serveur-fichier-antivirus = رُفض الملف «{ $nom }» من طرف فحص الفيروسات: لم يُحفَظ. أرسلوا نسخة أخرى من الوثيقة (صورة أو مسح ضوئي).
serveur-fichier-place = يتجاوز الملف «{ $nom }» المساحة المتبقية لوثائق هذا التلميذ ({ $reste } ميغابايت من أصل { $total } ميغابايت): لم يُحفَظ. احذفوا وثيقة أو صغّروا حجم الملف.
serveur-fichier-trop-gros = يتجاوز الملف «{ $nom }» { $max } ميغابايت: لم يُحفَظ. صغّروا حجمه (صورة أصغر، مسح ضوئي بالأبيض والأسود) ثم أعيدوا المحاولة.
serveur-fichier-type = الملف «{ $nom }» ليس PDF ولا صورة JPEG أو PNG (فُحص محتواه، لا اسمه فقط): لم يُحفَظ.
serveur-fichier-vide = الملف «{ $nom }» فارغ: اختاروا ملفًا آخر.
serveur-envoi-trop-gros = يتجاوز الإرسال { $max } ميغابايت: لم يُحفَظ. أرسلوا ملفات أقل في كل مرة، أو ملفات أصغر.
serveur-fichiers-place = تتجاوز الملفات المُرسَلة المساحة المخصّصة لوثائق هذا التلميذ ({ $max } ميغابايت): لم تُحفَظ.
serveur-trop-de-parties = الاستمارة المُرسَلة فيها أجزاء كثيرة جدًا (أكثر من { $max }): أعيدوا تحميل الصفحة ثم أعيدوا المحاولة.
serveur-commentaire-long = التعليق طويل جدًا: { $max ->
    [zero] لا حرف
    [one] حرف واحد
    [two] حرفان
    [few] { $max } أحرف
    [many] { $max } حرفًا
   *[other] { $max } حرف
} على الأكثر.
serveur-campagne-close = أُغلقت حملة إعادة التسجيل منذ { $date }: اتصلوا بأمانة المدرسة.
serveur-autre-enfant = هذه الاستمارة خاصة بـ{ $prenom }، لكن الملف المفتوح في هذا المتصفح الآن هو ملف { $ouvert }: لم يُحفَظ شيء. عودوا إلى الملخّص، وافتحوا ملف { $prenom }، ثم أعيدوا المحاولة.
serveur-format-attendu = صيغة البيانات غير مدعومة: المتوقَّع { $attendu }.

serveur-autre-eleve = هذه الاستمارة ليست استمارة التلميذ الذي سُجّل دخوله (حدث تسجيل دخول آخر في هذا المتصفح). سجّلوا الدخول من جديد برمز هذا التلميذ، ثم أعيدوا المحاولة.
serveur-college-absent = لم تعد هذه المدرسة تقترح إعادة التسجيل عبر الإنترنت: اتصلوا بأمانتها.
serveur-donnees-incompletes = البيانات المُرسَلة ناقصة.
serveur-donnees-mal-formees = بيانات الاستمارة غير سليمة: أعيدوا تحميل الصفحة ثم أعيدوا المحاولة.
serveur-autre-origine = هذا الطلب لا يأتي من موقع إعادة التسجيل: رُفض. افتحوا الموقع مباشرة ثم أعيدوا المحاولة.
serveur-autre-eleve-rien = هذه الاستمارة ليست استمارة التلميذ الذي سُجّل دخوله (حدث تسجيل دخول آخر في هذا المتصفح): لم يُحفَظ شيء. سجّلوا الدخول من جديد برمز هذا التلميذ، ثم أعيدوا المحاولة.
serveur-enfant-hors-session = هذا الطفل ليس في جلستكم: استعملوا «إعادة تسجيل طفل آخر» في صفحة الملخّص، مع رمز الدخول الموجود في رسالته وتاريخ ميلاده.
serveur-enfant-inconnu = لا تذكر هذه الاستمارة الطفل المعني: أعيدوا تحميل صفحة الملخّص ثم أعيدوا المحاولة.
serveur-dossier-fige = لم يعد ممكنًا تعديل هذا الملف عبر الإنترنت: اتصلوا بأمانة المدرسة.
serveur-document-non-demande = المدرسة لا تطلب هذه الوثيقة: أعيدوا تحميل الصفحة ثم أعيدوا المحاولة.
serveur-fichier-incomplet = لم يصل الملف كاملًا: أعيدوا المحاولة.
serveur-piece-figee = لم يعد ممكنًا تعديل هذه الوثيقة: أُرسلت مع الملف، أو حُذفت.
serveur-envois-en-cours = ملفات أخرى لهذا التلميذ ما زالت قيد الإرسال: انتظروا وصولها ثم أعيدوا المحاولة.
serveur-formulaire-mal-forme = بيانات الاستمارة غير سليمة أو ناقصة: أعيدوا تحميل الصفحة ثم أعيدوا المحاولة.
serveur-fichier-sans-document = ملف مُرسَل لا يطابق أي وثيقة مطلوبة: أعيدوا تحميل الصفحة ثم أعيدوا المحاولة.
serveur-dossier-fige-piece = لم يعد ممكنًا تعديل هذا الملف عبر الإنترنت: بخصوص وثيقة، اتصلوا بأمانة المدرسة.
serveur-campagne-terminee = أُغلقت حملة إعادة التسجيل: اتصلوا بأمانة المدرسة.
serveur-nom-fichier-long = اسم الملف طويل جدًا (255 حرفًا على الأكثر): غيّروا اسمه ثم أعيدوا المحاولة.
serveur-nom-fichier-caracteres = يحتوي اسم الملف على حروف غير صالحة: غيّروا اسمه ثم أعيدوا المحاولة.
serveur-nom-fichier-points = اسم الملف غير صالح (يحتوي على «..»): غيّروا اسمه ثم أعيدوا المحاولة.

courriel-confirmation-sujet = إعادة تسجيل { $prenom } { $nom } في { $etablissement }
courriel-bonjour = السلام عليكم،
courriel-recu = وصل طلب إعادة تسجيل { $eleve } في { $niveau }، الموقَّع من { $signataire }، إلى { $etablissement }.
courriel-recapitulatif = ملخّص اختياراتكم
courriel-options = المواد الاختيارية
courriel-restauration = الإطعام
courriel-demi-pensionnaire = نصف داخلي (وجبة الغداء في المدرسة)
courriel-externe = خارجي (دون وجبة الغداء)
courriel-sans-demi-pension = خارجي (لا يوجد مطعم في المدرسة)
courriel-regime-sortie = نظام الخروج
courriel-oui = نعم
courriel-non = لا
courriel-pieces = الوثائق التي يجب إحضارها إلى الأمانة
courriel-facultatif = (اختياري)
courriel-suite = وماذا بعد؟
courriel-suite-verification = تتحقّق الأمانة من طلبكم ومن الوثائق الثبوتية.
courriel-suite-conseil = يقرّر مجلس القسم في الفصل الثالث الانتقال إلى المستوى التالي، ثم تُؤكَّد إعادة التسجيل.
courriel-suite-modifier = ما دامت المدرسة لم تصادق على ملفكم، يمكنكم تعديله وإرساله من جديد:
courriel-question = لديكم سؤال؟ يكفي أن تردّوا على هذه الرسالة: ستصل إلى أمانة المدرسة.
courriel-automatique = تُرسَل هذه الرسالة تلقائيًا بعد إرسال الملف.
courriel-version-francaise = النسخة الفرنسية
courriel-envoye-le = أُرسلت يوم { $date }

courriel-validation-sujet = قُبلت إعادة تسجيل { $prenom } { $nom } – { $etablissement }
courriel-validation-acceptee = درست { $etablissement } ملف إعادة تسجيل { $eleve }: الطلب مقبول، رهنًا بقرار مجلس القسم.
courriel-validation-acceptee-niveau = درست { $etablissement } ملف إعادة تسجيل { $eleve } في { $niveau }: الطلب مقبول، رهنًا بقرار مجلس القسم.
courriel-validation-pieces = ما زالت المدرسة تنتظر { $n ->
    [one] هذه الوثيقة: أحضروها
    [two] هاتين الوثيقتين: أحضروهما
   *[other] هذه الوثائق: أحضروها
} إلى الأمانة في أقرب وقت.
courriel-validation-valide = الملف مُصادَق عليه الآن: لم يعد ممكنًا تعديله عبر الإنترنت. لأي تغيير، أجيبوا على هذه الرسالة؛ فهي تصل إلى أمانة المدرسة.
courriel-validation-automatique = تُرسَل هذه الرسالة تلقائيًا عندما تصادق المدرسة على ملف.
courriel-relance-sujet = تذكير: إعادة تسجيل { $prenom } في { $etablissement } قبل { $cloture }
courriel-relance-brouillon = بدأتم ملف إعادة تسجيل { $eleve } في { $etablissement }، لكنه لم يُرسَل بعد إلى المدرسة. ما كتبتموه محفوظ: سجّلوا الدخول من جديد لإكماله وتوقيعه وإرساله.
courriel-relance-connecte = سجّلتم الدخول إلى ملف إعادة تسجيل { $eleve } في { $etablissement }، لكن لم يُحفَظ أو يُرسَل شيء بعد إلى المدرسة. سجّلوا الدخول من جديد للتحقق من المعلومات المكتوبة، واختيار ما يخص السنة القادمة، والتوقيع: تكفي بضع دقائق.
courriel-relance-a-remplir = ملف إعادة تسجيل { $eleve } في { $etablissement } يُملأ عبر الإنترنت: المعلومات التي تعرفها المدرسة مكتوبة مسبقًا، يكفي التحقق منها واختيار ما يخص السنة القادمة والتوقيع.
courriel-relance-cloture = إعادة التسجيل عبر الإنترنت مفتوحة حتى { $cloture } ضمنًا.
courriel-relance-bouton = إعادة تسجيل { $prenom }
courriel-relance-connexion = لتسجيل الدخول: رمز الدخول المطبوع في الرسالة التي سلّمتها المدرسة، وتاريخ ميلاد طفلكم. فقدتم الرمز؟ أجيبوا على هذه الرسالة: ستعطيكم الأمانة رمزًا جديدًا.

# الملخّص بنقرة واحدة (resume.html، صفحة الخادم).
resume-titre = إعادة تسجيل { $prenom } في { $niveau }
resume-fil = إعادة تسجيل { $prenom }
resume-h1 = إعادة تسجيل { $prenom } { $nom } في { $niveau }
resume-division = {" "}— في { $division } هذه السنة
resume-transmis = أُرسل
resume-transmis-le = أُرسل يوم { $jour }
resume-modifiable = ، ويمكن تعديله حتى <time datetime="{ $cloture_iso }">{ $cloture }</time> ضمنًا.
resume-questions = للسنة القادمة
resume-signe-par = موقَّع من
resume-changer = تغيير
resume-changer-qui = الشخص الذي يوقّع
resume-raison-signature = يوقّع وليّ شرعي على كل إعادة تسجيل.
resume-raison-options = تُختار كل سنة؛ اختياراتكم مُعلَّمة.
resume-raison-choix = لا تعرف المدرسة بعدُ اختياركم للسنة القادمة.
resume-raison-reponse = لم تتلقَّ المدرسة إجابتكم بعد.
resume-raison-pieces = لا تملك المدرسة بعدُ هذه الوثائق للسنة القادمة.
resume-raison-autre = لا تملك المدرسة هذه المعلومة، أو أنها غير صالحة.
resume-requis = {" "}: خانة إلزامية.
resume-tout-est-exact = كل شيء صحيح — أعيد تسجيل طفلي
resume-connu = ما تعرفه المدرسة
resume-connu-texte = هل تغيّرت معلومة (العنوان، الهاتف، الولي…)؟ افتحوا قسمها ثم «تعديل»: يُفتح الملف الكامل في تلك المرحلة، مملوءًا، مع إجاباتكم أعلاه.
resume-pas-de-resp2 = لا تعرف المدرسة وليًّا شرعيًّا ثانيًا.
resume-modifier = تعديل: { $bloc }
resume-dossier-complet = فتح الملف الكامل
resume-autres-enfants = أطفالكم الآخرون
resume-deja-session = موجودون في هذه الجلسة:
resume-ouvrir-enfant = فتح ملف { $prenom }
resume-ajout = إعادة تسجيل طفل آخر
resume-ajout-texte = لكل طفل رسالته الخاصة من المدرسة، وفيها رمز دخوله. لإعادة تسجيل أخ أو أخت دون تسجيل الخروج، اكتبوا الرمز الموجود في رسالته وتاريخ ميلاده: يُفتح ملفه هنا.
resume-ajout-code = رمز الدخول (في رسالة الطفل)
resume-ajout-code-aide = 12 حرفًا ورقمًا، مثلًا 7KQ2-MX9D-4TPW. الشَّرطات والمسافات والأحرف الصغيرة مقبولة.
resume-ajout-naissance = تاريخ ميلاد الطفل
resume-ajout-bouton = إعادة تسجيل هذا الطفل
# Le résumé : les options suivies cette année.
resume-cette-annee = هذه السنة
resume-efface = (محذوف)
resume-alerte-ajoute = ملف { $prenom } مفتوح. يبقى أطفال جلستكم الآخرون في أسفل هذه الصفحة.
resume-alerte-reprise = نُقلت بيانات الاتصال إلى ملف { $prenom }: تحقّقوا منها أدناه. لا يُرسَل شيء إلى المدرسة قبل تأكيدكم.
resume-reprise-titre = بيانات اتصال مكتوبة سابقًا لـ{ $prenom }
resume-reprise-texte = في ملف { $source }، عدّلتم بيانات اتصال { $n ->
    [one] وليّ هو أيضًا وليّ
    [two] وليَّين هما أيضًا وليّا
   *[other] أولياء هم أيضًا أولياء
} { $prenom }:
resume-reprise-inchange = لا يتغيّر ملف { $prenom } إلا إذا طلبتم ذلك.
resume-reprise-bouton = استعمال العنوان وبيانات الاتصال المكتوبة لـ{ $prenom }
resume-alerte-identifiants = رمز الدخول أو تاريخ الميلاد غير صحيح. تحقّقوا من الرمز المطبوع في رسالة الطفل ومن تاريخ ميلاده، ثم أعيدوا المحاولة.
resume-alerte-verrouille-heure = محاولات كثيرة جدًا بهذا الرمز: للأمان، أعيدوا المحاولة على الساعة { $heure }.
resume-alerte-verrouille = محاولات كثيرة جدًا بهذا الرمز: للأمان، أعيدوا المحاولة بعد { $minutes ->
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
    [many] { $minutes } دقيقة
   *[other] { $minutes } دقيقة
}.
resume-alerte-fermee = إعادة التسجيل عبر الإنترنت غير مفتوحة اليوم: لا يمكن إضافة أي طفل. اتصلوا بأمانة المدرسة.
resume-alerte-sortant = هذا التلميذ يغادر المدرسة في نهاية السنة: ليس له ملف إعادة تسجيل ليملأه.
resume-alerte-saisir = اكتبوا رمز دخول الطفل وتاريخ ميلاده.
resume-alerte-date = هذا التاريخ غير موجود: اكتبوا اليوم (من 1 إلى 31) والشهر (من 1 إلى 12) والسنة بأربعة أرقام.

## البرامج النصية (static/*.js)
script-choisir = اختاروا إجابة.
script-cocher = ضعوا علامة في هذه الخانة للمتابعة.
script-obligatoire = هذه الخانة إلزامية.
script-format = صيغة غير صحيحة.
script-date = تاريخ غير صحيح: الصيغة المطلوبة يوم/شهر/سنة.
script-erreur = خطأ:{" "}
script-erreurs = { $n ->
    [zero] لا شيء للتصحيح
    [one] نقطة واحدة للتصحيح
    [two] نقطتان للتصحيح
    [few] { $n } نقاط للتصحيح
    [many] { $n } نقطة للتصحيح
   *[other] { $n } نقطة للتصحيح
}
script-lien-erreur = { $champ }: { $message }
script-etape = الخطوة { $n } من { $total }: { $titre }
script-precedente = الخطوة السابقة
script-continuer = متابعة
script-aucun-fichier = لا يوجد ملف مرفق
script-oui = نعم
script-non = لا
script-non-renseigne = غير مذكور
script-modifier = تعديل: { $titre }
script-signataire = { $nom } ({ $qualite })
script-eleve = ملف { $prenom } { $nom }.
script-eleve-division = ملف { $prenom } { $nom }، حاليًا في { $division }.
script-transmis = تم إرسال هذا الملف من قبل: يمكنكم تعديله وإرساله من جديد.
script-valide = صادقت المدرسة على هذا الملف: لم يعد بالإمكان تعديله.
script-chargement = تعذّر تحميل ملفكم. تحقّقوا من الاتصال ثم أعيدوا تحميل الصفحة.
script-enregistrement = جارٍ حفظ المسودة…
script-enregistre = حُفظت المسودة في الساعة { $heure }.
script-session = انتهت جلستكم: سجّلوا الدخول من جديد للحفظ (ما هو معروض يبقى في هذه الصفحة).
script-refus = لم تُحفظ المسودة: { $raison }
script-hors-ligne = تعذّر حفظ المسودة: تحقّقوا من الاتصال.
script-mo = { $n } ميغابايت
script-ko = { $n } كيلوبايت
script-recu = تم الاستلام
script-analyse = تم الاستلام، فحص الفيروسات قيد الانتظار
script-refuse = رفضه فحص الفيروسات: أرسلوا نسخة أخرى
script-fichier = { $nom } ({ $taille })
script-piece = { $nom } ({ $taille }): { $etat }
script-piece-transmise = { $nom } ({ $taille }): { $etat }، أُرسل مع الملف
script-retirer = إزالة
script-retirer-fichier = إزالة { $nom }
script-joindre = إرفاق ملف
script-joindre-autre = إرفاق ملف آخر
script-retrait-refuse = تعذّرت إزالة هذه الوثيقة.
script-retrait-hors-ligne = تعذّرت إزالة الوثيقة: تحقّقوا من الاتصال.
script-trop-gros = الملف «{ $nom }» أكبر من { $taille }: صغّروا حجمه (صورة أصغر، مسح بالأبيض والأسود).
script-type = الملف «{ $nom }» ليس PDF ولا صورة JPEG أو PNG.
script-envoi = جارٍ إرسال «{ $nom }»…
script-envoi-barre = إرسال { $nom }
script-session-piece = انتهت جلستكم: سجّلوا الدخول من جديد ثم أرفقوا الملف مرة أخرى.
script-envoi-refuse = تعذّر إرسال الملف.
script-envoi-interrompu = انقطع الإرسال: تحقّقوا من الاتصال وأعيدوا المحاولة.
script-attendre = انتظروا انتهاء إرسال الملفات قبل إرسال الملف.
script-piece-obligatoire = هذه الوثيقة إلزامية: أرفقوها (PDF أو JPEG أو PNG).
script-piece-obligatoire-secretariat = هذه الوثيقة إلزامية: أرفقوها (PDF أو JPEG أو PNG)، أو ضعوا علامة على «سأحضرها إلى الأمانة».
script-reponses-enregistrees = حُفظت الإجابات في الساعة { $heure }.
script-reponses-hors-ligne = تعذّر حفظ إجاباتكم: تحقّقوا من الاتصال.
script-autre-personne = شخص آخر
script-reessayer = في الساعة { $heure }
script-colleges = { $n ->
    [zero] لا توجد مدرسة مطابقة.
    [one] مدرسة واحدة مطابقة.
    [two] مدرستان مطابقتان.
    [few] { $n } مدارس مطابقة.
    [many] { $n } مدرسة مطابقة.
   *[other] { $n } مدرسة مطابقة.
}
