"""The fixed texts of the reports in French and English, and the labels of vocabulary terms.

Headings and fixed sentences come from ``TEXTS``; the labels of controlled terms (non-usage
categories, usage statuses, task characteristics, maturity levels...) are read from the
ontology's SKOS vocabularies in the report's language. Data stays as the case wrote it.
"""

from __future__ import annotations

from functools import cache

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from graphmap.errors import ConfigError
from graphmap.derivation.reasons import VERDICT_LABELS, Reason
from graphmap.derivation.reasons import render as render_reason
from graphmap.model.pgmapping import pg_mapping
from graphmap.model.vocabulary import GM, GMV, concept_labels, ontology_cache, ontology_graph, rubric_graph, scheme_concepts, text_in

__all__ = ["LANGS", "TEXTS", "ISCO_MAJOR_GROUPS", "MATURITY_ORDER", "TYPOLOGY_ORDER", "TYPOLOGY_COLOURS", "check_lang", "term", "concept_label",
           "concept_labels", "concept_definitions", "concept_iri_labels", "class_label", "property_label", "relation_label",
           "value_text", "reason_text", "rubric_texts", "exact_text"]

LANGS = ("fr", "en")

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "case_title": "Rapport de cas",
        "barometer_title": "Baromètre des usages et non-usages de l'IA",
        "generated": "Rapport produit par graphmap à partir des faits du cas ; chaque fait renvoie aux sections de l'étude.",
        "generated_barometer": "Rapport produit par graphmap à partir des faits de tous les cas chargés.",
        "contents": "Sommaire",
        "colon": " : ",
        "category": "Catégorie",
        "s_glance": "L'organisation en un coup d'œil",
        "s_typology": "Typologie des métiers et des postes",
        "s_matrix": "Tâches et critères de standardisation",
        "s_nonusage": "Raisons de non-usage par catégorie",
        "s_usages": "Usages de l'IA par statut",
        "s_risks": "Risques, conditions de réussite et recommandations",
        "s_maturity": "Maturité organisationnelle",
        "s_graph": "Graphe du cas",
        "s_exposure": "Exposition publiée et usages observés",
        "b_exposure": "Exposition publiée et usages observés, côte à côte",
        "exposure_chart": "Exposition publiée des métiers (β des annotateurs, Eloundou et al.), couleur : typologie observée",
        "exposure_by_typology": "Exposition publiée moyenne des métiers, par typologie observée (β des annotateurs)",
        "exposure_note": "La littérature prédit l'exposition d'un métier à l'IA générative à partir des tâches de sa fiche O*NET ; l'étude observe les usages réels et leurs raisons. Un métier est très exposé au-dessus du troisième quartile de la mesure dans son jeu de données, peu exposé en dessous du premier. Un métier sans score publié n'a pas de ligne : l'absence de score n'est jamais un score nul.",
        "exposure_note_barometer": "Si la prédiction suivait l'observation, les métiers utilisateurs effectifs seraient les plus exposés. Les cas ci-dessous comptent les métiers reliés à une fiche O*NET, les deux quadrants surprenants et l'accord, tâche par tâche, entre l'étiquette O*NET (E1 ou E2) et le verdict « standardisable ».",
        "no_exposure": "Aucun métier ni aucune tâche de ce cas n'est relié à une fiche O*NET (close_match vers https://www.onetonline.org/link/summary/<code> ou vers un énoncé de tâche).",
        "no_reference": "Aucune donnée de référence chargée : graphmap reference load charge les jeux de données publiés (graphmap reference list).",
        "exposed-not-concerned": "Très exposé, non concerné",
        "unexposed-effective-user": "Peu exposé, utilisateur effectif",
        "occupation": "Fiche O*NET-SOC",
        "beta_human": "β annotateurs",
        "beta_gpt": "β GPT-4",
        "applicability": "Applicabilité (Tomlinson)",
        "exposure_band": "Exposition",
        "band_high": "forte",
        "band_middle": "moyenne",
        "band_low": "faible",
        "exposure_tasks": "Tâches reliées à un énoncé O*NET",
        "task": "Tâche",
        "statement": "Énoncé O*NET",
        "onet_label": "Étiquette (annotateurs)",
        "agreement": "Accord",
        "agree": "accord",
        "disagree": "désaccord",
        "agreement_summary": "Accord entre « E1 ou E2 » et « standardisable », sur les verdicts établis",
        "attribution": "Données de référence",
        "roles_linked": "Métiers reliés",
        "exposure_tasks_agree": "Tâches en accord",
        "b_nonusage": "Raisons de non-usage, par catégorie et par secteur",
        "b_typology": "Utilisateurs effectifs, en exploration, non concernés : parts par secteur et par taille",
        "b_maturity": "Maturité des organisations",
        "b_overview": "Les cas : secteurs et tailles",
        "b_tools": "Capsules et outils d'IA, par portée",
        "not_given": "non renseigné",
        "all_sectors": "Tous les secteurs",
        "sectors": "Secteurs",
        "editions": "Éditions",
        "case_list": "Liste des cas",
        "filter_note": "Chaque graphique ci-dessous et les tableaux par cas suivent le secteur choisi.",
        "by_sector": "Par secteur",
        "by_size": "Par taille (effectif)",
        "by_family": "Par famille de métiers (grand groupe CITP-08 des métiers reliés)",
        "people": "personnes",
        "editions_note": "Aucune organisation n'apparaît dans plus d'une édition des cas chargés : rien à comparer d'une édition à l'autre.",
        "editions_compared": "Des organisations apparaissent dans plusieurs éditions : la section « Ce qui a changé d'une édition à l'autre » dit ce qui a bougé.",
        "b_editions": "Ce qui a changé d'une édition à l'autre",
        "edition": "Édition",
        "all_editions": "Toutes les éditions",
        "filter_note_editions": "Chaque graphique ci-dessous et les tableaux par cas suivent le secteur et l'édition choisis.",
        "editions_intro": "Pour chaque organisation présente dans plusieurs éditions, d'une édition à la suivante : les métiers qui ont changé de classe, ceux qui sont apparus ou ont disparu, et les raisons de non-usage apparues ou disparues. Une organisation est la même d'une édition à l'autre quand l'organisation étudiée porte le même nom (casse, accents et espaces mis à part) ; un métier de même par son libellé, une raison par sa catégorie et son libellé. Éditions rangées par date de l'étude, puis par nom.",
        "roles_changed": "Métiers qui ont changé de classe",
        "roles_appeared": "Métiers apparus",
        "roles_disappeared": "Métiers disparus",
        "reasons_appeared": "Raisons de non-usage apparues",
        "reasons_disappeared": "Raisons de non-usage disparues",
        "roles_unchanged": "Métiers sans changement de classe",
        "class_before": "Avant",
        "organisations_in_editions": "Organisations présentes dans plusieurs éditions",
        "per_organisation": "Détail par organisation",
        "class_after": "Après",
        "nothing_moved": "Aucun métier n'a changé de classe, n'est apparu ni n'a disparu ; aucune raison n'est apparue ni n'a disparu.",
        "all_holders": "Ensemble des métiers et postes",
        "typology_note": "Parts des métiers et des postes (avec leur nombre) utilisateurs effectifs, en exploration, non concernés ou indéterminés ; secteurs rangés par part d'utilisateurs effectifs.",
        "per_case": "Détail par cas",
        "b_categories": "Raisons par catégorie",
        "cases_word": "cas",
        "top_reasons": "Raisons les plus citées",
        "top_reasons_note": "Part des cas qui citent la raison (nombre de cas).",
        "categories_by_sector": "Catégories de raisons par secteur (part des raisons du secteur, nombre)",
        "reach_note": "Portée : part des cas qui ont une capsule ou un outil de ce nom (nombre de cas) ; pour les capsules, les métiers et postes servis en tout.",
        "capsules_by_reach": "Capsules",
        "tools_by_reach": "Outils d'IA (hors capsules)",
        "holders_served": "métiers et postes servis",
        "maturity_levels": "Niveaux de maturité (part des cas)",
        "study": "Étude",
        "organisation": "Organisation",
        "staff": "Effectif",
        "sector": "Secteur",
        "perimeter": "Périmètre",
        "date": "Date",
        "method": "Méthode",
        "case": "Cas",
        "cases": "Cas chargés",
        "roles": "Métiers",
        "posts": "Postes",
        "tasks": "Tâches",
        "usages": "Usages de l'IA",
        "non_usages": "Non-usages",
        "reasons": "Raisons de non-usage",
        "tools": "Outils d'IA",
        "risks": "Risques",
        "maturity": "Maturité",
        "kind": "Nature",
        "post": "poste",
        "role": "métier",
        "id": "Identifiant",
        "label": "Libellé",
        "typology": "Typologie",
        "reason": "Raison",
        "evidence": "Faits",
        "sources": "Sources",
        "summary": "Synthèse",
        "count": "Nombre",
        "holder": "Titulaire",
        "score": "Score",
        "verdict": "Verdict",
        "ai_fit": "Adéquation à l'IA",
        "standardisable": "standardisable",
        "not_standardisable": "non standardisable",
        "criteria": "Critères",
        "blocking": "Conditions bloquantes",
        "met": "rempli",
        "missed": "absent (établi)",
        "not_recorded": "non renseigné",
        "undetermined": "indéterminé",
        "proposed": "proposé",
        "blocks": "bloquante",
        "weight": "poids",
        "rubric_note": "{rubric}, version {version} : une tâche est standardisable quand son score (poids des critères remplis / total des poids) atteint {threshold} et qu'aucune condition bloquante ne tient ; non standardisable quand une condition bloquante tient, ou quand même les critères non renseignés ne lui feraient pas atteindre le seuil ; indéterminée sinon (« ? » : non renseigné).",
        "legend": "Légende",
        "row_std": "standardisable",
        "row_blocked": "non standardisable : condition bloquante",
        "row_low": "non standardisable : score sous le seuil",
        "row_undetermined": "indéterminé : les faits renseignés ne tranchent pas",
        "reviewed": "revu",
        "constraints": "Contraintes sur les outils d'IA",
        "levers": "Améliorations non-IA",
        "concerns": "Concerne",
        "related_to": "Faits invoqués",
        "quotes": "Citations",
        "none": "aucune",
        "no_reason": "Aucune raison documentée dans cette catégorie.",
        "attestation": "Attestation",
        "used_by": "Utilisé par",
        "beneficiaries": "Bénéficiaires",
        "benefits": "Bénéfices",
        "limitations": "Limites",
        "risk": "Risque",
        "mitigated_by": "Conditions qui l'atténuent",
        "addressed_by": "Recommandations qui y répondent",
        "level": "Niveau",
        "towards": "Vers",
        "indicators": "Indicateurs",
        "no_maturity": "Aucune évaluation de maturité dans ce cas.",
        "no_rows": "Rien de documenté.",
        "graph_help": "Glisser pour déplacer, molette pour zoomer, cliquer un nœud pour voir ses faits et ses sources et mettre en avant ses voisins. Les noms s'affichent pour le nœud choisi, ses voisins et les nœuds les plus reliés, sans se chevaucher ; zoomer en montre davantage. Cliquer une famille de la légende pour la masquer ou la montrer. Les sections et les citations sont montrées dans le panneau du nœud qui s'y appuie.",
        "graph_panel": "Cliquer un nœud du graphe.",
        "kind_organisation": "Organisation et étude",
        "kind_people": "Métiers et postes",
        "kind_task": "Tâches",
        "kind_tool": "Outils",
        "kind_usage": "Usages de l'IA",
        "kind_nonusage": "Non-usages et raisons",
        "kind_condition": "Contraintes, risques, conditions",
        "kind_guidance": "Recommandations, maturité, enseignements",
        "kind_vocabulary": "Vocabulaire et classifications",
        "graph_vocabulary": "Le vocabulaire (concepts, classifications externes) est masqué : cliquer sa pastille dans la légende pour le montrer.",
        "graph_search": "Chercher un nœud…",
        "graph_fit": "Tout voir",
        "properties": "Propriétés",
        "relations": "Relations",
        "nodes": "nœuds",
        "edges": "liens",
        "no_js": "Le graphe interactif demande JavaScript.",
        "chart_of": "Graphique",
        "total": "Total",
        "organisation_of": "Organisation",
        "not_assessed": "non évaluée",
    },
    "en": {
        "case_title": "Case report",
        "barometer_title": "Barometer of AI usage and non-usage",
        "generated": "Report made by graphmap from the facts of the case; every fact points to the sections of the study.",
        "generated_barometer": "Report made by graphmap from the facts of every loaded case.",
        "contents": "Contents",
        "colon": ": ",
        "category": "Category",
        "s_glance": "The organisation at a glance",
        "s_typology": "Role typology",
        "s_matrix": "Tasks by rubric criteria",
        "s_nonusage": "Non-usage reasons by category",
        "s_usages": "AI usages by status",
        "s_risks": "Risks, success conditions and recommendations",
        "s_maturity": "Organisational maturity",
        "s_graph": "Graph of the case",
        "s_exposure": "Published exposure and observed use",
        "b_exposure": "Published exposure and observed use, side by side",
        "exposure_chart": "Published exposure of the roles (human-rated beta, Eloundou et al.), colour: observed typology",
        "exposure_by_typology": "Mean published exposure of the roles, by observed typology (human-rated beta)",
        "exposure_note": "The literature predicts an occupation's exposure to generative AI from the tasks of its O*NET profile; the study observes actual use and its reasons. A role is highly exposed above the measure's upper quartile in its dataset, little exposed below its lower quartile. A role without a published score has no row: no score is never a score of zero.",
        "exposure_note_barometer": "If prediction followed observation, effective users would be the most exposed roles. The cases below count the roles linked to an O*NET profile, the two surprising quadrants and the task-level agreement between the O*NET label (E1 or E2) and the standardisable verdict.",
        "no_exposure": "No role or task of this case is linked to O*NET (close_match to https://www.onetonline.org/link/summary/<code> or to a task statement).",
        "no_reference": "No reference data loaded: graphmap reference load loads the published datasets (graphmap reference list).",
        "exposed-not-concerned": "Highly exposed, not concerned",
        "unexposed-effective-user": "Little exposed, effective user",
        "occupation": "O*NET-SOC profile",
        "beta_human": "beta (human)",
        "beta_gpt": "beta (GPT-4)",
        "applicability": "Applicability (Tomlinson)",
        "exposure_band": "Exposure",
        "band_high": "high",
        "band_middle": "middle",
        "band_low": "low",
        "exposure_tasks": "Tasks linked to an O*NET statement",
        "task": "Task",
        "statement": "O*NET statement",
        "onet_label": "Label (human)",
        "agreement": "Agreement",
        "agree": "agree",
        "disagree": "disagree",
        "agreement_summary": "Agreement between \"E1 or E2\" and \"standardisable\", over settled verdicts",
        "attribution": "Reference data",
        "roles_linked": "Roles linked",
        "exposure_tasks_agree": "Tasks agreeing",
        "b_nonusage": "Non-usage reasons, by category and by sector",
        "b_typology": "Effective users, exploring, not concerned: shares by sector and size",
        "b_maturity": "Maturity of the organisations",
        "b_overview": "The cases: sectors and sizes",
        "b_tools": "Capsules and AI tools, by reach",
        "not_given": "not given",
        "all_sectors": "All sectors",
        "sectors": "Sectors",
        "editions": "Editions",
        "case_list": "List of the cases",
        "filter_note": "Every chart below and the per-case tables follow the sector chosen.",
        "by_sector": "By sector",
        "by_size": "By size (staff)",
        "by_family": "By occupation family (ISCO-08 major group of the roles linked)",
        "people": "people",
        "editions_note": "No organisation appears in more than one edition of the cases loaded: there is nothing to compare between editions.",
        "editions_compared": "Some organisations appear in several editions: the section “What moved between editions” says what moved.",
        "b_editions": "What moved between editions",
        "edition": "Edition",
        "all_editions": "All editions",
        "filter_note_editions": "Every chart below and the per-case tables follow the sector and the edition chosen.",
        "editions_intro": "For every organisation present in several editions, from one edition to the next: the roles that changed class, those that appeared or disappeared, and the non-usage reasons that appeared or disappeared. An organisation is the same from one edition to another when the organisation studied has the same name (case, accents and spaces aside); a role likewise by its label, a reason by its category and label. Editions ordered by the study's date, then by name.",
        "roles_changed": "Roles that changed class",
        "roles_appeared": "Roles that appeared",
        "roles_disappeared": "Roles that disappeared",
        "reasons_appeared": "Non-usage reasons that appeared",
        "reasons_disappeared": "Non-usage reasons that disappeared",
        "roles_unchanged": "Roles whose class did not change",
        "class_before": "Before",
        "organisations_in_editions": "Organisations present in several editions",
        "per_organisation": "Per organisation",
        "class_after": "After",
        "nothing_moved": "No role changed class, appeared or disappeared; no reason appeared or disappeared.",
        "all_holders": "All roles and posts",
        "typology_note": "Shares of the roles and posts (with their number) that are effective users, exploring, not concerned or undetermined; sectors ranked by their share of effective users.",
        "per_case": "Per case",
        "b_categories": "Reasons by category",
        "cases_word": "cases",
        "top_reasons": "Most cited reasons",
        "top_reasons_note": "Share of the cases that give the reason (number of cases).",
        "categories_by_sector": "Reason categories by sector (share of the sector's reasons, count)",
        "reach_note": "Reach: share of the cases with a capsule or tool of that name (number of cases); for capsules, the roles and posts served in all.",
        "capsules_by_reach": "Capsules",
        "tools_by_reach": "AI tools (capsules aside)",
        "holders_served": "roles and posts served",
        "maturity_levels": "Maturity levels (share of the cases)",
        "study": "Study",
        "organisation": "Organisation",
        "staff": "Staff",
        "sector": "Sector",
        "perimeter": "Perimeter",
        "date": "Date",
        "method": "Method",
        "case": "Case",
        "cases": "Loaded cases",
        "roles": "Roles",
        "posts": "Posts",
        "tasks": "Tasks",
        "usages": "AI usages",
        "non_usages": "Non-usages",
        "reasons": "Non-usage reasons",
        "tools": "AI tools",
        "risks": "Risks",
        "maturity": "Maturity",
        "kind": "Kind",
        "post": "post",
        "role": "role",
        "id": "Id",
        "label": "Label",
        "typology": "Typology",
        "reason": "Reason",
        "evidence": "Facts",
        "sources": "Sources",
        "summary": "Summary",
        "count": "Count",
        "holder": "Holder",
        "score": "Score",
        "verdict": "Verdict",
        "ai_fit": "AI fit",
        "standardisable": "standardisable",
        "not_standardisable": "not standardisable",
        "criteria": "Criteria",
        "blocking": "Blocking conditions",
        "met": "met",
        "missed": "absent (recorded)",
        "not_recorded": "not recorded",
        "undetermined": "undetermined",
        "proposed": "proposed",
        "blocks": "blocking",
        "weight": "weight",
        "rubric_note": "{rubric}, version {version}: a task is standardisable when its score (weights of the criteria met / all weights) reaches {threshold} and no blocking condition holds; not standardisable when a blocking condition holds, or when even the criteria not recorded could not bring it to the threshold; undetermined otherwise (“?”: not recorded).",
        "legend": "Legend",
        "row_std": "standardisable",
        "row_blocked": "not standardisable: a blocking condition holds",
        "row_low": "not standardisable: score below the threshold",
        "row_undetermined": "undetermined: the facts recorded do not settle it",
        "reviewed": "reviewed",
        "constraints": "Constraints on AI tools",
        "levers": "Non-AI improvements",
        "concerns": "Concerns",
        "related_to": "Facts invoked",
        "quotes": "Quotes",
        "none": "none",
        "no_reason": "No reason documented in this category.",
        "attestation": "Attestation",
        "used_by": "Used by",
        "beneficiaries": "Beneficiaries",
        "benefits": "Benefits",
        "limitations": "Limitations",
        "risk": "Risk",
        "mitigated_by": "Conditions that mitigate it",
        "addressed_by": "Recommendations that address it",
        "level": "Level",
        "towards": "Towards",
        "indicators": "Indicators",
        "no_maturity": "No maturity assessment in this case.",
        "no_rows": "Nothing documented.",
        "graph_help": "Drag to pan, scroll to zoom, click a node to see its facts and sources and bring out its neighbours. Names show for the chosen node, its neighbours and the most connected nodes, never overlapping; zooming in shows more. Click a family in the legend to hide or show it. Sections and quotes are shown in the panel of the node that rests on them.",
        "graph_panel": "Click a node of the graph.",
        "kind_organisation": "Organisation and study",
        "kind_people": "Roles and posts",
        "kind_task": "Tasks",
        "kind_tool": "Tools",
        "kind_usage": "AI usages",
        "kind_nonusage": "Non-usages and reasons",
        "kind_condition": "Constraints, risks, conditions",
        "kind_guidance": "Recommendations, maturity, lessons",
        "kind_vocabulary": "Vocabulary and classifications",
        "graph_vocabulary": "The vocabulary (concepts, external classifications) is hidden: click its chip in the legend to show it.",
        "graph_search": "Find a node…",
        "graph_fit": "Fit",
        "properties": "Properties",
        "relations": "Relationships",
        "nodes": "nodes",
        "edges": "edges",
        "no_js": "The interactive graph needs JavaScript.",
        "chart_of": "Chart",
        "total": "Total",
        "organisation_of": "Organisation",
        "not_assessed": "not assessed",
    },
}

