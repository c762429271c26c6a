"""Text processing for matching Thai and English questions: normalise, segment, stem, detect.

PyThaiNLP is imported lazily, after :func:`configure_pythainlp`, so importing this module is
cheap and never touches the network or the home directory.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from bot.knowledge.thai_words import WordSet
from bot.languages import Language

_THAI_CHAR = re.compile(r"[\u0e01-\u0e5b]")
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")
_LATIN_LETTER = re.compile(r"[a-zA-Z]")
_LATIN_OR_DIGIT = re.compile(r"[a-zA-Z0-9]")
_INVISIBLE = re.compile(r"[\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_THAI_RUN = re.compile(r"[\u0e01-\u0e5b](?:[\u0e01-\u0e5b.]*[\u0e01-\u0e5b.])?")
_LATIN_WORD = re.compile(r"[a-z0-9]+")
_REPEAT = re.compile(r"([a-z\u0e01-\u0e4e])\1{2,}")
_REPEAT_LATIN = re.compile(r"([a-z])\1{2,}")
# What pythainlp.util.normalize repairs: doubled marks or sara e, a tone mark typed before
# its vowel, a mark with no consonant before it. Clean text skips that (slower) call.
# The lookahead lets the scan skip every character that is not a Thai vowel or mark.
_THAI_NOISE = re.compile(
    r"(?=[\u0e30-\u0e3a\u0e40-\u0e4e])(?:([\u0e30-\u0e3a\u0e40-\u0e44\u0e47-\u0e4e])\1"
    r"|[\u0e48-\u0e4b\u0e4c][\u0e31\u0e34-\u0e3a]"
    r"|(?<![\u0e01-\u0e2e\u0e31-\u0e3a\u0e47-\u0e4e])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])"
)
_ODD = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
    r"\u0e50-\u0e59\u2018\u2019]"
)
# A doubled consonant ending a Thai run (cheap to look for), and the whole run it ends,
# anchored at the run's start by the lookbehind so a long run is scanned once.
_DOUBLED_END = re.compile(r"([\u0e01-\u0e2e])\1(?![\u0e01-\u0e4e])")
_DOUBLED_FINAL = re.compile(
    r"(?<![\u0e01-\u0e4e])[\u0e01-\u0e4e]*([\u0e01-\u0e2e])\1(?![\u0e01-\u0e4e])"
)
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_VOWELS = set("aeiouy")
# A word cannot start with a vowel sign or tone mark written above or below a consonant.
_DANGLING_START = re.compile(r"(?:^|\s)[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def configure_pythainlp() -> None:
    """Keep PyThaiNLP offline and read-only; call before it is first imported."""
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    if "PYTHAINLP_DATA" not in os.environ and "PYTHAINLP_DATA_DIR" not in os.environ:
        home = Path.home()
        if not os.access(home, os.W_OK):
            os.environ["PYTHAINLP_DATA"] = str(Path(tempfile.gettempdir()) / "pythainlp-data")


def _thai_util() -> Any:
    """Import pythainlp.util once the environment is configured."""
    configure_pythainlp()
    import pythainlp.util

    return pythainlp.util


def normalize(text: str) -> str:
    """Bring text to one canonical form so spelling noise does not change what matches."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if text.isascii():  # most English: no Thai to repair, and controls are unprintable
        if not text.isprintable():
            text = _CONTROL.sub(" ", text)
        if _REPEAT_LATIN.search(text):
            text = _REPEAT_LATIN.sub(r"\1\1", text)
        return " ".join(text.split())
    if _ODD.search(text):  # rare: invisible or control characters, Thai digits, curly quotes
        text = _INVISIBLE.sub("", text)
        text = _CONTROL.sub(" ", text)
        text = text.translate(_THAI_DIGITS).replace("’", "'").replace("‘", "'")
    if _THAI_CHAR.search(text):
        text = text.replace("\u0e4d\u0e32", "\u0e33")  # NFKC splits sara am; put it back
        if _REPEAT.search(text):  # Thai and Latin letters in one scan
            text = _REPEAT.sub(r"\1\1", text)
        if _THAI_NOISE.search(text):
            text = _thai_util().normalize(text)
        if _DOUBLED_END.search(text):
            text = _DOUBLED_FINAL.sub(_drop_doubled_final, text)
    elif _REPEAT_LATIN.search(text):
        text = _REPEAT_LATIN.sub(r"\1\1", text)
    return " ".join(text.split())


