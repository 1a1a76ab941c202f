# Português (europeu) — a comunidade portuguesa é das maiores em França. Traduzido de fr.ftl (a referência): mantenha todas as chaves, traduza o texto.

## A língua
langue-nom = Português

## Datas e números (usados pelo código)
date-jour = { $jour ->
    [1] segunda-feira
    [2] terça-feira
    [3] quarta-feira
    [4] quinta-feira
    [5] sexta-feira
    [6] sábado
   *[7] domingo
}
date-mois = { $mois ->
    [1] janeiro
    [2] fevereiro
    [3] março
    [4] abril
    [5] maio
    [6] junho
    [7] julho
    [8] agosto
    [9] setembro
    [10] outubro
    [11] novembro
   *[12] dezembro
}
# « domingo, 10 de janeiro de 2027 »
date-longue = { $jour }, { $quantieme } de { $mois } de { $annee }
nombre-milliers = { "\u00A0" }
nombre-decimale = ,

## Todas as páginas (base.html)
base-evitement = Ir para o conteúdo
base-langues = Língua
base-pied = Rodapé
base-liste-colleges = Lista das escolas
base-contact = contacto:

## Descrições das páginas (etiqueta meta)
index-description = Reinscrição no collège em linha: escolha a escola do seu filho.
etablissement-description = Reinscrição em linha no { $nom }

## Textos da escola sem tradução
contenu-seulement-francais = Este texto da escola só existe em francês.
contenu-en-partie-francais = Alguns textos da escola só existem em francês.

## Página de uma escola (etablissement.html)
etablissement-campagne = Reinscrição em linha de <time datetime="{ $ouverture_iso }">{ $ouverture }</time> a <time datetime="{ $cloture_iso }">{ $cloture }</time>, inclusive.
etablissement-commencer = Começar a reinscrição
etablissement-preparer = O que deve preparar
etablissement-preparer-courrier = A carta entregue pela escola, com o seu <strong>código de acesso</strong>.
etablissement-preparer-naissance = A <strong>data de nascimento</strong> do seu filho.
etablissement-preparer-caf = O seu <strong>número de beneficiário da CAF</strong>{ $caf ->
    [obligatoire] , se o seu filho almoçar na cantina
   *[other] {" "}(facultativo)
}.
etablissement-preparer-document = { $nom } { $obligatoire ->
    [true] (obrigatório)
   *[other] (facultativo)
}
etablissement-preparer-document-explication = { $nom } { $obligatoire ->
    [true] (obrigatório)
   *[other] (facultativo)
}: { $explication }
etablissement-comment = Como fazer
etablissement-comment-connexion = Abra a <a href="{ $url }">página de acesso</a> e introduza o código de acesso impresso na carta e a data de nascimento do seu filho. Cada filho tem o seu próprio código.
etablissement-comment-verifier = Verifique as informações que a escola já conhece e corrija o que mudou.
etablissement-comment-choisir = Escolha para o próximo ano{ $demi_pension ->
    [true] {" "}se almoça ou não na cantina,
   *[other] {""}
} o regime de saída e, se houver, as opções.
etablissement-comment-signer = Releia o resumo e assine. Receberá um e-mail de confirmação.
etablissement-duree = Conte com uns dez minutos. Pode parar e continuar mais tarde: o que escreveu fica guardado.
etablissement-niveaux = Anos no próximo ano letivo
etablissement-niveau-depuis = Alunos atualmente no { $depuis }: entrada no { $niveau }
etablissement-niveau = Entrada no { $niveau }
etablissement-sortants = Alunos atualmente no { $niveaux }: saem do collège, não há reinscrição a fazer.
etablissement-contact = Contacto
etablissement-secretariat = Secretaria: <a href="mailto:{ $courriel }">{ $courriel }</a>.
etablissement-secretariat-telephone = Secretaria: <a href="mailto:{ $courriel }">{ $courriel }</a>, telefone { $telephone }.

