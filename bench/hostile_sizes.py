"""Hostile sizes: 1 MB inputs of shapes made to cost time or memory, through the whole CLI.

    python bench/hostile_sizes.py [--size 1000000] [--target 2] [--only NAME,...] [--out PATH]

Issue 18, items 4 and 5: any 1 MB input validates, loads and exports in at most 2 s, and
reading a YAML case takes a small multiple of the file's size in memory. For each input below
(about --size bytes each, built from tests/data/valid/mairie-exemple.yaml), in a fresh
process each:

  validate   graphmap validate FILE
  load       graphmap load FILE --store TMP        (an embedded store of its own)
  export     graphmap export --store TMP --format ttl -o OUT
  export-ps  graphmap export --store TMP --format ttl --pseudonymise --salt x -o OUT

An input graphmap refuses (too many values, nested too deep...) must be refused at once, in
one line; its load then writes nothing and there is nothing to export. Either outcome is fine:
what is measured is the time (wall clock) and the peak memory (ru_maxrss of the child). Both
are also given beyond those of `graphmap validate` of the small example (the baseline: starting
Python and graphmap), the memory per byte of the file ("+B/B"). Each step is met when it took
at most --target seconds, start-up included.

Inputs:
  yaml-flow-list      benefits: [a, a, ...]             one-character texts in a flow list
  yaml-distinct-list  benefits: [a0, a1, ...]           distinct texts (a triple each) in a flow list
  yaml-block-list     benefits: then "  - a" lines       the same in a block list
  yaml-tiny-mappings  benefits: [{}, {}, ...]           empty mappings (64 bytes each in Python)
  yaml-deep-nesting   lists nested 39 deep, many times   (deeper is refused at once)
  yaml-long-text      one description of --size characters
  yaml-many-entities  units of the case, ~60 bytes each
  ttl-many-triples    a case of many units as Turtle, its IRIs written as prefixed names
  ttl-long-literal    a case with one long description as Turtle
  jsonld-many-triples the many units as JSON-LD
  jsonld-long-literal the long description as JSON-LD
  ttl-distinct-values the example as Turtle, a usage given as many distinct benefits as fit
  ttl-wrong-labels    ttl-many-triples with every label's language left out (a problem per unit)
  ttl-wrong-values    the example as Turtle, its organisation given as many number labels as fit
  ttl-wrong-spread    the example as Turtle, with as many units of 20 number labels each as fit
  ttl-wrong-ill-typed the example as Turtle, its organisation given as many staff sizes "aN"^^xsd:integer as fit
  ttl-wrong-properties the example as Turtle, its organisation given as many unknown properties as fit
  ttl-deep-nesting    the example as Turtle, its organisation in a unit of a unit of ... (blank nodes nested as deep as fit)
  ttl-wrong-relative  ttl-wrong-values with a relative IRI at its end (read by rdflib's parser)
  ttl-wrong-syntax    ttl-wrong-values with a literal left open at its end (read by rdflib's parser)
  jsonld-wrong-relative the example as JSON-LD, its organisation given as many number labels as fit, and a relative IRI
  jsonld-wrong-fraction the same with numbers with a fraction (both read otherwise by rdflib's parser)
  jsonld-wrong-context  the same with plain numbers, in a context of its own (rdflib's to read)

graphmap's modules are compiled to bytecode first (see ``compile_graphmap``). It prints a
table and writes the figures as JSON (default
bench/results/<date>-hostile-sizes.json).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VALID = ROOT / "tests" / "data" / "valid" / "mairie-exemple.yaml"
BASE = "https://w3id.org/graphmap/id/mairie-exemple/"

# Runs graphmap in a child and reports its exit code, its peak memory and the first line it wrote on stderr.
PROBE = ("import json, resource, subprocess, sys, time; start = time.perf_counter(); "
         "done = subprocess.run([sys.executable, '-m', 'graphmap', *sys.argv[1:]], capture_output=True, text=True); "
         "print(json.dumps({'code': done.returncode, 'seconds': time.perf_counter() - start, "
         "'peak_bytes': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024, "
         "'err_lines': len(done.stderr.splitlines()), 'first_err': (done.stderr.splitlines() or [''])[0][:200]}))")


def graphmap(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(out.stdout)


def compile_graphmap() -> bool:
    """Compile graphmap's modules to bytecode first, as ``pip install`` does: from a checkout
    with ``PYTHONDONTWRITEBYTECODE`` set (or not writable), every command compiled them anew,
    0.2-0.3 s of each figure, the baseline's included (0.6 s with bytecode, 0.8-0.9 without)."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("graphmap")
    folder = Path(spec.origin).parent if spec is not None and spec.origin else ROOT / "src" / "graphmap"
    return bool(compileall.compile_dir(str(folder), quiet=1))


