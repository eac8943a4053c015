"""Quotations in a paragraph and who the text says spoke them (said, told, according to)."""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_QUOTE_WORDS = 6
# An attribution after a quotation is looked for in this many characters (before one,
# in the sentence it opens).
CONTEXT_CHARS = 120
# A quotation this close after an attributed one (only the attribution between) goes on.
CONTINUED_GAP = 40

# Marks pair up in order, short quotations too ("yes"), so that the closing mark of one
# is never taken for the opening of the next.
_QUOTE = re.compile(r"“([^“”]+?)”|\"([^\"]+?)\"")
_WORD = re.compile(r"[\w'’-]+")
_VERB = (
    r"(?:said|says|told|tells|added|adds|wrote|writes|stated|states|declared|insisted|asked"
    r"|warned|tweeted|explained|noted|argued|replied|recalled|continued|stressed|urged"
    r"|announced|admitted|claimed|concluded|remarked|responded|recalled|praised|dismissed"
    r"|called|described|reported|spoke about how|spoke of how)"
)
# A title or role before a name: "Russian President Vladimir Putin", "Sen. John McCain".
_TITLE = (
    r"(?:(?:[A-Z][a-z]+ )?(?:President|Prime Minister|Premier|Chancellor|Secretary|Minister"
    r"|Foreign Minister|Senator|Sen\.|Rep\.|Gov\.|Governor|Mayor|Mr\.|Mrs\.|Ms\.|Dr\.|Gen\."
    r"|Ambassador|Spokesman|Spokeswoman|Director|Chairman|Leader|King|Queen|Pope) )"
)
_CAP = r"[A-Z][\w'’.-]*"
# A person ("Vladimir Putin", "Xi") or an organisation ("the Kremlin", "the White House",
# "NATO"), as a name: capitalised words, at most four.
_NAME = rf"(?:the )?{_TITLE}?{_CAP}(?:\s+(?:{_CAP}|de|van|von|al|bin|of the|of)){{0,5}}"
# A sentence's subject: "Russia's state-run Channel One", "Newspaper Komsomolskaya Pravda".
_SUBJECT = rf"^(?:{_CAP}['’]s\s+)?(?:[a-z-]+\s+){{0,2}}(?P<s>{_NAME})"
# A role between a speaking verb and the name: "said cybersecurity expert Sam Woolley".
_ROLE = (
    r"(?:[a-z-]+\s+){0,2}(?:expert|analyst|official|spokesman|spokeswoman|spokesperson"
    r"|adviser|advisor|professor|aide|lawmaker|researcher|director|chairman|leader"
    r"|ambassador|economist|historian|strategist)\s+"
)
# A dateline in front of a story's first sentence: "TURNBERRY, Scotland (AP) — ".
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’-]+(?:[ ,/]+[A-Z][\w.'’-]*){0,3}\s*(?:\([^)]{1,20}\))?\s*[—–-]+\s*"
)
_PRONOUN = r"(?:he|she|they|He|She|They)"
# An appositive between a name and its verb: "Tobias Wren, a retired pilot, said".
_APPOSITIVE = r"(?:,[^,“\"]{1,80},)?"
_AFTER = re.compile(
    rf"^[\s,.;:—–-]*(?:{_VERB}\s+(?:{_ROLE})?(?P<a>{_NAME})"
    rf"|(?P<b>{_NAME}){_APPOSITIVE}\s+(?:{_VERB}|was quoted as (?:saying|telling))\b"
    rf"|(?P<p>{_PRONOUN})\s+{_VERB}\b|{_VERB}\s+(?P<q>{_PRONOUN})\b"
    rf"|[Aa]ccording to (?P<c>{_NAME}))"
)
# Attributions that end right before the quotation, nearest first ...
_BEFORE = re.compile(
    rf"(?:(?P<a>{_NAME}){_APPOSITIVE}\s+(?:{_VERB}|was quoted as (?:saying|telling))"
    rf"(?:\s+\w+){{0,6}}"
    rf"(?:\s*:|\s*,|\s+that)?|(?P<b>{_NAME})\s*:|[Aa]ccording to (?P<c>{_NAME}),"
    rf"|(?P<p>{_PRONOUN})\s+(?:[a-z]+ly\s+|also\s+)?{_VERB}\b[^“\"]*"
    # "The statement released by the Kremlin said China and Russia ..."
    rf"|(?:statement|declaration|communiqu\w+)\s+(?:released|issued|published)\s+by\s+"
    rf"(?P<d>{_NAME})\s+{_VERB}(?:\s+\w+){{0,6}})\s*$"
)
# ... then the sentence's subject, speaking anywhere before it.
_BEFORE_SUBJECT = re.compile(
    # "Konstantin Kosachev, head of ..., wrote in Izvestia that ..."
    rf"(?:{_SUBJECT}{_APPOSITIVE}\s+(?:also\s+|then\s+|later\s+)?{_VERB}\b[^“\"]*"
    # "Putin also recalled ..., calling such exchanges ...", "Trump is ..., saying"
    rf"|^(?P<e>{_NAME})\s[^“\"]*\b(?:calling|saying|describing|adding)\b[^“\".;]*)\s*$"
)
# Capitalised words that start a sentence, or name a time, a place or an event, never a
# speaker: "Friday", "Winter Games", "Cold War", "United States" (a state is an
# organisation only as its government: "Washington said" is left unattributed too).
_NOT_SPEAKERS = frozenset(
    re.findall(
        r"\w+",
        "a an he she they it we i you the this that these those but and or so then there here"
        " in on at as after before when while if for with from by to of also still"
        " monday tuesday wednesday thursday friday saturday sunday today yesterday"
        " january february march april may june july august september october november december"
        " games olympics war summit states kingdom union cup world statement statements report"
        " document declaration communique communiqué letter",
    )
)


@dataclass(frozen=True, slots=True)
class Quotation:
    """One quotation of a paragraph: its words and the speaker named, if any."""

    text: str
    start: int  # offset of the quotation's text in the paragraph
    speaker: str | None  # None: the text does not say who spoke
    pronoun: bool  # the text says "he said": the speaker is whoever spoke last


def _clean(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"^the\s+", "", name.strip(" ,.;:"))
    words = name.split()
    if not words or words[-1].lower().strip(".’'s") in _NOT_SPEAKERS:
        return None
    if words[0].lower() in _NOT_SPEAKERS:
        return None
    return name


def find_quotations(paragraph: str) -> list[Quotation]:
    """Each quotation of MIN_QUOTE_WORDS words or more, with the speaker the text names.

    A quotation with no attribution of its own continues the one before it when the two
    are in one sentence or only that one's attribution lies between them ("...," Putin
    said. "They have indeed ...").
    """
    matches = list(_QUOTE.finditer(paragraph))
    quotes: list[Quotation] = []
    for k, match in enumerate(matches):
        group = 1 if match.group(1) is not None else 2
        # Look only between the neighbouring quotations: a name inside one never speaks.
        lo = matches[k - 1].end() if k else 0
        hi = matches[k + 1].start() if k + 1 < len(matches) else len(paragraph)
        after = paragraph[match.end() : min(hi, match.end() + CONTEXT_CHARS)]
        before = paragraph[lo : match.start()]  # cut to its last sentence below
        speaker, pronoun = _attribution(_AFTER.search(after))
        if speaker is None and not pronoun:
            sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", before)[-1]
            sentence = _DATELINE.sub("", sentence)
            speaker, pronoun = _attribution(_BEFORE.search(sentence))
            if speaker is None and not pronoun:
                speaker, pronoun = _attribution(_BEFORE_SUBJECT.search(sentence))
        if speaker is None and not pronoun and quotes:
            gap = paragraph[matches[k - 1].end() : match.start()]
            same_sentence = not re.search(r"[.!?]\s+[A-Z“\"]", gap)
            if quotes[-1].speaker and (same_sentence or len(gap) <= CONTINUED_GAP):
                speaker = quotes[-1].speaker
        text = match.group(group).strip().rstrip(",")
        quotes.append(Quotation(text, match.start(group), speaker, pronoun and speaker is None))
    return [q for q in quotes if len(_WORD.findall(q.text)) >= MIN_QUOTE_WORDS]


def _attribution(match: re.Match[str] | None) -> tuple[str | None, bool]:
    if match is None:
        return None, False
    groups = match.groupdict()
    if groups.get("p") or groups.get("q"):
        return None, True
    name = groups.get("a") or groups.get("b") or groups.get("c") or groups.get("d")
    name = name or groups.get("e") or groups.get("s")
    return _clean(name), False


def speaker_key(speaker: str | None) -> str | None:
    """What two names of one speaker share: the last name ("Vladimir Putin", "Putin";
    "Sen. John McCain of Arizona", "McCain")."""
    if not speaker:
        return None
    # "of Arizona" after a name says where from; "Secretary of State Alex Padilla" is a title.
    parts = [p for p in speaker.split(" of ") if len(re.findall(r"\b[A-Z]", p)) >= 2]
    return (parts[-1] if parts else speaker).split()[-1].lower().strip(".’'")


def attribute(paragraphs: list[str]) -> list[tuple[int, Quotation]]:
    """Quotations of an article's paragraphs, "he said" resolved to the speaker named last
    before it (in its paragraph, else the previous one; further back the text no longer
    says who)."""
    out: list[tuple[int, Quotation]] = []
    last: tuple[int, str] | None = None
    for index, paragraph in enumerate(paragraphs):
        for quote in find_quotations(paragraph):
            if quote.pronoun:
                named = _last_name(paragraph[: quote.start])
                if named:
                    quote = Quotation(quote.text, quote.start, named, False)
                elif last and index - last[0] <= 1:
                    quote = Quotation(quote.text, quote.start, last[1], False)
            if quote.speaker:
                last = (index, quote.speaker)
            out.append((index, quote))
        # A paragraph that names a speaker outside its quotations names who spoke last.
        if (last is None or last[0] != index) and (named := _last_name(_QUOTE.sub(" ", paragraph))):
            last = (index, named)
    return out


def _last_name(text: str) -> str | None:
    """The last name in `text` named as saying something, outside quotation marks."""
    names = [n for n in (_clean(m.group(1)) for m in _NAMED_SPEAKING.finditer(text)) if n]
    return names[-1] if names else None


# "Putin said ...", "Tobias Wren, a retired pilot, said ...": who spoke, for "he said".
_NAMED_SPEAKING = re.compile(rf"({_NAME}){_APPOSITIVE}\s+{_VERB}\b")