# Maturity levels from lowest to highest (their SKOS scheme is not ordered).
MATURITY_ORDER = ("low", "medium", "strong")
TYPOLOGY_ORDER = ("effective-user", "exploring", "not-concerned", "undetermined")
TYPOLOGY_COLOURS = {"effective-user": "#2b8a3e", "exploring": "#f59f00", "not-concerned": "#adb5bd", "undetermined": "#e9ecef"}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ConfigError(f"unknown report language {lang!r}; use one of: {', '.join(LANGS)}")
    return lang


def term(lang: str, key: str) -> str:
    """A fixed text, or the label of a verdict, in ``lang`` (the key itself when unknown)."""
    return TEXTS[lang].get(key) or VERDICT_LABELS[lang].get(key) or key


def concept_label(scheme: str, notation: str | None, lang: str) -> str:
    if notation is None:
        return ""
    return concept_labels(scheme, lang).get(notation, notation)


@ontology_cache
def concept_iri_labels(lang: str) -> dict[str, str]:
    """Concept IRI -> preferred label in ``lang``, for every concept of the vocabularies."""
    graph = ontology_graph()
    out = {}
    for concept in set(graph.subjects(SKOS.prefLabel, None)):
        out[str(concept)] = text_in(graph, concept, SKOS.prefLabel, lang) or str(concept).rsplit("/", 1)[-1]
    return out


