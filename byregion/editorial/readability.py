"""Plain language: the LIX score of a text, its band, and its longest sentences.

LIX (Björnsson's läsbarhetsindex) = words per sentence + 100 × long words per word, where a long
word has more than six letters. Pure: text or sanitised HTML in, figures out, no database.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from byregion.editorial.fragments import parse_fragment

LONG_WORD = 6
# Under each bound the band's name (Björnsson's bands, named in nynorsk).
BANDS = (
    (30, _("svært lett")),
    (40, _("lett")),
    (50, _("middels")),
    (60, _("vanskeleg")),
)
VERY_HARD = _("svært vanskeleg")
# From this score a text is hard to read, and the check says so: if it has words enough for the
# score to mean something (three words, two of them long, score 70).
HARD_FROM = 50
MIN_WORDS = 20
LONGEST_SHOWN = 3

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
# A sentence ends at . ! ? or : followed by a space and anything but a lower-case letter
# («t.d. slik» and «m.a. dette» go on), or at the end of a block.
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[^a-zæøåäöü])")


@dataclass(frozen=True)
class Sentence:
    text: str
    words: int


@dataclass(frozen=True)
class Readability:
    place: str
    score: int
    words: int
    sentences: int
    long_words: int
    longest: tuple[Sentence, ...]

    @property
    def band(self):
        return band_for(self.score)

    @property
    def is_short(self):
        return self.words < MIN_WORDS

    @property
    def is_hard(self):
        return self.score >= HARD_FROM and not self.is_short


def band_for(score):
    """Return the nynorsk name of the band a LIX score falls in."""
    for bound, name in BANDS:
        if score < bound:
            return name
    return VERY_HARD


def words_of(text):
    return _WORD.findall(text)


def sentences_of(blocks):
    """Return the sentences of these blocks of text; each block ends a sentence."""
    sentences = []
    for block in blocks:
        sentences += [part.strip() for part in _SENTENCE_END.split(block) if words_of(part)]
    return sentences


def lix(blocks):
    """Return (score, words, sentences, long words) for blocks of plain text; score 0 when empty."""
    sentences = sentences_of(blocks)
    words = [word for sentence in sentences for word in words_of(sentence)]
    if not words:
        return 0, 0, 0, 0
    long_words = sum(1 for word in words if len(word) > LONG_WORD)
    score = len(words) / len(sentences) + 100 * long_words / len(words)
    return round(score), len(words), len(sentences), long_words


def readability(html, *, place):
    """Return the readability of a rich-text fragment, or None when it has no words."""
    blocks = parse_fragment(html).blocks
    score, words, sentences, long_words = lix(blocks)
    if not words:
        return None
    measured = [Sentence(text, len(words_of(text))) for text in sentences_of(blocks)]
    longest = sorted(measured, key=lambda sentence: -sentence.words)[:LONGEST_SHOWN]
    return Readability(place, score, words, sentences, long_words, tuple(longest))
