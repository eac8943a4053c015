"""Quotations in a paragraph and who the text says spoke them (said, told, according to),
and, when asked, the statements it reports without quotation marks ("Putin told Xi that ...")."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from app.services.quote_marks import Span, quote_spans

MIN_QUOTE_WORDS = 6
# An attribution after a quotation is looked for in this many characters (before one,
# in the sentence it opens).
CONTEXT_CHARS = 120
# A quotation this close after an attributed one (only the attribution between) goes on.
CONTINUED_GAP = 40

_WORD = re.compile(r"[\w'’-]+")
_VERB = (
    r"(?:said|says|told|tells|added|adds|wrote|writes|stated|states|declared|insisted|asked"
    r"|warned|tweeted|explained|noted|argued|replied|recalled|continued|stressed|urged"
    r"|announced|admitted|claimed|concluded|remarked|responded|recalled|praised|dismissed"
    r"|called|described|reported|spoke about how|spoke of how)"
)
# Offices a text may name a person by alone: "the President said", "the prime minister".
_OFFICE = (
    r"(?:President|Prime Minister|Premier|Chancellor|Secretary|Foreign Minister|Minister"
    r"|Senator|Governor|Mayor|Ambassador|Chairman|King|Queen|Pope)"
)
# A title or role before a name: "Russian President Vladimir Putin", "Sen. John McCain".
_TITLE = (
    rf"(?:(?:[A-Z][a-z]+ )?(?:{_OFFICE}|Sen\.|Rep\.|Gov\.|Mr\.|Mrs\.|Ms\.|Dr\.|Gen\."
    r"|Spokesman|Spokeswoman|Director|Leader) )"
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
    r"|ambassador|economist|historian|strategist|commentator|columnist|journalist|scholar)\s+"
)
# A dateline in front of a story's first sentence: "TURNBERRY, Scotland (AP) — ".
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’-]+(?:[ ,/]+[A-Z][\w.'’-]*){0,3}\s*(?:\([^)]{1,20}\))?\s*[—–-]+\s*"
)
_PRONOUN = r"(?:he|she|they|He|She|They)"
# When, between a name and its verb: "McCain on Friday praised", "Putin earlier said".
_WHEN = (
    r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|\s+(?:yesterday|today|earlier|later|last\s+(?:week|month|year|night)))"
)
# An appositive between a name and its verb: "Tobias Wren, a retired pilot, said", and
# when it was said.
_APPOSITIVE = rf"(?:,[^,“\"]{{1,80}},)?{_WHEN}?"
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
        " his her its their our my your yet even now what why how who where which whose"
        " in on at as after before when while if for with from by to of also still"
        " monday tuesday wednesday thursday friday saturday sunday today yesterday"
        " january february march april may june july august september october november december"
        " games olympics war summit states kingdom union cup world statement statements report"
        " document declaration communique communiqué letter",
    )
)

# What a text calls someone it named before: "the Kentucky Republican says" is not a name.
_DESCRIPTIONS = frozenset({"republican", "democrat", "independent", "conservative", "liberal"})


@dataclass(frozen=True, slots=True)
class Quotation:
    """One quotation of a paragraph: its words and the speaker named, if any."""

    text: str
    start: int  # offset of the quotation's text in the paragraph
    speaker: str | None  # None: the text does not say who spoke
    pronoun: bool  # the text says "he said": the speaker is whoever spoke last
    runs_on: bool = False  # not closed in its paragraph: the next one's opening goes on
    reported: bool = False  # reported speech: a sentence with no quotation marks around it


def _clean(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"^(?i:the)\s+", "", name.strip(" ,.;:"))
    words = name.split()
    # A sentence's first word before a name: "As Dr. King said", "But Putin said".
    while len(words) > 1 and words[0].lower() in _NOT_SPEAKERS:
        words = words[1:]
    name = " ".join(words)
    last = words[-1].lower().strip(".’'s") if words else ""
    if not last or last in _NOT_SPEAKERS or last in _DESCRIPTIONS:
        return None
    if words[0].lower() in _NOT_SPEAKERS or _PARTY_STATE.fullmatch(name):
        return None
    return name


# A senator's party and state after their name ("John Warner, D-Va., said"): not a name.
_PARTY_STATE = re.compile(r"[DRI]-[A-Z][a-z]{1,3}\.?")


# An office, then its holder's name as an appositive: "The U.S. Ambassador to Russia, Jon
# Huntsman, told": the holder speaks, not the office nor its country.
_ANY_OFFICE = re.compile(_OFFICE)
_OFFICE_HOLDER = re.compile(
    rf"(?:[Tt]he\s+)?(?:{_CAP}\s+){{0,2}}{_OFFICE}"
    rf"(?:\s+(?:to|of|for)\s+(?:the\s+)?{_CAP}(?:\s+{_CAP}){{0,2}})?"
    rf",\s+(?P<n>{_CAP}(?:\s+{_CAP}){{1,3}}),(?=\s+[a-z])"
)


def _holders_named(text: str) -> str:
    """The text with "the Mayor of Lantern Bay, Marta Quill," read as "Marta Quill",
    offsets kept."""
    if not _ANY_OFFICE.search(text):
        return text  # three paragraphs in four name no office: a quick look says so
    return _OFFICE_HOLDER.sub(lambda m: m.group("n").ljust(len(m.group())), text)


def find_quotations(paragraph: str) -> list[Quotation]:
    """Each quotation of MIN_QUOTE_WORDS words or more, with the speaker the text names.

    A quotation with no attribution of its own continues the one before it when the two
    are in one sentence or only that one's attribution lies between them ("...," Putin
    said. "They have indeed ...").
    """
    spans = quote_spans(paragraph)
    if not spans:
        return []  # most paragraphs quote nobody
    read = _holders_named(paragraph)  # what attributions are looked for in
    # Look only between the neighbouring quotations (a name inside one never speaks),
    # passing over short ones: a title or a name in quotation marks ("told NBC's “Meet
    # the Press” that ...") is part of the attribution around it.
    long = [s for s in spans if _words(paragraph, s) >= MIN_QUOTE_WORDS]
    quotes: list[Quotation] = []
    for k, span in enumerate(spans):
        lo = max((s.end for s in long if s.end <= span.start), default=0)
        hi = min((s.start for s in long if s.start >= span.end), default=len(paragraph))
        after = _unquote(read, spans, span.end, min(hi, span.end + CONTEXT_CHARS))
        before = _unquote(read, spans, lo, span.start)  # cut to its last sentence below
        speaker, pronoun = _attribution(_AFTER.search(after))
        if speaker is None and not pronoun:
            sentence = _SENTENCE_END.split(before)[-1]
            sentence = _DATELINE.sub("", sentence)
            speaker, pronoun = _attribution(_BEFORE.search(sentence))
            if speaker is None and not pronoun:
                speaker, pronoun = _attribution(_BEFORE_SUBJECT.search(sentence))
            if speaker is None and not pronoun:
                speaker = _reporting(sentence)
        if speaker is None and not pronoun and quotes:
            gap = paragraph[spans[k - 1].end : span.start]
            same_sentence = not re.search(r"[.!?]\s+[A-Z“\"]", gap)
            if same_sentence or len(gap) <= CONTINUED_GAP:
                # "...," he added. "President Trump reiterated ...": his too.
                speaker, pronoun = quotes[-1].speaker, quotes[-1].pronoun
        text = paragraph[span.text_start : span.text_end].rstrip(",")
        quotes.append(
            Quotation(text, span.text_start, speaker, pronoun and speaker is None, span.runs_on)
        )
    return [q for q in quotes if len(_WORD.findall(q.text)) >= MIN_QUOTE_WORDS]


def _words(paragraph: str, span: Span) -> int:
    return len(_WORD.findall(paragraph[span.text_start : span.text_end]))


def _unquote(paragraph: str, spans: list[Span], lo: int, hi: int) -> str:
    """The paragraph from lo to hi with the marks of the quotations inside blanked, so
    that an attribution reads on through a quoted title."""
    text = list(paragraph[lo:hi])
    for span in spans:
        for at in (*range(span.start, span.text_start), *range(span.text_end, span.end)):
            if lo <= at < hi and paragraph[at] in "“”\"'":
                text[at - lo] = " "
    return "".join(text)


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


def plain_name(speaker: str) -> str:
    """A speaker's name without the titles before it ("Russian President Vladimir Putin",
    "U.S. President Donald Trump": "Vladimir Putin", "Donald Trump"); an office alone, or
    one "of" something, stays as it is."""
    return re.sub(rf"^(?:[A-Z][\w.'’-]*\s+)?{_TITLE}+(?=[A-Z])", "", speaker)


def _reporting(sentence: str) -> str | None:
    """Who speaks a quotation inside a reported clause: "..., Trump said in the same breath
    that an arms race was “...”" (the last name speaking in the sentence, its clause open)."""
    named = list(_NAMED_SPEAKING.finditer(sentence))
    if named and _REPORTED.match(sentence, named[-1].end()):
        return _clean(named[-1].group(1))
    return None


