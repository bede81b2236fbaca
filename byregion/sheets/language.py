"""Which written Norwegian a sheet is in, nynorsk or bokmål, read from its headings and words.

Each form has words the other does not use (ikkje/ikke, frå/fra, dei/de, vart/ble, ein/en …),
heading forms of its own («Utval resultat»/«Utvalgte resultater») and adjective and noun endings
(offentleg/offentlig, endringar/endringer). The sheet's text counts twice, the boilerplate
around it (headings, the programme's introduction) once: the language of what is shown decides.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

NYNORSK = "nn"
BOKMAAL = "nb"

# Words one form writes and the other does not, in the sheets' vocabulary.
_MARKERS = {
    NYNORSK: """
        ikkje eg frå dei vart ein eit kva korleis kvifor kven kvar kvart desse høve berre mykje
        meir noko nokon nokre heile heilt vore vorte saman sjølv fleire hjå òg no då enno sidan
        medan utan eigen eige eigne gjer seier kjem fekk gjev tek vert deira hennar ho dykk
        kvarandre anna annan gjeld syner døme dømer døma dømet dømene utval utvalde måla arka
        flaskehalsar flaskehalsane kontaktpersonar kommunane tilsette byregionar verksemd
        verksemder bustad bustader arbeidsgjevarar stadar
    """,
    BOKMAAL: """
        ikke jeg fra de ble en et hva hvordan hvorfor hvem hver hvert disse forhold bare mye mer
        noe noen hele helt vært sammen selv flere hos nå da ennå siden mens uten egen eget egne
        gjør sier kommer fikk gir tar deres hennes hun dere hverandre annet annen gjelder
        eksempler eksemplene utvalgte utvalg målene arkene flaskehalser flaskehalsene
        kontaktpersoner kommunene ansatte byregioner virksomhet virksomheter bolig boliger
        arbeidsgivere steder
    """,
}
_WORD_FORM = {word: form for form, text in _MARKERS.items() for word in text.split()}
_ENDINGS = (
    (re.compile(r"\w{3,}leg(?:e|t|are|ast)?$"), NYNORSK),
    (re.compile(r"\w{3,}lig(?:e|t|ere|st)?$"), BOKMAAL),
    (re.compile(r"\w{2,}ing(?:ar|ane)$"), NYNORSK),
    (re.compile(r"\w{2,}ing(?:er|ene)$"), BOKMAAL),
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")

# At least this many marks, and twice as many for one form as for the other, to be sure.
SURE_MARKS = 6


def _form_of(word):
    word = word.casefold()
    if word in _WORD_FORM:
        return _WORD_FORM[word]
    for pattern, form in _ENDINGS:
        if pattern.fullmatch(word):
            return form
    return None


@dataclass(frozen=True)
class LanguageReading:
    """The form a sheet is read as, and the evidence for it."""

    language: str
    marks: dict[str, int]
    headings: tuple[str, ...]
    words: tuple[str, ...]

    @property
    def sure(self):
        chosen = self.marks[self.language]
        other = self.marks[BOKMAAL if self.language == NYNORSK else NYNORSK]
        return chosen >= SURE_MARKS and chosen >= 2 * other


def language_read(*, boilerplate: list[str], content: list[str]) -> LanguageReading:
    """Return nynorsk or bokmål for a sheet: the form with more marks, nynorsk on a tie.

    `boilerplate` are the headings and the programme's introduction, `content` everything the
    sheet says about its region; a mark in the content weighs twice.
    """
    marks = Counter({NYNORSK: 0, BOKMAAL: 0})
    words = {NYNORSK: Counter(), BOKMAAL: Counter()}
    heading_forms = []
    for weight, texts in ((1, boilerplate), (2, content)):
        for text in texts:
            forms = Counter()
            for word in _WORD.findall(text):
                form = _form_of(word)
                if form:
                    marks[form] += weight
                    words[form][word.casefold()] += 1
                    forms[form] += 1
            if weight == 1 and forms:
                heading_forms.append((text, forms))
    language = BOKMAAL if marks[BOKMAAL] > marks[NYNORSK] else NYNORSK
    headings = tuple(
        text
        for text, forms in heading_forms
        if forms[language] > forms[BOKMAAL if language == NYNORSK else NYNORSK] and len(text) <= 80
    )
    return LanguageReading(
        language=language,
        marks=dict(marks),
        headings=headings,
        words=tuple(word for word, _count in words[language].most_common(5)),
    )