@ontology_cache
def concept_definitions(scheme: str, lang: str) -> dict[str, str]:
    """Notation -> definition in ``lang`` for every concept of the SKOS scheme ``scheme``."""
    graph = ontology_graph()
    out = {}
    for notation, concept in scheme_concepts(GMV[scheme]).items():
        text = text_in(graph, concept, SKOS.definition, lang)
        if text is not None:
            out[notation] = text
    return out


def class_label(name: str, lang: str) -> str:
    """The label of the ontology class ``name`` (``Task`` -> ``tâche``), capitalised."""
    extra = {"Concept": {"fr": "Concept du vocabulaire", "en": "Vocabulary concept"},
             "External": {"fr": "Classification externe", "en": "External classification"}}
    if name in extra:
        return extra[name][lang]
    graph = ontology_graph()
    text = text_in(graph, GM[name], RDFS.label, lang) or name
    return text[:1].upper() + text[1:]


# Node properties and relationships of the exported graph that are not the ontology's own (Dublin
# Core, RDFS, SKOS, PROV terms, and the verdicts folded onto their entity by the export): their
# names for a reader. The ontology's own are read from its rdfs:label in the report's language.
PROPERTY_TEXTS: dict[str, dict[str, str]] = {
    "identifier": {"fr": "identifiant", "en": "identifier"},
    "label": {"fr": "libellé", "en": "label"},
    "prefLabel": {"fr": "libellé", "en": "label"},
    "description": {"fr": "description", "en": "description"},
    "title": {"fr": "titre", "en": "title"},
    "date": {"fr": "date", "en": "date"},
    "publisher": {"fr": "éditeur", "en": "publisher"},
    "notation": {"fr": "notation", "en": "notation"},
    "standardisable": {"fr": "standardisable (verdict)", "en": "standardisable (verdict)"},
    "standardisable_proposed": {"fr": "standardisable (proposé)", "en": "standardisable (proposed)"},
    "standardisable_review": {"fr": "standardisable (revue)", "en": "standardisable (review)"},
    "standardisable_score": {"fr": "score de standardisation", "en": "standardisation score"},
    "ai_fit": {"fr": "adéquation à l'IA", "en": "AI fit"},
    "ai_fit_proposed": {"fr": "adéquation à l'IA (proposée)", "en": "AI fit (proposed)"},
    "ai_fit_review": {"fr": "adéquation à l'IA (revue)", "en": "AI fit (review)"},
    "typology": {"fr": "typologie", "en": "typology"},
    "typology_proposed": {"fr": "typologie (proposée)", "en": "typology (proposed)"},
    "typology_review": {"fr": "typologie (revue)", "en": "typology (review)"},
    "rubric_version": {"fr": "version de la grille", "en": "rubric version"},
}
RELATION_TEXTS: dict[str, dict[str, str]] = {
    "CLOSE_MATCH": {"fr": "correspond à peu près à", "en": "close match"},
    "EXACT_MATCH": {"fr": "correspond exactement à", "en": "exact match"},
    "IN_SCHEME": {"fr": "dans le vocabulaire", "en": "in scheme"},
    "HAS_TOP_CONCEPT": {"fr": "a pour concept de tête", "en": "has top concept"},
    "IS_PART_OF": {"fr": "fait partie de", "en": "is part of"},
    "USED": {"fr": "a utilisé", "en": "used"},
    "WAS_ATTRIBUTED_TO": {"fr": "attribué à", "en": "attributed to"},
    "WAS_DERIVED_FROM": {"fr": "dérivé de", "en": "derived from"},
    "WAS_GENERATED_BY": {"fr": "produit par", "en": "generated by"},
    "SEE_ALSO": {"fr": "voir aussi", "en": "see also"},
}
YES_NO = {"fr": ("oui", "non"), "en": ("yes", "no")}