# Reported speech: the speaking verbs, and a few that report what was said without
# quoting it ("Putin highlighted close economic ties"). Not "X reported": a news agency
# reporting something is the source of a fact, not a speaker; nor "they said", most often
# both sides of a meeting, not one person.
_STATING = (
    rf"(?!reported\b)(?:{_VERB}|highlighted|celebrated|reiterated|pledged|vowed|promised"
    r"|emphasi[sz]ed|underlined|reaffirmed)"
)
_PERSON = r"(?:he|she|He|She)"
# Words between a speaker and the verb: "Putin has also noted", "Xi later told".
_AUX = r"(?:(?:has|had|have|also|then|later|earlier|again|[a-z]+ly)\s+){0,2}"
# A phrase opening the sentence, before its subject: "In a call on Friday, ".
_OPENING = r"(?:(?![^,.;]*\b(?i:said|says|told|that|according)\b)[^,.;]{1,60},\s+)?"
# One or two appositives: "Sen. John Warner, D-Va., who is ranking member ..., said".
_APPOSITIVES = rf"(?:(?:,[^,“\"]{{1,80}}){{1,2}},)?{_WHEN}?"
# A sentence that opens with who spoke: "Putin told Xi that ...", "Chinese foreign minister
# Wang Yi told ...", "He said ...", "According to the Kremlin, ...".
_REPORT_LEAD = re.compile(
    rf"^{_OPENING}(?:(?P<p>{_PERSON})\s+{_AUX}{_STATING}\b"
    rf"|[Aa]ccording to (?:{_ROLE})?(?P<c>{_NAME}),"
    rf"|(?:[Tt]he\s+)?(?:[a-z]+\s+)?(?:statement|declaration|communiqu\w+)\s+"
    rf"(?:released|issued|published)\s+by\s+(?P<d>{_NAME})\s+{_STATING}\b"
    rf"|(?:{_CAP}['’]s\s+(?:[a-z-]+\s+){{0,2}}|{_CAP}\s+(?:[a-z-]+\s+){{1,2}}"
    rf"|(?:[a-z-]+\s+){{0,2}})(?P<s>{_NAME}){_APPOSITIVES}\s+{_AUX}"
    rf"(?:{_STATING}|was quoted as (?:saying|telling))\b)"
)
# ... or closes with it, after a comma: "..., Putin said on Friday.", "..., he told reporters."
_REPORT_TRAIL = re.compile(
    rf"\s*(?:{_STATING}\s+(?:{_ROLE})?(?P<a>{_NAME})"
    rf"|(?P<b>{_NAME}){_APPOSITIVE}\s+{_AUX}(?:{_STATING}|was quoted as (?:saying|telling))\b"
    rf"|(?P<p>{_PERSON})\s+{_AUX}{_STATING}\b|{_STATING}\s+(?P<q>{_PERSON})\b"
    rf"|[Aa]ccording to (?:{_ROLE})?(?P<c>{_NAME}))"
    r"(?:,?\s+[\w'’().-]+){0,10}\s*[.!?]?\s*$"
)
# What every attribution above holds.
_REPORTING_WORD = re.compile(rf"\b(?:{_STATING}|was quoted|[Aa]ccording to)\b")
# Commas from a sentence's end an attribution closing it may follow.
_TRAIL_COMMAS = 3


