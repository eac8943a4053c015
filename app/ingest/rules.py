"""Line-level boilerplate rules shared by the text and HTML extractors.

Each rule recognises one kind of non-story line that paragraph classifiers (jusText,
trafilatura) tend to keep: appeals for money, "Read also" teasers, share rows, comment
headers, breadcrumbs, sign-in prompts, copyright lines, menu items, advertisement
markers, reading times ("4 min read"), metadata rows, wire credits ("(Reporting by ...)"),
photo captions, bylines and date lines.
"""

from __future__ import annotations

import datetime
import re
from enum import Enum


class Kind(Enum):
    """What a rule decided a line is; lines no rule recognises are left to the classifier."""

    BOILER = "boiler"  # not part of the story; drop it
    INSERT = "insert"  # dropped too, but sits inside a story without ending it ("Advertisement")
    END = "end"  # a header after which the story is over (comments, "Related articles")
    CAPTION = "caption"  # a photo caption: kept apart from the body
    BYLINE = "byline"  # "By Jane Doe"
    DATE = "date"  # a line that only gives a date


_I = re.IGNORECASE
# Appeals for money or sign-ups. A strong phrase is enough on its own ...
_APPEAL_STRONG = re.compile(
    r"readers like you|we need your (help|support)|support from readers"
    r"|support (us|our (work|journalism|mission|reporting|newsroom))\b"
    r"|support (independent|quality) journalism|(please|can you) (contribute|donate|support)"
    r"|contribute what you can|(make|making) a (contribution|donation)|one-?off donation"
    r"|monthly (payment|donation|contribution)|already a (subscriber|member)"
    r"|subscribe (now|today|for|to (our|the))|become a (member|subscriber|supporter|patron)"
    r"|keeps? paywalls? away|sign up for (our|the|a) [\w ]{0,30}newsletter"
    r"|(get|receive) (our|the) [\w ]{0,30}newsletter|unlimited (digital )?access",
    _I,
)
# ... weaker words only count in pairs, so news about donations is not dropped.
_APPEAL_WEAK = re.compile(
    r"\b(donat\w+|subscri\w+|contribut\w+|paywall\w*|advertising revenue|our journalism"
    r"|our reporting|independent(ly)? (news|journalism)|free for everyone)\b",
    _I,
)
_ADVERT = re.compile(
    r"^[\W_]*(advertisement|advertising|ad|ads|ad image|sponsored( content)?|promoted"
    r"( content)?|paid (post|content)|story continues below( advertisement)?"
    r"|continue reading( below)?|scroll to continue( with content)?)[\W_]*$",
    _I,
)
_RELATED = (
    r"read (also|more|next|this)|also read|see also|related( (news|articles?|stories|story|posts?"
    r"|content|coverage|topics|reading|links|videos?))?|recent (articles|posts|stories|news)"
    r"|popular (posts|articles|stories|news)|most (read|popular|viewed|shared)"
    r"|you (might|may) (also )?(like|be interested in)|more (from|stories|news|on this( story)?)"
    r"|trending( now| stories| news)?|recommended( for you| stories)?|top stories"
    r"|latest (news|stories|articles|posts)|editor'?s picks|don'?t miss|must read"
    r"|in case you missed it"
    r"|more in \w+|further reading|(other|more) [\w ]{0,20}(articles|stories|columns|news|posts)"
)
_RELATED_HEADER = re.compile(rf"^[\W_]*({_RELATED})[\W_]*$", _I)
_RELATED_TEASER = re.compile(rf"^[\W_]*({_RELATED})\s*[:|»›>–—-]+\s*\S", _I)
_PREV_NEXT = re.compile(r"^(previous|next|prev)\s+(article|post|story)\b", _I)
_COMMENTS = re.compile(
    r"^(view|show|read|see|load|hide)?\s*(all\s+)?(\d+\s+)?comments?\s*(\(\d+\))?$"
    r"|^(leave|post|add|write|submit)\s+(a|your|new)?\s*(comment|reply|response)"
    r"|^(join|start)\s+the\s+(conversation|discussion)|^comments?\s+(are|have been)\s+closed"
    r"|^please\s+enter\s+your\s+(comment|name)|^(show|hide)\s+comments",
    _I,
)


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SOCIAL_WORDS = _wordset(
    "share shares sharing shared tweet twitter x facebook email e-mail mail print copy link url"
    " whatsapp linkedin pinterest reddit telegram messenger flipboard pocket youtube instagram"
    " tiktok medium quora threads bluesky mastodon like follow us this article story page on"
    " comment comments save bookmark the via sms post rss feed"
)
_SOCIAL_PLATFORMS = _SOCIAL_WORDS - _wordset("us this article story page on the via")
_BREADCRUMB_SEP = re.compile(r"\s[>›»]\s|\s/\s")
_SIGN_IN = re.compile(
    r"^(sign in|log ?in|sign up|register|create (an|your|a free) account|lost your password"
    r"|forgot (your )?password|welcome back|have an (existing )?account|already have an account"
    r"|don'?t have an account|sign in to|log in to|my account|manage (your )?account)\b"
    r"|\b(sign in|log in)\s*[.!]?$",
    _I,
)
# Prompts about the page itself: "Tap here to turn on desktop notifications ...".
_PAGE_PROMPT = re.compile(
    r"^((tap|click) here to (turn on|get|receive|enable)|read more about (these links|sharing))\b",
    _I,
)
_COPYRIGHT = re.compile(r"^\W*(©|\(c\)|copyright\b)|\ball rights reserved\b", _I)
_COOKIES = re.compile(
    r"^(we use cookies|this (web)?site uses cookies|(accept|reject|manage) (all )?cookies"
    r"|cookie (settings|preferences|policy))",
    _I,
)
_MENU_ITEM = re.compile(r"^[•·▪◦‣∙*+–-]\s*\S")
_NAV_WORDS = _wordset(
    "search close menu home skip to content main navigation back top toggle more loading"
    " font resizer aa subscribe newsletter newsletters sections topics"
)
_DISCLOSURE = re.compile(
    r"\bwe (may )?(receive|earn|get) (a )?(compensation|commission)|\baffiliate (links?|commission)"
    r"|this (post|article|page) contains (references|affiliate|links)",
    _I,
)
_UPDATE_NOTE = re.compile(
    r"\bthis (article|story|post|report|piece) (was|has been|is being) (updated|amended)", _I
)
# "4 min read", "5-minute read", "Reading time: 4 minutes".
_READING_TIME = re.compile(
    r"^[\W_]*((\d+|an?|one|two|three|four|five|ten)[ -](min|mins|minutes?)\.?( to)? (read|listen)"
    r"|(estimated )?(reading|listening|read) time:? (about )?\d+\s*(min|mins|minutes?))[\W_]*$",
    _I,
)
# "Updated 41 min ago", "Published 3 hours ago".
_RELATIVE_TIME = re.compile(
    r"^[\W_]*((last )?(updated|published|posted|modified):?\s+)?(\d+|an?|one)\s*"
    r"(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|months?)\s+ago[\W_]*$",
    _I,
)
# Segments of a page's metadata row: "Europe | October 16, 2026 | Updated 41 min ago".
_META_SEPARATOR = re.compile(r"\s+[|•·]\s+")
META_LABEL_WORDS = 3  # a short segment in a metadata row ("Europe") is a section label
# Wire credits at the end of a story: "(Reporting by A in B; Editing by C)".
_CREDIT_ROLE = (
    r"(additional |further )?(reporting|writing|editing|research|fact-checking|graphics"
    r"|compiled|produced)( and (reporting|writing|editing))? by\b[^;()]+"
)
WIRE_CREDIT_MAX_WORDS = 50
_WIRE_CREDITS = re.compile(rf"^(?P<open>\()?\s*{_CREDIT_ROLE}(;\s*{_CREDIT_ROLE})*\)?\.?$", _I)
_BYLINE = re.compile(r"^(by|written by|words by|posted by|author:?)\s+(?P<name>\S.*)$", _I)
# "Jane Doe | Staff Writer": a name, then a role.
_BYLINE_ROLE = re.compile(
    r"^(?P<name>[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3})\s*[|•·,]\s*(editorial board|staff"
    r"( writer| reporter)?|reporter|correspondent|editor|contributor|news desk|desk)$",
    _I,
)
# Captions: a photo credit at the end of the line, or an explicit "Photo:" label.
_AGENCIES = (
    r"Getty(\s+Images)?|AFP|Reuters|AP(\s+Photo)?|PA(\s+Images|\s+Wire|\s+Media)?|EPA(-EFE)?"
    r"|Shutterstock|Bloomberg|Sputnik|Xinhua|Alamy|TASS|Kremlin Pool|Pool|Imago|ANI|PTI"
    r"|Anadolu( Agency)?|NurPhoto|SOPA Images|Zuma( Press)?|dpa|Handout"
)
_CREDIT_END = re.compile(
    rf"(\b(via|by|credit:?)\s+[\w .'’/-]{{0,40}}|\b({_AGENCIES})(\s*/\s*[\w .'’-]{{1,40}})?"
    rf"|\((AP|AFP|Reuters|EPA|Getty)[^)]*\))\s*$"
)
_CREDIT_ANY = re.compile(
    r"\b(photo(graph)?s?|pictures?|images?|illustration|credit)\s*(:|by\s)"
    r"|\((photo|image|picture|credit)[^)]*\)|\b(AP|Reuters|AFP|EPA|Getty) ?Photo\b",
    _I,
)
# A credit after a caption's last sentence: "... in 2026. CP/Jane Doe" (agency/photographer)
# or "... on Friday. (Jane Doe/Some Agency)" (photographer/agency).
_NAME = r"[A-Z][\w.'’&-]*(?: [A-Z][\w.'’&-]*){0,3}"
_CREDIT_AFTER_SENTENCE = re.compile(
    rf"[.!?\"”’]\s+([A-Z]{{2,8}}\s*/\s*{_NAME}|\(\s*{_NAME}\s*/\s*{_NAME}\s*\))$"
)
# A wire photo's caption: "FILE - In this July 7, 2017, file photo, ...".
_FILE_PHOTO = re.compile(r"^FILE\s*[-–—]+\s*(In this|This)\b.{0,80}\bphoto\b")
_POSITION = re.compile(
    r"\((L|R|C|left|right|centre|center|top|bottom)\)|, (left|right|centre|center),"
)