def exact_text(graph, subject, predicate, lang: str) -> str | None:
    """The text of ``subject predicate`` in ``lang`` only (``text_in`` falls back on English)."""
    for lit in graph.objects(subject, predicate):
        if isinstance(lit, Literal) and lit.language == lang:
            return str(lit)
    return None


@cache
def property_label(key: str, lang: str) -> str:
    """What a reader calls the node property ``key`` of the exported graph (``aiGovernance_fr``
    -> ``gouvernance de l'IA``), in ``lang``; the key itself only for a property nobody named."""
    if key in PROPERTY_TEXTS:
        return PROPERTY_TEXTS[key][lang]
    try:
        predicate, _ = pg_mapping().property_of_key(key)
    except KeyError:
        return key
    name = str(predicate).replace("#", "/").rsplit("/", 1)[-1]
    if name in PROPERTY_TEXTS:
        return PROPERTY_TEXTS[name][lang]
    return exact_text(ontology_graph(), predicate, RDFS.label, lang) or key


@cache
def relation_label(rel: str, lang: str) -> str:
    """What a reader calls the relationship ``rel`` of the exported graph (``TASK_OF`` -> ``tâche de``)."""
    if rel in RELATION_TEXTS:
        return RELATION_TEXTS[rel][lang]
    try:
        predicate = pg_mapping().predicate_of_rel(rel)
    except KeyError:
        return rel
    return exact_text(ontology_graph(), predicate, RDFS.label, lang) or rel