def find_reported(paragraph: str, quotations: list[Quotation]) -> list[Quotation]:
    """The paragraph's sentences that say who said them without quoting ("Putin told Xi
    that Russia had prepared a new deal.", "..., the minister said."), each as a
    `Quotation` of the whole sentence marked `reported`; one that the text does not say
    who said ("The joint statement said ...") is left out, as is one quoting someone else
    ("“...,” Xi said, according to Xinhua" is Xi's, not Xinhua's)."""
    if not _REPORTING_WORD.search(paragraph):
        return []  # most paragraphs: nobody said anything in them
    masked = _holders_named(_mask(paragraph))
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(masked)), len(paragraph)]
    out: list[Quotation] = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        text = paragraph[lo:hi].strip()
        if len(_WORD.findall(text)) < MIN_QUOTE_WORDS:
            continue
        start = lo + len(paragraph[lo:hi]) - len(paragraph[lo:hi].lstrip())
        sentence = _DATELINE.sub("", masked[start : start + len(text)])
        speaker, pronoun = _attribution(_REPORT_LEAD.match(sentence))
        commas = [m.start() for m in re.finditer(",", sentence)][-_TRAIL_COMMAS:]
        for comma in reversed(commas):
            if speaker or pronoun:
                break
            speaker, pronoun = _attribution(_REPORT_TRAIL.match(sentence, comma + 1))
        if not speaker and not pronoun:
            continue
        quoted = [q for q in quotations if start <= q.start < start + len(text)]
        key = None if pronoun else speaker_key(speaker)
        if any((q.pronoun, speaker_key(q.speaker)) != (pronoun, key) for q in quoted):
            continue
        out.append(Quotation(text, start, speaker, pronoun, reported=True))
    return out


