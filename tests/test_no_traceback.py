"""No traceback ever reaches the user: every command, each of its options given hostile values.

The commands and their options are read from the typer application itself, so a new command or
a new option is covered as soon as it exists (and ``test_every_command_has_arguments_to_start_from``
asks for the valid arguments it starts from). Each option gets a family of values chosen by its
type: files that are missing, folders, binary, or named with ``: 12:`` and a line break; outputs in
a missing folder, onto a folder or a file; stores that are a file, a foreign folder, or on a
read-only mount; ids and texts with quotes, braces, spaces, line breaks, accents, 5,000 characters;
choices and numbers out of range; Neo4j options on an address where nothing listens. Every run
must end with exit code 0 (the value is legitimately fine) or 2 with one line on stderr, nothing on
stdout, no traceback, and the store's files byte for byte as they were.

Most runs call the real entry point, ``graphmap.cli.main``, in this process (``run_here``: the
same exit codes and messages as the command; an exception escaping it is what a user would see as
a traceback). What could hang or exhaust memory in-process if a check were missing (a pipe, a
device) and what needs a read-only mount run as processes of their own.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer.main

from graphmap.cli.main import app

from conftest import ROOT, Run

MAIRIE = ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml"
RUBRIC = ROOT / "ontology" / "rubric.ttl"
VOCABULARY = ROOT / "ontology" / "vocabulary-example.ttl"
NOWHERE_NEO4J = "bolt://127.0.0.1:1"  # nothing listens: a connection is refused at once
NEO4J_OPTIONS = {"--uri", "--user", "--database", "--password-file"}
OUTPUT_OPTIONS = {"--out", "--copy-to", "--add-to-case"}  # what a command writes (a file or a folder)


# --- the commands, as the application declares them ------------------------------------------

@dataclass(frozen=True)
class Param:
    name: str
    opt: str | None  # "--store", or None for a positional argument
    kind: str  # flag, choice, int, path, text
    multiple: bool


def _kind(param) -> str:
    if getattr(param, "is_flag", False):
        return "flag"
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if annotation is None:  # typer built on click's types
        annotation = {"path": Path, "choice": "choice", "integer": int, "boolean": bool}.get(
            getattr(getattr(param, "type", None), "name", ""), str)
    args = getattr(annotation, "__args__", None)
    if args:  # list[Path], list[str]
        annotation = args[0]
    if annotation is bool:
        return "flag"
    if annotation is int:
        return "int"
    if annotation is Path:
        return "path"
    if annotation == "choice" or isinstance(annotation, type) and issubclass(annotation, __import__("enum").Enum):
        return "choice"
    return "text"


def commands() -> dict[str, list[Param]]:
    """Every command and subcommand of ``graphmap`` (a group that runs on its own, like ``rubric``,
    counts as one), with its parameters but --help."""
    found: dict[str, list[Param]] = {}

    def walk(command, path: tuple[str, ...]) -> None:
        params = [Param(p.name, (p.opts[0] if p.opts[0].startswith("-") else None), _kind(p), bool(p.multiple))
                  for p in command.params if p.name not in ("help", "install_completion", "show_completion")]
        subcommands = getattr(command, "commands", None)
        if subcommands is None or getattr(command, "invoke_without_command", False):
            if path:
                found[" ".join(path)] = params
        for name, sub in sorted((subcommands or {}).items()):
            walk(sub, path + (name,))

    walk(typer.main.get_command(app), ())
    return found


COMMANDS = commands()


# --- valid arguments each command starts from ---------------------------------------------------

def base_arguments(command: str, world: "World") -> tuple[list[str], dict[str, str]]:
    """Positional arguments and options of a run that succeeds; a hostile value replaces one."""
    s = {"--store": str(world.store)}
    return {
        "analyse": ([str(MAIRIE)], s),
        "explain": (["redaction-actes"], s),
        "export": ([], s),
        "fit": ([str(world.tasks)], s),
        "load": ([str(MAIRIE)], s),
        "migrate": ([str(world.v1)], {}),
        "ontology docs": ([], {"--out": str(world.out / "docs")}),
        "queries": ([], {}),
        "reference add": (["mes-scores", str(world.scores)], {**s, "--key": "soc", "--key-column": "SOC", "--measure": "score",
                                                               "--citation": "Doe 2026", "--licence": "CC BY 4.0",
                                                               "--source": "https://example.org/scores"}),
        "reference list": ([], s),
        "reference load": (["tomlinson-2025"], s),
        "query": (["risks"], s),
        "questions": ([], s),
        "report": ([], {**s, "--out": str(world.out / "report.html")}),
        "review": (["redaction-actes"], {**s, "--why": "rules are explicit", "--by": "A. Martin", "--override": "true"}),
        "rubric": ([], s),
        "rubric check": ([], s),
        "rubric diff": ([str(RUBRIC)], s),
        "schema": ([], {}),
        "shapes": ([], {}),
        "synth": ([], {"--cases": "1", "--out": str(world.out / "synth")}),
        "validate": ([str(MAIRIE)], {}),
        "vocabulary": ([], s),
        "vocabulary check": ([str(VOCABULARY)], {}),
        "workbook new": ([], {"--out": str(world.out / "case.xlsx")}),
        "workbook read": ([str(world.workbook)], {"--out": str(world.out / "case.yaml")}),
        "workbook write": ([str(MAIRIE)], {"--out": str(world.out / "written.xlsx")}),
    }[command]


def test_every_command_has_arguments_to_start_from(tmp_path):
    world = World.make(tmp_path)
    missing = []
    for command in COMMANDS:
        try:
            base_arguments(command, world)
        except KeyError:
            missing.append(command)
    assert not missing, f"add the valid arguments of {missing} to base_arguments: their options are not tested"
    assert {"load", "query", "export", "explain", "rubric", "rubric diff", "ontology docs"} <= set(COMMANDS)


# --- a world of hostile files --------------------------------------------------------------------

@dataclass
class World:
    root: Path
    store: Path
    out: Path
    tasks: Path
    scores: Path
    v1: Path  # a case file in format version 1 (graphmap migrate)
    workbook: Path  # the test case as a workbook (graphmap workbook read)

    @classmethod
    def make(cls, root: Path) -> "World":
        (root / "out").mkdir(parents=True)
        tasks = root / "taches.csv"
        from graphmap.analysis.fit import TEMPLATE

        tasks.write_text(TEMPLATE, encoding="utf-8")
        scores = root / "scores.csv"
        scores.write_text("SOC,score\n43-6014,0.5\n37-3011,0.1\n", encoding="utf-8")
        v1 = root / "v1.yaml"
        v1.write_bytes((ROOT / "tests" / "data" / "v1" / "mairie-exemple-v1.yaml").read_bytes())
        from graphmap.intake.casefile import read_case_file
        from graphmap.outputs.workbook import case_workbook, save_workbook

        workbook = root / "case.xlsx"
        save_workbook(case_workbook(read_case_file(MAIRIE)), workbook)
        return cls(root, root / "store", root / "out", tasks, scores, v1, workbook)

    def file(self, name: str, data: bytes) -> str:
        path = self.root / "files" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        return str(path)

    def folder(self, name: str, files: dict[str, str] | None = None) -> str:
        path = self.root / "folders" / name
        path.mkdir(parents=True, exist_ok=True)
        for relative, text in (files or {}).items():
            (path / relative).parent.mkdir(parents=True, exist_ok=True)
            (path / relative).write_text(text)
        return str(path)


TEXTS = {
    "quote-brace": 'x" } UNION { ?s ?p ?o } #',
    "space": "a b",
    "newline": "a\nb",
    "terminal-escape": "a\x1b]0;TITLE\x07b",
    "unicode": "tâche-\u00e9t\u00e9-\u2028-\U0001f600",
    "very-long": "a" * 5000,
    "empty": "",
    "dash": "-x",
}


def hostile_values(command: str, param: Param, world: World) -> dict[str, tuple[list[str], dict[str, str]]]:
    """name -> (extra options set before the value, {option or "": value}): the family of ``param``."""
    opt = param.opt or ""
    neo4j = {"--backend": "neo4j", "--uri": NOWHERE_NEO4J} if opt in NEO4J_OPTIONS else {}
    family: dict[str, dict[str, str]] = {}
    if param.kind == "choice":
        family = {"not-a-choice": {opt: "nope"}, "choice-and-newline": {opt: "json\n"}}
    elif param.kind == "int":
        family = {"not-a-number": {opt: "x"}, "negative": {opt: "-1"}, "unicode-digits": {opt: "\u0663"}}
    elif param.kind == "path" and opt == "--store":
        family = {
            "a-regular-file": {opt: world.file("store-file", b"keep me")},
            "a-foreign-folder": {opt: world.folder("foreign", {"notes.txt": "keep me", "CURRENT": "z"})},
            "a-stray-current": {opt: world.folder("stray-current", {"CURRENT": "MANIFEST-000001\n"})},
            "colon-digits-newline": {opt: str(world.root / "new: 12:\nstore")},
            "under-a-file": {opt: world.file("plain", b"x") + "/store"},
        }
    elif param.kind == "path" and opt in OUTPUT_OPTIONS:
        family = {
            "in-a-missing-folder": {opt: str(world.root / "no-such-folder" / "x.out")},
            "a-folder": {opt: world.folder("out-folder", {"keep.txt": "keep me"})},
            "a-file": {opt: world.file("out-file", b"x")},
            "under-a-file": {opt: world.file("plain", b"x") + "/x.out"},
            "colon-digits-newline": {opt: str(world.out / f"{command.replace(' ', '-')}-x: 12:\nout")},
        }
    elif param.kind == "path":
        family = {
            "missing": {opt: str(world.root / "no-such-file.yaml")},
            "a-folder": {opt: world.folder("in-folder", {"notes.txt": "keep me"})},
            "binary": {opt: world.file("binary.ttl", b"\xff\xfe\x00\x80garbage\xc3(")},
            "colon-digits-newline": {opt: world.file("case: 12:\nname.yaml", MAIRIE.read_bytes())},
            "empty": {opt: world.file("empty.ttl", b"")},
        }
        if opt == "--password-file":
            for name in list(family):
                os.chmod(family[name][opt], 0o600) if Path(family[name][opt]).is_file() else None
    elif param.kind == "text":
        texts = dict(TEXTS)
        if opt == "--param":  # key=value: each text as the case, as another parameter, and no '='
            family = {f"case-{k}": {opt: f"case={v}"} for k, v in texts.items()}
            family.update({"entity-quote-brace": {opt: f"entity={texts['quote-brace']}"}, "no-equals": {opt: "case"},
                           "unknown-key": {opt: "colour=red"}})
        elif opt in NEO4J_OPTIONS:
            family = {k: {opt: v} for k, v in texts.items() if k in ("quote-brace", "newline", "very-long", "empty")}
            if opt == "--uri":
                family.update({"password-in-uri": {opt: "bolt://neo4j:S3cret@127.0.0.1:1"}, "unknown-scheme": {opt: "ftp://x"}})
        else:
            family = {k: {opt: v} for k, v in texts.items()}
    return {name: (neo4j, values) for name, values in family.items()}


# --- running and checking ---------------------------------------------------------------------

def run_in_process(args: list[str], cwd: Path) -> Run:
    """``graphmap ARGS`` through the real entry point in this process; an exception escaping it is
    reported as the traceback a user would see."""
    import contextlib
    import io
    from unittest import mock

    from graphmap.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    here = os.getcwd()
    os.chdir(cwd)
    try:
        with mock.patch.object(sys, "argv", ["graphmap", *args]), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            try:
                main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except BaseException:  # what the user would see
                err.write(traceback.format_exc())
                code = 1
    finally:
        os.chdir(here)
    return Run(code, out.getvalue(), err.getvalue())


def fingerprint(folder: Path) -> dict[str, str]:
    """Every entry under ``folder``: files by the hash of their bytes, links by target, folders by name."""
    if not folder.exists():
        return {}
    if not folder.is_dir():
        return {"": hashlib.sha256(folder.read_bytes()).hexdigest()}
    out = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        out[name] = ("-> " + os.readlink(path) if path.is_symlink() else
                     hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder")
    return out


def check(run: Run, what: str, before: dict, after: dict) -> list[str]:
    """What is wrong with ``run`` (nothing if it is fine)."""
    wrong = []
    if "Traceback" in run.out + run.err:
        wrong.append("a traceback: " + run.err.strip().splitlines()[-1])
    if run.code not in (0, 2):
        wrong.append(f"exit code {run.code}")
    if run.code == 2:
        lines = run.err.splitlines()
        if len(lines) != 1:
            wrong.append(f"{len(lines)} lines on stderr: {run.err[:300]!r}")
        if run.out:
            wrong.append(f"stdout is not empty: {run.out[:100]!r}")
        if before != after:
            changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            wrong.append(f"the store changed: {changed[:5]}")
    return [f"{what}: {w}" for w in wrong]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    made = World.make(tmp_path_factory.mktemp("hostile"))
    done = run_in_process(["load", str(MAIRIE), "--store", str(made.store)], made.root)
    assert done.code == 0, done.err
    return made


@pytest.fixture(autouse=True)
def _environment(monkeypatch, world):
    # Nothing may reach the user's store or server: the default store is a folder of the test.
    monkeypatch.setenv("GRAPHMAP_STORE", str(world.root / "default-store"))
    monkeypatch.setenv("NEO4J_PASSWORD", "not-a-secret")
    monkeypatch.setenv("NO_COLOR", "1")
    for name in ("NEO4J_URI", "NEO4J_PASSWORD_FILE", "GRAPHMAP_BACKEND", "GRAPHMAP_SALT"):
        monkeypatch.delenv(name, raising=False)


CASES = [(command, param) for command, params in sorted(COMMANDS.items()) for param in params if param.kind != "flag"]


def _argv(command: str, param: Param, base: tuple[list[str], dict[str, str]], extra: dict[str, str], values: dict[str, str]) -> list[str]:
    positional, options = base[0], {**base[1], **extra}
    for opt, value in values.items():
        if opt:
            options[opt] = value
        else:
            positional = [value]
    if options.get("--backend") == "neo4j":
        options.pop("--store", None)
    argv = [*command.split(), *positional]
    for opt, value in options.items():
        argv.append(f"{opt}={value}" if value.startswith("-") or value == "" else opt)
        if not (value.startswith("-") or value == ""):
            argv.append(value)
    return argv


@pytest.mark.parametrize("command, param", CASES, ids=[f"{c}:{p.opt or p.name}" for c, p in CASES])
def test_hostile_values_give_one_line_and_leave_the_store_as_it_was(world, command, param):
    base = base_arguments(command, world)
    wrong = []
    for name, (extra, values) in hostile_values(command, param, world).items():
        argv = _argv(command, param, base, extra, values)
        before = fingerprint(world.store)
        run = run_in_process(argv, world.root)
        wrong += check(run, f"{name} {argv!r}", before, fingerprint(world.store))
    assert not wrong, "\n".join(wrong)


# --- what needs a process of its own: pipes, devices, a read-only mount ------------------------
#
# One worker process runs a whole family through the entry point, as above, with what keeps a
# missing check from taking the test run down: an alarm ends a run that hangs (a pipe nobody
# writes to), a memory limit ends one that reads a device to its end.

HANG_AFTER = 30  # seconds: a refused pipe or device takes milliseconds


class Hung(BaseException):
    pass


def _worker() -> None:
    """Read ``[[cwd, argv], ...]`` as JSON on stdin; print ``[[code, out, err], ...]`` as JSON."""
    import json
    import resource
    import signal

    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))

    def hung(*_):
        raise Hung(f"hung for {HANG_AFTER} s")

    signal.signal(signal.SIGALRM, hung)
    results = []
    for cwd, argv in json.load(sys.stdin):
        signal.alarm(HANG_AFTER)
        run = run_in_process(argv, Path(cwd))
        signal.alarm(0)
        results.append([run.code, run.out, run.err])
    sys.stdout.write(json.dumps(results))


def run_in_a_worker(runs: list[list[str]], cwd: Path, read_only: Path | None = None) -> list[Run]:
    """Run each argv in one worker process (in a private mount namespace where ``read_only`` is
    mounted read-only, if given)."""
    import json

    code = f"import sys; sys.path.insert(0, {str(ROOT / 'tests')!r}); import test_no_traceback as t; t._worker()"
    command = [sys.executable, "-c", code]
    if read_only is not None:
        script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"'
        command = ["unshare", "-rm", "sh", "-c", script, "sh", str(read_only), *command]
    env = {**os.environ, "NO_COLOR": "1", "NEO4J_PASSWORD": "not-a-secret", "GRAPHMAP_LOCK_TIMEOUT": "5",
           "GRAPHMAP_STORE": str(cwd / "default-store")}
    done = subprocess.run(command, input=json.dumps([[str(cwd), argv] for argv in runs]), cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=HANG_AFTER * len(runs) + 120)
    assert done.returncode == 0, done.stderr[-2000:]
    return [Run(*result) for result in json.loads(done.stdout)]


def _can_mount_read_only() -> bool:
    return shutil.which("unshare") is not None and subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0


PIPE_CASES = [(c, p) for c, p in CASES if p.kind == "path" and p.opt not in OUTPUT_OPTIONS and p.opt != "--store"]
STORE_CASES = [c for c, p in CASES if p.opt == "--store"]


def test_pipes_and_devices_are_refused_at_once(tmp_path, world):
    """Every file option given a pipe nobody writes to (would hang) and /dev/zero (never ends)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    runs = []
    for command, param in PIPE_CASES:
        base = base_arguments(command, world)
        extra = {"--backend": "neo4j", "--uri": NOWHERE_NEO4J} if param.opt in NEO4J_OPTIONS else {}
        for device in (str(fifo), "/dev/zero"):
            runs.append(_argv(command, param, base, extra, {param.opt or "": device}))
    before = fingerprint(world.store)
    results = run_in_a_worker(runs, world.root)
    wrong = [w for argv, run in zip(runs, results) for w in check(run, repr(argv), before, fingerprint(world.store))]
    wrong += [f"{argv!r}: exit {run.code}, a device or a pipe must be refused" for argv, run in zip(runs, results) if run.code == 0]
    assert not wrong, "\n".join(wrong)
    assert len(runs) >= 30


