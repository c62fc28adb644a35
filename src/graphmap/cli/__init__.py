"""The ``graphmap`` command line."""

from graphmap.cli.main import app, main

__all__ = ["app", "main"]