# Paragraphs a "he said" looks back for who "he" is: its own and the two before it.
PRONOUN_REACH = 2


def attribute(paragraphs: list[str], *, reported: bool = False) -> list[tuple[int, Quotation]]:
    """Quotations of an article's paragraphs, "he said" resolved to the person named last
    before it as speaking or as a sentence's subject (within PRONOUN_REACH paragraphs;
    further back the text no longer says who), and "the President said" to the person the
    text calls President. A quotation left open at a paragraph's end goes on in the
    quotation that opens the next paragraph, which is the same speaker's. With `reported`,
    the sentences reporting what someone said without quoting it too (`find_reported`),
    in the text's order with the quotations."""
    out: list[tuple[int, Quotation]] = []
    # Who each paragraph names, (offset, name) in text order: its `_antecedents`, worked
    # out only for a paragraph a "he said" may reach back to (most never are), and the
    # speakers of its quotations.
    named: dict[int, list[tuple[int, str]]] = {}
    speakers: dict[int, list[tuple[int, str]]] = {}

    def names_in(k: int) -> list[tuple[int, str]]:
        if k not in named:
            named[k] = _antecedents(paragraphs[k])
        return sorted([*named[k], *speakers.get(k, [])])

    running: str | None = None  # who speaks the quotation left open by the last paragraph
    for index, paragraph in enumerate(paragraphs):
        found = find_quotations(paragraph)
        if reported:
            found = sorted([*found, *find_reported(paragraph, found)], key=lambda q: q.start)
        for quote in found:
            opens = not paragraph[: quote.start].strip(" “\"'") and not quote.reported
            if opens and running and quote.speaker is None and not quote.pronoun:
                quote = replace(quote, speaker=running)
            if quote.pronoun:
                reach = range(max(0, index - PRONOUN_REACH), index)
                names = [n for k in reach for _, n in names_in(k)]
                at = _pronoun_at(paragraph, quote.start)
                names += [n for where, n in names_in(index) if where < at]
                if names:
                    quote = replace(quote, speaker=names[-1], pronoun=False)
            if quote.speaker and _BARE_OFFICE.fullmatch(quote.speaker):
                before = [*paragraphs[:index], paragraph[: quote.start]]
                holder = _holder(quote.speaker, before)
                if holder:
                    quote = replace(quote, speaker=holder, pronoun=False)
            if quote.speaker:
                speakers.setdefault(index, []).append((quote.start, quote.speaker))
            out.append((index, quote))
        last = out[-1][1] if out and out[-1][0] == index else None
        running = last.speaker if last and last.runs_on else None
    return out


