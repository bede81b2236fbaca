"""Titles, teasers and addresses for what a sheet leaves unnamed, derived from the text itself."""

import re
from collections import Counter

TEASER_LENGTH = 300
TITLE_LENGTH = 90

# Words too common to name what an example is about (nynorsk and bokmål).
_STOPWORD_TEXT = """
    og i på av til for med som det den dei de er var vart ble blir har hadde ein ei eit en et å at om
    frå fra blant anna annet mellom der her dette desse disse no nå òg også skal kan vil sin sitt sine
    seg ikkje ikke men eller så ved under over etter inn ut opp alle heile hele mykje mye meir mer
    mest nyleg nylig tidleg tidlig dette byregionprosjektet prosjektet regionen byregionen kommunane
    programperioden fase mål målet ført etablert blitt vore vært gjennom no like mot utan uten slik
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«\"0-9])")
WORD = re.compile(r"[^\W\d_][\w-]*", re.UNICODE)
_QUOTED = re.compile(r"«(?P<text>[^«»]{3,80})»")


def split_sentences(text):
    return [sentence.strip() for sentence in _SENTENCE_END.split(text) if sentence.strip()]


def cut(text, limit):
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–- ") + "…"


def teaser_from_text(plain):
    """Return the first sentence or sentences of an example, at most TEASER_LENGTH characters."""
    sentences = split_sentences(plain)
    teaser = ""
    for sentence in sentences:
        candidate = f"{teaser} {sentence}".strip()
        if len(candidate) > TEASER_LENGTH:
            break
        teaser = candidate
    return teaser or cut(sentences[0] if sentences else plain, TEASER_LENGTH)


def title_from_text(plain):
    """Name an example by its main subject: a phrase it repeats, a «named» thing, or its opening."""
    counts, first = Counter(), {}
    for sentence in split_sentences(plain):
        words = WORD.findall(sentence)
        for left, right in zip(words, words[1:], strict=False):
            if all(len(w) > 2 and w.casefold() not in _STOPWORDS for w in (left, right)):
                key = f"{left} {right}".casefold()
                counts[key] += 1
                first.setdefault(key, f"{left} {right}")
    repeated = [key for key, count in counts.items() if count >= 2]
    if repeated:
        best = max(repeated, key=lambda key: (counts[key], -list(first).index(key)))
        phrase = first[best]
    elif quoted := _QUOTED.search(plain):
        phrase = quoted["text"]
    else:
        sentences = split_sentences(plain)
        phrase = cut((sentences[0] if sentences else plain).rstrip("."), TITLE_LENGTH)
    return phrase[:1].upper() + phrase[1:]