## Lista das escolas (index.html)
index-titre = Escolher a escola
index-chapo = Reinscreva o seu filho em linha: escolha a escola que frequenta atualmente.
index-filtre = Filtrar pelo nome da escola ou pelo município
index-aucun = Ainda não há nenhuma escola inscrita.

## Caminho de navegação (school_base.html)
fil-ariane = Caminho de navegação
fil-colleges = Escolas

## Páginas de conteúdo (page.html)
page-seulement-francais = Esta página só existe em francês.

## Páginas de erro (404.html, 413.html, 50x.html)
retrouver-college = Encontrar a escola do seu filho
introuvable-titre = Página não encontrada
introuvable-texte = O endereço pedido não existe ou mudou.
trop-volumineux-titre = Envio demasiado grande
trop-volumineux-texte = O que enviou ultrapassa o tamanho aceite pelo site: <strong>nada foi guardado</strong>, nem o formulário, nem os ficheiros anexados.
trop-volumineux-retour = Volte à página anterior com o botão «Voltar» do navegador e depois:
trop-volumineux-reduire = reduza o tamanho dos ficheiros anexados (fotografia mais pequena, digitalização a preto e branco);
trop-volumineux-apporter = ou assinale, se a escola o propuser, a caixa para entregar o documento na secretaria.
indisponible-titre = Serviço temporariamente indisponível
indisponible-texte = O serviço de reinscrição não está a responder neste momento (reinício ou manutenção). Tente novamente dentro de alguns minutos.
indisponible-conserve = O que já foi guardado mantém-se: um rascunho, um processo enviado (recebeu então o e-mail de confirmação), ficheiros anexados.

## Acesso (connexion.html, date-naissance.html, deconnexion.html)
connexion-fil = Acesso
connexion-titre = Entrar para reinscrever o seu filho
connexion-chapo = { $nom } — reinscrição em linha de <time datetime="{ $ouverture_iso }">{ $ouverture }</time> a <time datetime="{ $cloture_iso }">{ $cloture }</time>, inclusive.
connexion-impossible = Não foi possível entrar
connexion-impossible-texte = O código de acesso ou a data de nascimento não correspondem. Verifique o código impresso na carta da escola e a data de nascimento do seu filho e tente novamente.
connexion-verrouille = Demasiadas tentativas
connexion-verrouille-texte = Por segurança, após vários erros, as tentativas ficam mais lentas. Tente novamente <span data-reessayer>dentro de alguns minutos</span>: o seu código continua válido. Se o código e a data de nascimento forem os da carta, contacte a secretaria.
connexion-deconnecte = Terminou a sessão. O que tinha guardado mantém-se: volte a entrar para continuar.
connexion-pas-ouverte = A reinscrição ainda não está aberta
connexion-pas-ouverte-texte = Abre a <time datetime="{ $ouverture_iso }">{ $ouverture }</time>. Guarde a carta da escola: o seu código de acesso será o mesmo.
connexion-fermee = A reinscrição em linha está encerrada
connexion-fermee-texte = Encerrou a <time datetime="{ $cloture_iso }">{ $cloture }</time>, à noite. Contacte a secretaria da escola:
connexion-session = Por favor, inicie sessão
connexion-session-texte = Não tem sessão iniciada, ou a sua sessão expirou. O que tinha guardado mantém-se: volte a entrar para continuar.
connexion-manquant = Informações em falta
connexion-manquant-texte = Introduza o código de acesso e a data de nascimento do seu filho.
connexion-date = Data de nascimento inválida
connexion-date-texte = Esta data não existe. Indique o dia (1 a 31), o mês (1 a 12) e o ano com 4 algarismos, por exemplo 14 3 2015 para 14 de março de 2015.
connexion-requis = O código e a data de nascimento são obrigatórios.
connexion-code = Código de acesso
connexion-code-aide = 12 caracteres, impressos na carta entregue pela escola (por exemplo 7KQ2-MX9D-4TPW). Os hífenes, os espaços e as minúsculas são aceites.
connexion-naissance = Data de nascimento do seu filho
connexion-bouton = Entrar
connexion-sans-code = Não tem código de acesso?
connexion-sans-code-texte = O código está na carta entregue ao seu filho pela escola. Se a perdeu, peça um novo código à secretaria:
naissance-aide = Em algarismos, por exemplo 14 3 2015.
naissance-jour = Dia
naissance-mois = Mês
naissance-annee = Ano
erreur-prefixe = Erro:{" "}
deconnexion-bouton = Terminar sessão

