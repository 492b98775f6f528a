#!/usr/bin/env python3
"""glossary_check.py ROOT — one word for one idea, in every lesson and on every screen.

Reads lessons/glossary.fr.txt and lessons/glossary.en.txt (their format is at the top of each),
then looks for every forbidden variant in lessons/LANG/*.md and in the app's strings: the
arguments of TR("fr", "en") (French first, English second) and the other string literals of
app/*.c, app/course, app/scenes and app/ui. Prints "file:line: ..." for each variant found and
exits 1 when there is one. It first checks itself on a small made-up tree, where it must find
exactly the variants planted there.
"""
import fnmatch
import os
import re
import sys
import tempfile

LANGS = ("fr", "en")
KEYS = ("term", "avoid", "allow", "allow-in", "only-in", "prose", "why")
C_DIRS = ("app", "app/course", "app/scenes", "app/ui")


# ---- the glossary ----------------------------------------------------------------------------

def variant_regex(text):
    """/.../ is a regular expression; anything else a phrase matched whole, any case."""
    if len(text) > 2 and text.startswith("/") and text.endswith("/"):
        return re.compile(text[1:-1])
    return re.compile(r"(?<!\w)" + re.escape(text) + r"(?!\w)", re.IGNORECASE)


def parse_glossary(path):
    """The entries of one glossary file; raises ValueError naming the line at fault."""
    entries, cur, last = [], None, None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for no, line in enumerate(lines + [""], 1):
        if line.startswith("#"):
            continue
        if not line.strip():
            if cur:
                entries.append(cur)
            cur, last = None, None
            continue
        if line[0] in " \t":
            if not cur or not last:
                raise ValueError(f"{path}:{no}: an indented line with no key above it")
            cur[last][-1] += " " + line.strip()
            continue
        key, sep, value = line.partition(":")
        if not sep or key not in KEYS or not value.strip():
            raise ValueError(f"{path}:{no}: expected 'key: value' with a key among {', '.join(KEYS)}")
        if cur is None:
            cur = {k: [] for k in KEYS}
            cur["line"] = no
        cur[key].append(value.strip())
        last = key
    for e in entries:
        where = f"{path}:{e['line']}"
        if len(e["term"]) != 1 or not e["avoid"] or len(e["why"]) != 1:
            raise ValueError(f"{where}: an entry needs one term, one why and at least one avoid")
        try:
            e["regex"] = [(v, variant_regex(v)) for v in e["avoid"]]
        except re.error as err:
            raise ValueError(f"{where}: a variant is not a regular expression: {err}")
        e["allow-in"] = " ".join(e["allow-in"]).split()
        e["only-in"] = " ".join(e["only-in"]).split()
        e["prose"] = e["prose"] == ["yes"]
    return entries


def applies(entry, rel):
    if any(fnmatch.fnmatch(rel, g) for g in entry["allow-in"]):
        return False
    return not entry["only-in"] or any(fnmatch.fnmatch(rel, g) for g in entry["only-in"])


# ---- the texts -------------------------------------------------------------------------------

INLINE_CODE = re.compile(r"`[^`]*`")
LINK_TARGET = re.compile(r"\]\([^)]*\)")


def lesson_texts(path):
    """(line, text, is_prose) for each line of a lesson: prose without its `code` and link
    targets; code blocks, inline code and directives as code."""
    fenced = False
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f.read().split("\n"), 1):
            if line.lstrip().startswith("```"):
                fenced = not fenced
                continue
            if fenced or line.startswith("@"):
                yield no, line, False
                continue
            line = LINK_TARGET.sub("]", line)
            for code in INLINE_CODE.findall(line):
                yield no, code, False
            yield no, INLINE_CODE.sub(" ", line), True


def c_tokens(src):
    """The string literals (line, text) and the other tokens of C source, without comments."""
    i, line, n = 0, 1, len(src)
    while i < n:
        c = src[i]
        if src.startswith("//", i):
            i = src.find("\n", i) if src.find("\n", i) >= 0 else n
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += src.count("\n", i, j)
            i = j
        elif c in "\"'":
            j, out = i + 1, []
            while j < n and src[j] != c:
                if src[j] == "\\" and j + 1 < n:
                    out.append({"n": "\n", "t": "\t"}.get(src[j + 1], src[j + 1]))
                    j += 2
                    continue
                out.append(src[j])
                j += 1
            if c == '"':
                yield ("str", line, "".join(out))
            i = j + 1
        elif c.isalnum() or c == "_":
            j = i
            while j < n and (src[j].isalnum() or src[j] == "_"):
                j += 1
            yield ("id", line, src[i:j])
            i = j
        else:
            if c == "\n":
                line += 1
            elif not c.isspace():
                yield ("p", line, c)
            i += 1


