"""Neo4j as a second store: the same case graphs as property graphs, queried in Cypher.

Its parts: ``connection`` (the driver, the settings it is opened with, errors as one line),
``writer`` (loads in whole-case transactions, and the protocol by which reads never see half a
load), ``reading`` (named and ad-hoc Cypher, graphs rebuilt as RDF for export); ``statements``
reads their Cypher from ``loaders/``; ``store`` puts them together.

Cases are written in managed write transactions of about ``GROUP_ROWS`` nodes and
relationships (one case, or several small ones; a case never spans two): their previous
versions are detached, their nodes merged and relationships created in batches with
``UNWIND``, and the relationships created are counted against the RDF graphs before commit
(a missing end, such as a concept the vocabularies lack, names its case). A failure
at any point rolls the whole transaction back; retries of transient errors are safe because
every step is idempotent. A bookkeeping node per case (``GraphmapCase``) lists the IRIs it
loaded and its relationships that start at shared nodes, so that replacing one case costs the
same with 1 or 1,000 cases loaded (counting or exporting one also reads, for a tool every case
uses, the relationships each case gave it).

Neo4j Community reads at read-committed isolation: a query running while a transaction
commits can see part of it. So queries see a load before or after, never half-applied: a
load keeps a transaction tagged ``graphmap: load`` open from before its first write until
after its last commit, and counts itself on the catalog node before writing. A query reads
the count, waits while a load is running, runs, and reads the count again; if a load began
meanwhile it runs again. Queries read together (those a view is computed from) run at the same
time, each in its own transaction, between the two readings of the count: a load never falls
between them. A loader that dies takes its tagged transaction with it, so nothing stays locked.
"""

from __future__ import annotations

from graphmap.stores.neo4j.connection import ServerLost
from graphmap.stores.neo4j.store import Neo4jStore
from graphmap.stores.neo4j.writer import BATCH_SIZE, BOOKKEEPING_LABELS, GROUP_ROWS, RUBRIC_CASE, VOCABULARY_CASE

__all__ = ["Neo4jStore", "ServerLost", "BATCH_SIZE", "BOOKKEEPING_LABELS", "GROUP_ROWS", "VOCABULARY_CASE", "RUBRIC_CASE"]