## Processos por ano (dossier.html)
dossier-titre = Processo de reinscrição
dossier-fil = Processo
dossier-chapo = Entre primeiro: chega então diretamente ao processo do seu filho, já preenchido com o que a escola sabe.
dossier-par-niveau = Os processos por ano
dossier-niveau-depuis = {" "}: para os alunos atualmente no { $depuis }
dossier-sortants = Os alunos atualmente no { $niveaux } saem do collège: não há reinscrição a fazer.

## Confirmação e opinião (confirmation.html)
confirmation-fil-titre = Pedido enviado
confirmation-fil = Confirmação
confirmation-merci = Obrigado pela sua opinião: ajuda-nos a melhorar este serviço.
confirmation-titre = Pedido de reinscrição enviado
confirmation-recue = O { $nom } recebeu o seu pedido.
confirmation-deja-recus = Não voltamos a enviar um e-mail de confirmação: { $n ->
    [one] já recebeu { $n } hoje
   *[other] já recebeu { $n } hoje
}.
confirmation-sans-courriel = Não é enviado nenhum e-mail de confirmação.
confirmation-courriel = É enviado um e-mail de confirmação para o endereço do responsável legal 1.
confirmation-ensuite = E depois?
confirmation-validation = A escola verifica o processo e depois valida-o. Até lá, pode alterá-lo voltando a entrar, o mais tardar a <time datetime="{ $cloture_iso }">{ $cloture }</time>.
confirmation-document = Não se esqueça de entregar na secretaria: { $nom }.
confirmation-question = Para qualquer pergunta:
confirmation-fratrie = Tem um irmão ou uma irmã a reinscrever nesta escola? <a href="{ $url }">Volte ao resumo</a>: sem voltar a entrar, indique a data de nascimento.
satisfaction-titre = A sua opinião sobre este serviço
satisfaction-question = Está satisfeito com a reinscrição em linha?
satisfaction-1 = Nada satisfeito
satisfaction-2 = Pouco satisfeito
satisfaction-3 = Mais ou menos satisfeito
satisfaction-4 = Satisfeito
satisfaction-5 = Muito satisfeito
satisfaction-commentaire = Comentário (facultativo)
satisfaction-commentaire-aide = O que o ajudou, o que o incomodou. Não escreva informações pessoais.
satisfaction-envoyer = Enviar a minha opinião

## Formulário (formulaire.html, champ.html)
formulaire-titre = Reinscrição no { $niveau }
formulaire-chapo = { $nom }. Pode alterar este processo até <time datetime="{ $cloture_iso }">{ $cloture }</time>, inclusive.
formulaire-erreurs = O processo não foi enviado: { $n ->
    [one] { $n } ponto a corrigir
   *[other] { $n } pontos a corrigir
}
formulaire-erreur = { $champ }: { $message }
formulaire-requis = Os campos assinalados com um asterisco (<span class="requis">*</span>) são obrigatórios.
formulaire-recapitulatif = Resumo
formulaire-recapitulatif-texte = Releia as suas respostas. Para corrigir, volte à etapa em causa.
formulaire-transmettre = Enviar o processo
champ-deja-recu = Já recebido:
champ-choisir = Escolher na lista

## ─── Worker (i18nw) ───