_MONTHS = tuple(
    re.findall(
        r"\w+",
        "january february march april may june july august september october november december",
    )
)
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_PARTS = (
    re.compile(rf"\b(?P<d>\d{{1,2}})(st|nd|rd|th)?\s+(?P<m>{_MONTH}),?\s+(?P<y>\d{{4}})\b", _I),
    re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", _I),
    re.compile(r"\b(?P<y>\d{4})-(?P<mm>\d{2})-(?P<d>\d{2})\b"),
)
_DATE_LINE = re.compile(
    r"^(published|posted|updated|last updated|first published|date)?\s*(on|at)?\s*:?\s*"
    r"((mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?[\w ,.:/-]{4,40}$",
    _I,
)
# A byline has at most this many words, or the long limit when split by " - " or " | ".
BYLINE_WORDS, BYLINE_LONG_WORDS = 12, 22
# Paragraphs longer than this need stronger evidence to count as an appeal.
APPEAL_LONG_WORDS = 45
_TERMINAL = ".!?…\"'”’)»"


def words(line: str) -> list[str]:
    """Whitespace-separated words of a line."""
    return line.split()


def ends_sentence(line: str) -> bool:
    """Does the line end the way a sentence does?"""
    return line.rstrip()[-1:] in _TERMINAL


def is_appeal(line: str) -> bool:
    """A request for money, a subscription or a newsletter sign-up.

    A long paragraph needs two strong phrases: one passing mention is not an appeal.
    """
    strong = len(_APPEAL_STRONG.findall(line))
    if len(words(line)) > APPEAL_LONG_WORDS:
        return strong >= 2
    return strong >= 1 or len(_APPEAL_WEAK.findall(line)) >= 2