def value_text(value, lang: str) -> str:
    """A node property's value as the report writes it: true/false and derived verdicts in
    ``lang``, anything else (the case's data) as written."""
    if isinstance(value, bool) or str(value) in ("True", "False", "true", "false"):
        return YES_NO[lang][0 if str(value).lower() == "true" else 1]
    text = str(value)
    return VERDICT_LABELS[lang].get(text, text)


def reason_text(reason: Reason, lang: str) -> str:
    """A verdict's reason in ``lang``, every verdict value in it written as a reader says it
    (``derivation.reasons.render`` keeps the values themselves in English for the queries)."""
    return render_reason(reason, lang, labelled=True)


RUBRIC_BASE = "https://w3id.org/graphmap/rubric/"


def rubric_texts(rubric: str, lang: str) -> tuple[str, dict[str, str | None]]:
    """The name of the rubric ``rubric`` (its id in the store) in ``lang``, and for each of its
    criteria the reference it is grounded in when written in ``lang`` (None otherwise), as the
    shipped rubric gives them; a rubric graphmap does not ship keeps its id."""
    graph = rubric_graph()
    subject = URIRef(RUBRIC_BASE + rubric)
    name = exact_text(graph, subject, RDFS.label, lang)
    grounded = {str(c)[len(RUBRIC_BASE):]: exact_text(graph, c, GM.groundedIn, lang)
                for c in set(graph.objects(subject, GM.criterion)) | set(graph.objects(subject, GM.blockingCondition))}
    return (name or rubric), grounded