serveur-requete-invalide = Pedido inválido
serveur-connexion-necessaire = É necessário iniciar sessão
serveur-connexion-necessaire-texte = Não tem sessão iniciada, ou a sua sessão expirou: volte a entrar com o código recebido por carta.
serveur-action-refusee = Ação recusada
serveur-page-introuvable = Página não encontrada
serveur-page-introuvable-texte = Este endereço não corresponde a nenhuma página.
serveur-methode = Método não permitido
serveur-methode-texte = Este endereço não aceita este método.
serveur-envoi-interrompu = Envio interrompido
serveur-envoi-interrompu-texte = Os dados demoraram demasiado a chegar: verifique a sua ligação e tente novamente.
serveur-modification-impossible = Alteração impossível
serveur-trop-volumineux = Envio demasiado grande
serveur-trop-volumineux-texte = Os dados enviados ultrapassam o tamanho permitido (64 KiB).
serveur-format = Formato não suportado
serveur-saisie-incorrecte = Dados incorretos
serveur-trop-d-envois = Demasiados envios hoje
serveur-tres-demande = Serviço muito solicitado
serveur-tres-demande-texte = O serviço está muito solicitado: tente novamente dentro de momentos. Nada do que já estava guardado se perdeu.
serveur-erreur = Erro do serviço
serveur-erreur-texte = Lamentamos: ocorreu um erro do nosso lado. Nada do que já estava guardado se perdeu; tente novamente dentro de alguns minutos.
serveur-retour = Use o botão «Voltar» do navegador para regressar ao que escreveu, ou
serveur-accueil = volte à página inicial
serveur-note = Escolha uma nota de 1 a 5.

validation-choisir = Escolha uma resposta.
validation-cocher = Assinale esta caixa para continuar.
validation-obligatoire = Este campo é obrigatório.
validation-caracteres = Este campo contém caracteres não permitidos.
validation-reponse-proposee = Escolha uma das respostas propostas.
validation-case = Valor de caixa de seleção inválido.
validation-date = Data inválida: formato esperado dd/mm/aaaa.
validation-format = Formato inválido.
validation-code-postal = Código postal inválido.
validation-code-postal-france = Código postal inválido: 5 algarismos em França (ex. 75017).
validation-telephone = Número inválido: 10 algarismos começando por 0 (ex. 06 12 34 56 78), ou + e o indicativo do país para o estrangeiro.
validation-courriel = Endereço de e-mail inválido (ex. nome@exemplo.fr).
validation-un-telephone = Indique pelo menos um número de telefone.
validation-caf = Número de beneficiário da CAF inválido: de 5 a 10 algarismos.
validation-document = Este documento é obrigatório: anexe-o (PDF, JPEG ou PNG).
validation-document-secretariat = Este documento é obrigatório: anexe-o (PDF, JPEG ou PNG), ou assinale «Vou entregá-lo na secretaria».

