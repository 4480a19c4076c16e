#!/usr/bin/env python3
"""The folder rules of docs/architecture.md, checked on the includes of engine/, models/ and run/:

- no include cycle between the sub-folders of a library (engine/src/io, engine/src/spatial, ...);
- no "../" include: a folder reaches another only through its public header folder;
- a library includes only the libraries below it (engine < models < run < app).

Prints the folder-level include graph with --graph. Exit 1 with one line per broken rule.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIBRARIES = ["engine", "models", "run"]  # in layer order; app sits on top
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
PRIVATE = re.compile(r"^([a-z_]+)/[^/]+\.hpp$")
PUBLIC = re.compile(r"^riskgrid/(engine|models|run)/(?:([^/]+)/)?[^/]+$")


def folder_of(library, path):
    """The sub-folder a source or header belongs to, e.g. ('engine', 'io')."""
    rel = path.relative_to(ROOT / library)
    parts = rel.parts
    if parts[0] == "include":  # include/riskgrid/<library>/<folder>/x.hpp
        return parts[3] if len(parts) > 4 else "."
    return parts[1] if len(parts) > 2 else "."


def edges_and_problems():
    edges, problems = {}, []
    for library in LIBRARIES:
        for path in sorted((ROOT / library).rglob("*")):
            if path.suffix not in (".cpp", ".hpp"):
                continue
            source = (library, folder_of(library, path))
            for included in INCLUDE.findall(path.read_text(encoding="utf-8")):
                if included.startswith("../") or "/../" in included:
                    problems.append(f"{path.relative_to(ROOT)}: includes \"{included}\" (use the public header path)")
                match = PUBLIC.match(included)
                private = PRIVATE.match(included)
                if match:
                    target = (match.group(1), match.group(2) or ".")
                elif private and (ROOT / library / "src" / private.group(1)).is_dir():
                    target = (library, private.group(1))  # a private header of the library: "io/h5_write.hpp"
                else:
                    continue
                if LIBRARIES.index(target[0]) > LIBRARIES.index(library):
                    problems.append(f"{path.relative_to(ROOT)}: {library} includes the higher layer {target[0]} (\"{included}\")")
                if target != source and target[0] == library:
                    edges.setdefault(source, set()).add(target)
    return edges, problems


def cycles(edges):
    """Strongly connected components with more than one folder (Tarjan)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(set(edges) | {w for ws in edges.values() for w in ws}):
        if v not in index:
            visit(v)
    return found


def main():
    edges, problems = edges_and_problems()
    if "--graph" in sys.argv:
        for (library, folder), targets in sorted(edges.items()):
            print(f"{library}/{folder} -> " + ", ".join(f for _, f in sorted(targets)))
    for component in cycles(edges):
        problems.append("include cycle between " + ", ".join(f"{l}/{f}" for l, f in component))
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
