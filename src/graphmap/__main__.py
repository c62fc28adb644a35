"""``python -m graphmap`` runs the command line."""

from graphmap.cli import main

main()