def _pronoun_at(paragraph: str, start: int) -> int:
    """Where "he" stands in the attribution a quotation opens with ("He said that in
    Helsinki, Trump should “...”": Trump comes after "he", so is not who "he" is)."""
    sentence = _SENTENCE_END.split(paragraph[:start])[-1]
    found = _PRONOUN_SPEAKING.search(sentence)
    return start - len(sentence) + found.start() if found else start


def _antecedents(paragraph: str) -> list[tuple[int, str]]:
    """Who a later "he" can be, with where the paragraph names them: a name speaking
    ("Putin said", "according to Kerry Brown"), or a sentence's subject ("Stephan
    Sestanovich, a senior fellow ..., sees room"); never a name inside a quotation."""
    text = _holders_named(_mask(paragraph))
    found = [(m.start(1), _clean(m.group(1))) for m in _NAMED_SPEAKING.finditer(text)]
    found += [(m.start(1), _clean(m.group(1))) for m in _ACCORDING_TO.finditer(text)]
    starts = [0, *(m.end() for m in _SENTENCE_END.finditer(text))]
    starts += [m.end() for m in _CLAUSE.finditer(text)]  # "—and Hillary Clinton couldn't"
    for start in starts:
        dateline = _DATELINE.match(text, start)
        match = _SENTENCE_SUBJECT.match(text, dateline.end() if dateline else start)
        # "Trump's administration has ...": the possessor is not the subject; "Making
        # globes by hand was ...": nor is a gerund.
        if match and not re.search(r"['’]s?$|^[A-Z][a-z]+ing$", match.group("s")):
            found.append((match.start("s"), _clean(match.group("s"))))
    return sorted((at, name) for at, name in found if name)


def _mask(paragraph: str) -> str:
    """The paragraph with its quotations blanked out, offsets kept: no name spans one,
    and one that ends a sentence still ends it."""
    text = list(paragraph)
    for span in quote_spans(paragraph):
        inner = paragraph[span.text_start : span.text_end]
        end = inner[-1] if inner and inner[-1] in ".!?" else "_"
        text[span.start : span.end] = "_" * (span.end - span.start)
        text[span.text_end - 1] = end
    return "".join(text)


