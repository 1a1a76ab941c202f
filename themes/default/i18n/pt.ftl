# Português (europeu). Traduzido de fr.ftl (a referência): mantenha todas as chaves, traduza o texto.

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