validation-trop-long = { $max ->
    [one] { $max } carácter no máximo
   *[other] { $max } caracteres no máximo
} ({ $saisis } escritos).
validation-signataire-absent = O encarregado de educação { $n } não está indicado neste processo: escolha a pessoa que assina entre os encarregados indicados, ou «Outra pessoa» com o seu nome.
validation-option-reservee = «{ $option }» está reservada aos alunos que já a frequentam este ano.
validation-option-non-abandonnable = «{ $option }» não pode ser abandonada: o seu filho frequenta-a este ano.
serveur-trop-d-envois-texte = Este processo já foi enviado { $n ->
    [one] uma vez
   *[other] { $n } vezes
} hoje: é o máximo por dia. A última versão enviada está bem guardada. Para uma nova alteração, volte amanhã (a partir da meia-noite), ou contacte a secretaria da escola.
serveur-fichier-antivirus = O ficheiro «{ $nom }» foi recusado pela análise antivírus: não foi guardado. Envie outra cópia do documento (fotografia ou digitalização).
serveur-fichier-place = O ficheiro «{ $nom }» ultrapassa o espaço que resta para os documentos deste aluno ({ $reste } MB de { $total } MB no total): não foi guardado. Retire um documento ou reduza o tamanho do ficheiro.
serveur-fichier-trop-gros = O ficheiro «{ $nom }» ultrapassa { $max } MB: não foi guardado. Reduza o seu tamanho (fotografia mais pequena, digitalização a preto e branco) e tente novamente.
serveur-fichier-type = O ficheiro «{ $nom }» não é um PDF, nem uma imagem JPEG ou PNG (o seu conteúdo foi verificado, não apenas o nome): não foi guardado.
serveur-fichier-vide = O ficheiro «{ $nom }» está vazio: escolha outro.
serveur-envoi-trop-gros = O envio ultrapassa { $max } MB: não foi guardado. Envie menos ficheiros de cada vez, ou ficheiros mais pequenos.
serveur-fichiers-place = Os ficheiros enviados ultrapassam o espaço previsto para os documentos deste aluno ({ $max } MB): não foram guardados.
serveur-trop-de-parties = O formulário enviado tem demasiadas partes (mais de { $max }): recarregue a página e tente novamente.
serveur-commentaire-long = O comentário é demasiado longo: { $max } caracteres no máximo.
serveur-campagne-close = A campanha de reinscrição está encerrada desde { $date }: contacte a secretaria da escola.
serveur-autre-enfant = Este formulário é o de { $prenom }, mas o processo aberto neste navegador é agora o de { $ouvert }: nada foi guardado. Volte ao resumo, abra o processo de { $prenom } e tente novamente.
serveur-format-attendu = Formato de dados não suportado: esperado { $attendu }.

serveur-autre-eleve = Este formulário não é o do aluno com sessão iniciada (houve outra entrada neste navegador). Volte a entrar com o código deste aluno e recomece.
serveur-college-absent = Esta escola já não propõe a reinscrição em linha: contacte a sua secretaria.
serveur-donnees-incompletes = Os dados enviados estão incompletos.
serveur-donnees-mal-formees = Os dados do formulário estão mal formados: recarregue a página e tente novamente.
serveur-autre-origine = Este pedido não vem do site de reinscrição: foi recusado. Abra o site diretamente e tente novamente.
serveur-autre-eleve-rien = Este formulário não é o do aluno com sessão iniciada (houve outra entrada neste navegador): nada foi guardado. Volte a entrar com o código deste aluno e recomece.
serveur-enfant-hors-session = Esta criança não está na sua sessão: use «Reinscrever outra criança» na página de resumo, com o código de acesso da sua carta e a data de nascimento.
serveur-enfant-inconnu = Este formulário não indica para que criança é: recarregue a página de resumo e tente novamente.
serveur-dossier-fige = Este processo já não pode ser alterado em linha: contacte a secretaria da escola.
serveur-document-non-demande = A escola não pede este documento: recarregue a página e tente novamente.
serveur-fichier-incomplet = O ficheiro não chegou completo: tente novamente.
serveur-piece-figee = Este documento já não pode ser alterado: já foi enviado com o processo, ou apagado.
serveur-envois-en-cours = Outros ficheiros deste aluno ainda estão a ser enviados: espere que cheguem e tente novamente.
serveur-formulaire-mal-forme = Os dados do formulário estão mal formados ou incompletos: recarregue a página e tente novamente.
serveur-fichier-sans-document = Um ficheiro enviado não corresponde a nenhum documento pedido: recarregue a página e tente novamente.
serveur-dossier-fige-piece = Este processo já não pode ser alterado em linha: para um documento, contacte a secretaria da escola.
serveur-campagne-terminee = A campanha de reinscrição está encerrada: contacte a secretaria da escola.
serveur-nom-fichier-long = O nome do ficheiro é demasiado longo (255 caracteres no máximo): mude-lhe o nome e tente novamente.
serveur-nom-fichier-caracteres = O nome do ficheiro contém caracteres inválidos: mude-lhe o nome e tente novamente.
serveur-nom-fichier-points = O nome do ficheiro não é válido (contém «..»): mude-lhe o nome e tente novamente.

