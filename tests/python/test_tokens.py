"""Counting a team's own texts per tokenizer: through a tokenizer.json file (two tiny hand-made tokenizers whose
counts are known by construction), and the errors when a package or file is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

import infercost as ic
from infercost import tokens

tokenizers = pytest.importorskip("tokenizers")


def _save(path: Path, pre_tokenizer: object) -> Path:
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel

    tok = Tokenizer(WordLevel(vocab={"[UNK]": 0, "the": 1, "cat": 2}, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizer  # type: ignore[assignment]
    tok.save(str(path))
    return path


def test_counts_and_ratio_through_tokenizer_json(tmp_path: Path) -> None:
    from tokenizers import Regex, pre_tokenizers

    words = _save(tmp_path / "words.json", pre_tokenizers.WhitespaceSplit())
    chars = _save(tmp_path / "chars.json", pre_tokenizers.Split(Regex("."), behavior="isolated"))
    texts = ["the cat sat", "a dog"]
    # One token per word: 3 + 2; one per character, spaces included: 11 + 5.
    assert tokens.count_tokens(texts, words) == 5
    assert tokens.count_tokens(texts, chars) == 16
    assert tokens.token_ratio(texts, measured_on=words, priced_on=chars) == pytest.approx(16 / 5)


def test_errors_name_what_to_install_or_fix(tmp_path: Path) -> None:
    with pytest.raises(ic.InputError, match="unknown tokenizer 'gpt9'"):
        tokens.count_tokens(["x"], "gpt9")
    with pytest.raises(ic.InputError, match="does not exist"):
        tokens.count_tokens(["x"], tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ic.InputError, match="could not be read"):
        tokens.count_tokens(["x"], bad)
    with pytest.raises(ic.InputError, match="not a string"):
        tokens.count_tokens([3], _save(tmp_path / "w.json", tokenizers.pre_tokenizers.WhitespaceSplit()))
    try:
        import mistral_common  # noqa: F401
    except ImportError:
        with pytest.raises(ic.InputError, match="pip install mistral-common"):
            tokens.count_tokens(["x"], "mistral-tekken")