@pytest.mark.skipif(not _can_mount_read_only(), reason="needs unshare -rm (user and mount namespaces) for a read-only mount")
def test_a_store_on_a_read_only_mount_is_one_line_for_every_command(tmp_path, world):
    # chmod 555 does not stop root (these tests may run as root): a read-only bind mount in a
    # private mount namespace stops everyone. The store and a new store beside it are tried.
    folder = tmp_path / "mount"
    store = folder / "store"
    shutil.copytree(world.store, store, symlinks=True)
    runs = []
    for command in STORE_CASES:
        for target in (store, folder / "new-store"):
            base = base_arguments(command, world)
            runs.append(_argv(command, Param("store", "--store", "path", False), base, {}, {"--store": str(target)}))
    before = fingerprint(folder)
    results = run_in_a_worker(runs, world.root, read_only=folder)
    wrong = [w for argv, run in zip(runs, results) for w in check(run, repr(argv), before, fingerprint(folder))]
    assert fingerprint(folder) == before
    assert not wrong, "\n".join(wrong)
    refused = [argv[0] for argv, run in zip(runs, results) if run.code == 2]
    assert {"load", "analyse", "review"} <= set(refused), "a write onto a read-only mount must be refused"


# --- the examples of the issue, as a user types them ------------------------------------------

