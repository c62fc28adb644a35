"""Synthetic barometers: case files of the seed's size and shape, deterministic for a seed.

``graphmap synth`` writes, by default, *realistic* cases: each is a monograph like the seed
study (``cases/sante-publique-2026.yaml``), about 2,000 triples and 100 to 200 entities, with
every section of the format filled the way the seed fills it — an organisation with its
tutelle and an external contractor, units and sites, roles and posts, tasks with their kind
of work and characteristics, tools, AI tools and capsules, usages of every status and
attestation, non-usages with reasons in the six categories, constraints, support measures,
non-AI improvements, risks, success conditions, cultural brakes, lessons, recommendations and
a maturity assessment — quotes on most entities and a source on every one.

The cases share what a barometer's organisations share: a handful of products (``excel``,
``messagerie``, ``chatgpt-pro``, ``copilot``...) appear in most cases, a middle tail in some,
and each case adds its own local tools (ids ending with the case's number, so found in one
case only). They vary: sector (a dozen), size (staff from a few dozen to thousands, and the
number of units, roles, tasks that goes with it), and the facts behind the verdicts, so that
over a few cases the named queries give tasks standardisable and not, and roles
effective-user, exploring and not-concerned.

``shape="small"`` keeps the earlier shape (~380 triples, little sharing), which the
property-based tests use for speed.

Editions: ``write_barometer(..., editions=2)`` writes every organisation in two editions of the
barometer (or more), as a barometer that returns to the same organisations would: the later
edition of a case (``next_edition``) studies the same organisation, under the same label, a year
later (``study.date``), under another edition text (``study.edition``) and case id (``-e2``), and
a few things moved: one or two usages became effective and one fell back to an experiment (so
the roles that hold them change typology class), a role with no usage started experimenting, a
role was created and another one disappeared (with what hung on it), and one or two non-usage
reasons disappeared while others appeared.

The files are written by a small YAML emitter of this module (block style, short lists in
flow style, strings quoted only when they must be): a thousand realistic cases take a few
seconds. Same seed, same bytes.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

__all__ = ["SHAPES", "synth_case", "next_edition", "write_barometer", "dump_case"]

SHAPES = ("realistic", "small")

# --- the study's sections (those of the seed) --------------------------------------------------

SECTIONS = [
    ("0", "Précaution méthodologique"), ("1", "Contexte organisationnel"),
    ("2", "Dispositif d'accompagnement mis en place"), ("2.1", "Infrastructure sécurisée"),
    ("2.2", "Accompagnement organisationnel"), ("2.3", "Démarche d'innovation"),
    ("3", "Usages effectifs identifiés"), ("3.1", "Capsules IA métier (usage organisationnel structuré)"),
    ("3.2", "IA de prise de notes en réunion"), ("3.3", "Aide à la rédaction"),
    ("3.4", "IA mobilisée par un prestataire externe"), ("4", "Non-usages documentés"),
    ("4.1", "Non-usage fonctionnel"), ("4.2", "Non-usage organisationnel"), ("4.3", "Non-usage technique"),
    ("4.4", "Non-usage qualitatif"), ("4.5", "Non-usage lié à la responsabilité et au sens"),
    ("4.6", "Non-usage économique/emploi"), ("5", "Typologie des métiers vis-à-vis de l'IA"),
    ("5.1", "Métiers utilisateurs effectifs"), ("5.2", "Métiers en exploration"),
    ("5.3", "Métiers non concernés identifiés"), ("6", "Points de vigilance remontés"),
    ("6.1", "Risques identifiés"), ("6.2", "Conditions de réussite"), ("6.3", "Freins culturels"),
    ("7", "Enseignements transversaux"), ("7.1", "Le non-usage comme résultat analytique"),
    ("7.2", "L'invisibilisation du travail support"), ("7.3", "Articulation IA / Organisation"),
    ("7.4", "Importance de l'analyse du travail réel"),
    ("8", "Recommandations contextualisées (issues de la cartographie)"), ("8.1", "Pour le déploiement"),
    ("8.2", "Pour l'évaluation"), ("8.3", "Pour la gouvernance"),
    ("9", "Maturité organisationnelle globale de l'organisation"),
    ("annexe", "Capsules et réseau d'échange de pratiques"),
]

# --- sectors ----------------------------------------------------------------------------------
# Each sector gives the organisation, its sensitive data, its core trade (the role whose
# standard deliverables capsules take on) and a dedicated service with its own AI instance.

SECTORS: list[dict[str, Any]] = [
    {"key": "sante", "sector": "santé publique", "org": "Organisation publique de santé",
     "data": "données de santé", "partner": "Ministère de tutelle",
     "core": ("inspecteurs", "Inspecteurs", "service-inspection", "Inspection"),
     "core_tasks": [("tache-rapports-inspection", "Rédaction des rapports d'inspection", "Rapport d'inspection"),
                    ("tache-tableaux-mesures", "Élaboration des tableaux de mesures à partir des données collectées", "Tableau de mesures")],
     "service": ("reclamations", "réclamations", "Traitement des réclamations des usagers")},
    {"key": "social", "sector": "action sociale", "org": "Direction départementale des solidarités",
     "data": "données sociales nominatives", "partner": "Conseil départemental",
     "core": ("travailleurs-sociaux", "Travailleurs sociaux", "service-action-sociale", "Action sociale territoriale"),
     "core_tasks": [("tache-rapports-evaluation", "Rédaction des rapports d'évaluation sociale", "Rapport d'évaluation"),
                    ("tache-instruction-aides", "Instruction des demandes d'aide financière", "Notification de décision")],
     "service": ("information-usagers", "information des usagers", "Réponse aux demandes d'information des usagers")},
    {"key": "education", "sector": "éducation", "org": "Rectorat d'académie",
     "data": "données des élèves", "partner": "Ministère de tutelle",
     "core": ("inspecteurs-pedagogiques", "Inspecteurs pédagogiques", "service-inspection-pedagogique", "Inspection pédagogique"),
     "core_tasks": [("tache-rapports-visite", "Rédaction des rapports de visite", "Rapport de visite"),
                    ("tache-syntheses-academiques", "Préparation des synthèses académiques", "Synthèse académique")],
     "service": ("examens", "examens", "Gestion des convocations et des sujets d'examen")},
    {"key": "environnement", "sector": "environnement", "org": "Agence régionale de l'environnement",
     "data": "données industrielles confidentielles", "partner": "Ministère de tutelle",
     "core": ("charges-etudes", "Chargés d'études environnementales", "service-etudes", "Études et évaluation"),
     "core_tasks": [("tache-avis-environnementaux", "Rédaction des avis environnementaux", "Avis environnemental"),
                    ("tache-releves-qualite", "Analyse des relevés de qualité de l'eau", "Tableau de relevés commenté")],
     "service": ("aides", "instruction des aides", "Instruction des dossiers de subvention")},
    {"key": "culture", "sector": "culture et patrimoine", "org": "Établissement public patrimonial",
     "data": "données des donateurs et des prêteurs", "partner": "Ministère de tutelle",
     "core": ("documentalistes", "Documentalistes", "service-collections", "Collections et documentation"),
     "core_tasks": [("tache-notices-oeuvres", "Rédaction des notices d'œuvres", "Notice d'œuvre"),
                    ("tache-recolement", "Récolement et inventaire des collections", "Fiche d'inventaire")],
     "service": ("publics", "publics", "Réponse aux demandes de réservation des groupes")},
    {"key": "emploi", "sector": "emploi et insertion", "org": "Agence territoriale pour l'emploi",
     "data": "données personnelles des demandeurs d'emploi", "partner": "Direction nationale",
     "core": ("conseillers-emploi", "Conseillers emploi", "service-accompagnement", "Accompagnement des demandeurs"),
     "core_tasks": [("tache-diagnostics-parcours", "Rédaction des diagnostics de parcours", "Diagnostic de parcours"),
                    ("tache-offres-emploi", "Mise en forme des offres d'emploi", "Offre d'emploi publiée")],
     "service": ("employeurs", "relation employeurs", "Traitement des offres déposées par les employeurs")},
    {"key": "transport", "sector": "transport public", "org": "Régie publique de transport",
     "data": "données de billettique et de géolocalisation", "partner": "Autorité organisatrice des mobilités",
     "core": ("agents-exploitation", "Agents d'exploitation", "service-exploitation", "Exploitation du réseau"),
     "core_tasks": [("tache-rapports-incident", "Rédaction des rapports d'incident", "Rapport d'incident"),
                    ("tache-tableaux-ponctualite", "Élaboration des tableaux de ponctualité", "Tableau de ponctualité")],
     "service": ("relation-voyageurs", "relation voyageurs", "Traitement des réclamations des voyageurs")},
    {"key": "logement", "sector": "logement social", "org": "Office public de l'habitat",
     "data": "données des locataires", "partner": "Collectivité de rattachement",
     "core": ("gestionnaires-locatifs", "Chargés de gestion locative", "service-gestion-locative", "Gestion locative"),
     "core_tasks": [("tache-courriers-locataires", "Rédaction des courriers aux locataires", "Courrier type"),
                    ("tache-commissions-attribution", "Préparation des commissions d'attribution", "Dossier de commission")],
     "service": ("contentieux", "contentieux locatif", "Suivi des impayés de loyer")},
    {"key": "collectivite", "sector": "administration territoriale", "org": "Communauté de communes",
     "data": "données d'état civil", "partner": "Préfecture",
     "core": ("redacteurs-assemblees", "Rédacteurs des assemblées", "service-assemblees", "Assemblées et affaires juridiques"),
     "core_tasks": [("tache-deliberations", "Rédaction des projets de délibération", "Projet de délibération"),
                    ("tache-proces-verbaux", "Rédaction des procès-verbaux de séance", "Procès-verbal")],
     "service": ("guichet-unique", "guichet unique", "Réponse aux demandes des habitants")},
    {"key": "recherche", "sector": "recherche publique", "org": "Organisme public de recherche",
     "data": "données de recherche non publiées", "partner": "Ministère de tutelle",
     "core": ("charges-valorisation", "Chargés de valorisation", "service-valorisation", "Valorisation de la recherche"),
     "core_tasks": [("tache-rapports-activite", "Rédaction des rapports d'activité", "Rapport d'activité"),
                    ("tache-dossiers-financement", "Montage des dossiers de financement", "Dossier de financement")],
     "service": ("contrats", "contrats de recherche", "Préparation des conventions de recherche")},
    {"key": "justice", "sector": "justice", "org": "Service pénitentiaire d'insertion et de probation",
     "data": "données judiciaires", "partner": "Direction interrégionale",
     "core": ("conseillers-probation", "Conseillers d'insertion et de probation", "service-milieu-ouvert", "Milieu ouvert"),
     "core_tasks": [("tache-rapports-magistrat", "Rédaction des rapports au magistrat", "Rapport au magistrat"),
                    ("tache-syntheses-suivi", "Préparation des synthèses de suivi", "Synthèse de suivi")],
     "service": ("greffe", "greffe", "Mise en forme des pièces de procédure")},
    {"key": "finances", "sector": "finances publiques", "org": "Centre départemental des finances publiques",
     "data": "données fiscales", "partner": "Direction générale de rattachement",
     "core": ("controleurs", "Contrôleurs", "service-controle", "Contrôle"),
     "core_tasks": [("tache-notifications", "Rédaction des notifications de contrôle", "Notification"),
                    ("tache-analyse-declarations", "Analyse des déclarations déposées", "Fiche d'analyse")],
     "service": ("accueil-fiscal", "accueil fiscal", "Réponse aux messages des usagers")},
    {"key": "agriculture", "sector": "agriculture", "org": "Direction départementale des territoires",
     "data": "données des exploitations", "partner": "Ministère de tutelle",
     "core": ("techniciens-controle", "Techniciens de contrôle", "service-economie-agricole", "Économie agricole"),
     "core_tasks": [("tache-comptes-rendus-controle", "Rédaction des comptes rendus de contrôle", "Compte rendu de contrôle"),
                    ("tache-releves-terrain", "Saisie et consolidation des relevés de terrain", "Tableau de relevés")],
     "service": ("aides-agricoles", "aides agricoles", "Instruction des dossiers d'aide agricole")},
]

REGIONS = ["Bretagne", "Normandie", "Occitanie", "Grand Est", "Hauts-de-France", "Nouvelle-Aquitaine",
           "Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Centre-Val de Loire", "Pays de la Loire",
           "Provence-Alpes-Côte d'Azur", "Île-de-France", "Corse", "La Réunion", "Guadeloupe"]
SIZES = [("petite", 25, 90, 1, 3), ("moyenne", 90, 600, 3, 8), ("grande", 600, 6000, 6, 24)]  # name, staff range, branch range
INFORMANTS = ["agente administrative", "chargé de mission", "référente IA", "cadre intermédiaire", "assistante de direction",
              "responsable de service", "gestionnaire", "agent d'accueil"]

# --- characteristics: what makes a task standardisable or not under ontology/rubric.ttl ---------
# Criteria weights: recurrent, structured-inputs, explicit-rules, standard-deliverable 2 each;
# consistent-documents, existing-examples, error-tolerant, partly-automated 1 each (12 in all,
# threshold 0.55: 7 points); any blocking condition keeps a task from being standardisable.

_CORE4 = ["recurrent", "structured-inputs", "explicit-rules", "standard-deliverable"]
_MINOR = ["consistent-documents", "existing-examples", "error-tolerant", "partly-automated"]


def _characteristics(rng: random.Random, profile: str) -> list[str]:
    if profile == "std":  # 8 points or more
        chosen = _CORE4 + rng.sample(_MINOR, rng.randint(0, 3))
    elif profile == "near":  # around the threshold: standardisable or not by a point
        chosen = ["recurrent", "standard-deliverable"] + rng.sample(["structured-inputs", "explicit-rules"] + _MINOR, rng.randint(1, 3))
    elif profile == "weak":
        chosen = rng.sample(["recurrent"] + _MINOR, rng.randint(0, 2))
    elif profile == "variety":
        chosen = ["high-variety-short-tasks"] + rng.sample(["recurrent", "error-tolerant"], rng.randint(0, 1))
    elif profile == "judgement":
        chosen = ["recurrent", "explicit-rules", "item-by-item-judgement"] + rng.sample(["structured-inputs", "existing-examples"], rng.randint(0, 1))
    elif profile == "relational":
        chosen = ["relational-tact"] + rng.sample(["recurrent", "item-by-item-judgement"], rng.randint(0, 2))
    elif profile == "relational-rules":
        chosen = ["recurrent", "explicit-rules", "structured-inputs", "relational-tact"]
    elif profile == "physical":
        chosen = ["physical-work"] + rng.sample(["recurrent"], rng.randint(0, 1))
    elif profile == "accountable":
        chosen = ["accountable-human-judgement", "recurrent", "standard-deliverable"] + rng.sample(_MINOR + ["explicit-rules"], rng.randint(1, 3))
    elif profile == "automated":
        chosen = ["recurrent", "explicit-rules", "standard-deliverable", "partly-automated"] + rng.sample(["structured-inputs"], rng.randint(0, 1))
    else:  # "none": the study says nothing of what the task is like
        chosen = []
    order = {name: k for k, name in enumerate(_CORE4 + _MINOR)}
    return sorted(set(chosen), key=lambda c: (order.get(c, 99), c))


def _lacks(rng: random.Random, profile: str, chosen: list[str]) -> list[str]:
    """What the interview establishes a task does not have (the rest stays not recorded)."""
    others = [c for c in _CORE4 + _MINOR if c not in chosen]
    if profile == "weak" and rng.random() < 0.7:  # settled: even the rest could not reach the threshold
        return others
    if profile in ("near", "none") and rng.random() < 0.4:
        return rng.sample(others, min(len(others), rng.randint(1, 3)))
    return []


# --- generic roles (every sector has some of them) ----------------------------------------------
# tasks: (id, label, profile, quote or None, deliverable or None)

GENERIC_ROLES: dict[str, dict[str, Any]] = {
    "juristes": {"label": "Juristes", "unit": "service-juridique", "section": "5.2",
                 "quote": "Les juristes testent l'outil pour la veille, jamais pour l'avis final.",
                 "tasks": [("tache-avis-juridiques", "Rédaction des avis juridiques", "accountable",
                            "L'avis engage la responsabilité de l'organisation.", "Avis juridique"),
                           ("tache-veille-juridique", "Veille juridique et réglementaire", "near",
                            "Chaque semaine, on fait le tour des textes parus.", "Note de veille")],
                 "usage": ("veille", "Veille juridique assistée par l'IA", ["experimented", "experimented", "effective"])},
    "communication": {"label": "Chargés de communication", "unit": "service-communication", "section": "5.1",
                      "quote": "Pour un premier jet de publication, c'est devenu un réflexe.",
                      "tasks": [("tache-contenus-web", "Rédaction des contenus web et des publications", "std",
                                 "On publie tous les jours sur les mêmes formats.", "Publication"),
                                ("tache-revue-presse", "Préparation de la revue de presse", "near", None, "Revue de presse")],
                      "usage": ("contenus", "Premiers jets de publications avec l'IA", ["effective", "effective", "experimented"])},
    "statistiques": {"label": "Chargés d'études statistiques", "unit": "service-etudes-statistiques", "section": "5.1",
                     "quote": "Les formules, on les fait écrire puis on les vérifie.",
                     "tasks": [("tache-tableaux-bord", "Production des tableaux de bord mensuels", "std",
                                "Le même tableau de bord chaque mois, avec les mêmes indicateurs.", "Tableau de bord"),
                               ("tache-enquetes-internes", "Exploitation des enquêtes internes", "near", None, None)],
                     "usage": ("tableaux-bord", "Aide à l'écriture des formules et des tableaux de bord", ["effective", "experimented"])},
    "informatique": {"label": "Équipe informatique", "unit": "service-informatique", "section": "5.2",
                     "quote": "On essaie sur les scripts, pas sur le support.",
                     "tasks": [("tache-support-utilisateurs", "Support aux utilisateurs", "variety",
                                "Chaque appel est différent, il faut comprendre le poste de la personne.", None),
                               ("tache-scripts", "Écriture de scripts d'automatisation", "near", None, "Script")],
                     "usage": ("scripts", "Écriture de scripts avec un assistant IA", ["experimented", "effective", "evoked"])},
    "encadrement": {"label": "Encadrement intermédiaire", "unit": None, "section": "5.2",
                    "quote": "On en parle en réunion de cadres, sans l'avoir vraiment essayé.",
                    "tasks": [("tache-reunions-equipe", "Préparation des réunions d'équipe", "weak", None, "Ordre du jour"),
                              ("tache-entretiens-annuels", "Conduite des entretiens annuels", "relational",
                               "L'entretien annuel, c'est une relation, pas un formulaire.", None)],
                    "usage": ("reunions", "Préparation des ordres du jour avec l'IA", ["evoked", "evoked", "experimented"])},
    "achats": {"label": "Acheteurs publics", "unit": "service-achats", "section": "5.2",
               "quote": "Le cahier des charges, on repart toujours du précédent.",
               "tasks": [("tache-cahiers-charges", "Rédaction des cahiers des charges", "near",
                          "On repart toujours du précédent marché.", "Cahier des charges"),
                         ("tache-analyse-offres", "Analyse des offres des candidats", "accountable",
                          "Le choix du titulaire engage la commission.", "Rapport d'analyse des offres")],
               "usage": ("cahiers-charges", "Trame de cahier des charges générée par l'IA", ["experimented", "evoked"])},
    "rh": {"label": "Gestionnaires ressources humaines", "unit": "service-rh", "section": "5.2",
           "quote": "La paie ne pardonne pas l'erreur, le reste se discute.",
           "tasks": [("tache-paie", "Préparation des éléments de paie", "automated",
                      "Les rappels et les contrôles sont déjà automatisés.", "Éléments de paie"),
                     ("tache-accueil-nouveaux", "Accueil des nouveaux arrivants", "relational", None, None),
                     ("tache-fiches-poste", "Rédaction des fiches de poste", "std", None, "Fiche de poste")],
           "usage": None},
    "comptables": {"label": "Comptables", "unit": "service-finances", "section": "5.2",
                   "quote": "Le mandatement suit des règles strictes, tout est déjà dans le logiciel.",
                   "tasks": [("tache-mandatement", "Mandatement des factures", "automated", None, "Mandat"),
                             ("tache-rapprochements", "Rapprochements bancaires", "judgement",
                              "Chaque écart se regarde ligne par ligne.", None)],
                   "usage": None},
    "accueil": {"label": "Agents d'accueil", "unit": None, "section": "5.3",
                "quote": "Chaque personne arrive avec son histoire.",
                "tasks": [("tache-accueil-physique", "Accueil physique et orientation du public", "relational",
                           "Chaque personne arrive avec son histoire.", None),
                          ("tache-accueil-telephonique", "Accueil téléphonique", "relational", None, None)],
                "usage": None},
    "logistique": {"label": "Logistique", "unit": "service-logistique", "section": "5.3",
                   "quote": "Remplacement des cartouches, réparations, maintenance physique.",
                   "tasks": [("tache-maintenance", "Maintenance physique des locaux et du matériel", "physical",
                              "Remplacement des cartouches, réparations, maintenance physique.", None),
                             ("tache-courrier", "Distribution du courrier", "physical", None, None),
                             ("tache-vehicules", "Gestion du parc de véhicules", "physical", None, None)],
                   "usage": None},
    "mediation": {"label": "Métiers de médiation et de gestion de crise", "unit": None, "section": "5.3",
                  "quote": "Métiers requérant diplomatie fine et adaptation contextuelle permanente.",
                  "tasks": [("tache-mediation", "Médiation et gestion des situations de crise", "relational",
                             "Gestion des urgences, priorisation humaine, connaissance des contraintes.", None),
                            ("tache-communication-adaptee", "Communication adaptée aux situations personnelles", "relational",
                             "Selon les situations personnelles (maladie, deuil, charge de travail).", None)],
                  "usage": None},
    "supports": {"label": "Services supports", "unit": "unite-services-supports", "section": "5.2",
                 "quote": "Selon standardisation des tâches.",
                 "tasks": [("tache-supports-structuree", "Tâches structurées et standardisées des services supports", "std",
                            "L'IA est pertinente quand le processus est déjà bien structuré et standardisé.", None),
                           ("tache-supports-contextuelle", "Tâches contextuelles et variées des services supports", "variety",
                            None, None)],
                 "usage": None},
}
ISCO = "http://data.europa.eu/esco/isco/C"
CROSSWALK = {  # role -> occupational classifications it is close to (ISCO-08 groups, O*NET, ROME)
    "assistants": [ISCO + "4120", "https://www.onetonline.org/link/summary/43-6014.00",
                   "https://candidat.francetravail.fr/metierscope/fiche-metier/M1607"],
    "logistique": ["https://www.onetonline.org/link/summary/49-9071.00"],
    "juristes": [ISCO + "2619"], "communication": [ISCO + "2432"], "statistiques": [ISCO + "2120"],
    "informatique": [ISCO + "3512"], "achats": [ISCO + "3323"], "rh": [ISCO + "4416"], "comptables": [ISCO + "4311"],
    "accueil": [ISCO + "4226"], "inspecteurs": [ISCO + "3257", "https://www.onetonline.org/link/summary/19-5011.00"],
    "travailleurs-sociaux": [ISCO + "2635"],
}
TASK_CROSSWALK = {  # task -> the O*NET task statement it matches, as in the seed case (reference/eloundou-2024)
    "tache-tri-archives": "2605", "tache-mise-en-forme-rapports": "2797", "tache-comptes-rendus-syntheses": "20284",
    "tache-conception-capsules": "3475", "tache-maintenance": "20671",
}
OPTIONAL_ROLES = ["juristes", "communication", "statistiques", "informatique", "encadrement", "achats", "rh", "comptables", "supports"]

ASSISTANT_TASKS = [  # the emblematic multitask post of the seed (§4)
    ("tache-gestion-administrative", "Gestion administrative (multiples petites tâches courtes et variées)", "variety",
     ["Tâches variées, peu standardisables, contextuelles.", "Chaque journée différente avec multiples petites tâches courtes."]),
    ("tache-mise-en-forme-rapports", "Mise en forme de rapports", "near", []),
    ("tache-tri-archives", "Tri d'archives", "judgement",
     ["Ouverture document par document nécessaire.", "Contexte spécifique à chaque dossier."]),
    ("tache-suivi-delais", "Suivi des délais et relances", "relational-rules", ["Relations interpersonnelles dans les rappels."]),
    ("tache-parapheurs", "Gestion des parapheurs", "automated", []),
    ("tache-regulation-processus", "Régulation humaine des processus", "relational",
     ["Gestion des urgences, priorisation humaine, connaissance des contraintes."]),
    ("tache-agendas", "Gestion des agendas et des réservations de salles", "variety", ["On jongle toute la journée avec les agendas."]),
]

# --- products: shared by many cases, then a long tail of local ones -----------------------------
# (id, label, share of cases, vendor[, quote])
SHARED_TOOLS = [("excel", "Excel", 0.95, "Microsoft", "Automatisation et rappels déjà mis en place via Excel."),
                ("messagerie", "Messagerie électronique", 0.92, None, "Tout passe par la messagerie."),
                ("signature-electronique", "Signature électronique", 0.5, None, "La signature électronique a tout simplifié."),
                ("visioconference", "Visioconférence", 0.55, None, "Les réunions se font en visio."),
                ("ged", "Gestion électronique des documents", 0.4, None, "Les documents sont dans la GED, mais mal classés.")]
SHARED_AI_TOOLS = [("chatgpt-pro", "ChatGPT Pro", 0.85, "OpenAI"), ("copilot", "Copilot", 0.7, "Microsoft"),
                   ("le-chat-pro", "Le Chat Pro", 0.25, "Mistral AI"), ("albert", "Albert", 0.2, None),
                   ("gemini", "Gemini", 0.12, "Google")]
LOCAL_TOOL_STEMS = ["logiciel-metier", "base-dossiers", "outil-planning", "portail-agents", "si-gestion", "outil-suivi",
                    "extranet", "logiciel-courrier", "referentiel", "tableur-partage"]
LOCAL_TOOL_LABELS = {
    "logiciel-metier": "Logiciel métier {name}", "base-dossiers": "Base de dossiers {name}",
    "outil-planning": "Outil de planification {name}", "portail-agents": "Portail des agents {name}",
    "si-gestion": "Système d'information de gestion {name}", "outil-suivi": "Outil de suivi {name}",
    "extranet": "Extranet partenaires {name}", "logiciel-courrier": "Logiciel de gestion du courrier {name}",
    "referentiel": "Référentiel interne {name}", "tableur-partage": "Classeur partagé {name}",
}
TOOL_NAMES = ["Orion", "Sirius", "Vega", "Altaïr", "Castor", "Lyra", "Hermès", "Iris", "Atlas", "Cassini", "Kepler",
              "Pégase", "Zéphyr", "Opale", "Agate", "Ambre", "Saphir", "Topaze", "Corail", "Ébène"]
HOSTING = ["Serveurs français, données sécurisées.", "Hébergement européen certifié.", "Cloud de l'éditeur, hors Union européenne.",
           "Hébergement interne sur les serveurs de l'organisation.", "Serveurs de l'éditeur, localisation non communiquée."]

# --- non-usage reasons, by category (label, quote, what it relates to) --------------------------
REASONS: dict[str, list[tuple[str, str, str | None]]] = {
    "functional": [
        ("Tâches variées, peu standardisables, contextuelles", "Tâches variées, peu standardisables, contextuelles.", "variety"),
        ("Chaque journée différente, faite de multiples petites tâches courtes", "Chaque journée différente avec multiples petites tâches courtes.", "variety"),
        ("Expertise humaine déjà efficiente (traitement manuel rapide)", "Expertise humaine déjà efficiente (traitement manuel rapide).", "judgement"),
        ("Aucun gain de temps perçu, rappels déjà automatisés sous tableur", "Je ne vois pas où l'IA va me faire gagner du temps dans mon travail.", "improvement"),
        ("Traitement manuel plus rapide que le paramétrage d'une IA", "Traitement manuel plus rapide que paramétrage IA.", "judgement"),
        ("Décision sur le contenu précis de chaque document", "Ouverture document par document nécessaire.", "judgement"),
        ("Volumes trop faibles pour justifier un outil", "On traite trois dossiers par mois, ça ne vaut pas le coup.", None),
    ],
    "organisational": [
        ("Pas de comptes-rendus de réunions dans le poste", "Absence de tâches de compte-rendu de réunions dans le poste actuel.", None),
        ("Pas de responsabilité de rédaction de synthèses", "Pas de responsabilité de rédaction de synthèses.", None),
        ("Rôle de régulateur humain des processus, sans livrable", "Rôle de régulateur humain des processus (pas de production de livrables).", "relational"),
        ("Circuit de validation qui impose l'original signé", "Le circuit exige toujours l'original signé.", None),
        ("Pas de temps dégagé pour apprendre l'outil", "On n'a pas une heure pour se former, alors on continue comme avant.", None),
    ],
    "technical": [
        ("Données très sécurisées sur réseaux protégés", "Réseaux protégés, {data}.", "secured-data"),
        ("Accès par codes temporaires fréquents", "Accès par codes temporaires fréquents (en minutes).", "temporary-access-codes"),
        ("Nommage non standardisé des fichiers", "Nommage non standardisé.", "non-standard-naming"),
        ("Dates en formats hétérogènes", "Dates en format américain créant dispersion.", "date-format"),
        ("Documents mal structurés, difficiles à exploiter automatiquement", "Documents mal structurés, difficiles à exploiter automatiquement.", "poorly-structured-documents"),
        ("Fichiers sur des systèmes d'information spécifiques", "Fichiers sur systèmes d'information spécifiques, peu compatibles IA.", "specific-information-system"),
        ("Outil d'IA non autorisé sur le poste", "Seuls les outils validés sont accessibles.", "approved-tools-only"),
    ],
    "qualitative": [
        ("Préférence pour le « faire soi-même »", "Créativité, plaisir du travail, stimulation intellectuelle.", None),
        ("Valeur accordée aux pratiques traditionnelles", "Papier/crayon, livres physiques vs liseuses.", None),
        ("Question existentielle sur ce qu'il resterait à faire", "Si l'IA fait tout pour moi, je vais faire quoi après ?", None),
        ("Crainte de déshumanisation du travail", "Crainte de déshumanisation du travail.", None),
        ("Doute sur la qualité des textes produits", "Le texte est lisse, il ne ressemble pas à ce qu'on écrit.", None),
    ],
    "responsibility-meaning": [
        ("Importance du contexte humain dans les relances", "Relations interpersonnelles dans les rappels.", "relational"),
        ("Nécessité d'adapter la communication aux situations personnelles", "Selon les situations personnelles (maladie, deuil, charge de travail).", "relational"),
        ("Diplomatie et tact dans la gestion des urgences", "Gestion des urgences, priorisation humaine, connaissance des contraintes.", "relational"),
        ("Notion de confiance et de relecture humaine", "Notion de confiance.", None),
        ("Responsabilité personnelle engagée par la signature", "C'est mon nom qui est en bas du document.", None),
    ],
    "economic-employment": [
        ("Crainte d'être jugé inutile si l'IA fait tout", "Si l'intelligence artificielle fait tout pour moi, on va me dire qu'on n'a plus besoin de moi.", None),
        ("Volonté de préserver son travail et sa valeur ajoutée", "Volonté de préserver son travail et sa valeur ajoutée.", None),
        ("Inquiétude sur les suppressions de postes", "Quand un poste part à la retraite, il n'est pas remplacé.", None),
    ],
}
CATEGORY_SECTION = {"functional": "4.1", "organisational": "4.2", "technical": "4.3", "qualitative": "4.4",
                    "responsibility-meaning": "4.5", "economic-employment": "4.6"}

CONSTRAINTS = {  # type: (id, label, quote, blocks AI tools: probability)
    "secured-data": ("contrainte-donnees-sensibles", "{Data} très sécurisées sur réseaux protégés", "Réseaux protégés, {data}.", 0.85),
    "temporary-access-codes": ("contrainte-codes-temporaires", "Accès par codes temporaires fréquents", "Accès par codes temporaires fréquents (en minutes).", 0.5),
    "non-standard-naming": ("contrainte-nommage", "Nommage non standardisé des fichiers", "Nommage non standardisé.", 0.0),
    "date-format": ("contrainte-formats-dates", "Dates en formats hétérogènes", "Dates en format américain créant dispersion.", 0.0),
    "poorly-structured-documents": ("contrainte-documents-mal-structures", "Documents mal structurés", "Documents mal structurés, difficiles à exploiter automatiquement.", 0.1),
    "specific-information-system": ("contrainte-si-specifiques", "Fichiers sur des systèmes d'information spécifiques", "Fichiers sur systèmes d'information spécifiques, peu compatibles IA.", 0.2),
    "approved-tools-only": ("contrainte-outils-valides", "Accès réservé aux outils validés par la tutelle", "Accès réservé aux outils validés par la tutelle.", 0.0),
}

SUPPORT_MEASURES = [  # (type, id, label, quote, section)
    ("secured-infrastructure", "mesure-infrastructure", "Licences d'IA générative sur infrastructure sécurisée", "Serveurs français, données sécurisées.", "2.1"),
    ("charter", "mesure-charte", "Charte interne d'usage de l'IA signée par les agents", "Charte de sécurité signée par les agents.", "2.1"),
    ("ai-referents", "mesure-referents-ia", "Référents IA volontaires dans chaque service", "Référents IA volontaires.", "2.2"),
    ("dedicated-service", "mesure-service-dedie", "Service dédié à l'innovation et à la modernisation", "Un service dédié à l'innovation.", "2.2"),
    ("targeted-training", "mesure-formations-actions", "Formations-actions ciblées en petits groupes", "Formations-actions ciblées.", "2.2"),
    ("webinar", "mesure-webinaires", "Webinaires mensuels d'une demi-heure", "Quinze minutes d'explication, quinze minutes de questions.", "2.2"),
    ("practice-network", "mesure-reseau-echange", "Réseau d'échange de pratiques entre agents et services", "Ce réseau n'a pas vocation à prescrire des usages.", "annexe"),
    ("national-community", "mesure-communaute-nationale", "Communauté nationale de partage d'expériences", "Partage d'expériences via chat interne.", "2.2"),
    ("tailored-support", "mesure-accompagnement-sur-mesure", "Accompagnement sur mesure hebdomadaire", "Réunions de recueil de besoins et ajustements.", "2.2"),
    ("innovation-approach", "mesure-direction-proactive", "Direction générale proactive sur l'innovation", "Direction générale : proactive sur l'innovation.", "2.3"),
    ("innovation-approach", "mesure-besoins-metiers", "Approche par besoins métiers plutôt que par technologie", "Approche par besoins métiers plutôt que par technologie.", "2.3"),
    ("innovation-approach", "mesure-developpements-internes", "Développements internes testés avec les utilisateurs", "Développements internes testés et validés avec utilisateurs.", "2.3"),
    ("targeted-training", "mesure-tutoriels", "Tutoriels courts sur l'intranet", "Des vidéos de cinq minutes, on les regarde quand on veut.", "2.2"),
]

RISKS = [
    ("risque-deformation-sens", "Déformation du sens", "Négations manquantes, phrases incomplètes, contexte perdu."),
    ("risque-faux-sentiment-fiabilite", "Faux sentiment de fiabilité", "Confusion entre performance technique et fiabilité opérationnelle."),
    ("risque-telephone-arabe", "Effet « téléphone arabe »", "Troncature successive si plusieurs couches IA sans relecture."),
    ("risque-delegation-sans-verification", "Délégation sans vérification", "Danger si utilisateurs ne prennent pas le temps de relire."),
    ("risque-perte-savoir-faire", "Perte du savoir-faire", "Question du maintien des compétences."),
    ("risque-fuite-donnees", "Fuite de données sensibles", "Un copier-coller dans le mauvais outil suffit."),
    ("risque-dependance-editeur", "Dépendance à un éditeur", "Si la licence s'arrête, tout s'arrête."),
    ("risque-inegalites-acces", "Inégalités d'accès entre services", "Certains services ont l'outil, d'autres non."),
    ("risque-hallucinations", "Références inventées", "Il a cité un texte qui n'existe pas."),
]
CONDITIONS = [  # (id, label, quote, risks mitigated)
    ("condition-relecture-humaine", "Relecture humaine systématique", "Principe rabâché en interne.",
     ["risque-deformation-sens", "risque-telephone-arabe", "risque-delegation-sans-verification", "risque-hallucinations"]),
    ("condition-encadrement-securitaire", "Encadrement sécuritaire", "Charte, outils validés, données sensibles protégées.", ["risque-fuite-donnees"]),
    ("condition-formation-ciblee", "Formation ciblée", "Petits groupes, besoins métiers spécifiques.", ["risque-faux-sentiment-fiabilite", "risque-inegalites-acces"]),
    ("condition-referents-proximite", "Référents de proximité", "Qui parlent notre langue.", ["risque-inegalites-acces"]),
    ("condition-reseau-echange", "Réseau d'échange", "Partage de pratiques entre pairs.", ["risque-perte-savoir-faire"]),
    ("condition-approche-progressive", "Approche progressive", "Pas d'imposition, volontariat, tests.", []),
    ("condition-pluralite-outils", "Pluralité des outils", "Ne pas mettre tous les usages dans un seul outil.", ["risque-dependance-editeur"]),
]
BRAKES = [  # (id, label, quote, lever)
    ("frein-anciennete-habitudes", "Ancienneté et habitudes", "Les anciens, ce n'est pas toujours évident de les faire changer.", False),
    ("frein-reticence-changement", "Réticence au changement (minorité)", "Réticence au changement (minorité).", False),
    ("frein-defiance-prestataire", "Défiance après une expérience ratée", "Défiance forte suite à erreurs majeures.", False),
    ("frein-charge-travail", "Charge de travail qui laisse peu de place à l'essai", "On n'a pas le temps d'essayer.", False),
    ("levier-mimetisme", "Adoption par mimétisme", "J'ai utilisé, c'est bien, tu peux me montrer ?", True),
    ("levier-jeunes-agents", "Curiosité des agents récemment arrivés", "Les nouveaux arrivent avec leurs habitudes d'outils.", True),
    ("levier-reussites-visibles", "Réussites visibles d'un service pilote", "Quand les collègues ont vu le résultat, ils ont demandé l'accès.", True),
]
LESSONS = [  # (id, label, section, what supports it)
    ("lecon-non-usage-choix-rationnel", "L'absence d'usage de l'IA peut être un choix rationnel et efficace", "7.1", "non-usage"),
    ("lecon-taches-simples-expertise-fine", "Les tâches support paraissent simples mais reposent sur une expertise fine", "7.2", "blocked"),
    ("lecon-standardisation-surestimee", "Les discours sur l'automatisation surestiment la standardisation réelle", "7.2", "constraint"),
    ("lecon-regulateur-humain", "Le métier fonctionne comme « régulateur humain » des processus", "7.2", "relational"),
    ("lecon-gains-non-ia", "Les gains significatifs proviennent souvent d'améliorations organisationnelles non-IA", "7.3", "improvement"),
    ("lecon-ia-processus-structure", "L'IA est pertinente quand le processus est déjà bien structuré", "7.3", "usage"),
    ("lecon-organisation-preexistante", "L'organisation préexistante conditionne la réussite de l'IA", "7.3", "measure"),
    ("lecon-travail-prescrit-reel", "Écart entre travail prescrit et travail réel", "7.4", "task"),
    ("lecon-decortiquer-travail", "Nécessité de décortiquer finement comment les personnes font leur travail", "7.4", "blocked"),
]
RECOMMENDATIONS = [  # (id, label, area, what it addresses)
    ("rec-triptyque", "Maintenir le triptyque formation, référent de proximité et réseau d'échange", "deployment", "brake"),
    ("rec-capsules-metier", "Privilégier les capsules métier aux formations génériques", "deployment", "capsule"),
    ("rec-co-construire", "Co-construire avec les utilisateurs", "deployment", "reason"),
    ("rec-ne-pas-universaliser", "Ne pas universaliser, accepter que certains postes ne bénéficient pas de l'IA", "deployment", "non-usage"),
    ("rec-analyser-travail-reel", "Analyser le travail réel, pas les représentations", "evaluation", "lesson"),
    ("rec-distinguer-usages", "Distinguer usages du poste, usages observés et usages évoqués", "evaluation", "indicator"),
    ("rec-documenter-non-usages", "Documenter les non-usages argumentés comme résultats à part entière", "evaluation", "non-usage"),
    ("rec-gains-non-ia", "Identifier les gains organisationnels non-IA prioritaires", "evaluation", "constraint"),
    ("rec-outil-aide", "Réaffirmer le principe « outil d'aide, pas remplacement »", "governance", "reason"),
    ("rec-relecture-humaine", "Imposer la relecture humaine systématique", "governance", "risk"),
    ("rec-securite-donnees", "Prioriser la sécurité des données sensibles", "governance", "constraint"),
    ("rec-evaluer-adequation", "Évaluer régulièrement l'adéquation besoins/solutions", "governance", "indicator"),
    ("rec-outil-europeen", "Étudier une alternative européenne aux outils en place", "governance", "risk"),
]
INDICATORS = {
    "positive": ["Gouvernance structurée (charte, référents, service dédié)", "Infrastructure sécurisée", "Accompagnement multi-modal",
                 "Développements internes (capsules)", "Principes éthiques affirmés (relecture obligatoire)", "Direction engagée"],
    "to-progress": ["Standardisation des processus (nommage, archivage)", "Généralisation des pratiques aux autres métiers",
                    "Mesure des gains effectifs", "Retours d'expérience formalisés", "Égalité d'accès entre services"],
    "not-identified": ["Usage d'un outil européen ?", "Serveurs européens, critères environnementaux ?", "Budget dédié à l'IA ?"],
}
PROFILE_QUOTES = {
    "std": "Toujours le même format, avec les mêmes rubriques.", "near": "Ça se ressemble d'une fois sur l'autre, mais pas tout à fait.",
    "weak": "Ça dépend des semaines.", "variety": "Chaque journée est différente.", "judgement": "Il faut ouvrir chaque dossier.",
    "relational": "Il faut connaître les personnes.", "relational-rules": "Les règles sont claires, mais chaque relance est une relation.",
    "physical": "C'est du travail de terrain, avec les mains.", "accountable": "La décision finale reste humaine et signée.",
    "automated": "C'est déjà en grande partie automatisé.", "none": "On ajuste en continu avec les utilisateurs.",
}
DEPLOYED = ["depuis septembre", "depuis l'an dernier", "pour quelques services", "pour tous les agents", "à titre expérimental"]
LIFECYCLE = ["needs-gathering", "iterative-training", "testing", "user-validation", "adjustment"]
ADVERBS = ["", " au quotidien", " depuis l'an dernier", " de façon encore ponctuelle", " dans plusieurs services"]


# --- the realistic case ----------------------------------------------------------------------------

DESCRIBE = {  # section -> (share of its entities with a description, the description)
    "units": (0.5, "{label} : unité de l'organisation citée dans l'entretien."),
    "sites": (0.4, "{label} de l'organisation."),
    "posts": (0.6, "{label}, décrit en détail lors de l'entretien."),
    "tools": (0.4, "{label}, outil utilisé au quotidien par les agents."),
    "capsules": (0.7, "{label} : module IA personnalisé intégré dans un assistant conversationnel."),
    "usages": (0.6, "{label}, tel que rapporté pendant l'entretien."),
    "non_usage_reasons": (0.1, "{label}, argument avancé pour ne pas recourir à l'IA."),
    "constraints": (0.2, "{label} : contrainte qui pèse sur les tâches concernées."),
    "success_conditions": (0.3, "{label} : condition de réussite citée par l'informateur."),
    "cultural_brakes": (0.3, "{label}, observé dans plusieurs services."),
    "lessons": (0.2, "{label} : enseignement tiré de la cartographie."),
    "maturity_assessments": (1.0, "Niveau estimé à partir des indicateurs relevés en section 9."),
}


class _Case:
    """A case being built: sections of entities, unique ids, sources and quotes on every entity."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.sections: dict[str, list[dict[str, Any]]] = {}
        self.ids: set[str] = set()

    def add(self, section: str, id_: str, label: str, source: str | list[str], quote: Any = None,
            description: str | None = None, quote_share: float = 0.9, **fields: Any) -> str:
        base, n = id_, 2
        while id_ in self.ids:
            id_, n = f"{base}-{n}", n + 1
        self.ids.add(id_)
        entity: dict[str, Any] = {"id": id_, "label": label}
        if description is None and section in DESCRIBE:
            share, text = DESCRIBE[section]
            if self.rng.random() < share:
                description = text.format(label=label)
        if description:
            entity["description"] = description
        if self.rng.random() < 0.35:  # cite the parent section too, as the seed often does
            sources = [source] if isinstance(source, str) else list(source)
            parent = sources[0].split(".")[0]
            if parent not in sources:
                source = sources + [parent]
        entity["source"] = source
        if quote and self.rng.random() < quote_share:
            entity["quote"] = quote
        for key, value in fields.items():
            if value is not None and value != []:
                entity[key] = value
        self.sections.setdefault(section, []).append(entity)
        return id_

    def of(self, section: str) -> list[dict[str, Any]]:
        return self.sections.get(section, [])


