"""``python -m graphmap`` runs the command line."""

from .cli import main

main()