ISSUE_EXAMPLES = {
    "param-case-injection": ["query", "role-typology", "--param", 'case=x" } UNION { ?s ?p ?o }'],
    "param-case-space": ["query", "ai-fit", "--param", "case=a b"],
    "param-case-newline": ["query", "standardisable-tasks", "--param", "case=a\nb"],
    "explain-case-space": ["explain", "redaction-actes", "--case", "a b"],
    "export-out-missing-folder": ["export", "--out", "{root}/nowhere/x.ttl"],
    "export-out-a-folder": ["export", "--format", "graphml", "--out", "{root}/out"],
    "export-csv-onto-a-file": ["export", "--format", "csv", "--out", "{root}/taches.csv"],
    "store-a-regular-file": ["query", "risks", "--store", "{root}/taches.csv"],
    "rubric-missing": ["load", str(MAIRIE), "--rubric", "{root}/nowhere.ttl"],
    "rubric-a-folder": ["load", str(MAIRIE), "--rubric", "{root}/out"],
    "copy-to-a-folder": ["rubric", "--copy-to", "{root}/out"],
    "vocabulary-missing": ["load", str(MAIRIE), "--vocabulary", "{root}/nowhere.ttl"],
    "vocabulary-a-folder": ["validate", str(MAIRIE), "--vocabulary", "{root}/out"],
    "vocabulary-not-utf8": ["vocabulary", "check", "{root}/latin1.rq"],
    "vocabulary-copy-to-a-folder": ["vocabulary", "--copy-to", "{root}/out"],
    "vocabulary-scheme-unknown": ["vocabulary", "--scheme", "Nope; DROP"],
    "sparql-not-utf8": ["query", "--sparql", "{root}/latin1.rq"],
    "password-file-a-folder": ["query", "risks", "--backend", "neo4j", "--uri", NOWHERE_NEO4J, "--password-file", "{root}/out"],
    "password-file-not-utf8": ["query", "risks", "--backend", "neo4j", "--uri", NOWHERE_NEO4J, "--password-file", "{root}/latin1.pw"],
    "service-refused": ["query", "--sparql", "{root}/service.rq"],
    # issue 21: the terminal's new options
    "limit-huge": ["query", "risks", "--limit", "9" * 40, "--param", "case=nope"],
    "limit-negative": ["query", "risks", "--limit", "-5"],
    "limit-zero": ["query", "risks", "--limit", "0"],
    "columns-unknown": ["query", "risks", "--columns", "label,colour"],
    "columns-empty-name": ["query", "risks", "--columns", "label,,risk"],
    "sort-injection": ["query", "risks", "--sort", "label; DROP ALL"],
    "sort-brace": ["query", "risks", "--sort", 'x" } UNION { ?s ?p ?o } #'],
    "param-value-injection": ["query", "usages", "--param", 'status=x" } UNION { ?s ?p ?o } #'],
    "param-case-unknown": ["query", "usages", "--param", "case=sante-2026"],
    "param-value-unknown": ["query", "usages", "--param", "status=effectiv"],
    "sparql-inline-garbage": ["query", "--sparql", "SELEC { ?s ?p ?o"],
    "sparql-unknown-prefix": ["query", "--sparql", "SELECT * WHERE { ?s a nope:X }"],
    "sparql-update-inline": ["query", "--sparql", "DELETE WHERE { ?s ?p ?o }"],
    "sparql-construct-with-limit": ["query", "--sparql", "CONSTRUCT WHERE { ?s ?p ?o }", "--limit", "3"],
    "analyse-flag-given-true": ["analyse", str(MAIRIE), "--graph", "true"],
    "analyse-csv-to-one-stream": ["analyse", str(MAIRIE), "--format", "csv"],
}


