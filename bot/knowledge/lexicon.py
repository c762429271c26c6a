"""The matcher's vocabulary: synonym concepts, stop words and domain words, read from data.

Synonyms in both languages are replaced by one concept token (``~coop``), so "co-op",
"cooperatives" and "สหกรณ์" all meet, and a Thai question can match an English variant.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.text import has_thai, normalize, segment, stem

DEFAULT_LEXICON_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "lexicon"
CONCEPT_PREFIX = "~"
_CACHE_LIMIT = 200_000  # memoised chunks and compounds; bounded so memory stays bounded
_SHORT_TEXT = 80  # characters; short texts (keywords) are memoised whole


@dataclass(frozen=True)
class AnalysedText:
    """A text normalised, split into words and reduced to matching terms."""

    normalized: str
    words: tuple[str, ...]
    terms: tuple[str, ...]


class LexiconError(ValueError):
    """Raised when the lexicon data contradicts itself (one form under two concepts)."""


@dataclass(frozen=True)
class Lexicon:
    """Phrase → concept table, stop words and segmentation words, ready for analysis."""

    phrases: Mapping[tuple[str, ...], tuple[str, ...]]
    stopwords: frozenset[str]
    dictionary_words: frozenset[str]
    max_phrase: int
    # words of romanized Thai (romanized.yaml): a Latin question using them is Thai
    romanized_words: frozenset[str] = frozenset()
    _pieces: dict[str, tuple[str, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _starts: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)
    _chunks: dict[str, tuple[str, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _short: dict[str, AnalysedText] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        lengths: dict[str, set[int]] = {}
        for phrase in self.phrases:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
        starts = {word: tuple(sorted(found, reverse=True)) for word, found in lengths.items()}
        object.__setattr__(self, "_starts", starts)

    def words(self, text: str, normalized: bool = False) -> list[str]:
        """Normalise and segment text into stemmed words (before concepts and stop words)."""
        words: list[str] = []
        cache = self._chunks
        for chunk in (text if normalized else normalize(text)).split(" "):
            found = cache.get(chunk)
            if found is None:
                found = self._chunk_words(chunk)
                if len(cache) < _CACHE_LIMIT:
                    cache[chunk] = found
            words.extend(found)
        return words

    def _chunk_words(self, chunk: str) -> tuple[str, ...]:
        """Words of one space-free chunk; chunks recur, so their words are cached."""
        words: list[str] = []
        for word in segment(chunk, self.dictionary_words):
            if word[0] > "\u0e00":  # segment() yields Thai words whole and Latin words apart
                words.extend(self.decompound(word))
            else:
                words.append(stem(word))
        return tuple(words)

    def decompound(self, word: str) -> tuple[str, ...]:
        """Split a Thai dictionary compound into known lexicon forms (แหล่งเงินทุน → แหล่ง|เงินทุน).

        The general word list holds compounds the lexicon does not; splitting them lets their
        parts meet the concepts. A word is split only if every part is a known form.
        """
        cached = self._pieces.get(word)
        if cached is not None:
            return cached
        pieces: tuple[str, ...] = (word,)
        if (word,) not in self.phrases and len(word) >= 4:
            best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
            best[0] = ()
            for end in range(1, len(word) + 1):
                for start in range(end):
                    head = best[start]
                    part = word[start:end]
                    if head is None or not (part in self.stopwords or (part,) in self.phrases):
                        continue
                    current = best[end]
                    if current is None or len(head) + 1 < len(current):
                        best[end] = (*head, part)
            found = best[len(word)]
            if found is not None and len(found) > 1:
                pieces = found
        if len(self._pieces) < _CACHE_LIMIT:
            self._pieces[word] = pieces
        return pieces

    def analyse_short(self, text: str) -> AnalysedText:
        """Normalise, segment and reduce a short text to terms, remembering the result:
        keywords and short phrases recur across entries."""
        found = self._short.get(text)
        if found is None:
            normalized = normalize(text)
            words = tuple(self.words(normalized, normalized=True))
            found = AnalysedText(normalized, words, tuple(self.terms(list(words))))
            if len(text) <= _SHORT_TEXT and len(self._short) < _CACHE_LIMIT:
                self._short[text] = found
        return found

    def analyze(self, text: str) -> list[str]:
        """Turn text into matching terms: concepts for known phrases, other non-stop words."""
        return self.terms(self.words(text))

    def terms(self, words: list[str]) -> list[str]:
        """Replace the longest known phrases by their concepts and drop stop words."""
        terms: list[str] = []
        starts, phrases, stopwords = self._starts, self.phrases, self.stopwords
        position = 0  # words before this are done
        # Only words that begin some phrase need a closer look; the stretches between them
        # just lose their stop words.
        for i in [i for i, word in enumerate(words) if word in starts]:
            if i < position:  # inside a phrase already replaced
                continue
            terms.extend([word for word in words[position:i] if word not in stopwords])
            word = words[i]
            position = i + 1
            for length in starts[word]:
                key = (word,) if length == 1 else tuple(words[i : i + length])
                concepts = phrases.get(key)
                if concepts is not None:
                    terms.extend(concepts)
                    position = i + length
                    break
            else:
                if word not in stopwords:
                    terms.append(word)
        terms.extend([word for word in words[position:] if word not in stopwords])
        return terms

    def latin_vocabulary(self) -> frozenset[str]:
        """Every stemmed Latin word the lexicon knows, for typo correction and English checks."""
        words = {word for phrase in self.phrases for word in phrase if word.isascii()}
        return frozenset(words | {word for word in self.stopwords if word.isascii()})


def _form_list(value: Any, where: str) -> list[str]:
    """Read a YAML list of forms as strings, refusing anything else."""
    if not isinstance(value, list) or not value:
        raise LexiconError(f"{where}: expected a non-empty list")
    return [str(item) for item in value]


def build_lexicon(
    concepts: Mapping[str, Iterable[str]],
    phrases: Mapping[str, Iterable[str]],
    stopwords: Iterable[str],
    domain_words: Iterable[str],
    romanized_words: Iterable[str] = (),
) -> Lexicon:
    """Compile raw concept groups, multi-concept phrases, stop words and domain words."""
    surface = [*concepts.values(), phrases.keys(), stopwords]
    thai_forms = {
        normalize(form).replace(" ", "") for group in surface for form in group if has_thai(form)
    }
    slips = thai_slips(concepts, thai_forms)
    dictionary = frozenset(
        thai_forms | slips.keys() | {normalize(word) for word in domain_words if word}
    )

    def key(form: str) -> tuple[str, ...]:
        """The stemmed word sequence a form is matched on."""
        return tuple(stem(word) for word in segment(normalize(form), dictionary))

    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    owner: dict[tuple[str, ...], str] = {}
    conflicts: list[str] = []

    def add(form: str, value: tuple[str, ...], name: str) -> None:
        """Map one form to its concepts, recording a clash with another concept."""
        form_key = key(form)
        if not form_key:
            return
        if form_key in owner and table[form_key] != value:
            conflicts.append(f"'{form}' is under both '{owner[form_key]}' and '{name}'")
            return
        owner[form_key] = name
        table[form_key] = value

    for name, forms in concepts.items():
        for form in _form_list(forms, f"concepts.{name}"):
            add(form, (CONCEPT_PREFIX + name,), name)
    for slip, name in slips.items():
        table.setdefault((slip,), (CONCEPT_PREFIX + name,))
    for phrase, names in phrases.items():
        unknown = [name for name in _form_list(names, phrase) if name not in concepts]
        if unknown:
            conflicts.append(f"phrase '{phrase}' names unknown concepts {unknown}")
        add(phrase, tuple(CONCEPT_PREFIX + name for name in names), f"phrase '{phrase}'")
    if conflicts:
        raise LexiconError("; ".join(conflicts))
    stops: set[str] = set()
    for word in stopwords:
        words = key(word)
        if len(words) == 1:
            stops.add(words[0])
        elif words and words not in table:
            table[words] = ()  # a multi-word stop phrase ("kind of") drops out whole
    stops -= {words[0] for words in table if len(words) == 1}
    return Lexicon(
        phrases=table,
        stopwords=frozenset(stops),
        dictionary_words=dictionary,
        max_phrase=max((len(words) for words in table), default=1),
        romanized_words=frozenset(romanized_words),
    )


# libyaml when PyYAML has it: the pure-Python parser took a third of a second for the lexicon.
_SAFE_LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_trusted_yaml(path: Path) -> Any:
    """Parse one of the repository's own YAML files (lexicon, out-of-scope groups) safely."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)


