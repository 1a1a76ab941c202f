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
