"""The embedded store: Oxigraph on disk, no server. One named graph per case.

Its parts: ``folder`` (the store folder, its database versions, markers and lock), ``writes``
(loads and reviews), ``queries`` (SPARQL, graphs out), ``terms`` (Oxigraph terms to rdflib's
and to plain Python), ``graphs`` (the names of the graphs it keeps); ``store`` puts them together.

A store is a folder: ``live`` points to the Oxigraph database in use (``data-NNNNNN``), and
``write.lock`` lets one writer in at a time (others wait). A load replaces its graphs in one
of two ways, both all-or-nothing — a reader sees the old cases or the new ones, never a mix,
and a failure or a kill leaves the store as it was:

- a small load (the usual case: a few files) is one SPARQL update, a single transaction,
  that deletes and inserts only the triples that changed (a case loaded again unchanged
  writes nothing);
- a big load (many cases at once: a whole barometer) is written with Oxigraph's bulk loader
  — several times faster, but not transactional — into a new database beside the live one,
  along with the graphs it does not replace; then ``live`` is switched to it in one atomic
  rename. The previous database stays one load longer for readers that still have it open.

Every write ends with a flush: nothing is left only in RocksDB's write-ahead log. A reader
opens the database as it is on disk (its file list, then the log); a writer that opened a
database with a pending log would move that log into tables and delete it meanwhile, and a
reader caught in between would see an empty store.

graphmap only changes folders it made, and only deletes what it can prove it made. A store
folder holds the marker file ``graphmap-store``, written first when graphmap creates the folder
(or finds it empty); each database holds ``graphmap-database``, written before its first
triple. The tidy-up removes a database neither live nor previous only if it holds that marker
(or is empty: a load killed between creating the folder and marking it); any other folder,
``data-*`` or not, is left alone. A non-empty folder without the marker is refused, unless
graphmap recognises it as one of its older stores:

- made before the markers: ``live`` is a symbolic link to a ``data-NNNNNN`` database (a
  folder with an Oxigraph ``CURRENT`` file) beside it. The first write marks the
  folder and its live and previous databases; other unmarked ``data-*`` folders (a load killed
  under an older graphmap) are kept, to be removed by hand;
- made by the first graphmap: the folder is itself an Oxigraph database (a ``CURRENT`` file); its loads
  are all SPARQL updates and nothing in it is ever deleted.
"""

from __future__ import annotations

from graphmap.stores.embedded.graphs import ONTOLOGY_GRAPH, RUBRIC_GRAPH
from graphmap.settings import store_path as default_store_path
from graphmap.stores.embedded.store import EmbeddedStore
from graphmap.stores.embedded.writes import BULK_FROM

__all__ = ["EmbeddedStore", "default_store_path", "ONTOLOGY_GRAPH", "RUBRIC_GRAPH", "BULK_FROM"]
