"""Finnish words for the search index: compound parts and base forms, with Voikko.

Pagefind stems Finnish words (Snowball) and finds a query word as the start of
an indexed word, but it splits words only at punctuation and case: "merkki"
does not find "laatumerkin", "johtaminen" does not find "klusterijohtamisen",
and the stemmer does not reach some base forms either ("ehto" misses "ehdot",
"yritys" misses "yrityksen", "johtaminen" misses "johtamisen").

Voikko (libvoikko + the voikko-fi dictionary, Debian `libvoikko1 voikko-fi`,
PyPI binding `libvoikko`) analyses each word of a Finnish page at build time:

- `Word.parts`: the surface parts of a compound as written, split where Voikko's
  STRUCTURE marks a word boundary ("laatu" + "merkin").
- `Word.lemmas`: base forms of the whole word that a query in base form would
  not otherwise reach ("laatumerkki", "johtaminen", "yritys").
- `Word.part_lemmas`: base forms of the parts ("merkki", "johtaminen").

search.py puts these into the copy of the page that Pagefind indexes (never
into the page itself). Without Voikko, `load()` says why and the index is built
without them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PACKAGES = "libvoikko1 voikko-fi"  # Debian packages: the library and the Finnish dictionary

_MINEN = re.compile(r"^(.*mi)(?:nen|s[^\W\d_]*)$")
_LETTERS = re.compile(r"^[^\W\d_]+$")


@dataclass(frozen=True)
class Word:
    parts: tuple[str, ...] = ()  # the compound's parts as written; () for a simple word
    lemmas: tuple[str, ...] = ()  # base forms of the whole word, lower case
    part_lemmas: tuple[str, ...] = ()  # base forms of the parts, lower case

    @property
    def is_compound(self) -> bool:
        return len(self.parts) > 1


NOTHING = Word()

# Voikko's word classes that name things: nouns, adjectives, names
NOMINAL = frozenset({"nimisana", "laatusana", "nimisana_laatusana", "etunimi", "sukunimi", "paikannimi", "nimi"})


class Analyser:
    """Voikko's Finnish analyser, with a cache (a site repeats its words)."""

    def __init__(self, voikko: object) -> None:
        self._voikko = voikko
        self._words: dict[str, Word] = {}
        self._lemmas: dict[str, tuple[str, ...]] = {}

    def close(self) -> None:
        terminate = getattr(self._voikko, "terminate", None)
        if terminate:
            terminate()

    def word(self, word: str) -> Word:
        """The parts and base forms of one word (letters only, no hyphens)."""
        found = self._words.get(word)
        if found is None:
            found = self._words[word] = self._analyse(word)
        return found

    # --- analysis ------------------------------------------------------------

    def _analyses(self, word: str) -> list[dict[str, str]]:
        if not _LETTERS.match(word) or len(word) < 2:
            return []
        return list(self._voikko.analyze(word))  # type: ignore[attr-defined]

    def _base_forms(self, word: str, analyses: list[dict[str, str]] | None = None) -> tuple[str, ...]:
        """The base forms of `word` as a noun, adjective or name, lower case
        (people search for things, not for "olla" or "kuka"). A verbal noun in
        -minen is its own base form (Voikko gives the verb: "johtamisen" -> "johtaa").
        A word that is a base form itself has no other."""
        key = word.lower()
        if analyses is None and key in self._lemmas:
            return self._lemmas[key]
        forms: list[str] = []
        for analysis in analyses if analyses is not None else self._analyses(word):
            if analysis.get("MOOD") == "MINEN-infinitive":
                match = _MINEN.match(key)
                form = match.group(1) + "nen" if match else ""
            elif analysis.get("CLASS") in NOMINAL and "PARTICIPLE" not in analysis:
                form = analysis.get("BASEFORM", "").lower()
            else:
                continue
            if form and "-" not in form and form not in forms:
                forms.append(form)
        if key in forms:
            forms = [key]
        # A word in -nen has a second stem in -s- ("johtaminen", "johtamisen",
        # "johtamista"), which the stemmer keeps apart: the genitive stands for it.
        forms += [form[:-3] + "sen" for form in forms if form.endswith("nen") and len(form) > 5]
        self._lemmas[key] = result = tuple(dict.fromkeys(forms))
        return result

    def _analyse(self, word: str) -> Word:
        analyses = self._analyses(word)
        if not analyses:
            return NOTHING
        lower = word.lower()
        lemmas = self._base_forms(word, analyses)
        parts = _fewest_parts(word, analyses)
        part_lemmas: list[str] = []
        if len(parts) > 1:
            # the last part's base form follows from the whole word's ("klusteri|johtaminen")
            head = "".join(parts[:-1]).lower()
            last = [lemma[len(head) :] for lemma in lemmas if lemma.startswith(head) and len(lemma) > len(head) + 1]
            if parts[-1].lower().endswith("nen"):
                last.append(parts[-1].lower()[:-3] + "sen")
            for part in parts[:-1]:
                part_lemmas.extend(self._base_forms(part))
            part_lemmas.extend(last or self._base_forms(parts[-1]))
            part_lemmas = [
                lemma
                for i, lemma in enumerate(part_lemmas)
                if lemma not in part_lemmas[:i] and not any(p.lower().startswith(lemma) for p in parts)
            ]
        return Word(
            parts=parts if len(parts) > 1 else (),
            lemmas=tuple(lemma for lemma in lemmas if not lower.startswith(lemma)),
            part_lemmas=tuple(lemma for lemma in part_lemmas if lemma not in lemmas),
        )


def _split(word: str, structure: str) -> tuple[str, ...]:
    """The word cut where Voikko's STRUCTURE marks a new word ("=ppppp=pppppp")."""
    if len(structure.replace("=", "")) != len(word):
        return (word,)
    parts: list[str] = []
    current = ""
    position = 0
    for mark in structure:
        if mark == "=":
            if current:
                parts.append(current)
            current = ""
        else:
            current += word[position]
            position += 1
    if current:
        parts.append(current)
    # a one-letter part is no word of its own: keep it with its neighbour
    if any(len(part) < 2 for part in parts):
        return (word,)
    return tuple(parts)


def _fewest_parts(word: str, analyses: list[dict[str, str]]) -> tuple[str, ...]:
    """Where analyses disagree, the split with the fewest parts (the least noise)."""
    splits = [_split(word, analysis.get("STRUCTURE", "")) for analysis in analyses]
    return min(splits, key=len) if splits else (word,)


def load() -> tuple[Analyser | None, str]:
    """(the analyser, "") or (None, why not)."""
    try:
        import libvoikko
    except ImportError:
        return None, "the Python package libvoikko is not installed"
    try:
        voikko = libvoikko.Voikko("fi")
    except OSError:
        return None, "the Voikko library is not installed"
    except libvoikko.VoikkoException as error:  # no Finnish dictionary
        return None, f"Voikko has no Finnish dictionary: {error}"
    return Analyser(voikko), ""