courriel-confirmation-sujet = Reinscrição de { $prenom } { $nom } no { $etablissement }
courriel-bonjour = Bom dia,
courriel-recu = O { $etablissement } recebeu o pedido de reinscrição de { $eleve } no { $niveau }, assinado por { $signataire }.
courriel-recapitulatif = Resumo das suas escolhas
courriel-options = Opções
courriel-restauration = Refeições
courriel-demi-pensionnaire = Almoça na cantina (demi-pension)
courriel-externe = Não almoça na cantina (externe)
courriel-sans-demi-pension = não almoça na cantina (a escola não tem cantina)
courriel-regime-sortie = Regime de saída
courriel-oui = sim
courriel-non = não
courriel-pieces = Documentos a entregar na secretaria
courriel-facultatif = (facultativo)
courriel-suite = E agora?
courriel-suite-verification = A secretaria verifica o seu pedido e os documentos comprovativos.
courriel-suite-conseil = O conselho de turma do terceiro período decide a passagem de ano; a reinscrição é confirmada depois.
courriel-suite-modifier = Enquanto a escola não validar o seu processo, pode alterá-lo e enviá-lo de novo:
courriel-question = Tem uma pergunta? Basta responder a este e-mail: chega à secretaria da escola.
courriel-automatique = Esta mensagem é enviada automaticamente após o envio do processo.
courriel-version-francaise = Versão francesa
courriel-envoye-le = Enviado em { $date }

courriel-validation-sujet = Reinscrição de { $prenom } { $nom } aceite – { $etablissement }
courriel-validation-acceptee = O { $etablissement } examinou o processo de reinscrição de { $eleve }: o pedido é aceite, sob reserva da decisão do conselho de turma.
courriel-validation-acceptee-niveau = O { $etablissement } examinou o processo de reinscrição de { $eleve } no { $niveau }: o pedido é aceite, sob reserva da decisão do conselho de turma.
courriel-validation-pieces = A escola ainda aguarda { $n ->
    [one] este documento: entregue-o
   *[other] estes documentos: entregue-os
} na secretaria o mais depressa possível.
courriel-validation-valide = O processo está agora validado: já não pode ser alterado em linha. Para qualquer alteração, responda a este e-mail; ele chega à secretaria da escola.
courriel-validation-automatique = Esta mensagem é enviada automaticamente quando a escola valida um processo.
courriel-relance-sujet = Lembrete: reinscrição de { $prenom } no { $etablissement } antes de { $cloture }
courriel-relance-brouillon = Começou o processo de reinscrição de { $eleve } no { $etablissement }, mas ainda não foi enviado à escola. O que escreveu está guardado: volte a entrar para o terminar, assinar e enviar.
courriel-relance-connecte = Entrou no processo de reinscrição de { $eleve } no { $etablissement }, mas nada foi ainda guardado nem enviado à escola. Volte a entrar para verificar as informações já preenchidas, fazer as escolhas do próximo ano e assinar: bastam alguns minutos.
courriel-relance-a-remplir = O processo de reinscrição de { $eleve } no { $etablissement } deve ser preenchido em linha: as informações que a escola conhece já estão preenchidas, basta verificá-las, fazer as escolhas do próximo ano e assinar.
courriel-relance-cloture = A reinscrição em linha está aberta até { $cloture }, inclusive.
courriel-relance-bouton = Reinscrever { $prenom }
courriel-relance-connexion = Para entrar: o código de acesso impresso na carta entregue pela escola, e a data de nascimento do seu filho. Perdeu o código? Responda a este e-mail: a secretaria dar-lhe-á um novo.

