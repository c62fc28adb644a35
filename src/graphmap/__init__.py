"""graphmap: a knowledge graph of AI usage and non-usage at work. The Python API is in
``graphmap.api`` (open_store, load_cases, run_query, explain_verdict, export_graph), also reachable from here; the
command line is ``graphmap.cli``."""

__version__ = "0.1.0"

__all__ = ["open_store", "load_cases", "run_query", "explain_verdict", "export_graph"]


def __getattr__(name: str):
    if name in __all__:  # imported on first use: ``import graphmap`` stays light
        from graphmap import api

        return getattr(api, name)
    raise AttributeError(f"module 'graphmap' has no attribute {name!r}")
