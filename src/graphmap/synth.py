"""Synthetic barometers: realistic case files with the variety of the seed, deterministic for a seed.

Each generated case is a case file in the project's own format (it passes ``graphmap
validate``): an organisation with units and sites, roles and posts with tasks whose
characteristics vary, tools, AI tools and capsules, usages of every status, non-usages with
reasons in the six categories, constraints, support measures, non-AI improvements, risks,
success conditions, recommendations and a maturity assessment. Used by the benchmarks and by
the property-based tests.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

from .caseformat import case_format

__all__ = ["synth_case", "write_barometer"]

SECTORS = ["santé", "social", "éducation", "environnement", "culture", "emploi", "transport", "logement"]
ROLE_NAMES = ["Inspecteurs", "Assistants", "Juristes", "Chargés de mission", "Gestionnaires", "Logistique",
              "Accueil", "Comptables", "Référents IA", "Agents de contrôle", "Documentalistes", "Techniciens"]
TASK_VERBS = ["Rédaction", "Tri", "Suivi", "Saisie", "Contrôle", "Synthèse", "Archivage", "Relance", "Préparation",
              "Vérification", "Classement", "Réparation"]
TASK_OBJECTS = ["des rapports", "des courriers", "des dossiers", "des tableaux de bord", "des réclamations",
                "des comptes-rendus", "des factures", "des demandes", "des convocations", "du matériel"]


def _pick(rng: random.Random, items: list, k: int) -> list:
    return rng.sample(items, min(k, len(items)))


def synth_case(seed: int, index: int = 0, tasks_per_post: int = 4) -> dict[str, Any]:
    """The case file (as data) number ``index`` of the barometer ``seed``."""
    rng = random.Random(f"{seed}:{index}")
    fmt = case_format()
    concepts = {f"{name}.{key}": sorted(f.concepts()) for name, s in fmt.sections.items()
                for key, f in s.fields.items() if f.kind == "concept"}
    characteristics = concepts["tasks.characteristics"]
    sections = [{"number": str(n), "title": f"Section {n}"} for n in range(1, 10)]
    src = lambda: str(rng.randint(1, 9))  # noqa: E731
    case_id = f"synth-{seed}-{index:05d}"
    org = "org"
    case: dict[str, Any] = {
        "graphmap": 1, "case": case_id, "language": "fr",
        "study": {"label": f"Cas synthétique {index}", "publisher": ["graphmap synth"], "date": "2026",
                  "method": "données synthétiques", "interview_minutes": rng.randint(30, 120), "studies": org,
                  "sections": sections},
        "organisations": [{"id": org, "label": f"Organisation {index} ({rng.choice(SECTORS)})", "source": "1",
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


def write_barometer(cases: int, seed: int, out: Path) -> list[Path]:
    """Write ``cases`` case files into ``out``; the same seed gives the same files."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(cases):
        path = out / f"synth-{seed}-{index:05d}.yaml"
        path.write_text(yaml.safe_dump(synth_case(seed, index), allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths
