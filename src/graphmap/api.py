"""graphmap from Python (a notebook, a script): the same work as the commands, without the CLI.

Open a store, load case files into it, run the named queries, explain a verdict, export a
graph. Every function raises a ``graphmap.errors.GraphMapError`` (one line, located) for a
user's mistake, as the commands do.

>>> import tempfile, graphmap
>>> store = graphmap.open_store(path=tempfile.mkdtemp() + "/store")   # the embedded store
>>> [case.case.id for case in graphmap.load_cases(["cases/sante-publique-2026.yaml"], store)]
['sante-publique-2026']
>>> store.close()
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["open_store", "load_cases", "run_query", "explain_verdict", "export_graph"]


def open_store(backend: str = "embedded", *, path: str | Path | None = None, read_only: bool = False, **neo4j):
    """A store: ``embedded`` (a folder, made if missing; default ``~/.local/share/graphmap/store``)
    or ``neo4j`` (``uri``, ``user``, ``database``, ``password_file``; else ``NEO4J_*`` variables).
    Use it in a ``with`` block, or close it.

    >>> import tempfile, graphmap
    >>> with graphmap.open_store(path=tempfile.mkdtemp() + "/store") as store:
    ...     store.cases()
    []
    """
    from graphmap.stores import open_store as _open

    return _open(backend, path=Path(path) if path is not None else None, read_only=read_only, **neo4j)


def load_cases(files, store, rubric: str | Path | None = None, vocabulary: str | Path | None = None) -> list:
    """Check case files (or folders of them), then load them with their verdicts; nothing is
    written if one is invalid. Returns the checked cases.

    >>> import tempfile, graphmap
    >>> with graphmap.open_store(path=tempfile.mkdtemp() + "/store") as store:
    ...     loaded = graphmap.load_cases(["cases/"], store)
    ...     [(c.case.id, c.triples > 1000) for c in loaded]
    [('sante-publique-2026', True)]
    """
    from graphmap.intake.load import load_cases as _load

    return _load([Path(f) for f in files], store, Path(rubric) if rubric is not None else None,
                 Path(vocabulary) if vocabulary is not None else None)


def run_query(store, name: str, **params: str) -> list[dict]:
    """The rows of a named query (``graphmap queries`` lists them), as dicts keyed by column.

    >>> import tempfile, graphmap
    >>> with graphmap.open_store(path=tempfile.mkdtemp() + "/store") as store:
    ...     _ = graphmap.load_cases(["cases/"], store)
    ...     rows = graphmap.run_query(store, "role-typology", case="sante-publique-2026")
    ...     sorted({row["typology"] for row in rows})
    ['effective-user', 'exploring', 'not-concerned']
    """
    from graphmap.query.named import run_query as _run

    return _run(store, name, params).rows


def explain_verdict(store, entity: str, case: str | None = None) -> dict:
    """Why a task, post or role has its verdict: the rule, the criteria, the facts and their
    sections, what would change it.

    >>> import tempfile, graphmap
    >>> with graphmap.open_store(path=tempfile.mkdtemp() + "/store") as store:
    ...     _ = graphmap.load_cases(["cases/"], store)
    ...     why = graphmap.explain_verdict(store, "tache-tri-archives")
    ...     why["verdict"], why["question"]
    ('not-standardisable', 'standardisable')
    """
    from graphmap.analysis.explain import explain as _explain

    return _explain(store, entity, case).to_dict()


def export_graph(store, case: str | None = None, verdicts: bool = True):
    """The RDF graph (rdflib) of one case or of every case, with their verdicts unless told not.

    >>> import tempfile, graphmap
    >>> with graphmap.open_store(path=tempfile.mkdtemp() + "/store") as store:
    ...     _ = graphmap.load_cases(["cases/"], store)
    ...     len(graphmap.export_graph(store, "sante-publique-2026", verdicts=False)) > 1000
    True
    """
    from graphmap.outputs.export import export_graph as _export

    return _export(store, case, verdicts=verdicts)