def _drop_doubled_final(match: re.Match[str]) -> str:
    """Drop a doubled final consonant typed for emphasis (ครับบ, มากก), keeping real words
    that end that way (ระบบ): the shorter form must segment into fewer or better words."""
    run = match.group()
    full = _segment_thai(run, frozenset())
    short = _segment_thai(run[:-1], frozenset())
    if len(short) < len(full) or (len(short) == len(full) and full[-1] not in _dictionary()):
        return run[:-1]
    return run


@functools.lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """PyThaiNLP's word list."""
    configure_pythainlp()
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def has_thai(text: str) -> bool:
    """Tell whether text contains Thai script."""
    return _THAI_LETTER.search(text) is not None


@functools.lru_cache(maxsize=1)
def _shared_trie() -> WordSet:
    """One dictionary for every segmentation (a WordSet: PyThaiNLP's Trie took ~0.6 s)."""
    configure_pythainlp()
    from pythainlp.corpus import thai_words

    return WordSet(thai_words())


@functools.lru_cache(maxsize=4)
def _tokenizer(extra_words: frozenset[str]) -> Callable[[str], list[str]]:
    """newmm over PyThaiNLP's words plus ``extra_words``. Domain words are real Thai words, so
    they join the one shared trie instead of a second copy of the whole dictionary."""
    from pythainlp.tokenize.newmm import segment as newmm_segment

    trie = _shared_trie()
    new_words = [word for word in extra_words if word not in trie]
    if new_words:
        for word in new_words:
            trie.add(word)
        _segment_thai.cache_clear()
    # newmm only calls prefixes() on its dictionary, which WordSet answers as the Trie does.
    return functools.partial(newmm_segment, custom_dict=trie)  # type: ignore[arg-type]


def segment(text: str, extra_words: frozenset[str] = frozenset()) -> list[str]:
    """Split normalised text into words: Thai runs with newmm, Latin words and numbers by rule."""
    tokens: list[str] = []
    position = 0
    for match in _THAI_RUN.finditer(text):
        tokens.extend(_latin_words(text[position : match.start()]))
        tokens.extend(_segment_thai(match.group(), extra_words))
        position = match.end()
    tokens.extend(_latin_words(text[position:]))
    return tokens


@functools.lru_cache(maxsize=65536)
def _segment_thai(run: str, extra_words: frozenset[str]) -> tuple[str, ...]:
    """Segment one run of Thai script with newmm (cached: phrases recur across entries)."""
    words = _tokenizer(extra_words)(run)
    return tuple(word for word in words if word.strip(". "))


def _latin_words(text: str) -> list[str]:
    """Split non-Thai text into lower-case words, dropping apostrophes inside words."""
    return _LATIN_WORD.findall(text.replace("'", ""))


@functools.lru_cache(maxsize=131072)
def stem(word: str) -> str:
    """Strip common English suffixes so inflected forms meet (votes, voting, voted → vot)."""
    if len(word) < 3 or not word.isascii() or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ingly", "edly", "ing", "ed", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= (4 if suffix == "ly" else 3):
            root = word[: -len(suffix)]
            if any(letter in _VOWELS for letter in root):
                word = root
                if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                    word = word[:-1]
                break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def scripts_of(text: str) -> tuple[bool, bool]:
    """Whether the text has Thai characters, and whether it has Latin letters or digits."""
    return bool(_THAI_CHAR.search(text)), bool(_LATIN_OR_DIGIT.search(text))


def detect_script_language(text: str) -> Language | None:
    """Name the language by script alone: any Thai letter → th, Latin letters only → en."""
    if _THAI_LETTER.search(text):
        return "th"
    if _LATIN_LETTER.search(text):
        return "en"
    return None


