"""The connection to a Neo4j database: the driver opened with ``Neo4jSettings``, sessions and
managed transactions, and the driver's errors turned into one-line messages."""

from __future__ import annotations

import logging
from contextlib import contextmanager

from graphmap.errors import StoreError
from graphmap.settings import Neo4jSettings
from graphmap.stores.neo4j.statements import statement

logging.getLogger("neo4j").addHandler(logging.NullHandler())  # the driver's warnings are not the user's messages

URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Connection:
    """A connection to a Neo4j database (local server, cluster with ``neo4j://``, Aura with ``neo4j+s://``)."""

    def __init__(self, settings: Neo4jSettings):
        import neo4j
        from neo4j import exceptions as nx

        self.settings = settings
        self._loading = 0  # > 0 while this connection runs a load (its own reads need not wait)
        scheme = settings.uri.split("://", 1)[0] if "://" in settings.uri else ""
        if scheme not in URI_SCHEMES:
            raise StoreError(f"Neo4j URI {settings.uri!r} is not usable: the scheme must be one of {', '.join(URI_SCHEMES)}")
        try:
            self._driver = neo4j.GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password))
            with self._driver.session(database=settings.database) as session:
                session.run(statement("ping")).consume()
        except nx.AuthError:
            raise StoreError(f"Neo4j at {settings.uri} refused the credentials of user {settings.user!r}; check NEO4J_USER and NEO4J_PASSWORD") from None
        except (nx.ServiceUnavailable, nx.SessionExpired, OSError) as exc:
            raise StoreError(_unreachable(settings.uri, scheme, exc)) from None
        except (nx.TransientError, nx.DatabaseError) as exc:  # a server starting or stopping
            raise StoreError(f"Neo4j at {settings.uri} cannot serve requests now ({exc.code}: "
                             f"{_first_line(exc.message)}); try again") from None
        except nx.ConfigurationError as exc:
            raise StoreError(f"Neo4j URI {settings.uri!r} is not usable: {exc}") from None
        except ValueError as exc:
            raise StoreError(f"Neo4j URI {settings.uri!r} is not usable: {exc}") from None
        except nx.ClientError as exc:
            raise StoreError(self._client_error(exc)) from None

    def _client_error(self, exc) -> str:
        if exc.code and ("AccessMode" in exc.code or "ForbiddenOnReadOnlyDatabase" in exc.code or "WriteOnReadOnlyAccessDbException" in exc.code):
            return "writes are refused: graphmap queries run in read-only transactions (load cases to change the database)"
        if exc.code and "DatabaseNotFound" in exc.code:
            return f"database {self.settings.database!r} does not exist on {self.settings.uri}; set NEO4J_DATABASE"
        return f"Neo4j refused the request ({exc.code}): {exc.message}"

    def _session(self, read: bool = False):
        import neo4j

        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self._driver.session(database=self.settings.database, default_access_mode=mode)

    def _guard(self, work, read: bool = False):
        with self._errors(read), self._session(read) as session:
            return session.execute_read(work) if read else session.execute_write(work)

    @contextmanager
    def _errors(self, read: bool = False):
        """Driver errors raised inside become one-line StoreErrors."""
        from neo4j import exceptions as nx

        try:
            yield
        except nx.ClientError as exc:
            raise StoreError(self._client_error(exc)) from None
        except (nx.ServiceUnavailable, nx.SessionExpired, OSError):
            # The driver has already retried for its max_transaction_retry_time (30 s).
            raise ServerLost(f"lost the connection to Neo4j at {self.settings.uri}", read) from None
        except (nx.TransientError, nx.DatabaseError) as exc:  # a server shutting down, or a fault of its own
            raise ServerLost(f"Neo4j at {self.settings.uri} could not complete the request ({exc.code}: "
                             f"{_first_line(exc.message)})", read) from None

    # --- writing ------------------------------------------------------------------------

    @property
    def location(self) -> str:
        """Where the store is, as messages show it: the server's URI (never with a password)."""
        return self.settings.uri

    def close(self) -> None:
        self._driver.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

class ServerLost(StoreError):
    """The server went away or failed while a request ran (after the driver's retries)."""

    def __init__(self, reason: str, read: bool):
        self.reason = reason
        then = ("try again when it is back" if read else
                "the interrupted write was not committed (each case is whole, in its old or its new version); run it again")
        super().__init__(f"{reason}; {then}")


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else "no message"


def _causes(exc: BaseException):
    """``exc`` and every exception behind it (causes, contexts, members of exception groups)."""
    seen, stack = set(), [exc]
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        stack.extend(getattr(item, "exceptions", ()))
        stack.extend((item.__cause__, item.__context__))


def _unreachable(uri: str, scheme: str, exc: BaseException) -> str:
    """Why the server at ``uri`` could not be reached, in one line: a certificate not trusted, a
    TLS handshake refused (a plain server), a plain handshake refused (a server requiring TLS),
    or nothing answering."""
    import ssl

    causes = list(_causes(exc))
    rest = uri.split("://", 1)[1]
    base = scheme.split("+", 1)[0]
    if scheme.endswith("+s"):
        for cause in causes:
            if isinstance(cause, ssl.SSLCertVerificationError):
                why = cause.verify_message or cause.reason or "not verified"
                if "mismatch" in why:
                    return (f"cannot reach Neo4j at {uri}: its TLS certificate is for another host name ({why.rstrip('.')}); "
                            "connect with a name the certificate gives")
                return (f"cannot reach Neo4j at {uri}: its TLS certificate is not trusted ({why}); if the server's "
                        f"certificate is self-signed, use {base}+ssc://{rest}, or add its authority to this machine's "
                        "trusted certificates")
    if "+" in scheme:
        tls = [c for c in causes if isinstance(c, ssl.SSLError)] + [c for c in causes if type(c).__name__ == "BoltSecurityError"]
        for cause in tls[:1]:
            why = getattr(cause, "reason", None) or _first_line(str(cause))
            return (f"cannot reach Neo4j at {uri}: the TLS handshake failed ({why}); if the server does not "
                    f"use TLS, use {base}://{rest}")
    elif any("incomplete handshake" in str(cause) for cause in causes):
        return (f"cannot reach Neo4j at {uri}: the server closed the connection during the Bolt handshake; if it "
                f"requires TLS, use {base}+s://{rest} (or {base}+ssc://{rest} for a self-signed certificate)")
    return f"cannot reach Neo4j at {uri}; start the local server with scripts/neo4j start, or set NEO4J_URI"
