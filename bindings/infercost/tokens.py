"""Counting a team's own sample prompts per tokenizer, offline, where a well-kept package with the vocabulary
bundled is installed. The bundled ratio table (pricing/tokenizers.yaml) covers the common families on a public text
set; a team's own texts can differ (code, a language, a domain), and `token_ratio` measures the ratio on them, for
a task's ``token_ratio``.

Tokenizers, and what counts with them (none is a dependency of infercost; install the one you need):

* ``mistral-tekken``, ``mistral-spm-v3``: the ``mistral-common`` package (Mistral AI's own, Apache-2.0, released
  often), which ships both vocabularies;
* ``llama3``, ``llama4``: the ``llama-models`` package (Meta's own), which ships both;
* any ``tokenizer.json`` file a team has (a model repository's, Qwen's or DeepSeek's, say), given by its path,
  through the ``tokenizers`` package (Hugging Face's).

OpenAI's encodings are not offered: ``tiktoken`` downloads them on first use, and the packages that bundle them
are small one-vendor projects; a team with ``tiktoken``'s cache can count with it directly. Packages bundling
Qwen's or DeepSeek's vocabularies exist but are kept by one person each, so they are not depended on here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Dict, Iterable, Union

from .errors import InputError

Counter = Callable[[str], int]


def _mistral(kind: str) -> Counter:
    try:
        from mistral_common.tokens.tokenizers.mistral import MistralTokenizer  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise InputError(f"counting with {kind} needs the mistral-common package: pip install mistral-common") from None
    tok = MistralTokenizer.v3(is_tekken=kind == "mistral-tekken").instruct_tokenizer.tokenizer
    return lambda text: len(tok.encode(text, bos=False, eos=False))


def _llama(kind: str) -> Counter:
    try:
        if kind == "llama3":
            from llama_models.llama3.tokenizer import Tokenizer  # type: ignore[import-not-found, unused-ignore]
        else:
            from llama_models.llama4.tokenizer import Tokenizer  # type: ignore[import-not-found, no-redef, unused-ignore]
    except ImportError:
        raise InputError(f"counting with {kind} needs Meta's llama-models package: pip install llama-models") from None
    tok = Tokenizer.get_instance()
    return lambda text: len(tok.encode(text, bos=False, eos=False))


def _tokenizer_json(path: Path) -> Counter:
    try:
        from tokenizers import Tokenizer as HfTokenizer  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise InputError("counting with a tokenizer.json file needs the tokenizers package: pip install tokenizers") from None
    if not path.is_file():
        raise InputError(f"tokenizer file '{path}' does not exist")
    try:
        tok = HfTokenizer.from_file(str(path))
    except Exception as e:  # the package's own parse error: say which file
        raise InputError(f"tokenizer file '{path}' could not be read as a tokenizer.json: {e}") from None
    return lambda text: len(tok.encode(text, add_special_tokens=False).ids)


_FAMILIES: Dict[str, Callable[[], Counter]] = {
    "mistral-tekken": lambda: _mistral("mistral-tekken"),
    "mistral-spm-v3": lambda: _mistral("mistral-spm-v3"),
    "llama3": lambda: _llama("llama3"),
    "llama4": lambda: _llama("llama4"),
}


def _counter(tokenizer: Union[str, os.PathLike]) -> Counter:
    if isinstance(tokenizer, str) and tokenizer in _FAMILIES:
        return _FAMILIES[tokenizer]()
    path = Path(tokenizer)
    if path.suffix == ".json":
        return _tokenizer_json(path)
    raise InputError(f"unknown tokenizer '{tokenizer}'; use one of {', '.join(_FAMILIES)} or a tokenizer.json path")


def count_tokens(texts: Iterable[str], tokenizer: Union[str, os.PathLike]) -> int:
    """Tokens the tokenizer writes for the texts, summed (plain text: no start or end tokens, no chat template)."""
    count = _counter(tokenizer)
    total = 0
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise InputError(f"text {i + 1} is a {type(text).__name__}, not a string")
        total += count(text)
    return total


def token_ratio(texts: Iterable[str], measured_on: Union[str, os.PathLike], priced_on: Union[str, os.PathLike]) -> float:
    """Tokens on `priced_on` per token on `measured_on`, over the same texts: a task model's ``token_ratio``."""
    sample = list(texts)
    base = count_tokens(sample, measured_on)
    if base == 0:
        raise InputError("the sample texts have no tokens to compare")
    return count_tokens(sample, priced_on) / base
