"""Titles, teasers and addresses for what a sheet leaves unnamed, derived from the text itself.

A derived title is a whole phrase of at most TITLE_LENGTH characters, never a cut sentence. In
order of preference: what the text puts in bold, a phrase it repeats (the seed's «Offentleg
innkjøp»), a «named» thing, what was done (what a verb such as oppretta/etablerte made, or what
is delivered to whom), else the opening clause shortened at a phrase boundary.
"""

import re
from collections import Counter

from byregion.slugs import slug_from_name

TEASER_LENGTH = 300
TITLE_LENGTH = 60
SLUG_LENGTH = 60

# Words too common to name what an example is about (nynorsk and bokmål).
_STOPWORD_TEXT = """
    og i på av til for med som det den dei de er var vart ble blir har hadde ein ei eit en et å at om
    frå fra blant anna annet mellom der her dette desse disse no nå òg også skal kan vil sin sitt sine
    seg ikkje ikke men eller så ved under over etter inn ut opp alle heile hele mykje mye meir mer
    mest nyleg nylig tidleg tidlig dette byregionprosjektet prosjektet regionen byregionen kommunane
    programperioden fase mål målet ført etablert blitt vore vært gjennom no like mot utan uten slik
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def _wordset(text):
    return frozenset(text.split())


# Verbs that say something was made or started, and what it was follows them (nn and nb forms).
_DOING_VERBS = _wordset(
    """
    oppretta oppretter opprettar opprettet etablerte etablert etablerer starta startet startar
    bygde bygget byggjer bygger laga lagar utvikla utviklet utviklar utvikler skipa
    skipet lanserte lansert lanserer innførte innført innfører opna opnar åpna åpnet åpner fekk
    fikk fått tilsette ansatte kjøpte kjøpt samla samlet samordna samordnet organiserte organisert
    arrangerte arrangert skapte skapt inngjekk inngikk inngått signerte signert gjennomførte
    gjennomført fullførte fullført realiserte realisert finansierte finansiert utarbeidde
    utarbeidet utarbeida gitt gav ga gjeve
    """
)
# Verbs that say what something led to: «har ført til eit tettare samarbeid».
_RESULT_VERBS = _wordset("ført førte fører leia ledet resulterte resultert")
# Verbs that say something is delivered; «X-produsentar leverer til Y» delivers X to Y.
_SUPPLY_VERBS = _wordset(
    "leverer leverar leverte levert sel selger selde solgte seld solgt tilbyr tilbaud tilbød"
)
_AGENT_ENDING = re.compile(
    r"^(?P<stem>[^\W\d_]{3,}?)(?:produsent|leverandør|dyrkar|dyrker|bonde|bønder)"
    r"(?:ar|ane|er|ene|en|e)?$"
)
# «X vart etablert»: what was done is the subject before these.
_PASSIVE_AUXILIARIES = _wordset("vart ble blei vert blir er var")
_AUXILIARIES = _PASSIVE_AUXILIARIES | _wordset("har hadde")
_ARTICLES = _wordset("ein eit ei en et den det dei de ett eitt")
_PREPOSITIONS = _wordset(
    """
    i på til for med av frå fra om mot over under etter ved hos hjå gjennom mellom blant utan uten
    innan innen rundt kring langs inn ut opp før overfor innanfor innenfor utanfor utenfor via
    """
)
# A phrase of what was done may carry one of these with it: «bruk av offentleg innkjøp».
_KEPT_PREPOSITIONS = _wordset("av for til i på med mellom")
_CLAUSE_WORDS = _wordset(
    """
    der som og eller men slik fordi når då da medan mens sidan siden dersom viss hvis at så
    """
)
_ADVERBS = _wordset(
    """
    no nå også òg tidleg tidlig nyleg nylig allereie allerede saman sammen dessutan dessuten
    raskt vidare videre endeleg endelig nettopp
    """
)
_FIXED_ADVERBIALS = (
    ("blant", "anna"),
    ("blant", "annet"),
    ("mellom", "anna"),
    ("til", "dømes"),
    ("til", "eksempel"),
    ("for", "eksempel"),
    ("i", "tillegg"),
    ("i", "dag"),
    ("på", "plass"),
    ("i", "gang"),
)
_TIME_WORDS = _wordset(
    """
    fase fasen år året åra årene programperioden perioden prosjektperioden haust hausten høst
    høsten vår våren sommar sommaren sommer sommeren vinter vinteren starten slutten løpet
    januar februar mars april mai juni juli august september oktober november desember
    """
)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«\"0-9])")
WORD = re.compile(r"[^\W\d_][\w-]*", re.UNICODE)
_TOKEN = re.compile(r"«|»|[^\W\d_][\w'’-]*|\d[\d.,]*|[^\w\s]")
_QUOTED = re.compile(r"«(?P<text>[^«»]{3,60})»")
_PHRASE_BREAK = re.compile(r"[,;:()«»–—]")


def split_sentences(text):
    return [sentence.strip() for sentence in _SENTENCE_END.split(text) if sentence.strip()]


def cut(text, limit):
    """Return `text` shortened to `limit` characters with «…»: for messages, never for titles."""
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


def slug_from_title(title, *, limit=SLUG_LENGTH):
    """Return an address for `title` of at most `limit` characters, ending on a whole word."""
    slug = slug_from_name(title)
    if len(slug) <= limit:
        return slug
    return slug[: limit + 1].rsplit("-", 1)[0] or slug[:limit]


def title_from_text(plain, *, emphasised=()):
    """Name an example by a whole phrase of at most TITLE_LENGTH characters; see the module."""
    sentences = [sentence for sentence in split_sentences(plain) if WORD.search(sentence)]
    phrase = (
        _emphasised(emphasised)
        or _repeated(sentences)
        or _quoted(plain)
        or next(filter(None, map(_done, sentences)), None)
        or _opening(sentences[0] if sentences else plain)
    )
    if phrase.count("«") != phrase.count("»"):
        phrase = phrase.replace("«", "").replace("»", "")
    phrase = " ".join(phrase.split()).lstrip(" ,.;:!?()–—-")
    if not phrase:
        phrase = WORD.search(plain).group() if WORD.search(plain) else ""
    if not _fits(phrase):
        # Only a single word longer than a title gets here; it is cut, not marked as cut.
        phrase = phrase[:TITLE_LENGTH]
    return phrase[:1].upper() + phrase[1:]


def _fits(phrase):
    return bool(phrase) and len(phrase) <= TITLE_LENGTH


def _is_content(word):
    return len(word) > 2 and word.casefold() not in _STOPWORDS


def _emphasised(phrases):
    """Return the first bold phrase that can stand as a title: a few words, not a sentence."""
    for text in phrases:
        text = " ".join(text.split()).strip(" .,;:")
        words = WORD.findall(text)
        long_enough = len(words) > 1 or (words and len(words[0]) >= 5)
        if _fits(text) and long_enough and len(words) <= 8 and any(map(_is_content, words)):
            return text
    return None


def _repeated(sentences):
    """Return the two-word phrase of content words the text uses most, if it uses one twice."""
    counts, first = Counter(), {}
    for sentence in sentences:
        for part in _PHRASE_BREAK.split(sentence):
            words = WORD.findall(part)
            for left, right in zip(words, words[1:], strict=False):
                if _is_content(left) and _is_content(right):
                    key = f"{left} {right}".casefold()
                    counts[key] += 1
                    first.setdefault(key, f"{left} {right}")
    repeated = [key for key, count in counts.items() if count >= 2 and _fits(key)]
    if not repeated:
        return None
    order = list(first)
    return first[max(repeated, key=lambda key: (counts[key], -order.index(key)))]


def _quoted(plain):
    for match in _QUOTED.finditer(plain):
        text = match["text"].strip()
        if len(WORD.findall(text)) <= 6 and not re.search(r"[.!?]", text):
            return text
    return None


def _join(tokens):
    text = ""
    for part in tokens:
        if part == "»" or not text or text.endswith("«"):
            text += part
        else:
            text += " " + part
    return text


def _skip_adverbials(tokens, index):
    """Return the index past adverbs and time phrases («tidleg i fase 2», «no», «blant anna»)."""
    low = [token.casefold() for token in tokens]
    while index < len(tokens):
        pair = tuple(low[index : index + 2])
        if low[index] in _ADVERBS:
            index += 1
        elif pair in _FIXED_ADVERBIALS:
            index += 2
        elif low[index] in _PREPOSITIONS and _is_time(low[index + 1 : index + 4]):
            index += 1
            while index < len(tokens) and (
                low[index] in _TIME_WORDS or low[index][0].isdigit() or low[index] in _ARTICLES
            ):
                index += 1
        else:
            return index
    return index


def _is_time(words):
    for word in words:
        if word in _TIME_WORDS or word[:1].isdigit():
            return True
        if word not in _ARTICLES:
            return False
    return False


def _noun_phrase(tokens, index, *, limit=6):
    """Return the words from `index` up to the next preposition, clause word or punctuation."""
    words = []
    while index < len(tokens) and len(words) < limit:
        part = tokens[index]
        low = part.casefold()
        if part in "«»":
            words.append(part)
        elif not part[0].isalpha() or low in _PREPOSITIONS or low in _CLAUSE_WORDS:
            break
        else:
            words.append(part)
        index += 1
    while words and words[-1] == "«":
        words.pop()
    if words and words[0] == "»":
        words.pop(0)
    if words.count("«") != words.count("»"):
        words = [word for word in words if word not in "«»"]
    return words, index


def _object(tokens, index):
    """Return the phrase a doing verb made, with one prepositional phrase if it fits."""
    index = _skip_adverbials(tokens, index)
    if index < len(tokens) and tokens[index].casefold() in _ARTICLES:
        index += 1
    head, end = _noun_phrase(tokens, index)
    articles = [position for position, word in enumerate(head) if word.casefold() in _ARTICLES]
    if articles:
        # «starta kommunane eit felles traineeprogram»: the subject came first, the object after.
        head = head[articles[-1] + 1 :]
    if not head or not any(_is_content(word) for word in head):
        return None
    if end + 1 < len(tokens) and tokens[end].casefold() in _KEPT_PREPOSITIONS:
        start = end + 1
        if not _is_time([token.casefold() for token in tokens[start : start + 3]]):
            if tokens[start].casefold() in _ARTICLES:
                start += 1
            tail, _end = _noun_phrase(tokens, start, limit=4)
            longer = _join([*head, tokens[end], *tail])
            if tail and _fits(longer):
                return longer
    phrase = _join(head)
    if len(head) == 1 and len(phrase) < 8:
        return None
    return phrase if _fits(phrase) else None


def _supplied(tokens, verb):
    """Return «what to whom» for a supply verb: «Lokalmat til hyttebutikkane»."""
    index = _skip_adverbials(tokens, verb + 1)
    if index < len(tokens) and tokens[index].casefold() in _ARTICLES:
        index += 1
    product, index = _noun_phrase(tokens, index)
    if not product:
        subject = [token for token in tokens[:verb] if token[0].isalpha()]
        agent = _AGENT_ENDING.match(subject[-1].casefold()) if subject else None
        product = [agent["stem"]] if agent else []
    if not product:
        return None
    if index + 1 < len(tokens) and tokens[index].casefold() == "til":
        start = index + 1 + (tokens[index + 1].casefold() in _ARTICLES)
        recipient, _end = _noun_phrase(tokens, start, limit=4)
        phrase = _join([*product, "til", *recipient])
        if recipient and _fits(phrase):
            return phrase
    phrase = _join(product)
    return phrase if _fits(phrase) and len(phrase) >= 8 else None


def _passive_subject(tokens, verb):
    """Return the subject of «Eit felles innkjøpskontor vart etablert»: what was made."""
    if verb == 0 or tokens[verb - 1].casefold() not in _PASSIVE_AUXILIARIES:
        return None
    start = _skip_adverbials(tokens, 0)
    if start < len(tokens) and tokens[start].casefold() in _ARTICLES:
        start += 1
    subject, end = _noun_phrase(tokens[: verb - 1], start)
    phrase = _join(subject)
    if end != verb - 1 or not any(_is_content(word) for word in subject) or not _fits(phrase):
        return None
    return phrase


def _is_adjective(tokens, index):
    """True for «dei etablerte bedriftene», not for «ble det etablert»: a verb form after an article."""
    before = [part.casefold() for part in tokens[max(index - 2, 0) : index]]
    if not before or before[-1] not in _ARTICLES | {"desse", "disse", "sine", "sitt", "sin"}:
        return False
    return not (before[-1] == "det" and len(before) == 2 and before[0] in _AUXILIARIES)


def _done(sentence):
    """Return what a sentence says was done or delivered, or None."""
    tokens = _TOKEN.findall(sentence)
    for index, part in enumerate(tokens):
        low = part.casefold()
        if _is_adjective(tokens, index):
            continue
        if low in _SUPPLY_VERBS:
            phrase = _supplied(tokens, index)
        elif low in _DOING_VERBS:
            phrase = _object(tokens, index + 1) or _passive_subject(tokens, index)
        elif low in _RESULT_VERBS:
            after = _skip_adverbials(tokens, index + 1)
            led_to = after < len(tokens) and tokens[after].casefold() in ("til", "i")
            phrase = _object(tokens, after + 1) if led_to else None
        else:
            continue
        if phrase:
            return phrase
    return None


def _opening(sentence):
    """Return the first clause of `sentence`, shortened at phrase boundaries to fit a title."""
    tokens = _TOKEN.findall(sentence.rstrip(".!?"))
    while tokens and not (tokens[0][0].isalnum() or tokens[0] == "«"):
        tokens.pop(0)
    clause = []
    for part in tokens:
        if clause and (not (part[0].isalnum() or part in "«»") or part.casefold() in _CLAUSE_WORDS):
            break
        clause.append(part)
    # A closing time phrase («i 2017», «i programperioden») says when, not what.
    for index in range(len(clause) - 1, 0, -1):
        if clause[index].casefold() in _PREPOSITIONS and _skip_adverbials(clause, index) == len(
            clause
        ):
            clause = clause[:index]
            break
    start = _skip_adverbials(clause, 0)
    if start < len(clause) and clause[start].casefold() in _ARTICLES:
        start += 1
    clause = clause[start:] or clause
    while len(clause) > 1 and not _fits(_join(clause)):
        cuts = [
            index
            for index, token in enumerate(clause)
            if index > 0 and token.casefold() in _PREPOSITIONS | {"og", "eller"}
        ]
        clause = clause[: cuts[-1]] if cuts else clause[:-1]
        while len(clause) > 1 and (
            clause[-1].casefold() in _ARTICLES or clause[-1].casefold() in _PREPOSITIONS
        ):
            clause.pop()
    return _join(clause)
