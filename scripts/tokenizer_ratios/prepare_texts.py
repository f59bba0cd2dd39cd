#!/usr/bin/env python3
"""Rebuild texts/ from pinned commits of public GitHub repositories.

Needs bare clones of the repositories listed below under one folder, as
<repos>/<owner>/<name>.git (`git clone --bare https://github.com/<owner>/<name>
<repos>/<owner>/<name>.git`); the texts' sha256 in MANIFEST.tsv tell whether a
rebuild matches the one measured.

Extraction rules (deterministic):
  * UDHR XML (eric-muller/udhr): text of every <title> and <para> element in
    document order, whitespace inside an element collapsed to single spaces,
    elements joined with a blank line.
  * Rust book markdown (rust-lang/book, KaiserY/trpl-zh-cn): fenced code blocks
    (``` ... ```) and mdBook directive lines ({{#...}}) removed, HTML comments
    removed, runs of 3+ newlines squeezed to 2. Files concatenated with a blank line.
  * Pride and Prejudice (Project Gutenberg #1342 via GITenberg): from the line
    "Chapter 1" up to the end of the paragraph that crosses 30,000 characters.
  * Source code: file(s) verbatim, concatenated.
"""
import argparse
import hashlib
import os
import re
import subprocess
import xml.etree.ElementTree as ET


UDHR = ("eric-muller/udhr", "f93dd614154c47fc4b85ec03d8d6f1abe97869ef")
BOOK_EN = ("rust-lang/book", "917544888a55e4da7109bdba8c88c893c0da70f4")
BOOK_ZH = ("KaiserY/trpl-zh-cn", "49df980589ccd5c1b8829b9be47439136dc34101")
PANDP = ("GITenberg/Pride-and-Prejudice_1342", "81db45c9c48c592f0b77f01fc59e677ad0a5634e")
REQUESTS = ("psf/requests", "1f6589ec3a1ee910f9a65cc3ceac60b26677bc0e")
EXPRESS = ("expressjs/express", "a3714473feb3d2908add734d340e7755fd85e0a3")
LEVELDB = ("google/leveldb", "78a352f47ed6c1e9d750545e9b242289185b87e1")

BOOK_CHAPTERS = [
    "src/ch03-01-variables-and-mutability.md",
    "src/ch04-01-what-is-ownership.md",
    "src/ch03-05-control-flow.md",
    "src/ch04-02-references-and-borrowing.md",
]

# (output file, category, kind, (repo, commit), [paths])
PLAN = [
    ("en_udhr.txt", "english_prose", "udhr", UDHR, ["data/udhr/udhr_eng.xml"]),
    ("en_rustbook_ch03-04.txt", "english_prose", "book", BOOK_EN, BOOK_CHAPTERS),
    ("en_pride_and_prejudice_ch1-.txt", "english_prose", "pandp", PANDP, ["1342-0.txt"]),
    ("zh_udhr.txt", "chinese_prose", "udhr", UDHR, ["data/udhr/udhr_cmn_hans.xml"]),
    ("zh_rustbook_ch03-04.txt", "chinese_prose", "book", BOOK_ZH, BOOK_CHAPTERS),
    ("code_python_requests_sessions.py", "code", "verbatim", REQUESTS, ["src/requests/sessions.py"]),
    ("code_js_express_response.js", "code", "verbatim", EXPRESS, ["lib/response.js"]),
    ("code_cpp_leveldb_cache_table.cc", "code", "verbatim", LEVELDB, ["util/cache.cc", "table/table.cc"]),
    ("other_ja_udhr.txt", "other_langs", "udhr", UDHR, ["data/udhr/udhr_jpn.xml"]),
    ("other_ko_udhr.txt", "other_langs", "udhr", UDHR, ["data/udhr/udhr_kor.xml"]),
    ("other_ru_udhr.txt", "other_langs", "udhr", UDHR, ["data/udhr/udhr_rus.xml"]),
    ("other_es_udhr.txt", "other_langs", "udhr", UDHR, ["data/udhr/udhr_spa.xml"]),
    ("other_ar_udhr.txt", "other_langs", "udhr", UDHR, ["data/udhr/udhr_arb.xml"]),
]


def git_show(root, repo, commit, path):
    gitdir = os.path.join(root, repo + ".git")
    return subprocess.run(["git", "--git-dir", gitdir, "show", f"{commit}:{path}"],
                          check=True, capture_output=True).stdout.decode("utf-8")


def udhr_text(xml):
    root = ET.fromstring(xml.encode("utf-8"))
    out = []
    for el in root.iter():
        tag = el.tag.split("}")[-1]
        if tag in ("title", "para"):
            t = " ".join("".join(el.itertext()).split())
            if t:
                out.append(t)
    return "\n\n".join(out) + "\n"


def book_text(md):
    md = re.sub(r"<!--.*?-->", "", md, flags=re.S)
    lines, in_fence = [], False
    for line in md.splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence or line.strip().startswith("{{#"):
            continue
        lines.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def pandp_text(txt, limit=30000):
    txt = txt.replace("\r\n", "\n")
    start = txt.index("\nChapter 1\n") + 1
    body = txt[start:]
    end = body.index("\n\n", limit)
    return body[:end].strip() + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repos", required=True, help="folder of bare clones, <owner>/<name>.git")
    ap.add_argument("--out", required=True, help="folder to write the texts and MANIFEST.tsv to")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rows = []
    for fname, cat, kind, (repo, commit), paths in PLAN:
        parts = [git_show(a.repos, repo, commit, p) for p in paths]
        if kind == "udhr":
            text = "\n".join(udhr_text(p) for p in parts)
        elif kind == "book":
            text = "\n".join(book_text(p) for p in parts)
        elif kind == "pandp":
            text = pandp_text(parts[0])
        else:
            text = "".join(parts)
        data = text.encode("utf-8")
        with open(os.path.join(a.out, fname), "wb") as f:
            f.write(data)
        rows.append((fname, cat, repo, commit, paths, len(text), len(data),
                     hashlib.sha256(data).hexdigest()))
    with open(os.path.join(a.out, "MANIFEST.tsv"), "w") as f:
        f.write("file\tcategory\trepo\tcommit\tpaths\tchars\tbytes\tsha256\n")
        for r in rows:
            f.write("\t".join([r[0], r[1], r[2], r[3], ",".join(r[4]), str(r[5]), str(r[6]), r[7]]) + "\n")
    for r in rows:
        print(f"{r[0]:38s} {r[1]:14s} chars={r[5]:6d} bytes={r[6]:6d}")
    print("total bytes", sum(r[6] for r in rows))


if __name__ == "__main__":
    main()