def keyboard_thai(text: str, known_english: Iterable[str] = ()) -> str | None:
    """Return the Thai meant by text typed with the English keyboard layout, if it is that.

    Latin text counts as mistyped Thai only when it is not plausible English (most words are
    neither known words nor word-like) and the converted text segments into Thai words.
    """
    if has_thai(text) or not _LATIN_LETTER.search(text):
        return None
    words = text.split()
    if not words:
        return None
    known = set(known_english)
    plausible = sum(1 for word in words if _looks_english(word, known))
    if plausible * 2 >= len(words):
        return None
    converted = _thai_util().eng_to_thai(text)
    if _DANGLING_START.search(converted) or _thai_word_coverage(converted) < 0.8:
        return None
    return converted


def _looks_english(word: str, known: set[str]) -> bool:
    """Tell whether one Latin token reads as an English word rather than shifted Thai keys."""
    lowered = word.casefold().strip(".,!?\"'()")
    if lowered in known or stem(lowered) in known:
        return True
    if not lowered or not lowered.isalpha() or not lowered.isascii():
        return False
    return any(letter in _VOWELS for letter in lowered) and not re.search(r"[^aeiouy]{5}", lowered)


def _thai_word_coverage(text: str) -> float:
    """Share of Thai characters that fall in dictionary words of two or more characters."""
    thai_chars = len(_THAI_CHAR.findall(text))
    text = normalize(text)
    if not thai_chars:
        return 0.0
    vocabulary = _shared_trie()  # PyThaiNLP's words plus the domain words segment() knows
    covered = sum(len(word) for word in segment(text) if len(word) >= 2 and word in vocabulary)
    return covered / thai_chars


def detect_language(text: str, known_english: Iterable[str] = ()) -> Language | None:
    """Name the language of a question: Thai script or Thai typed on the English layout → th."""
    language = detect_script_language(text)
    if language == "en" and keyboard_thai(text, known_english) is not None:
        return "th"
    return language


_SENTENCE_END = re.compile(r"[?!\uff1f\u3002\n]+|(?<=[.:])\s+")
# Where an English question starts inside a run-on sentence ("... so what open source stuff
# could we run"): the end of such a message is read from the last of these words.
_QUESTION_OPENERS = frozenset(
    ("what", "how", "where", "which", "who", "why", "when", "whats", "what's", "hows")
)


def question_tail(message: str, min_chars: int) -> str | None:
    """The end of a long message: its last sentence when that is short (up to four times
    ``min_chars``), else that sentence's last words adding up to at least ``min_chars``
    characters. None when that is most of the message anyway.

    Thai sentences often run on with spaces between clauses, so the words are taken from
    the end until they are long enough to carry a question on their own.
    """
    sentences = [part.strip() for part in _SENTENCE_END.split(message) if part.strip()]
    if not sentences:
        return None
    tail = sentences[-1]
    if len(sentences) == 1 or len(tail) > 4 * min_chars:
        words = tail.split()
        # A message of one unpunctuated sentence (a voice note) is read from its last
        # question word; a long last sentence after others keeps its last words.
        opened = _from_last_opener(words, min_chars) if len(sentences) == 1 else None
        if opened is not None:
            return opened if len(opened) < 0.8 * len(message) else None
        taken: list[str] = []
        length = 0
        while words and length < min_chars:
            taken.append(words.pop())
            length += len(taken[-1])
        tail = " ".join(reversed(taken))
    return tail if len(tail) < 0.8 * len(message) else None


def _from_last_opener(words: list[str], min_chars: int) -> str | None:
    """The words from the last English question word that starts at least ``min_chars``
    characters of question (up to four times that), or None when there is none."""
    letters = 0
    for index in range(len(words) - 1, -1, -1):
        letters += len(words[index])
        if letters > 4 * min_chars:
            return None
        if letters >= min_chars and words[index].lower().strip(",;") in _QUESTION_OPENERS:
            return " ".join(words[index:])
    return None
