"""Bolt over TLS, against a real TLS listener: a Neo4j server of this module's own that requires
TLS, with a self-signed certificate the test makes. A certificate that is not trusted, and plain
Bolt to a server that requires TLS, are one clear line each; ``+ssc`` loads and queries."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from graphmap.intake.load import check_case

from conftest import ROOT, neo4j_env, neo4j_settings, private_neo4j_server, run_cli, wipe

MAIRIE = ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml"


def self_signed_certificate(folder: Path) -> Path:
    """private.key (PKCS#8 PEM) and public.crt (PEM) of a certificate signed by its own key,
    for the name localhost only (not 127.0.0.1), valid for a day either side of now."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "graphmap test server")])
    now = datetime.datetime.now(datetime.timezone.utc)
    names = [x509.DNSName("localhost")]
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName(names), critical=False)
                   .sign(key, hashes.SHA256()))
    (folder / "private.key").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                           serialization.NoEncryption()))
    (folder / "public.crt").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return folder


@pytest.fixture(scope="module")
def tls_neo4j(tmp_path_factory):
    """A Neo4j server that accepts Bolt over TLS only, with a self-signed certificate."""
    base = tmp_path_factory.mktemp("neo4j-tls")
    with private_neo4j_server(base / "home", tls_dir=self_signed_certificate(base / "certificates")) as server:
        yield server


def _one_line(run, server) -> str:
    assert run.code == 2, run.err
    assert run.out == "" and "Traceback" not in run.err and server.password not in run.err
    [line] = run.err.splitlines()
    return line


@pytest.mark.parametrize("scheme", ["neo4j+s", "bolt+s"])
@pytest.mark.parametrize("command", ["load", "query"])
def test_an_untrusted_certificate_is_one_line_that_names_it(tls_neo4j, scheme, command):
    args = ("load", str(MAIRIE)) if command == "load" else ("query", "usages")
    run = run_cli(*args, "--backend", "neo4j", env=tls_neo4j.env(scheme))
    ssc = scheme.replace("+s", "+ssc")
    assert _one_line(run, tls_neo4j) == (
        f"graphmap: cannot reach Neo4j at {tls_neo4j.uri(scheme)}: its TLS certificate is not trusted (self-signed "
        f"certificate); if the server's certificate is self-signed, use {tls_neo4j.uri(ssc)}, or add its authority "
        "to this machine's trusted certificates")


def test_a_trusted_certificate_works_with_s_and_names_a_host_it_is_not_for(tls_neo4j):
    """Trusted as the user would (SSL_CERT_FILE, the system's trusted certificates), the
    certificate is good for localhost, the name it is for; 127.0.0.1 is not in it."""
    trusted = {"SSL_CERT_FILE": str(tls_neo4j.tls_dir / "public.crt")}
    uri = f"neo4j+s://localhost:{tls_neo4j.port}"
    run = run_cli("query", "usages", "--backend", "neo4j", "-f", "json", env={**tls_neo4j.env(), **trusted, "NEO4J_URI": uri})
    assert run.code == 0, run.err
    json.loads(run.out)
    for scheme in ("neo4j+s", "bolt+s"):
        run = run_cli("query", "usages", "--backend", "neo4j", env={**tls_neo4j.env(scheme), **trusted})
        assert _one_line(run, tls_neo4j) == (
            f"graphmap: cannot reach Neo4j at {tls_neo4j.uri(scheme)}: its TLS certificate is for another host name "
            "(IP address mismatch, certificate is not valid for '127.0.0.1'); connect with a name the certificate gives")


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_plain_bolt_to_a_server_that_requires_tls_is_one_line(tls_neo4j, scheme):
    run = run_cli("load", str(MAIRIE), "--backend", "neo4j", env=tls_neo4j.env(scheme))
    assert _one_line(run, tls_neo4j) == (
        f"graphmap: cannot reach Neo4j at {tls_neo4j.uri(scheme)}: the server closed the connection during the Bolt "
        f"handshake; if it requires TLS, use {tls_neo4j.uri(scheme + '+s')} (or {tls_neo4j.uri(scheme + '+ssc')} "
        "for a self-signed certificate)")


@pytest.mark.parametrize("scheme", ["neo4j+ssc", "bolt+ssc"])
def test_a_self_signed_certificate_accepted_with_ssc_loads_and_queries(tls_neo4j, scheme):
    with tls_neo4j.connect("bolt+ssc") as store:
        wipe(store)
    env = tls_neo4j.env(scheme)
    loaded = run_cli("load", str(MAIRIE), "--backend", "neo4j", env=env)
    assert loaded.code == 0, loaded.err
    assert "-> case mairie-exemple (" in loaded.err and tls_neo4j.uri(scheme) in loaded.err
    asked = run_cli("query", "role-typology", "--backend", "neo4j", "-p", "case=mairie-exemple", "-f", "json", env=env)
    assert asked.code == 0, asked.err
    assert {r["id"]: r["typology"] for r in json.loads(asked.out)}["agents-etat-civil"] == "exploring"
    with tls_neo4j.connect(scheme) as store:
        assert isomorphic(store.export_case("mairie-exemple"), check_case(MAIRIE).graph)


@pytest.mark.parametrize("scheme", ["bolt+s", "bolt+ssc", "neo4j+s", "neo4j+ssc"])
def test_tls_to_a_server_without_tls_is_one_line(scheme):
    """The other way round, against the shared test server (plain Bolt; nothing is written)."""
    settings = neo4j_settings()
    rest = settings.uri.split("://", 1)[1]
    env = {**neo4j_env(), "NEO4J_URI": f"{scheme}://{rest}"}
    run = run_cli("query", "usages", "--backend", "neo4j", env=env)
    assert run.code == 2 and run.out == "" and "Traceback" not in run.err and settings.password not in run.err
    [line] = run.err.splitlines()
    assert line.startswith(f"graphmap: cannot reach Neo4j at {scheme}://{rest}: the TLS handshake failed ("), line
    assert line.endswith(f"); if the server does not use TLS, use {scheme.split('+')[0]}://{rest}"), line