def c_texts(path):
    """(line, text, lang) for each string literal: 'fr' or 'en' inside TR(fr, en), else None."""
    with open(path, encoding="utf-8") as f:
        toks = list(c_tokens(f.read()))
    out, k = [], 0
    while k < len(toks):
        kind, no, text = toks[k]
        if kind == "id" and text == "TR" and k + 1 < len(toks) and toks[k + 1][2] == "(":
            depth, arg, k = 1, 0, k + 2
            while k < len(toks) and depth:
                kind, no, text = toks[k]
                if kind == "p" and text in "([{":
                    depth += 1
                elif kind == "p" and text in ")]}":
                    depth -= 1
                elif kind == "p" and text == "," and depth == 1:
                    arg += 1
                elif kind == "str":
                    out.append((no, text, LANGS[arg] if arg < 2 else None))
                k += 1
            continue
        if kind == "str":
            out.append((no, text, None))
        k += 1
    return out


# ---- the check -------------------------------------------------------------------------------

def find(entries, rel, no, text, prose):
    problems = []
    for e in entries:
        if (e["prose"] and not prose) or not applies(e, rel):
            continue
        for a in e["allow"]:
            text = text.replace(a, " ")
        for variant, rx in e["regex"]:
            for m in rx.finditer(text):
                problems.append(f"{rel}:{no}: '{m.group(0)}' (avoid {variant}): write {e['term'][0]}; "
                                f"{e['why'][0]}")
    return problems


def check_tree(root):
    """Every problem under root, as 'file:line: message' lines."""
    gloss = {lang: parse_glossary(os.path.join(root, "lessons", f"glossary.{lang}.txt")) for lang in LANGS}
    problems = []
    for lang in LANGS:
        folder = os.path.join(root, "lessons", lang)
        for name in sorted(os.listdir(folder)):
            if name.endswith(".md"):
                rel = f"lessons/{lang}/{name}"
                for no, text, prose in lesson_texts(os.path.join(folder, name)):
                    problems += find(gloss[lang], rel, no, text, prose)
    for d in C_DIRS:
        folder = os.path.join(root, d)
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            if not name.endswith((".c", ".h")):
                continue
            rel = f"{d}/{name}"
            for no, text, lang in c_texts(os.path.join(folder, name)):
                # a TR argument is text on the screen; another literal may be code
                for g in ([lang] if lang else LANGS):
                    problems += find(gloss[g], rel, no, text, lang is not None)
    return problems


# ---- its own check: a made-up tree with planted variants -------------------------------------

FIXTURE = {
    "lessons/glossary.fr.txt": "# test\nterm: exactitude\navoid: précision\nallow: « précision »\n"
                               "why: accuracy.\n\nterm: 0,5\navoid: /\\d\\.\\d/\nprose: yes\nwhy: virgule.\n",
    "lessons/glossary.en.txt": "term: Hidden 1\navoid: /\\bH\\d\\b/\nwhy: the drawing's name.\n"
                               "\nterm: validation data\navoid: test data\nonly-in: lessons/en/02-*.md\n"
                               "why: validation_split.\n",
    "lessons/fr/01-a.md": "# A\n\nLa précision monte.\nOn l'appelle « précision ».\n```python\nx = 0.5\n"
                          "print('Précision')\n```\nb = 0.5 et `lr=0.1`\n",
    "lessons/en/01-a.md": "# A\n\nThe test data and H2.\n",
    "lessons/en/02-b.md": "# B\n\nThe test data.\n",
    "app/scenes/scene_x.c": '/* précision */\nconst char *a = TR("précision %.1f",\n  "H1 accuracy");\n'
                            'const char *b = TR("b = 0.5", "b = 0.5");\nconst char *c = "H3";\n',
}
FIXTURE_FOUND = ["lessons/fr/01-a.md:3", "lessons/fr/01-a.md:7", "lessons/fr/01-a.md:9",
                 "lessons/en/01-a.md:3", "lessons/en/02-b.md:3",
                 "app/scenes/scene_x.c:2", "app/scenes/scene_x.c:3",
                 "app/scenes/scene_x.c:4", "app/scenes/scene_x.c:5"]


def self_test():
    with tempfile.TemporaryDirectory() as root:
        for rel, text in FIXTURE.items():
            os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
            with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
                f.write(text)
        found = sorted(p.split(": ")[0] for p in check_tree(root))
        with open(os.path.join(root, "lessons/glossary.fr.txt"), "a", encoding="utf-8") as f:
            f.write("\nterm: x\nbad key: y\n")
        try:
            check_tree(root)
            bad_rejected = False
        except ValueError:
            bad_rejected = True
    want = sorted(FIXTURE_FOUND)
    ok = found == want and bad_rejected
    if not ok:
        print(f"glossary_check: its own check failed: expected {want}, found {found}; "
              f"a malformed glossary rejected: {bad_rejected}")
    return ok


def main():
    if len(sys.argv) != 2:
        print("usage: glossary_check.py ROOT", file=sys.stderr)
        return 2
    if not self_test():
        return 1
    try:
        problems = check_tree(sys.argv[1])
    except (OSError, ValueError) as err:
        print(f"glossary_check: {err}")
        return 1
    for p in problems:
        print(p)
    print(f"glossary_check: {len(problems)} variant(s) outside the glossary")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