# O resumo num só gesto (resume.html, página do servidor).
resume-titre = Reinscrição de { $prenom } no { $niveau }
resume-fil = Reinscrição de { $prenom }
resume-h1 = Reinscrição de { $prenom } { $nom } no { $niveau }
resume-division = {" "}— no { $division } este ano
resume-transmis = Enviado
resume-transmis-le = Enviado a { $jour }
resume-modifiable = , pode ser alterado até <time datetime="{ $cloture_iso }">{ $cloture }</time>, inclusive.
resume-questions = Para o próximo ano
resume-signe-par = Assinado por
resume-changer = Alterar
resume-changer-qui = a pessoa que assina
resume-raison-signature = Um responsável legal assina cada reinscrição.
resume-raison-options = A escolher todos os anos; as suas estão assinaladas.
resume-raison-choix = A escola ainda não conhece a sua escolha para o próximo ano.
resume-raison-reponse = A escola ainda não tem a sua resposta.
resume-raison-pieces = A escola ainda não tem estes documentos para o próximo ano.
resume-raison-autre = A escola não tem esta informação, ou não é válida.
resume-requis = {" "}: campo obrigatório.
resume-tout-est-exact = Está tudo certo — reinscrevo o meu filho
resume-connu = O que a escola sabe
resume-connu-texte = Alguma informação mudou (morada, telefone, responsável…)? Abra o respetivo bloco e depois «Alterar»: o processo completo abre nessa etapa, já preenchido, com as suas respostas acima.
resume-pas-de-resp2 = A escola não conhece um segundo responsável legal.
resume-modifier = Alterar: { $bloc }
resume-dossier-complet = Abrir o processo completo
resume-autres-enfants = Os seus outros filhos
resume-deja-session = Já nesta sessão:
resume-ouvrir-enfant = Abrir o processo de { $prenom }
resume-ajout = Reinscrever outro filho
resume-ajout-texte = Cada filho tem a sua própria carta da escola, com o seu código de acesso. Para reinscrever um irmão ou uma irmã sem terminar a sessão, introduza o código da carta e a data de nascimento: o processo abre aqui.
resume-ajout-code = Código de acesso (na carta do filho)
resume-ajout-code-aide = 12 caracteres, por exemplo 7KQ2-MX9D-4TPW. Os hífenes, os espaços e as minúsculas são aceites.
resume-ajout-naissance = Data de nascimento do filho
resume-ajout-bouton = Reinscrever este filho
# Le résumé : les options suivies cette année.
resume-cette-annee = Este ano
resume-efface = (apagado)
resume-alerte-ajoute = O processo de { $prenom } está aberto. Os outros filhos da sua sessão continuam acessíveis no fundo desta página.
resume-alerte-reprise = Os contactos foram copiados para o processo de { $prenom }: verifique-os abaixo. Nada é enviado à escola antes da sua confirmação.
resume-reprise-titre = Contactos já escritos para { $prenom }
resume-reprise-texte = No processo de { $source }, alterou os contactos { $n ->
    [one] de um encarregado que é também o
   *[other] de encarregados que são também os
} de { $prenom }:
resume-reprise-inchange = O processo de { $prenom } só muda se o pedir.
resume-reprise-bouton = Usar a morada e os contactos escritos para { $prenom }
resume-alerte-identifiants = Código de acesso ou data de nascimento incorretos. Verifique o código impresso na carta da criança e a sua data de nascimento, e tente novamente.
resume-alerte-verrouille-heure = Demasiadas tentativas com este código: por segurança, tente novamente às { $heure }.
resume-alerte-verrouille = Demasiadas tentativas com este código: por segurança, tente novamente dentro de { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
}.
resume-alerte-fermee = A reinscrição em linha não está aberta hoje: nenhuma criança pode ser adicionada. Contacte a secretaria da escola.
resume-alerte-sortant = Este aluno deixa a escola no fim do ano: não tem processo de reinscrição para preencher.
resume-alerte-saisir = Escreva o código de acesso e a data de nascimento da criança.
resume-alerte-date = Esta data não existe: indique o dia (1 a 31), o mês (1 a 12) e o ano com 4 algarismos.