def _one_or_list(items: list[str]) -> str | list[str]:
    return items[0] if len(items) == 1 else items


def _realistic_case(seed: int, index: int) -> dict[str, Any]:
    rng = random.Random(f"{seed}:{index}:realistic")
    c = _Case(rng)
    case_id = f"synth-{seed}-{index:05d}"
    tag = f"{seed}-{index:05d}"  # local tools carry it: found in this case only
    sector = SECTORS[rng.randrange(len(SECTORS))]
    region = rng.choice(REGIONS)
    size_name, lo, hi, blo, bhi = rng.choices(SIZES, weights=[3, 5, 2])[0]
    staff, n_branches = rng.randint(lo, hi), rng.randint(blo, bhi)
    level = rng.choices(["low", "medium", "strong"], weights=[3, 5, 2])[0]
    data = sector["data"]

    # organisations, units, sites
    org = c.add("organisations", f"org-{sector['key']}", f"{sector['org']} ({region})", ["0", "1"],
                quote=[f"Environ {staff} personnes", "Siège régional et antennes départementales"],
                description=f"{sector['org']} de taille {size_name}, étudiée dans un contexte de {data} à protéger.",
                quote_share=0.95, staff=staff, sector=sector["sector"],
                perimeter=f"Siège et {n_branches} antenne{'s' if n_branches > 1 else ''}",
                ai_governance=rng.choice(["Déploiement structuré avec charte interne et référents IA par service.",
                                          "Pas de doctrine écrite, des usages tolérés au cas par cas.",
                                          "Une note de la direction encadre l'usage des outils validés."]))
    tutelle = None
    if rng.random() < 0.85:
        tutelle = c.add("organisations", "tutelle", sector["partner"], ["2.1", "9"],
                        quote="Licences déployées depuis septembre.", external=True,
                        description="Autorité de rattachement : fournit des licences et valide les outils accessibles.")
    prestataire = None
    if rng.random() < 0.6:
        prestataire = c.add("organisations", "prestataire-externe", "Prestataire externe d'une enquête interne", ["3.4", "6.1"],
                            quote="Enquête interne menée par une société extérieure avec IA.", external=True)
    directions = c.add("units", "direction-generale", "Direction générale", "2.3",
                       quote="Direction générale : proactive sur l'innovation.", unit_of=org)
    innovation = c.add("units", "service-innovation", "Service dédié à l'innovation et la modernisation", ["1", "2.2"],
                       quote="Un service dédié à l'innovation.", unit_of=org)
    core_role_id, core_role_label, core_unit_id, core_unit_label = sector["core"]
    core_unit = c.add("units", core_unit_id, core_unit_label, ["3.1", "5.1"],
                      quote=f"{core_role_label} : premiers bénéficiaires des capsules.", unit_of=org)
    service_key, service_words, service_task = sector["service"]
    service_unit = c.add("units", f"service-{service_key}", f"Service {service_words}", ["3.1", "5.1"],
                         quote=f"Un outil dédié pour le service {service_words}.", unit_of=org)
    units = [directions, innovation, core_unit, service_unit]
    head = c.add("sites", "siege", rng.choice(["Siège régional", "Siège", "Site principal"]), "1",
                 quote="Siège régional et antennes départementales", site_of=org, type="head-office")
    branches = c.add("sites", "antennes", "Antennes", "1", quote="Des antennes dans chaque département.",
                     site_of=org, type="branch", count=n_branches)
    sites = [head, branches]

    # roles, posts, tasks
    tasks_by_holder: dict[str, list[str]] = {}
    task_profile: dict[str, str] = {}
    roles_by_kind: dict[str, str] = {}

    def add_task(tid: str, label: str, holder: str, profile: str, source: str | list[str], quote: Any = None,
                 deliverable: str | None = None) -> str:
        real_only = profile in ("relational",) and rng.random() < 0.3
        work = ["real"] if real_only else (["prescribed"] if rng.random() < 0.08 else ["prescribed", "real"])
        chars = _characteristics(rng, profile)
        t = c.add("tasks", tid, label, source, quote=quote or PROFILE_QUOTES[profile], quote_share=0.8, of=holder, work=work,
                  characteristics=chars, lacks=_lacks(rng, profile, chars) or None, deliverable=deliverable,
                  description=(f"{label} : tâche {'récurrente' if 'recurrent' in chars else 'irrégulière'}, "
                               f"décrite lors de l'entretien.") if rng.random() < 0.5 else None,
                  frequency=rng.choice([None, None, "quotidienne", "hebdomadaire", "mensuelle"]))
        tasks_by_holder.setdefault(holder, []).append(t)
        task_profile[t] = profile
        return t

    core = c.add("roles", core_role_id, core_role_label, ["3.1", "5.1"],
                 quote=f"{core_role_label} : capsules et aide à la rédaction.",
                 description=f"{core_role_label}, cœur de métier de l'organisation.", **{"in": core_unit})
    roles_by_kind["core"] = core
    for tid, label, deliverable in sector["core_tasks"]:
        add_task(tid, label, core, rng.choice(["std", "std", "near"]), ["3.1", "5.1"],
                 quote=f"{label} à partir des données collectées.", deliverable=deliverable)
    service_role = c.add("roles", f"agents-{service_key}", f"Agents du service {service_words}", ["3.1", "5.1"],
                         quote=f"Service {service_words} : outil dédié avec capsules spécifiques.", **{"in": service_unit})
    roles_by_kind["service"] = service_role
    add_task(f"tache-{service_key}", service_task, service_role, rng.choice(["std", "near", "relational-rules"]), ["3.1", "5.1"],
             quote=f"Capsules et recherche dédiées : {service_task[0].lower()}{service_task[1:]}.")
    referents = c.add("roles", "referents-ia", "Référents IA", ["1", "2.2", "3.1", "5.1"],
                      quote=["Référents IA : conception et maintenance des capsules.",
                             "Développées par des référents volontaires."],
                      **{"in": org})
    roles_by_kind["referents"] = referents
    add_task("tache-conception-capsules", "Conception et maintenance des capsules IA", referents, "none", ["3.1", "annexe"],
             quote="Conception et maintenance des capsules.")

    posts: list[str] = []
    multitask = direction_post = None
    if rng.random() < 0.85:
        xxx = c.add("units", "service-administratif", "Service administratif", "4",
                    quote="Poste d'assistante au service administratif.", unit_of=org)
        units.append(xxx)
        assistants = c.add("roles", "assistants", "Assistants", ["4", "5.2"], quote="Assistants (variables selon profils et tâches).",
                           description="Métier d'assistant, dont les profils et les tâches varient.", **{"in": org})
        roles_by_kind["assistants"] = assistants
        multitask = c.add("posts", "poste-assistante-multitache", "Poste d'assistante multitâche", ["4", "4.2", "7.1"],
                          quote=["Assistante multitâche, très organisée.", "Cas emblématique des non-usages."], role=assistants,
                          profile="Assistante multitâche, très organisée.",
                          perimeter="Gestion administrative, mise en forme de rapports, archivage, suivi des délais.",
                          **{"in": xxx})
        posts.append(multitask)
        for tid, label, profile, quotes in rng.sample(ASSISTANT_TASKS, rng.randint(4, 6)):
            add_task(tid, label, multitask, profile, ["4", "4.1"], quote=_one_or_list(quotes) if quotes else None)
        if rng.random() < 0.8:
            direction_post = c.add("posts", "poste-assistante-direction", "Poste d'assistante de direction", ["4", "4.2", "5.2"],
                                   quote="Assistants (variables selon profils et tâches).", role=assistants,
                                   profile="Assistante de direction", **{"in": org})
            posts.append(direction_post)
            add_task("tache-comptes-rendus-syntheses", "Comptes-rendus de réunions et synthèses", direction_post,
                     rng.choice(["std", "near"]), ["4.2", "5.2"], quote="Pas de responsabilité de rédaction de synthèses.",
                     deliverable="Comptes-rendus de réunions, synthèses")

    # roles out of the AI's reach, then a size-dependent share of the others
    unconcerned = rng.sample(["logistique", "accueil", "mediation"], rng.randint(1, 3))
    n_optional = {"petite": (2, 4), "moyenne": (3, 6), "grande": (5, 8)}[size_name]
    optional = rng.sample(OPTIONAL_ROLES, rng.randint(*n_optional))
    for kind in unconcerned + optional:
        spec = GENERIC_ROLES[kind]
        unit = None
        if spec["unit"]:
            unit = c.add("units", spec["unit"], spec["label"] if kind != "supports" else "Services supports", spec["section"],
                         quote=spec["quote"], quote_share=0.5, unit_of=org)
            units.append(unit)
        role = c.add("roles", kind, spec["label"], spec["section"], quote=spec["quote"], **{"in": unit or org})
        roles_by_kind[kind] = role
        for tid, label, profile, quote, deliverable in rng.sample(spec["tasks"], rng.randint(1, len(spec["tasks"]))):
            add_task(tid, label, role, profile, spec["section"], quote=quote, deliverable=deliverable)
    # a few more posts: a task of a role held by one post, which may then disagree with its role
    extra_posts: list[str] = []
    candidates = [k for k in ("core", "communication", "statistiques", "juristes", "rh") if k in roles_by_kind]
    for kind in rng.sample(candidates, min(len(candidates), rng.randint(0 if posts else 1, 2))):
        role = roles_by_kind[kind]
        label = next(r["label"] for r in c.of("roles") if r["id"] == role)
        post = c.add("posts", f"poste-{role}", f"Poste de référence : {label.lower()}", "4", quote="Un poste décrit en détail.",
                     role=role, **{"in": rng.choice(units)})
        posts.append(post)
        extra_posts.append(post)
        add_task(f"tache-{role}-poste",
                 rng.choice(["Suivi des dossiers du poste", "Tâches propres au poste", "Préparation des échéances"]), post,
                 rng.choice(["near", "weak", "variety", "std"]), "4")

    # tools and AI tools: shared products, then local ones
    tools: dict[str, str] = {}
    for tid, label, share, vendor, quote in SHARED_TOOLS:
        if rng.random() < share:
            tools[tid] = c.add("tools", tid, label, rng.choice(["4.1", "7.3"]), quote=quote, quote_share=0.5,
                               vendor=vendor if rng.random() < 0.5 else None)
    for stem in rng.sample(LOCAL_TOOL_STEMS, rng.randint(1, 3 if size_name != "grande" else 4)):
        name = rng.choice(TOOL_NAMES)
        tools[stem] = c.add("tools", f"{stem}-{tag}", LOCAL_TOOL_LABELS[stem].format(name=name), rng.choice(["4.3", "7.3"]),
                            quote=f"Les fichiers sont dans {name}.", quote_share=0.6,
                            provided_by=org if rng.random() < 0.5 else None)
    ai: dict[str, str] = {}
    for tid, label, share, vendor in SHARED_AI_TOOLS:
        if rng.random() < share:
            ai[tid] = c.add("ai_tools", tid, label, ["2.1", "3.3"], quote_share=0.8,
                            quote=[f"Licences {label} déployées {rng.choice(DEPLOYED)}.", rng.choice(HOSTING)],
                            description=f"{label}, déployé pour les agents{rng.choice(ADVERBS)}." if rng.random() < 0.6 else None,
                            vendor=vendor, hosting=rng.choice(HOSTING),
                            approved_by=tutelle if tutelle and rng.random() < 0.6 else None,
                            provided_by=rng.choice([tutelle, org]) if rng.random() < 0.7 else None)
    dedicated = c.add("ai_tools", f"assistant-{service_key}-{tag}", f"Assistant IA dédié au service {service_words}",
                      ["2.1", "3.1", "5.1"], quote=["Spécifique pour le service.", "Accessible dans les départements."],
                      approved_by=tutelle if tutelle else None, accessible_in=[service_unit, branches])
    notes = c.add("ai_tools", f"ia-prise-de-notes-{tag}", "IA de prise de notes en réunion", "3.2",
                  quote="Retranscription des réunions, dans un cadre sécurisé.", quote_share=0.5,
                  description="Outil d'IA de prise de notes en réunion (retranscription).")
    external_ai = None
    if prestataire:
        external_ai = c.add("ai_tools", f"ia-prestataire-{tag}", "Outil d'IA du prestataire", "3.4",
                            quote="Outil non précisé employé par la société extérieure.", quote_share=0.5,
                            provided_by=prestataire)
    main_ai = ai.get("chatgpt-pro") or ai.get("copilot") or next(iter(ai.values()), dedicated)
    general_ai = [a for a in ai.values()] or [dedicated]

    # capsules
    core_tasks = tasks_by_holder[core]
    capsule_core = c.add("capsules", f"capsule-{core_tasks[0].removeprefix('tache-')}",
                         f"Capsule {next(t['label'] for t in c.of('tasks') if t['id'] == core_tasks[0]).lower()}",
                         ["3.1", "annexe"],
                         quote=["Le gros du travail est déjà fait.", "Entraînement itératif avec tests et validations."],
                         deployed_in=main_ai, scope="service-specific", built_from=["rapports existants", "modèles historiques"],
                         intended_for=core, developed_by=referents,
                         lifecycle=[step for step in LIFECYCLE if step in rng.sample(LIFECYCLE, rng.randint(3, 5))],
                         deliverable="Livrable pré-généré, vérifié ensuite par les professionnels",
                         process="Entraînement itératif sur des documents internes, avec tests et validations ; "
                                 "pré-génération d'un livrable standard vérifié ensuite par les professionnels.")
    capsule_service = c.add("capsules", f"capsule-{service_key}", f"Capsule {service_words}", ["3.1", "annexe"],
                            quote="Capsules et recherche dédiées.", deployed_in=dedicated, scope="service-specific",
                            intended_for=[service_role, service_unit], developed_by=referents,
                            lifecycle=["needs-gathering", "testing", "user-validation"], accessible_in=[service_unit, branches])
    capsules = [capsule_core, capsule_service]
    for n in range(rng.randint(0, 2)):
        label, what = rng.choice([("Capsule de reformulation de courriers", "courriers"),
                                  ("Capsule de synthèse de documents", "synthèses"),
                                  ("Capsule de traduction", "traductions"), ("Capsule d'aide aux tableurs", "formules")])
        capsules.append(c.add("capsules", f"capsule-generique-{n + 1}", label, "annexe",
                              quote=f"Une capsule générique pour les {what}.",
                              deployed_in=rng.choice(general_ai), scope="generic", lifecycle=["testing", "adjustment"],
                              accessible_in=rng.sample(sites, 1)))

    # usages: every status and every attestation
    def usage(uid: str, label: str, tools_: list[str], status: str, holder: str, tasks_: list[str], source: Any, quote: Any,
              attestation: str | None = None, **more: Any) -> str:
        if attestation is None:
            attestation = "evoked" if status == "evoked" else rng.choices(["observed", "post"], weights=[4, 1])[0]
        return c.add("usages", uid, label, source, quote=quote, quote_share=0.95, tools=_one_or_list(tools_), status=status,
                     attestation=attestation, tasks=_one_or_list(tasks_) if tasks_ else None, used_by=holder, **more)

    core_status = rng.choices(["effective", "experimented", "evoked"], weights=[8, 2, 1])[0]
    usage(f"usage-{capsule_core}", f"Pré-génération par capsule : {core_role_label.lower()}", [capsule_core, main_ai],
          core_status, core, core_tasks[:1], ["3.1", "5.1"], "Le gros du travail est déjà fait.", beneficiaries=core,
          benefits=["Le gros du travail est déjà fait", "Il ne reste qu'une vérification"],
          limitations="Nécessite une vérification par les professionnels.")
    if len(core_tasks) > 1 and rng.random() < 0.8:
        usage("usage-aide-redaction", "Aide à la rédaction", [rng.choice(general_ai)],
              rng.choice(["effective", "effective", "experimented"]), core, core_tasks[1:2], ["3.3", "5.1"],
              ["Assistance pour la génération de contenu textuel.", "C'est un outil d'aide, pas un outil qui fait à votre place."],
              principle="C'est un outil d'aide, pas un outil qui fait à votre place.",
              process="Pré-rédaction suivie de relecture et modification obligatoires.")
    usage(f"usage-{service_key}", f"Service {service_words} : assistant dédié et capsules", [capsule_service, dedicated],
          rng.choices(["effective", "experimented"], weights=[3, 1])[0], [service_role, service_unit],
          tasks_by_holder[service_role], ["3.1", "5.1"], f"Service {service_words} : outil dédié avec capsules spécifiques.",
          beneficiaries=service_role)
    usage("usage-conception-capsules", "Conception et maintenance des capsules par les référents IA",
          [main_ai] + capsules[:2], "effective", referents, tasks_by_holder[referents], ["3.1", "annexe"],
          "Référents IA : conception et maintenance des capsules.",
          attestation="observed", process="Recueil de besoins, essais et validation avec les utilisateurs ; entraînement itératif.")
    usage("usage-prise-de-notes", "Prise de notes en réunion par IA", [notes], "experimented", org, [], "3.2",
          "Usage expérimenté, acceptation contextuelle.", attestation="observed",
          benefits=["Comptes-rendus", "Synthèses", "Aide-mémoire"],
          limitations=["Erreurs de retranscription", "Relecture systématique"],
          conditions=["Cadre sécurisé", "Consentement des participants"])
    if direction_post:
        usage("usage-prise-de-notes-direction", "Prise de notes par IA pour les comptes-rendus de direction", [notes], "evoked",
              direction_post, tasks_by_holder[direction_post], ["3.2", "4.2"], "Assistants (variables selon profils et tâches).",
              benefits=["Comptes-rendus", "Synthèses"])
    if prestataire and external_ai:
        usage("usage-enquete-prestataire", "Enquête interne menée avec l'IA par un prestataire", [external_ai], "experimented",
              prestataire, [], ["3.4", "6.1"], "Défiance forte suite à erreurs majeures.", attestation="observed",
              outcome="Défiance forte suite à erreurs majeures.", period=f"{rng.choice(['sept.', 'oct.', 'nov.'])}-déc. 2025",
              limitations=["Phrases sans verbe ni sujet.", "Négations manquantes inversant le sens.", "Contenu sorti du contexte."])
    for kind in optional:
        spec = GENERIC_ROLES[kind]
        if spec["usage"] and rng.random() < 0.85:
            uid, label, statuses = spec["usage"]
            role = roles_by_kind[kind]
            usage(f"usage-{uid}", label, [rng.choice(general_ai)], rng.choice(statuses), role, tasks_by_holder[role][:1],
                  ["3.3", spec["section"]], spec["quote"], beneficiaries=role if rng.random() < 0.3 else None)
    for post in extra_posts:
        if rng.random() < 0.6:
            usage(f"usage-{post}", "Usage inscrit dans la fiche de poste", [rng.choice(general_ai)],
                  rng.choices(["effective", "experimented"], weights=[3, 1])[0], post, tasks_by_holder[post], ["3", "4"],
                  "C'est écrit dans ma fiche de poste.", attestation="post")
    statuses = {u["status"] for u in c.of("usages")}
    attestations = {u["attestation"] for u in c.of("usages")}
    if "evoked" not in statuses:
        holder = rng.choice([roles_by_kind[k] for k in optional] or [org])
        usage("usage-evoque", "Usage évoqué en entretien", [rng.choice(general_ai)], "evoked", holder, [], "3",
              "On en a parlé, mais personne ne l'a essayé.")
    if "post" not in attestations:
        effective = [u for u in c.of("usages") if u["status"] == "effective"]
        (rng.choice(effective) if effective else c.of("usages")[0])["attestation"] = "post"

    # non-AI improvements
    improvements: list[str] = []
    levers = [("amelioration-rappels-tableur", "Automatisation et rappels sous tableur", "excel", "tache-suivi-delais"),
              ("amelioration-validation-mail", "Validation par mail", "messagerie", "tache-parapheurs"),
              ("amelioration-signature-electronique", "Signature électronique", "signature-electronique", "tache-parapheurs"),
              ("amelioration-classement-partage", "Classement partagé des documents", "ged", "tache-mise-en-forme-rapports")]
    automated = [t for t, p in task_profile.items() if p == "automated"]
    for iid, label, tool, task in levers:
        if tool in tools and (task in task_profile or automated) and rng.random() < 0.8:
            serves = task if task in task_profile else rng.choice(automated)
            improvements.append(c.add("non_ai_improvements", iid, label, rng.choice(["4.1", "7.3"]), quote=label.lower(),
                                      serves=serves, relies_on=tools[tool],
                                      benefits="Moins de relances manuelles" if rng.random() < 0.4 else None))
    if not improvements:
        serves = rng.choice(automated or list(task_profile))
        local = [t for k, t in tools.items() if k in LOCAL_TOOL_STEMS]
        improvements.append(c.add("non_ai_improvements", "amelioration-outil-local", "Paramétrage de l'outil métier existant", "7.3",
                                  quote="On a simplement paramétré l'outil qu'on avait.", serves=serves, relies_on=local[0]))

    # constraints
    holders_blocked = [multitask] if multitask else [roles_by_kind[unconcerned[0]]]
    blocked_tasks = [t for t, p in task_profile.items() if p in ("judgement", "variety", "near", "accountable")]
    constraint_ids: dict[str, str] = {}
    for ctype in ["secured-data"] + rng.sample([k for k in CONSTRAINTS if k != "secured-data"], rng.randint(3, 6)):
        cid, label, quote, p_block = CONSTRAINTS[ctype]
        affects = rng.sample(blocked_tasks, min(len(blocked_tasks), rng.randint(1, 3)))
        if ctype in ("secured-data", "temporary-access-codes"):
            affects += holders_blocked
        constraint_ids[ctype] = c.add("constraints", cid, label.format(Data=data[0].upper() + data[1:]),
                                      ["4.3"] if ctype != "approved-tools-only" else ["2.1"], quote=quote.format(data=data),
                                      quote_share=0.95, type=ctype, affects=affects if ctype != "approved-tools-only" else None,
                                      blocks_ai_tools=rng.random() < p_block)

    # non-usages and their reasons, in the six categories
    relational = [t for t, p in task_profile.items() if p.startswith("relational")]
    judged = [t for t, p in task_profile.items() if p in ("judgement", "variety")]
    reasons: list[str] = []
    by_category: dict[str, list[str]] = {}
    for category, pool in REASONS.items():
        for label, quote, relates in rng.sample(pool, rng.randint(3, min(5, len(pool)))):
            related = None
            if relates in ("variety", "judgement") and judged:
                related = rng.sample(judged, min(2, len(judged)))
            elif relates == "relational" and relational:
                related = rng.choice(relational)
            elif relates == "improvement":
                related = [improvements[0]] + ([tools["excel"]] if "excel" in tools else [])
            elif relates in constraint_ids:
                related = constraint_ids[relates]
            rid = c.add("non_usage_reasons", "raison-" + _slug(label), label, CATEGORY_SECTION[category],
                        quote=quote.format(data=data), quote_share=0.97, category=category, related_to=related)
            reasons.append(rid)
            by_category.setdefault(category, []).append(rid)
    first_holder = multitask or roles_by_kind[unconcerned[0]]
    non_usages = [c.add("non_usages", f"non-usage-{first_holder}", "Non-usage de l'IA : " +
                        ("poste d'assistante multitâche" if multitask else GENERIC_ROLES[unconcerned[0]]["label"].lower()),
                        ["0", "4", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "7.1"],
                        quote="Je ne vois pas où l'IA va me faire gagner du temps dans mon travail.", quote_share=0.95,
                        description="Non-usage argumenté, traité comme un résultat analytique.", concerns=first_holder,
                        reasons=rng.sample(reasons, max(6, len(reasons) * 2 // 3)))]
    if judged:
        task = rng.choice(judged)
        non_usages.append(c.add("non_usages", f"non-usage-{task}", "Non-usage de l'IA pour une tâche au cas par cas", "4.1",
                                quote="Traitement manuel plus rapide que paramétrage IA.", concerns=task,
                                reasons=by_category["functional"] + rng.sample(by_category["technical"], 1)))
    for kind in unconcerned[1:] if multitask else unconcerned[1:2]:
        role = roles_by_kind[kind]
        non_usages.append(c.add("non_usages", f"non-usage-{role}", f"Non-usage de l'IA : {GENERIC_ROLES[kind]['label'].lower()}",
                                ["4", "5.3"], quote=GENERIC_ROLES[kind]["quote"], concerns=role,
                                reasons=by_category["organisational"][:1] + by_category["responsibility-meaning"][:1]))

    # support measures
    measures: list[str] = []
    n_measures = {"low": (6, 9), "medium": (8, 11), "strong": (10, 13)}[level]
    for mtype, mid, label, quote, section in rng.sample(SUPPORT_MEASURES, rng.randint(*n_measures)):
        provided = {"secured-infrastructure": tutelle or org, "ai-referents": referents, "dedicated-service": innovation,
                    "charter": org}.get(mtype, rng.choice([None, org, directions, innovation]))
        measures.append(c.add("support_measures", mid, label, section, quote=quote, quote_share=0.95, type=mtype,
                              description=f"{label}, mis en place{rng.choice(ADVERBS)}." if rng.random() < 0.3 else None,
                              provided_by=provided, frequency=rng.choice([None, None, "mensuelle", "hebdomadaire", "trimestrielle"]),
                              audience="Agents et services" if mtype in ("practice-network", "webinar") else None,
                              format="Réunions courtes" if mtype == "tailored-support" else None,
                              benefits=["Apprentissage collectif", "Identification de besoins communs"]
                              if mtype == "practice-network" else None))

    # risks, conditions, cultural brakes
    risks = [c.add("risks", rid, label, "6.1", quote=quote, quote_share=0.95,
                   description=f"{label} : point de vigilance remonté en entretien." if rng.random() < 0.4 else None)
             for rid, label, quote in rng.sample(RISKS, rng.randint(4, 7))]
    for cid, label, quote, mitigated in rng.sample(CONDITIONS, rng.randint(3, 6)):
        c.add("success_conditions", cid, label, "6.2", quote=quote, quote_share=0.95, mitigates=[r for r in mitigated if r in risks])
    brakes = [c.add("cultural_brakes", bid, label, "6.3", quote=quote, quote_share=0.95, lever=lever)
              for bid, label, quote, lever in rng.sample(BRAKES, rng.randint(2, 4))]

    # maturity
    WORDS = {"low": "FAIBLE", "medium": "MOYEN", "strong": "FORT"}
    towards = {"low": "medium", "medium": rng.choice(["medium", "strong"]), "strong": None}[level]
    assessment = c.add("maturity_assessments", f"maturite-{org}", "Maturité organisationnelle globale de l'organisation", "9",
                       quote=WORDS[level] + (f" vers {WORDS[towards]}" if towards and towards != level else ""),
                       quote_share=1.0, assesses=org, level=level, towards=towards)
    indicators: list[str] = []
    weights = {"low": (1, 3, 2), "medium": (3, 3, 2), "strong": (5, 2, 1)}[level]
    for kind, k in zip(INDICATORS, weights):
        for n, label in enumerate(rng.sample(INDICATORS[kind], min(len(INDICATORS[kind]), k + rng.randint(0, 1)))):
            indicators.append(c.add("maturity_indicators", f"ind-{_slug(label)}", label, "9", quote=f"{label}.", quote_share=0.95,
                                    assessment=assessment, kind=kind))

    # lessons and recommendations, supported by and addressing the facts above
    pools = {"non-usage": non_usages, "blocked": judged or relational, "constraint": list(constraint_ids.values()),
             "relational": relational or reasons, "improvement": improvements, "usage": [u["id"] for u in c.of("usages")][:3],
             "measure": measures, "task": [t["id"] for t in c.of("tasks")], "brake": brakes, "capsule": capsules,
             "reason": reasons, "risk": risks, "indicator": indicators}
    lessons = []
    for lid, label, section, support in rng.sample(LESSONS, rng.randint(5, 9)):
        pool = pools[support]
        lessons.append(c.add("lessons", lid, label, section, quote=f"{label}.", quote_share=0.95,
                             supported_by=rng.sample(pool, min(len(pool), rng.randint(2, 4)))))
    pools["lesson"] = lessons
    by_area: dict[str, int] = {}
    for rid, label, area, addresses in rng.sample(RECOMMENDATIONS, rng.randint(8, 13)):
        pool = pools[addresses] or reasons
        by_area[area] = by_area.get(area, 0) + 1
        c.add("recommendations", rid, label, {"deployment": "8.1", "evaluation": "8.2", "governance": "8.3"}[area],
              quote=label.split(",")[0] + ".", quote_share=0.95, area=area,
              addresses=rng.sample(pool, min(len(pool), rng.randint(1, 4))))

    for role in c.of("roles"):  # links to occupational classifications, on most roles that have one
        if role["id"] in CROSSWALK and rng.random() < 0.7:
            role["close_match"] = _one_or_list(CROSSWALK[role["id"]])
    for task in c.of("tasks"):  # and to O*NET task statements (no random draw: the rest of the case is unchanged)
        if task["id"] in TASK_CROSSWALK:
            task["close_match"] = ["https://w3id.org/graphmap/reference/onet-task/" + TASK_CROSSWALK[task["id"]]]

    minutes = rng.randint(45, 120)
    informant = rng.choice(INFORMANTS)
    case: dict[str, Any] = {
        "graphmap": 1, "case": case_id, "language": "fr",
        "study": {
            "label": f"Baromètre de l'IA au service de l'intérêt général — Cartographie des usages et non-usages. "
                     f"Illustration : {sector['org'].lower()} ({region})",
            "description": "Monographie synthétique des usages et non-usages de l'IA, générée pour les essais de graphmap.",
            "publisher": ["graphmap synth"], "date": f"2026-{rng.randint(1, 12):02d}",
            "edition": f"Édition synthétique {seed}",
            "method": f"Monographie fondée sur un entretien qualitatif approfondi ({minutes} minutes) avec un informateur.",
            "interview_minutes": minutes, "informant": informant, "studies": org,
            "sections": [{"number": number, "title": title} for number, title in SECTIONS],
        },
    }
    for name in ("organisations", "units", "sites", "roles", "posts", "tasks", "tools", "ai_tools", "capsules", "usages",
                 "non_usages", "non_usage_reasons", "constraints", "support_measures", "non_ai_improvements", "risks",
                 "success_conditions", "cultural_brakes", "lessons", "recommendations", "maturity_assessments", "maturity_indicators"):
        if c.of(name):
            case[name] = c.of(name)
    return case


_SLUG_MAP = str.maketrans("àâäçéèêëîïôöùûüÿœæ", "aaaceeeeiioouuuyoa")


def _slug(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", text.lower().translate(_SLUG_MAP)).split()
    return "-".join(w for w in words if len(w) > 2 or w.isdigit())[:48].strip("-")


# --- the small shape (the earlier generator, ~380 triples) -----------------------------------------

SMALL_SECTORS = ["santé", "social", "éducation", "environnement", "culture", "emploi", "transport", "logement"]
ROLE_NAMES = ["Inspecteurs", "Assistants", "Juristes", "Chargés de mission", "Gestionnaires", "Logistique",
              "Accueil", "Comptables", "Référents IA", "Agents de contrôle", "Documentalistes", "Techniciens"]
TASK_VERBS = ["Rédaction", "Tri", "Suivi", "Saisie", "Contrôle", "Synthèse", "Archivage", "Relance", "Préparation",
              "Vérification", "Classement", "Réparation"]
TASK_OBJECTS = ["des rapports", "des courriers", "des dossiers", "des tableaux de bord", "des réclamations",
                "des comptes-rendus", "des factures", "des demandes", "des convocations", "du matériel"]


def _pick(rng: random.Random, items: list, k: int) -> list:
    return rng.sample(items, min(k, len(items)))


def _small_case(seed: int, index: int = 0, tasks_per_post: int = 4) -> dict[str, Any]:
    from graphmap.model.caseformat import case_format

    rng = random.Random(f"{seed}:{index}")
    fmt = case_format()
    concepts = {f"{name}.{key}": sorted(f.concepts()) for name, s in fmt.sections.items()
                for key, f in s.fields.items() if f.kind == "concept"}
    characteristics = concepts["tasks.characteristics"]
    sections = [{"number": str(n), "title": f"Section {n}"} for n in range(1, 10)]
    case_id = f"synth-{seed}-{index:05d}"
    org = "org"
    case: dict[str, Any] = {
        "graphmap": 1, "case": case_id, "language": "fr",
        "study": {"label": f"Cas synthétique {index}", "publisher": ["graphmap synth"], "date": "2026",
                  "method": "données synthétiques", "interview_minutes": rng.randint(30, 120), "studies": org,
                  "sections": sections},
        "organisations": [{"id": org, "label": f"Organisation {index} ({rng.choice(SMALL_SECTORS)})", "source": "1",
                           "staff": rng.randint(20, 2000)}],
        "units": [], "sites": [], "roles": [], "posts": [], "tasks": [], "ai_tools": [], "tools": [], "capsules": [],
        "usages": [], "non_usages": [], "non_usage_reasons": [], "constraints": [], "support_measures": [],
        "non_ai_improvements": [], "risks": [], "success_conditions": [], "recommendations": [],
        "maturity_assessments": [], "maturity_indicators": [],
    }
    case["sites"].append({"id": "siege", "label": "Siège", "site_of": org, "type": "head-office", "source": "1"})
    case["sites"].append({"id": "antennes", "label": "Antennes", "site_of": org, "type": "branch", "source": "1",
                          "count": rng.randint(1, 12)})
    units = [f"unite-{k}" for k in range(rng.randint(2, 5))]
    for k, unit in enumerate(units):
        case["units"].append({"id": unit, "label": f"Service {k + 1}", "unit_of": org, "source": "1"})
    case["ai_tools"].append({"id": "assistant-ia", "label": "Assistant conversationnel", "source": "2"})
    case["tools"].append({"id": "tableur", "label": "Tableur", "source": "2"})
    task_ids: list[str] = []
    holders: list[str] = []
    for r, role_name in enumerate(_pick(rng, ROLE_NAMES, rng.randint(3, 6))):
        role = f"role-{r}"
        holders.append(role)
        case["roles"].append({"id": role, "label": role_name, "in": rng.choice(units), "source": "5"})
        for p in range(rng.randint(0, 2)):
            post = f"poste-{r}-{p}"
            holders.append(post)
            case["posts"].append({"id": post, "label": f"Poste {role_name} {p + 1}", "role": role,
                                  "in": rng.choice(units), "source": "4"})
            for t in range(rng.randint(1, tasks_per_post)):
                task = f"tache-{r}-{p}-{t}"
                task_ids.append(task)
                entry = {"id": task, "label": f"{rng.choice(TASK_VERBS)} {rng.choice(TASK_OBJECTS)}", "of": post,
                         "work": _pick(rng, concepts["tasks.work"], rng.randint(1, 2)), "source": "4"}
                chosen = sorted(_pick(rng, characteristics, rng.randint(0, 5)))
                if chosen:
                    entry["characteristics"] = chosen
                case["tasks"].append(entry)
    for c in range(rng.randint(0, 2)):
        capsule = f"capsule-{c}"
        case["capsules"].append({"id": capsule, "label": f"Capsule {c + 1}", "deployed_in": "assistant-ia",
                                 "scope": rng.choice(concepts["capsules.scope"]), "built_from": ["rapports existants"],
                                 "intended_for": rng.choice([r["id"] for r in case["roles"]]),
                                 "lifecycle": _pick(rng, concepts["capsules.lifecycle"], 3), "source": "3"})
    tools = ["assistant-ia"] + [c["id"] for c in case["capsules"]]
    for u in range(rng.randint(1, 4)):
        usage = {
            "id": f"usage-{u}", "label": f"Usage {u + 1}", "tools": rng.choice(tools),
            "status": rng.choice(concepts["usages.status"]), "attestation": rng.choice(concepts["usages.attestation"]),
            "used_by": rng.choice(holders), "benefits": ["gain de temps"],
            "limitations": ["relecture nécessaire"], "source": "3",
        }
        if task_ids:
            usage["tasks"] = _pick(rng, task_ids, 1)
        case["usages"].append(usage)
    reasons = []
    for n, category in enumerate(_pick(rng, concepts["non_usage_reasons.category"], rng.randint(1, 6))):
        reasons.append(f"raison-{n}")
        case["non_usage_reasons"].append({"id": f"raison-{n}", "label": f"Raison {category}", "category": category,
                                          "source": "4", "quote": "Je ne vois pas où l'IA va me faire gagner du temps."})
    case["non_usages"].append({"id": "non-usage-0", "label": "Non-usage documenté", "concerns": rng.choice(holders),
                               "reasons": reasons, "source": "4"})
    for k in range(rng.randint(0, 3)):
        case["constraints"].append({"id": f"contrainte-{k}", "label": f"Contrainte {k + 1}",
                                    "type": rng.choice(concepts["constraints.type"]),
                                    "affects": _pick(rng, task_ids + holders, 2), "blocks_ai_tools": rng.random() < 0.5,
                                    "source": "4"})
    case["support_measures"].append({"id": "formation", "label": "Formation ciblée", "type": "targeted-training", "source": "2"})
    if task_ids and rng.random() < 0.6:
        case["non_ai_improvements"].append({"id": "rappels-tableur", "label": "Rappels sous tableur",
                                            "serves": _pick(rng, task_ids, 1), "relies_on": "tableur", "source": "7"})
    case["risks"].append({"id": "risque-0", "label": "Délégation sans vérification", "source": "6"})
    case["success_conditions"].append({"id": "relecture", "label": "Relecture humaine systématique",
                                       "mitigates": "risque-0", "source": "6"})
    case["recommendations"].append({"id": "reco-0", "label": "Imposer la relecture humaine", "area": "governance",
                                    "addresses": "risque-0", "source": "8"})
    case["maturity_assessments"].append({"id": "maturite", "label": "Maturité", "assesses": org,
                                         "level": rng.choice(["low", "medium", "strong"]), "source": "9"})
    for k, kind in enumerate(["positive", "to-progress", "not-identified"]):
        case["maturity_indicators"].append({"id": f"indicateur-{k}", "label": f"Indicateur {k + 1}",
                                            "assessment": "maturite", "kind": kind, "source": "9"})
    return {key: value for key, value in case.items() if value != []}


# --- entry points -----------------------------------------------------------------------------------

def synth_case(seed: int, index: int = 0, tasks_per_post: int = 4, shape: str = "realistic") -> dict[str, Any]:
    """The case file (as data) number ``index`` of the barometer ``seed``, of the given shape.

    ``tasks_per_post`` applies to the small shape only.
    """
    if shape == "realistic":
        case = _realistic_case(seed, index)
        ai_tools = [tool["id"] for tool in case.get("ai_tools", [])]
        for constraint in case.get("constraints", []):
            if constraint["type"] == "approved-tools-only" and ai_tools:  # format 2: the approved tool named, as the seed does
                constraint["allows_tools"] = ai_tools[0]
    elif shape == "small":
        case = _small_case(seed, index, tasks_per_post)
    else:
        raise ValueError(f"unknown shape {shape!r}: one of {', '.join(SHAPES)}")
    from graphmap.intake.migrate import upgrade

    upgrade(case)  # written in case format 2, as graphmap migrate would (the interview becomes an interviews entity)
    return case


def write_barometer(cases: int, seed: int, out: Path, shape: str = "realistic", editions: int = 1) -> list[Path]:
    """Write ``cases`` case files into ``out``; the same seed and shape give the same files.

    With ``editions`` > 1, each of the ``cases`` organisations is written in that many editions
    (``cases * editions`` files): edition 1 as with one edition, but that the small shape names
    its edition and that an organisation whose label an earlier case already gave (the same
    sector in the same region) is numbered (``... (Bretagne) 2``), since a barometer takes one
    label for one organisation; each later edition made from the one before by ``next_edition``,
    named ``...-e2``, ``...-e3``."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}: one of {', '.join(SHAPES)}")
    if editions < 1:
        raise ValueError(f"editions must be 1 or more, not {editions}")
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    named: dict[str, int] = {}  # the organisations' labels so far (editions: one label, one organisation)
    for index in range(cases):
        case = synth_case(seed, index, shape=shape)
        if editions > 1:
            case["study"].setdefault("edition", f"Édition synthétique {seed}")
            _distinct_label(case, named)
        for number in range(1, editions + 1):
            if number > 1:
                case = next_edition(case, seed, number)
            path = out / f"{case['case']}.yaml"
            path.write_text(dump_case(case), encoding="utf-8")
            paths.append(path)
    return paths


# --- editions ---------------------------------------------------------------------------------------

def _distinct_label(case: dict[str, Any], named: dict[str, int]) -> None:
    """Number the label of the organisation ``case`` studies if ``named`` (normalised label ->
    how many so far) already holds it; record it."""
    org = next((o for o in case.get("organisations", []) if o["id"] == case["study"].get("studies")), None)
    if org is None or not isinstance(org["label"], str):
        return
    key = normalised_label(org["label"])
    named[key] = named.get(key, 0) + 1
    if named[key] > 1:
        org["label"] = f"{org['label']} {named[key]}"
        named[normalised_label(org["label"])] = 1


NEW_ROLES = [("charges-projets-numeriques", "Chargés de projets numériques"),
             ("delegues-protection-donnees", "Délégués à la protection des données"),
             ("controleurs-gestion", "Contrôleurs de gestion"), ("chefs-de-projet-ia", "Chefs de projet IA"),
             ("mediateurs-numeriques", "Médiateurs numériques")]


def _refs() -> dict[str, dict[str, tuple[bool, bool]]]:
    """section -> ref field -> (multi, required), from the case format in force."""
    from graphmap.model.caseformat import case_format

    return {name: {key: (f.multi, f.required) for key, f in section.fields.items() if f.kind == "ref"}
            for name, section in case_format().sections.items()}


def _remove(case: dict[str, Any], ids: set[str]) -> None:
    """Remove the entities ``ids`` from ``case`` and every reference to them; an entity left
    without a required reference goes too (a task whose role went, a non-usage left with no
    reason), and so on."""
    refs = _refs()
    while ids:
        gone = set()
        for name, fields in refs.items():
            kept = []
            for entity in case.get(name) or []:
                if entity["id"] in ids:
                    continue
                for key, (multi, required) in fields.items():
                    if key not in entity:
                        continue
                    values = entity[key] if isinstance(entity[key], list) else [entity[key]]
                    left = [v for v in values if v not in ids]
                    if len(left) == len(values):
                        continue
                    if not left:
                        del entity[key]
                        if required:
                            gone.add(entity["id"])
                    else:
                        entity[key] = left if isinstance(entity[key], list) else left[0]
                kept.append(entity)
            if name in case:
                case[name] = kept
        ids = gone
    for name in list(refs):
        if name in case and not case[name]:
            del case[name]


def _later(date: str | None, years: int) -> str:
    """``date`` (``YYYY``, ``YYYY-MM``...) ``years`` later; a year from today's barometer when unknown."""
    found = re.match(r"(\d{4})(.*)$", date or "")
    return f"{int(found.group(1)) + years}{found.group(2)}" if found else f"{2026 + years}"


def next_edition(case: dict[str, Any], seed: int, number: int = 2) -> dict[str, Any]:
    """The case of edition ``number`` of the organisation that ``case`` (its previous edition)
    studies: same organisation and label, a year later, and a few things moved (see the module's
    docstring). Deterministic for a case, a seed and a number; ``case`` is left as it was."""
    new = json.loads(json.dumps(case))  # a deep copy of plain data
    rng = random.Random(f"{seed}:{case['case']}:edition:{number}")
    base = re.sub(r"-e\d+$", "", case["case"])
    new["case"] = f"{base}-e{number}"
    study = new["study"]
    edition = re.sub(r" — \d+e édition$", "", study.get("edition") or f"Édition synthétique {seed}")
    study["edition"] = f"{edition} — {number}e édition"
    study["label"] = re.sub(r" — \d+e édition$", "", study["label"]) + f" — {number}e édition"
    study["date"] = _later(study.get("date"), 1)
    sections = [s["number"] for s in study["sections"]]

    def section(*wanted: str) -> str:
        return next((n for n in wanted if n in sections), sections[0])

    roles = {r["id"]: r for r in new.get("roles", [])}
    posts_of = {p["role"] for p in new.get("posts", [])}
    capsule_people = {v for c in new.get("capsules", []) for key in ("intended_for", "developed_by")
                      for v in (c[key] if isinstance(c.get(key), list) else [c.get(key)])}

    def holders(usage):
        value = usage.get("used_by", [])
        return value if isinstance(value, list) else [value]

    usages = new.get("usages", [])
    # usages that moved: one or two became effective, one fell back to an experiment
    upward = [u for u in usages if u["status"] != "effective" and any(h in roles for h in holders(u))]
    for usage in rng.sample(upward, min(len(upward), rng.randint(1, 2))):
        usage["status"], usage["attestation"] = "effective", "observed"
    downward = [u for u in usages if u["status"] == "effective" and any(h in roles for h in holders(u))
                and not any(h in capsule_people for h in holders(u))]
    for usage in rng.sample(downward, min(len(downward), 1)):
        usage["status"] = "experimented"
    # a role with tasks and no usage started experimenting
    used = {h for u in usages for h in holders(u)}
    tasks_of: dict[str, list[str]] = {}
    for task in new.get("tasks", []):
        tasks_of.setdefault(task["of"], []).append(task["id"])
    idle = [r for r in roles if r not in used and tasks_of.get(r)]
    ai_tools = [t["id"] for t in new.get("ai_tools", [])]
    if idle and ai_tools:
        role = rng.choice(idle)
        new["usages"].append({"id": f"usage-essai-{role}-e{number}", "label": f"Premiers essais : {roles[role]['label'].lower()}",
                              "source": section("3.3", "3"), "tools": rng.choice(ai_tools), "status": "experimented",
                              "attestation": "observed", "tasks": tasks_of[role][:1], "used_by": role,
                              "quote": "On a commencé à l'essayer cette année."})
    # a role disappeared (with what hung on it), another one was created
    used = {h for u in usages for h in holders(u)}
    removable = [r for r in roles if r not in posts_of and r not in capsule_people and r not in used]
    if removable:
        _remove(new, {rng.choice(removable)})
    labels = {normalised_label(r["label"]) for r in new.get("roles", [])}
    fresh = [(rid, label) for rid, label in NEW_ROLES if normalised_label(label) not in labels
             and rid not in {e["id"] for name in _refs() for e in new.get(name, [])}]
    if fresh:
        rid, label = rng.choice(fresh)
        new.setdefault("roles", []).append({"id": rid, "label": label, "source": section("5.3", "5", "1"),
                                            "in": study["studies"], "quote": f"{label} : un métier créé cette année."})
    # reasons: one or two disappeared, one or two appeared
    reasons = [r["id"] for r in new.get("non_usage_reasons", [])]
    present = {normalised_label(r["label"]) for r in new.get("non_usage_reasons", [])}  # none of them comes back
    taken = {e["id"] for name in _refs() for e in new.get(name, [])}
    if len(reasons) > 2:
        _remove(new, set(rng.sample(reasons, rng.randint(1, 2))))
    candidates = [(category, label, quote) for category, pool in REASONS.items() for label, quote, _ in pool
                  if normalised_label(label) not in present and "raison-" + _slug(label) not in taken]
    added = []
    for category, label, quote in rng.sample(candidates, min(len(candidates), rng.randint(1, 2))):
        rid = "raison-" + _slug(label)
        new.setdefault("non_usage_reasons", []).append({"id": rid, "label": label, "source": section(CATEGORY_SECTION[category], "4"),
                                                        "quote": quote.replace("{data}", "données sensibles"), "category": category})
        added.append(rid)
    if added:
        if new.get("non_usages"):
            target = new["non_usages"][0]
            target["reasons"] = (target["reasons"] if isinstance(target["reasons"], list) else [target["reasons"]]) + added
        else:
            holder = next(iter(roles), study["studies"])
            new["non_usages"] = [{"id": f"non-usage-e{number}", "label": "Non-usage documenté", "source": section("4"),
                                  "concerns": holder if holder in {r["id"] for r in new.get("roles", [])} else study["studies"],
                                  "reasons": added}]
    return new


def normalised_label(label: Any) -> str:
    """A label (a text or {lang: text}) as the barometer report matches labels: case, accents and
    spaces set aside (the report's own rule, ``outputs.report.barometer.normalised``, which this
    module may not import)."""
    import unicodedata

    text = label if isinstance(label, str) else " ".join(str(v) for _, v in sorted(label.items()))
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


# --- a small YAML emitter -----------------------------------------------------------------------
# Case data is plain: mappings with string keys, lists, strings, integers and booleans. Block
# style, one blank line between sections and between entities as in the seed; lists of short
# scalars in flow style; a string plain when it cannot be read as anything else, else in double
# quotes (a JSON string is a valid YAML double-quoted scalar). Five times faster than libyaml's
# emitter through PyYAML, and tests check that what it writes reads back as the same data.

_PLAIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ][^\n\r\t:#,\[\]{}\"\\]*")
_NOT_STRINGS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


_WRITTEN: dict[str, str] = {}  # ids, notations and labels come back thousands of times


def _scalar(value: Any) -> str:
    if value.__class__ is str:
        text = _WRITTEN.get(value)
        if text is None:
            if _PLAIN.fullmatch(value) and not value.endswith(" ") and value.lower() not in _NOT_STRINGS:
                text = value
            else:
                text = json.dumps(value, ensure_ascii=False)
            if len(_WRITTEN) < 100_000:
                _WRITTEN[value] = text
        return text
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    raise TypeError(f"no YAML form for {type(value).__name__} in a case file")


def _flow(items: list) -> str | None:
    if all(not isinstance(v, (dict, list)) for v in items):
        text = "[" + ", ".join(_scalar(v) for v in items) + "]"
        if len(text) <= 100:
            return text
    return None


def _block(value: dict, indent: str, out: list[str]) -> None:
    for key, item in value.items():
        if isinstance(item, dict):
            if all(not isinstance(v, (dict, list)) for v in item.values()) and len(item) <= 2:
                out.append(f"{indent}{key}: {{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in item.items()) + "}")
            else:
                out.append(f"{indent}{key}:")
                _block(item, indent + "  ", out)
        elif isinstance(item, list):
            flow = _flow(item) if item else "[]"
            if flow is not None:
                out.append(f"{indent}{key}: {flow}")
                continue
            out.append(f"{indent}{key}:")
            for element in item:
                if isinstance(element, dict) and len(element) <= 2 and all(not isinstance(v, (dict, list)) for v in element.values()):
                    out.append(f"{indent}  - {{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in element.items()) + "}")
                elif isinstance(element, dict):
                    sub: list[str] = []
                    _block(element, indent + "    ", sub)
                    out.append(f"{indent}  - " + sub[0][len(indent) + 4:])
                    out.extend(sub[1:])
                else:
                    out.append(f"{indent}  - {_scalar(element)}")
        else:
            out.append(f"{indent}{key}: {_scalar(item)}")


def dump_case(case: dict[str, Any]) -> str:
    """The case as YAML text, in the seed's layout."""
    out: list[str] = [f"# Cas synthétique {case.get('case', '')} (graphmap synth) : données inventées, pas une étude réelle.", ""]
    for key, value in case.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value) and key != "study":
            out.append(f"{key}:")
            for entity in value:
                sub: list[str] = []
                _block(entity, "    ", sub)
                out.append("  - " + sub[0][4:])
                out.extend(sub[1:])
                out.append("")
        elif isinstance(value, dict):
            out.append(f"{key}:")
            _block(value, "  ", out)
            out.append("")
        else:
            sub = []
            _block({key: value}, "", sub)
            out.extend(sub)
    if out[-1] != "":
        out.append("")
    return "\n".join(out)