def _holder(office: str, paragraphs: list[str]) -> str | None:
    """The person the text last names with `office` ("President" -> "President Donald
    Trump"), preferring a title as the text says it bare to one qualified ("Russian
    President Vladimir Putin"), which names someone else's president, and never a former
    holder; None when the text does not say which."""
    words = office.split()
    qualifier = words[0] if len(words) > 1 and words[0].lower() not in _OFFICE_WORDS else None
    title = " ".join(words[1:] if qualifier else words)
    pattern = re.compile(
        rf"(?:(?P<q>[\w.-]+) )?(?i:{re.escape(title)}) (?P<n>{_CAP}(?: {_CAP}){{0,2}})"
    )
    bare: list[str] = []
    qualified: list[str] = []
    for paragraph in paragraphs:
        for match in pattern.finditer(_mask(paragraph)):
            name = re.sub(r"['’]s?$", "", match.group("n"))
            said = match.group("q")
            if qualifier is not None:
                if said and said.lower() == qualifier.lower():
                    qualified.append(name)
            elif said is None or not (said[0].isupper() or said.lower() in _FORMER):
                bare.append(name)  # "calling on President Donald Trump"
            elif said.lower() not in _NOT_SPEAKERS | _FORMER:
                qualified.append(name)  # "Russian President Vladimir Putin"
    named = bare or qualified
    # Only qualified holders of a bare office ("US President Donald Trump and Russian
    # President Vladimir Putin"): the text says which only when it names one.
    if named and (bare or qualifier or len({speaker_key(n) for n in qualified}) == 1):
        return named[-1]
    return None


# "Putin said ...", "Tobias Wren, a retired pilot, said ...": who spoke, for "he said".
# "Putin said ...", "Tobias Wren, a retired pilot, said ...": who spoke, for "he said".
_NAMED_SPEAKING = re.compile(rf"({_NAME}){_APPOSITIVE}\s+{_VERB}\b")
# "according to Kerry Brown, associate fellow at Chatham House"
_ACCORDING_TO = re.compile(rf"[Aa]ccording to (?:{_ROLE})?({_NAME})")
# Where a sentence ends, not after "Mr." or "Sen." before a name. The stop comes first and
# the look back after it: a pattern that opens with a set of characters is searched for
# by that set, ten times faster than trying the nine look-backs at every position.
_SENTENCE_END = re.compile(
    r"[.!?](?<!\b[A-Z][.!?])(?<!\bMr[.!?])(?<!\bMs[.!?])(?<!\bMrs[.!?])(?<!\bDr[.!?])"
    r"(?<!\bSen[.!?])(?<!\bRep[.!?])(?<!\bGov[.!?])(?<!\bGen[.!?])(?<!\bSt[.!?])"
    r"\s+(?=[A-Z“\"])"
)
# A clause of its own after "and", "but" or a semicolon.
_CLAUSE = re.compile(r"(?:[,—–]\s*(?:and|but)|;)\s+(?=[A-Z])")
_PRONOUN_SPEAKING = re.compile(rf"\b{_PRONOUN}\s+(?:[a-z]+ly\s+|also\s+)?{_VERB}\b")
# Words before an office that say its holder is not the one in office now.
_FORMER = frozenset({"former", "late", "ex", "then", "outgoing", "vice", "deputy"})
# What opens a reported clause after a speaking verb; a full stop would have closed it.
_REPORTED = re.compile(r"[^.!?;]*\b(?:that|whether|how|why)\b[^.!?;]*$")
# A sentence's subject, after an opening phrase ("Before leaving ..., Trump was asked"),
# and the verb it goes with.
_SENTENCE_SUBJECT = re.compile(
    rf"(?:(?![^,.;]*\b(?i:said|says|told|that|according)\b)[^,.;]{{1,80}},\s+)?(?P<s>{_NAME})(?:,[^,]{{1,120}},)?\s+(?:[a-z]+ly\s+)?"
    r"(?:[a-z]+(?:s|ed)|[a-z]+n['’]t|is|was|has|had|will|would|can|could|did|may|might|must|should"
    r"|spoke|told|wrote|met|made|took|gave|saw|knew|thought|got|became|began|left|said)\b"
)
# An office alone, as a text names a person by it: "President", "Russian President".
# ("King" and "Queen" alone are more often a name: "Dr. King said".)
_OFFICE_WORDS = frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", _OFFICE))
_BARE_OFFICE = re.compile(rf"(?:[A-Z][\w.]* )?(?i:{_OFFICE})(?<!King)(?<!Queen)")