def run_process(argv: list[str], cwd: Path) -> Run:
    """``graphmap ARGS`` as a user types it, in a process of its own."""
    env = {**os.environ, "NO_COLOR": "1", "NEO4J_PASSWORD": "not-a-secret", "GRAPHMAP_STORE": str(cwd / "default-store")}
    done = subprocess.run([sys.executable, "-m", "graphmap", *argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    return Run(done.returncode, done.stdout, done.stderr)


def test_the_examples_of_the_issue_are_one_line_in_a_process_of_their_own(world):
    (world.root / "latin1.rq").write_bytes("SELECT * WHERE { ?s ?p \"caf\xe9\" }".encode("latin-1"))
    (world.root / "latin1.pw").write_bytes(b"caf\xe9")
    os.chmod(world.root / "latin1.pw", 0o600)
    (world.root / "service.rq").write_text("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    runs = {name: [a.replace("{root}", str(world.root)) for a in argv]
            + (["--store", str(world.store)] if "neo4j" not in argv and "--store" not in argv else [])
            for name, argv in ISSUE_EXAMPLES.items()}
    before = fingerprint(world.store)
    with ThreadPoolExecutor(max(2, os.cpu_count() or 1)) as pool:
        results = dict(zip(runs, pool.map(lambda argv: run_process(argv, world.root), runs.values())))
    wrong = [w for name, run in results.items() for w in check(run, name, before, fingerprint(world.store))]
    wrong += [f"{name}: exit {run.code}, expected 2" for name, run in results.items() if run.code != 2]
    assert not wrong, "\n".join(wrong)
    assert all(run.err.startswith("graphmap: ") for run in results.values())