@functools.lru_cache(maxsize=4)
def load_lexicon(directory: Path = DEFAULT_LEXICON_DIR) -> Lexicon:
    """Read synonyms.yaml, stopwords.yaml, words.txt and (if present) romanized.yaml once;
    the result is shared."""
    synonyms = read_trusted_yaml(directory / "synonyms.yaml") or {}
    stop_data = read_trusted_yaml(directory / "stopwords.yaml") or {}
    words_path = directory / "words.txt"
    domain_words = [
        line.strip()
        for line in words_path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    stopwords = [str(word) for values in stop_data.values() for word in values or ()]
    concepts = dict(synonyms.get("concepts") or {})
    phrases = dict(synonyms.get("phrases") or {})
    romanized_path = directory / "romanized.yaml"  # Thai typed in Latin letters; optional
    romanized_words: set[str] = set()
    if romanized_path.exists():
        romanized = read_trusted_yaml(romanized_path) or {}
        for name, forms in (romanized.get("concepts") or {}).items():
            if name not in concepts:
                raise LexiconError(f"romanized.yaml names unknown concept '{name}'")
            concepts[name] = [*concepts[name], *_form_list(forms, f"romanized.{name}")]
        phrases.update(romanized.get("phrases") or {})
        stopwords += [str(word) for word in romanized.get("stopwords") or ()]
        for form in [
            *(f for forms in (romanized.get("concepts") or {}).values() for f in forms or ()),
            *(romanized.get("phrases") or {}),
            *(romanized.get("stopwords") or ()),
        ]:
            romanized_words.update(w for w in str(form).lower().split() if len(w) >= 4)
    return build_lexicon(
        concepts=concepts,
        phrases=phrases,
        stopwords=stopwords,
        domain_words=domain_words,
        romanized_words=romanized_words,
    )


MIN_SLIP_LENGTH = 5  # forms this long or longer get their one-letter slips


def thai_slips(concepts: Mapping[str, Iterable[str]], known: set[str]) -> dict[str, str]:
    """Each Thai concept form with one letter or mark left out (วิสหกิจ, กรรมสิทธ์) → its concept.

    A dropped vowel or tone mark is the commonest Thai typo, and it breaks word segmentation,
    so the slip is recognised as a word of its own. Slips that are real words, other forms,
    or slips of two concepts at once are left out.
    """
    from pythainlp.corpus import thai_words

    real = thai_words()
    found: dict[str, str] = {}
    ambiguous: set[str] = set()
    for name, forms in concepts.items():
        for form in forms:
            text = normalize(str(form)).replace(" ", "")
            if not has_thai(text) or len(text) < MIN_SLIP_LENGTH:
                continue
            # Not the last letter: the slip would be a prefix of the word and the real word
            # could be cut there (สมาชิ|กรวม). A last mark is fine: marks are never cut off.
            last = len(text) if unicodedata.category(text[-1]) == "Mn" else len(text) - 1
            for index in range(last):
                if not _can_leave_out(text, index):
                    continue
                slip = text[:index] + text[index + 1 :]
                if slip in known or slip in real:
                    continue
                if found.get(slip, name) != name:
                    ambiguous.add(slip)
                found[slip] = name
    return {slip: name for slip, name in found.items() if slip not in ambiguous}


def _can_leave_out(text: str, index: int) -> bool:
    """Whether the text without letter ``index`` is still text as ``normalize`` leaves it: it
    does not start with a mark, and no two marks or two equal letters come to stand together
    (normalising would reorder, merge or drop them, and the slip would never be seen)."""
    before = text[index - 1] if index else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if not before:
        return bool(after) and unicodedata.category(after) != "Mn"
    if before == after:
        return False
    return not (after and unicodedata.category(before) == unicodedata.category(after) == "Mn")