def _yaml_with(old: str, new: str) -> str:
    text = VALID.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def _units(room: int) -> str:
    units, length, i = [], 0, 0
    while length < room:
        units.append(f"  - id: u{i}\n    label: Unité {i}\n    unit_of: mairie\n    source: \"1\"\n")
        length += len(units[-1].encode())
        i += 1
    return "".join(units)


def _distinct(room: int, form: str, apart: int) -> list[str]:
    """``form`` filled with a0, a1, ... as many times as fit in ``room`` bytes, ``apart`` bytes between two."""
    out, length = [], 0
    while True:
        item = form.format(f"a{len(out)}")
        length += len(item.encode()) + apart
        if length > room:
            return out
        out.append(item)


def yaml_inputs(size: int) -> dict[str, str]:
    room = size - len(VALID.read_text(encoding="utf-8").encode())
    unit = "[" * 39 + "a" + "]" * 39
    return {
        "yaml-flow-list": _yaml_with("benefits: [Gain de temps]", "benefits: [" + ", ".join(["a"] * (room // 3)) + "]"),
        "yaml-distinct-list": _yaml_with("benefits: [Gain de temps]", "benefits: [" + ", ".join(_distinct(room, "{}", 2)) + "]"),
        "yaml-block-list": _yaml_with("benefits: [Gain de temps]", "benefits:\n" + "      - a\n" * (room // 10)),
        "yaml-tiny-mappings": _yaml_with("benefits: [Gain de temps]", "benefits: [" + ",".join(["{}"] * (room // 3)) + "]"),
        "yaml-deep-nesting": _yaml_with("benefits: [Gain de temps]", "benefits: [" + ",".join([unit] * (room // (len(unit) + 1))) + "]"),
        "yaml-long-text": _yaml_with("label: Jardiniers\n", "label: Jardiniers\n    description: \"" + "a" * room + "\"\n"),
        "yaml-many-entities": _yaml_with("units:\n", "units:\n" + _units(room)),
    }


def _export(source: Path, folder: Path, syntax: str, path: Path) -> bool:
    store = folder / f"store-{path.stem}"
    done = subprocess.run([sys.executable, "-m", "graphmap", "load", str(source), "--store", str(store)],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        print(f"cannot build {path.name} from {source.name}: {done.stderr.strip()[:300]}", file=sys.stderr)
        return False
    subprocess.run([sys.executable, "-m", "graphmap", "export", "--store", str(store), "--case", "mairie-exemple",
                    "--no-verdicts", "-f", syntax, "-o", str(path)], capture_output=True, text=True, cwd=ROOT, check=True)
    shutil.rmtree(store, ignore_errors=True)
    if syntax == "ttl":  # prefixed names: each entity then found by its local name
        text = path.read_text(encoding="utf-8")
        text = f"@prefix c: <{BASE}> .\n" + re.sub(rf"<{re.escape(BASE)}([A-Za-z0-9-]+)>", r"c:\1", text)
        path.write_text(text, encoding="utf-8")
    return True


def rdf_inputs(folder: Path, size: int) -> dict[str, Path]:
    """Cases of many entities and of one long literal, as Turtle and JSON-LD of about ``size``
    bytes: YAML cases loaded and exported (untimed), the YAML sized from a first, smaller try."""
    out = {}
    base = len(VALID.read_text(encoding="utf-8").encode())
    for syntax in ("ttl", "jsonld"):
        for shape in ("many-triples", "long-literal"):
            path = folder / f"{syntax}-{shape}.{syntax}"
            room = size // 10
            for _ in range(2):  # a tenth of the size first, then the YAML that gives about ``size``
                make = (lambda r: _yaml_with("units:\n", "units:\n" + _units(r))) if shape == "many-triples" else \
                    (lambda r: _yaml_with("label: Jardiniers\n", "label: Jardiniers\n    description: \"" + "a" * r + "\"\n"))
                source = folder / f"source-{syntax}-{shape}.yaml"
                source.write_text(make(room), encoding="utf-8")
                if not _export(source, folder, syntax, path):
                    break
                grown = path.stat().st_size
                if abs(grown - size) < size // 20:
                    break
                room = max(1, int(room * (size - base) / max(1, grown - base)))
            if path.exists():
                out[f"{syntax}-{shape}"] = path
    return out


def wrong_rdf_inputs(folder: Path, size: int, many: Path | None) -> dict[str, Path]:
    """Turtle cases of about ``size`` bytes: a valid one, the small example's usage given as many
    distinct benefits as fit (a triple each); and two with many problems: every label of the many
    units without its language (one problem per entity), and the small example's organisation
    given as many labels as fit, each a number (one problem per value), also with a relative IRI
    or a syntax error at its end (Oxigraph's parser refuses the file: rdflib's reads it)."""
    out = {}
    if many is not None:
        out["ttl-wrong-labels"] = folder / "ttl-wrong-labels.ttl"
        out["ttl-wrong-labels"].write_text(many.read_text(encoding="utf-8").replace('"@fr', '"'), encoding="utf-8")
    small = folder / "small.ttl"
    if _export(VALID, folder, "ttl", small):
        text = small.read_text(encoding="utf-8")
        numbers, length, i = [], len(text.encode()), 0
        while length < size:
            numbers.append(str(i))
            length += len(numbers[-1]) + 2
            i += 1
        benefits = _distinct(size - len(text.encode()) - 80, '"{}"@fr', 2)
        out["ttl-distinct-values"] = folder / "ttl-distinct-values.ttl"
        out["ttl-distinct-values"].write_text(f"{text}\n<{BASE}usage-actes> gm:benefit {', '.join(benefits)} .\n", encoding="utf-8")
        out["ttl-wrong-values"] = folder / "ttl-wrong-values.ttl"
        out["ttl-wrong-values"].write_text(f"{text}\n<{BASE}mairie> rdfs:label {', '.join(numbers)} .\n", encoding="utf-8")
        wrong = out["ttl-wrong-values"].read_text(encoding="utf-8")
        for name, tail in (("ttl-wrong-relative", "<task-1> a gm:Task .\n"), ("ttl-wrong-syntax", f'<{BASE}mairie> rdfs:label "open .\n')):
            out[name] = folder / f"{name}.ttl"
            out[name].write_text(wrong + tail, encoding="utf-8")
        units, length, u = [], len(text.encode()), 0
        while length < size:
            units.append(f"<{BASE}u{u}> a gm:Unit ; rdfs:label " + ",".join(str(20 * u + k) for k in range(20)) + " .")
            length += len(units[-1]) + 1
            u += 1
        sizes, length = [], len(text.encode())
        while length < size:
            sizes.append(f'"a{len(sizes)}"^^xsd:integer')
            length += len(sizes[-1]) + 1
        out["ttl-wrong-ill-typed"] = folder / "ttl-wrong-ill-typed.ttl"
        out["ttl-wrong-ill-typed"].write_text(f"{text}\n<{BASE}mairie> gm:staffSize {','.join(sizes)} .\n", encoding="utf-8")
        properties, length = [], len(text.encode()) + 40
        while length < size:
            properties.append(f"p:a{len(properties)} 1")
            length += len(properties[-1]) + 1
        out["ttl-wrong-properties"] = folder / "ttl-wrong-properties.ttl"
        out["ttl-wrong-properties"].write_text(f"{text}\n@prefix p: <https://example.org/p#> .\n<{BASE}mairie> {';'.join(properties)} .\n",
                                               encoding="utf-8")
        depth = (size - len(text.encode()) - 80) // 14
        out["ttl-deep-nesting"] = folder / "ttl-deep-nesting.ttl"
        out["ttl-deep-nesting"].write_text(f"{text}\n<{BASE}mairie> gm:unitOf " + "[gm:unitOf " * depth + "1" + " ]" * depth + " .\n",
                                           encoding="utf-8")
        out["ttl-wrong-spread"] = folder / "ttl-wrong-spread.ttl"
        out["ttl-wrong-spread"].write_text(text + "\n" + "\n".join(units) + "\n", encoding="utf-8")
        out.update(_json_ld_wrong_values(folder, text, size))
    return out


def _json_ld_wrong_values(folder: Path, turtle: str, size: int) -> dict[str, Path]:
    """The example (``turtle``) as JSON-LD, its organisation given as many number labels as fit in
    ``size`` bytes: with a relative IRI, and with numbers with a fraction."""
    from rdflib import Graph

    document = json.loads(Graph().parse(data=turtle, format="turtle").serialize(format="json-ld"))
    out = {}
    for name, number, extra in (("jsonld-wrong-relative", int, [{"@id": "task-1", "@type": "https://w3id.org/graphmap/ontology#Task"}]),
                                ("jsonld-wrong-fraction", lambda i: i + 0.5, [])):
        numbers, length, i = [], len(json.dumps(document)), 0
        while length < size:
            numbers.append(number(i))
            length += len(str(numbers[-1])) + 1
            i += 1
        nodes = [dict(node) for node in document]
        for node in nodes:
            if node.get("@id") == f"{BASE}mairie":
                node["http://www.w3.org/2000/01/rdf-schema#label"] = [*node.get("http://www.w3.org/2000/01/rdf-schema#label", []), *numbers]
        out[name] = folder / f"{name}.jsonld"
        out[name].write_text(json.dumps(nodes + extra, separators=(",", ":")), encoding="utf-8")
        if name == "jsonld-wrong-relative":  # the same numbers, without the relative IRI, in a context of its own
            out["jsonld-wrong-context"] = folder / "jsonld-wrong-context.jsonld"
            out["jsonld-wrong-context"].write_text(json.dumps({"@context": {"n": "https://example.org/n"}, "@graph": nodes},
                                                              separators=(",", ":")), encoding="utf-8")
    return out


def measure(name: str, path: Path, folder: Path, target: float, baseline: dict) -> dict:
    store, out = folder / f"store-{name}", folder / f"out-{name}.ttl"
    steps = {"validate": graphmap("validate", str(path)), "load": graphmap("load", str(path), "--store", str(store))}
    if steps["load"]["code"] == 0:
        steps["export"] = graphmap("export", "--store", str(store), "--format", "ttl", "-o", str(out))
        steps["export-ps"] = graphmap("export", "--store", str(store), "--format", "ttl", "--pseudonymise", "--salt", "x", "-o", str(out))
    shutil.rmtree(store, ignore_errors=True)
    size = path.stat().st_size
    for step in steps.values():
        step["met"] = step["seconds"] <= target
        step["extra_seconds"] = round(step["seconds"] - baseline["seconds"], 2)  # beyond starting graphmap
        step["extra_peak_bytes"] = step["peak_bytes"] - baseline["peak_bytes"]
        step["extra_peak_per_file_byte"] = round(step["extra_peak_bytes"] / size, 1)
    return {"name": name, "bytes": size, "steps": steps}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--target", type=float, default=2.0, help="seconds each step may take")
    parser.add_argument("--only", default="", help="comma-separated input names")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    only = {n for n in args.only.split(",") if n}
    results = []
    with tempfile.TemporaryDirectory(prefix="graphmap-hostile-") as tmp:
        folder = Path(tmp)
        yaml_files = {}
        for name, text in yaml_inputs(args.size).items():
            yaml_files[name] = folder / f"{name}.yaml"
            yaml_files[name].write_text(text, encoding="utf-8")
        inputs = dict(yaml_files)
        if not only or any(not n.startswith("yaml-") for n in only):
            inputs.update(rdf_inputs(folder, args.size))
            inputs.update(wrong_rdf_inputs(folder, args.size, inputs.get("ttl-many-triples")))
        compiled = compile_graphmap()
        baseline = graphmap("validate", str(VALID))
        print(f"baseline: graphmap validate of the {VALID.stat().st_size}-byte example: "
              f"{baseline['seconds']:.2f} s, {baseline['peak_bytes'] / 2**20:.0f} MiB")
        print(f"{'input':22s} {'bytes':>9s}  {'step':9s} {'exit':>4s} {'seconds':>8s} {'-start':>7s} {'peak MiB':>9s} "
              f"{'+MiB':>6s} {'+B/B':>6s}  target {args.target:g} s")
        for name, path in inputs.items():
            if only and name not in only:
                continue
            row = measure(name, path, folder, args.target, baseline)
            results.append(row)
            for step, figures in row["steps"].items():
                print(f"{name:22s} {row['bytes']:9d}  {step:9s} {figures['code']:4d} {figures['seconds']:8.2f} "
                      f"{figures['extra_seconds']:7.2f} {figures['peak_bytes'] / 2**20:9.0f} "
                      f"{figures['extra_peak_bytes'] / 2**20:6.0f} {figures['extra_peak_per_file_byte']:6.1f}  "
                      f"{'met' if figures['met'] else 'NOT MET'}"
                      + (f"  {figures['first_err'][len(str(path)):][:90]}" if figures["code"] else ""))
    met = all(step["met"] for row in results for step in row["steps"].values())
    print(f"target: every step of every input in at most {args.target:g} s: {'met' if met else 'NOT MET'}")
    report = {
        "date": datetime.date.today().isoformat(),
        "machine": {"python": platform.python_version(), "system": f"{platform.system()} {platform.machine()}", "cpus": os.cpu_count(),
                    "load_average": os.getloadavg()},
        "size": args.size, "target_s": args.target, "bytecode_compiled_first": compiled, "baseline": baseline, "met": met, "inputs": results,
    }
    out = args.out or ROOT / "bench" / "results" / f"{report['date']}-hostile-sizes.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