# ISCO-08 major groups (the first digit of a unit group), as the ILO names them in each language.
ISCO_MAJOR_GROUPS: dict[str, dict[str, str]] = {
    "1": {"fr": "Directeurs, cadres de direction et gérants", "en": "Managers"},
    "2": {"fr": "Professions intellectuelles et scientifiques", "en": "Professionals"},
    "3": {"fr": "Professions intermédiaires", "en": "Technicians and associate professionals"},
    "4": {"fr": "Employés de type administratif", "en": "Clerical support workers"},
    "5": {"fr": "Personnel des services directs aux particuliers, commerçants et vendeurs", "en": "Service and sales workers"},
    "6": {"fr": "Agriculteurs et ouvriers qualifiés de l'agriculture, de la sylviculture et de la pêche",
          "en": "Skilled agricultural, forestry and fishery workers"},
    "7": {"fr": "Métiers qualifiés de l'industrie et de l'artisanat", "en": "Craft and related trades workers"},
    "8": {"fr": "Conducteurs d'installations et de machines, et ouvriers de l'assemblage",
          "en": "Plant and machine operators, and assemblers"},
    "9": {"fr": "Professions élémentaires", "en": "Elementary occupations"},
    "0": {"fr": "Professions militaires", "en": "Armed forces occupations"},
}