def is_share_row(line: str) -> bool:
    """A row of social-network buttons such as "Twitter Email Copy Link Print"."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", line)  # "FacebookLike" -> "Facebook Like"
    tokens = [t.lower() for t in re.findall(r"[A-Za-z-]+", spaced)]
    if not tokens or len(tokens) > 12 or len(re.sub(r"[\W\d_]", "", line)) * 2 < len(line):
        return False
    return all(t in _SOCIAL_WORDS for t in tokens) and any(t in _SOCIAL_PLATFORMS for t in tokens)


def is_caption(line: str) -> bool:
    """A photo caption: a photo credit at its end or an explicit photo label."""
    n = len(words(line))
    if _FILE_PHOTO.match(line):
        return True  # a wire photo's caption, however long its description runs
    if n > 80 or n < 3:
        return False
    if (_CREDIT_ANY.search(line) or _CREDIT_AFTER_SENTENCE.search(line)) and n <= 60:
        return True
    # A credit at the very end, with no full stop after it; body sentences end in a stop.
    return (
        not line.rstrip().endswith(".")
        and bool(_CREDIT_END.search(line))
        and (bool(_POSITION.search(line)) or bool(re.search(rf"\b({_AGENCIES})\b", line)))
    )


def parse_date(text: str) -> datetime.date | None:
    """The first calendar date written in `text` ("4 February 2022", "Feb. 4, 2022", ISO)."""
    for pattern in _DATE_PARTS:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        if groups.get("mm"):
            month = int(groups["mm"])
        else:
            prefix = groups["m"].lower()[:3]
            month = next(i for i, name in enumerate(_MONTHS, 1) if name.startswith(prefix))
        try:
            return datetime.date(int(groups["y"]), month, int(groups["d"]))
        except ValueError:
            continue
    return None


def is_date_line(line: str) -> bool:
    """A line that gives a date and little else ("Published Feb. 4, 2022, 10:01 a.m.")."""
    return len(words(line)) <= 10 and bool(_DATE_LINE.match(line)) and parse_date(line) is not None


def is_reading_time(line: str) -> bool:
    """A reading-time label such as "4 minute read" or "Reading time: 3 min"."""
    return bool(_READING_TIME.match(line))


def is_relative_time(line: str) -> bool:
    """A relative timestamp such as "Updated 41 min ago"."""
    return bool(_RELATIVE_TIME.match(line))


def is_wire_credit(line: str) -> bool:
    """A wire story's staff credits: "(Reporting by Jane Doe; Editing by John Roe)".

    Without brackets, one "Reporting by ..." clause could open a sentence; two clauses can't.
    """
    match = _WIRE_CREDITS.match(line)
    if match is None or len(words(line)) > WIRE_CREDIT_MAX_WORDS:
        return False
    return bool(match.group("open")) or ";" in line


def meta_row_kind(line: str) -> Kind | None:
    """A row of page metadata split by bars ("World | Oct. 16, 2026 | 4 min read").

    DATE when one of its segments is a date, BOILER when it only has labels and relative
    times, None when it is anything else.
    """
    segments = _META_SEPARATOR.split(line)
    if not 2 <= len(segments) <= 6:
        return None
    dated = [is_date_line(s) for s in segments]
    timed = [is_relative_time(s) or is_reading_time(s) for s in segments]
    plain = [len(words(s)) <= META_LABEL_WORDS for s in segments]
    if not all(d or t or p for d, t, p in zip(dated, timed, plain, strict=True)):
        return None
    if any(dated):
        return Kind.DATE
    return Kind.BOILER if any(timed) else None


def byline_name(line: str) -> str | None:
    """The name(s) in a byline such as "By Jane Doe | Staff Writer", else None."""
    match = _BYLINE.match(line) or _BYLINE_ROLE.match(line)
    # "By A - The Times - Updated: 7:32 a.m. on Monday, July 16, 2018" runs longer.
    limit = BYLINE_LONG_WORDS if re.search(r"\s[-|]\s", line) else BYLINE_WORDS
    if not match or len(words(line)) > limit or ends_sentence(line) and line.endswith("."):
        return None
    name = re.split(r"\s[|•·]\s|,\s*(?=\w+ \d)", match.group("name"))[0].strip(" ,;:-–—")
    return name or None


def classify_line(line: str) -> Kind | None:
    """The rule-based verdict for one normalised line, or None to leave it to the classifier."""
    n = len(words(line))
    if _COMMENTS.search(line) and n <= 12:
        return Kind.END
    if _RELATED_HEADER.match(line) and n <= 6:
        return Kind.END
    if _ADVERT.match(line) or (_RELATED_TEASER.match(line) and n <= 30):
        return Kind.INSERT
    if (
        (_PREV_NEXT.match(line) and n <= 40)
        or is_share_row(line)
        or (len(_BREADCRUMB_SEP.findall(line)) >= 2 and n <= 30)
        or (_SIGN_IN.search(line) and n <= 10)
        or (_PAGE_PROMPT.search(line) and n <= 25)
        or (_COPYRIGHT.search(line) and n <= 30)
        or (_COOKIES.search(line) and n <= 60)
        or (_MENU_ITEM.match(line) and n <= 6)
        or (_UPDATE_NOTE.search(line) and n <= 50)
        or (_DISCLOSURE.search(line) and n <= 60)
        or (n <= 4 and all(w.lower().strip(".:|") in _NAV_WORDS for w in words(line)))
        or (is_appeal(line) and n <= 80)
        or is_reading_time(line)
        or is_relative_time(line)
        or is_wire_credit(line)
    ):
        return Kind.BOILER
    if meta := meta_row_kind(line):
        return meta
    if is_caption(line):
        return Kind.CAPTION
    if byline_name(line):
        return Kind.BYLINE
    if is_date_line(line):
        return Kind.DATE
    return None


def copyright_holder(line: str) -> str | None:
    """The name in a copyright line ("© 2022 TheJournal.ie" -> "TheJournal.ie")."""
    match = re.match(
        r"^\W*(?:copyright\s*)?(?:©|\(c\))?\s*(?:copyright\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?[\s,]*"
        r"(?P<name>.+?)\.?\s*(?:[-–|,.]?\s*all rights reserved\.?)?$",
        line,
        _I,
    )
    if not match or not _COPYRIGHT.search(line):
        return None
    name = match.group("name").strip(" .,;:-–|")
    if not name or len(words(name)) > 6 or name.lower().startswith("all rights"):
        return None
    return name


_SELF_REFERENCE = re.compile(
    r"\bkeeps? (?P<name>(The )?[A-Z][\w.&'’-]*( [A-Z][\w.&'’-]*){0,3})"
    r" (open|going|free|independent)\b"
)


def self_reference(line: str) -> str | None:
    """An outlet naming itself in an appeal ("... keeps The Journal open")."""
    match = _SELF_REFERENCE.search(line)
    return match.group("name") if match else None


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace (including no-break spaces) to one space and strip."""
    return " ".join(text.split())