## Os scripts (static/*.js)
script-choisir = Escolha uma resposta.
script-cocher = Marque esta caixa para continuar.
script-obligatoire = Este campo é obrigatório.
script-format = Formato inválido.
script-date = Data inválida: esperado dd/mm/aaaa.
script-erreur = Erro:{" "}
script-erreurs = { $n ->
    [one] { $n } ponto a corrigir
   *[other] { $n } pontos a corrigir
}
script-lien-erreur = { $champ }: { $message }
script-etape = Etapa { $n } de { $total }: { $titre }
script-precedente = Etapa anterior
script-continuer = Continuar
script-aucun-fichier = Nenhum ficheiro anexado
script-oui = Sim
script-non = Não
script-non-renseigne = Não indicado
script-modifier = Alterar: { $titre }
script-signataire = { $nom } ({ $qualite })
script-eleve = Processo de { $prenom } { $nom }.
script-eleve-division = Processo de { $prenom } { $nom }, atualmente em { $division }.
script-transmis = Este processo já foi enviado: pode alterá-lo e enviá-lo novamente.
script-valide = A escola validou este processo: já não pode ser alterado.
script-chargement = Não foi possível carregar o seu processo. Verifique a sua ligação e recarregue a página.
script-enregistrement = A guardar o rascunho…
script-enregistre = Rascunho guardado às { $heure }.
script-session = A sua sessão expirou: volte a entrar para guardar (o que está apresentado fica nesta página).
script-refus = Rascunho não guardado: { $raison }
script-hors-ligne = Não foi possível guardar o rascunho: verifique a sua ligação.
script-mo = { $n } MB
script-ko = { $n } KB
script-recu = recebido
script-analyse = recebido, análise antivírus pendente
script-refuse = recusado pela análise antivírus: envie outra cópia
script-fichier = { $nom } ({ $taille })
script-piece = { $nom } ({ $taille }): { $etat }
script-piece-transmise = { $nom } ({ $taille }): { $etat }, enviado com o processo
script-retirer = Retirar
script-retirer-fichier = Retirar { $nom }
script-joindre = Anexar um ficheiro
script-joindre-autre = Anexar outro ficheiro
script-retrait-refuse = Não foi possível retirar este documento.
script-retrait-hors-ligne = Não foi possível retirar o documento: verifique a sua ligação.
script-trop-gros = O ficheiro « { $nom } » ultrapassa { $taille }: reduza o tamanho (fotografia mais pequena, digitalização a preto e branco).
script-type = O ficheiro « { $nom } » não é um PDF nem uma imagem JPEG ou PNG.
script-envoi = A enviar « { $nom } »…
script-envoi-barre = A enviar { $nom }
script-session-piece = A sua sessão expirou: volte a entrar e anexe o ficheiro novamente.
script-envoi-refuse = Não foi possível enviar o ficheiro.
script-envoi-interrompu = Envio interrompido: verifique a sua ligação e tente novamente.
script-attendre = Aguarde o fim do envio dos ficheiros antes de enviar o processo.
script-piece-obligatoire = Este documento é obrigatório: anexe-o (PDF, JPEG ou PNG).
script-piece-obligatoire-secretariat = Este documento é obrigatório: anexe-o (PDF, JPEG ou PNG) ou marque « Entregarei na secretaria ».
script-reponses-enregistrees = Respostas guardadas às { $heure }.
script-reponses-hors-ligne = Não foi possível guardar as suas respostas: verifique a sua ligação.
script-autre-personne = outra pessoa
script-reessayer = às { $heure }
script-colleges = { $n ->
    [one] { $n } escola corresponde.
   *[other] { $n } escolas correspondem.
}
