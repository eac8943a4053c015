"""Hand-labelled quotations of the seeds and twenty Helsinki articles (no article text).

Each label names one quotation by its article, the index of its paragraph in the
extracted body and its first four words, and gives the speaker the text names (the
last name; None when the text does not say who spoke: "the statement said", "it read",
"they noted", or no attribution at all) and the statement it belongs to (quotations with
one statement id are versions of one statement, whatever their words). Judgement calls:
- the seeds' quotations of the joint statement on NATO (its parts, and 002's
  re-translation) are one statement; "The statement released by the Kremlin said" names
  the Kremlin as speaking;
- a quotation continuing one in the same sentence, or right after "..., Putin said.",
  has that speaker; "calling such exchanges ..." after "Putin also recalled" is Putin's;
- "China “sympathizes with ...”" has no speaking verb: unattributed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QuoteLabel:
    corpus: str  # "seeds" or "helsinki"
    doc: str  # seed number ("001") or Helsinki id ("559")
    paragraph: int  # index into the extracted body's paragraphs
    opening: str  # the quotation's first four words
    speaker: str | None  # last name of who the text says spoke, None: unattributed
    statement: str  # versions of one statement share this


def _seed(
    doc: str, paragraph: int, opening: str, speaker: str | None, statement: str
) -> QuoteLabel:
    return QuoteLabel("seeds", doc, paragraph, opening, speaker, statement)


def _helsinki(
    doc: str, paragraph: int, opening: str, speaker: str | None, statement: str
) -> QuoteLabel:
    return QuoteLabel("helsinki", doc, paragraph, opening, speaker, statement)


SEED_LABELS = [
    _seed("000", 3, "abandon the ideological approaches", "Kremlin", "nato"),
    _seed("000", 4, "respect the sovereignty, security", None, "nato"),
    _seed("000", 5, "resist the interference of", None, "interference"),
    _seed("000", 7, "the desire to deploy", None, "deploy"),
    _seed("000", 8, "continue to …strengthen coordination", None, "coordination"),
    _seed("000", 10, "on the formation of", "China", "guarantees"),
    _seed("000", 12, "very good new solutions", "Putin", "oilmen"),
    _seed("000", 12, "a new contract on", "Putin", "contract"),
    _seed("001", 3, "Some forces representing a", None, "forces"),
    _seed("001", 6, "This is a strategic", "Xi", "strategic"),
    _seed("001", 10, "are developing in a", "Putin", "progressive"),
    _seed("001", 13, "For our meeting today,", "Putin", "oilmen"),
    _seed("001", 17, "to a certain extent", "Putin", "tradition"),
    _seed("001", 23, "The parties oppose the", None, "nato"),
    _seed("002", 3, "The parties are opposed", None, "nato"),
    _seed("002", 5, "sympathizes with and supports", None, "guarantees"),
    _seed("002", 6, "his decision to initiate", None, "submarines"),
    _seed("002", 7, "Russia and China consider", None, "aukus-risks"),
    _seed("002", 7, "in good faith their", None, "good-faith"),
    _seed("002", 8, "based on respect, peaceful", None, "new-relations"),
    _seed("002", 8, "The new interstate relations", None, "interstate"),
    _seed("002", 9, "the understanding that democracy", None, "democracy-value"),
    _seed("002", 9, "Attempts by certain States", None, "mockery"),
    _seed("002", 10, "The parties believe that", None, "democracy-pressure"),
    _seed("002", 12, "It is studying a", None, "pipeline"),
    _seed("003", 12, "Our oilmen have prepared", "Putin", "oilmen"),
    _seed("004", 2, "Some forces representing a", None, "forces"),
    _seed("004", 6, "are developing in a", "Putin", "progressive"),
    _seed("004", 6, "They have indeed become", "Putin", "unprecedented"),
    _seed("004", 8, "For our meeting today,", "Putin", "oilmen"),
    _seed("004", 11, "to a certain extent", "Putin", "tradition"),
    _seed("004", 17, "The parties oppose the", None, "nato"),
]
# Two reprints of the AP's "Summit fever" (35, 2690) and two of "Trump sets expectations
# low" (559, 4579), read as one story: the same speaker saying different things.
_SUMMIT_FEVER = [
    (3, "He's been very nice", "Trump", "nice"),
    (3, "You know, somebody was", "Trump", "enemy"),
    (8, "I could say: 'Would", "Trump", "favor-syria"),
    (8, "'Would you do me", "Trump", "favor-ukraine"),
    (14, "If President Trump is", "McCain", "mccain"),
    (16, "I don't think you'll", "Trump", "perry-mason"),
    (16, "There won't be a", "Trump", "perry-mason-after"),
]
_EXPECTATIONS = [
    (0, "nothing bad is going", "Trump", "nothing-bad"),
    (2, "certainly I'll be asking", "Trump", "asking"),
    (5, "with low expectations... I'm", "Trump", "low-expectations"),
    (6, "I'll let you know", "Trump", "let-you-know"),
    (8, "Nothing bad is going", "Trump", "nothing-bad"),
]
HELSINKI_LABELS = [
    _helsinki(doc, paragraph, opening, speaker, statement)
    for docs, labels in ((("35", "2690"), _SUMMIT_FEVER), (("559", "4579"), _EXPECTATIONS))
    for doc in docs
    for paragraph, opening, speaker, statement in labels
]
# Three more articles of the week, labelled before the rules were told about them (a
# newspaper and a channel speaking, "wrote in Izvestia that", "She said", titles and
# roles around a name); read as a story of their own.
CHECK_LABELS = [
    _helsinki("171", 6, "I will absolutely bring", "Trump", "bring-up"),
    _helsinki("171", 6, "And hopefully, we'll have", "Trump", "hopefully"),
    _helsinki("292", 2, "despite opposition from his", "Pravda", "despite-opposition"),
    _helsinki("292", 7, "After all, he was", "One", "passing-through"),
    _helsinki("292", 8, "so-called 'peace-loving' Europe is", "Kosachev", "peace-loving"),
    _helsinki("292", 12, "Unpleasant things will happen", None, "sign"),
    _helsinki("1197", 2, "persistent Russian efforts using", "Nielsen", "persistent"),
    _helsinki("1197", 5, "All I can do", "Trump", "did-you"),
    _helsinki("1197", 5, "And, 'Don't do it", "Trump", "dont-do-it"),
    _helsinki("1197", 7, "I believe as commander", "Padilla", "commander"),
    _helsinki("1197", 9, "I don't go around", "Ashcroft", "telling"),
    _helsinki("1197", 16, "The whole idea of", "Wyman", "confidence"),
    _helsinki("1197", 19, "The indictments tell us", "Woolley", "indictments"),
]
# Three more, labelled as a held-out check; scored at 4/8, after which the rules were
# fixed for what they missed ("Trump said ... that" before a reported clause, "he vaguely
# spoke about how", "he said" after a subject two paragraphs up, "the President said"):
# tuned on now, so counted with the tuning set.
FIXED_LABELS = [
    _helsinki("781", 1, "even close to what", "Trump", "weapons-close"),
    _helsinki("781", 4, "it would be a", "Trump", "tremendous"),
    _helsinki("781", 9, "If they don't extend", "Kimball", "extend"),
    _helsinki("781", 16, "You could have verification", "Sestanovich", "verification"),
    _helsinki("781", 18, "increase the prospect for", None, "coercive"),
    _helsinki("1179", 1, "most probably carried out", "Times", "skripal"),
    _helsinki("2833", 0, "the enemy of America", None, "enemy"),
    _helsinki("2833", 1, "has NEVER been worse", "Trump", "never-worse"),
]
# Five articles of the week (Reuters 7126, Fox 7703, 4273 and 2572, Yahoo 5790), labelled
# as a held-out check by reading them before the tracker was run on them. Read as one
# story: they share Trump's "foe", "asking", "Perry Mason" and Moscow tweet. Judgement calls:
# - McCain "called on President Donald Trump to cancel ... if he is “not prepared to hold
#   Putin accountable.”": McCain's words (his statement, quoted in full later);
# - quotations whose marks do not pair in the text (“...", a quotation running on into
#   the next paragraph, a stray mark) are labelled all the same: the tracker may miss them.
# First scored with the rules of the commit that added bench_quotes' tuning/held-out split:
# speakers 31/33 (two misses: a quotation after a short one in "told NBC's “Meet the Press”
# that ...", and McCain's "if he is “not prepared ...”"), grouping precision 4/4, five
# labels not found (all marks that do not pair). The rules were then fixed for what they
# missed (a quoted title inside an attribution, "McCain on Friday praised", "The U.S.
# Ambassador to Russia, Jon Huntsman, told", marks that do not pair): tuned on now.
FIXED_AGAIN_LABELS = [
    _helsinki("7126", 1, "I think the European", "Trump", "eu-foe"),
    _helsinki("7126", 7, "America and the EU", "Tusk", "best-friends"),
    _helsinki("7126", 7, "Whoever says we are", "Tusk", "fake-news"),
    _helsinki("7126", 9, "I go in with", "Trump", "low-expectations"),
    _helsinki("7126", 11, "an attempt to see", "Huntsman", "defuse"),
    _helsinki("7126", 24, "But certainly, I'll be", "Trump", "asking"),
    _helsinki("7126", 26, "We know that Trump", "Warner", "prep-work"),
    _helsinki("7126", 26, "I really would feel", "Warner", "other-americans"),
    _helsinki("7703", 4, "The president’s the chief", "Huntsman", "chief-negotiator"),
    _helsinki("7703", 4, "He has a good", "Huntsman", "good-sense"),
    _helsinki("7703", 6, "we're going to see", "Trump", "see-what-happens"),
    _helsinki("7703", 12, "We have an election", "Huntsman", "november"),
    _helsinki("7703", 15, "There’s very little doubt", "Huntsman", "little-doubt"),
    _helsinki("7703", 15, "The investigation has rolled", "Huntsman", "rolled-up"),
    _helsinki("7703", 17, "We've got to, at", "Huntsman", "rear-view"),
    _helsinki("7703", 17, "But at some point", "Huntsman", "around-the-bend"),
    _helsinki("5790", 0, "not prepared to hold", "McCain", "accountable"),
    _helsinki("5790", 2, "These revelations add to", "McCain", "revelations"),
    _helsinki("5790", 2, "And despite repeated warnings", "McCain", "warnings"),
    _helsinki("5790", 4, "President Trump must be", "McCain", "strength"),
    _helsinki("5790", 4, "If President Trump is", "McCain", "accountable"),
    _helsinki("5790", 6, "I don’t think you’ll", "Trump", "gee"),
    _helsinki("5790", 6, "There won’t be a", "Trump", "perry-mason"),
    _helsinki("4273", 5, "… no matter how", "Trump", "moscow-tweet"),
    _helsinki("4273", 9, "Certainly I'll be asking", "Trump", "asking"),
    _helsinki("4273", 12, "we're going to see", "Trump", "see-what-happens"),
    _helsinki("4273", 20, "Yesterday I spoke with", "Netanyahu", "spoke-with"),
    _helsinki("4273", 20, "We discussed security and", "Netanyahu", "discussed"),
    _helsinki("4273", 21, "I thanked President Trump", "Netanyahu", "thanked"),
    _helsinki("4273", 21, "President Trump reiterated with", "Netanyahu", "reiterated"),
    _helsinki("2572", 7, "I think the European", "Trump", "eu-foe"),
    _helsinki("2572", 10, "Unfortunately, no matter how", "Trump", "moscow-tweet"),
    _helsinki("2572", 10, "Much of our news", "Trump", "enemy-media"),
    _helsinki("2572", 12, "Russia has done nothing", "Jankowicz", "nothing-to-deserve"),
    _helsinki("2572", 12, "not only is this", "Jankowicz", "pr-coup"),
    _helsinki("2572", 15, "I don't think you'll", "Trump", "gee"),
    _helsinki("2572", 15, "There won't be a", "Trump", "perry-mason"),
    _helsinki("2572", 17, "certainly I'll be asking", "Trump", "asking"),
]
# Held out: five articles of the week not read before (LA Times 13517, San Diego
# Union-Tribune 9989, CNBC 3350, NBC 6361, Politico 2817), labelled by reading them before
# the tracker was run on them, and not tuned on after scoring. Read as one story: two carry
# Trump's "getting along" at the summit's start. Judgement calls:
# - quotations under six words (the tracker's floor) are not labelled;
# - "the American president declaring that “...”" is Trump's, and "He said he looked
#   forward to “...”" after "Putin said little" is Putin's;
# - a quotation continuing a short one ("“The agenda is the president's,” Huntman said.
#   “Everything ...”") has its speaker, named as the text spells it ("Huntman");
# - a shorter cut of a longer quotation is a version of it, whatever the outlet (the
#   world "wants to see us get along" is part of the "extraordinary relationship" one).
# First scored with the rules of the commit that added this set's predecessor to tuning:
# speakers 29/32 (three misses: "He said he looked forward to “...”", "the American
# president declaring that “...”", and Oliker told CNBC after an appositive of over 80
# characters), grouping precision 2/2, every label found.
HELD_OUT_LABELS = [
    _helsinki("13517", 2, "We have a lot", "Trump", "questions"),
    _helsinki("13517", 4, "We have not been", "Trump", "getting-along"),
    _helsinki("13517", 4, "but I think we", "Trump", "extraordinary"),
    _helsinki("13517", 5, "Getting along with Russia", "Trump", "good-thing"),
    _helsinki("13517", 6, "continuing the dialogue we", "Putin", "dialogue"),
    _helsinki("9989", 4, "the world wants to", "Trump", "extraordinary"),
    _helsinki("9989", 5, "We have not been", "Trump", "getting-along"),
    _helsinki("9989", 5, "But I think we", "Trump", "extraordinary"),
    _helsinki("9989", 6, "the time has come", "Putin", "thorough"),
    _helsinki("9989", 6, "There are quite a", "Putin", "quite-a-few"),
    _helsinki("9989", 14, "Our relationship with Russia", "Trump", "never-worse"),
    _helsinki("9989", 14, "many years of U.S.", "Trump", "foolishness"),
    _helsinki("3350", 6, "This was during the", "Trump", "obama-administration"),
    _helsinki("3350", 6, "They (Russians) were doing", "Trump", "doing-whatever"),
    _helsinki("3350", 11, "A lot of the", "Oliker", "lot-of-things"),
    _helsinki("3350", 12, "Donald Trump may want", "Oliker", "stay-out"),
    _helsinki("3350", 14, "So, Trump can't unilaterally", "Oliker", "unilaterally"),
    _helsinki("3350", 14, "To say nothing of", "Oliker", "say-nothing"),
    _helsinki("6361", 2, "I don’t know if", "Huntsman", "make-the-ask"),
    _helsinki("6361", 2, "It may be part", "Huntsman", "part-of-agenda"),
    _helsinki("6361", 3, "I don't think the", "Huntsman", "no-surprise"),
    _helsinki("6361", 3, "That now makes probably", "Huntsman", "thirty-russians"),
    _helsinki("6361", 6, "I'd feel a lot", "Warner", "feel-better"),
    _helsinki("6361", 7, "With Putin, you’ve got", "Warner", "kgb"),
    _helsinki("6361", 7, "So I really would", "Warner", "other-americans"),
    _helsinki("6361", 9, "This is an attempt", "Huntsman", "defuse"),
    _helsinki("6361", 11, "Everything will be his", "Huntman", "highly-unlikely"),
    _helsinki("2817", 1, "I think really we", "Paul", "mistake"),
    _helsinki("2817", 3, "We’re going to do", "Paul", "do-the-same"),
    _helsinki("2817", 8, "We all do it.", "Paul", "we-all-do-it"),
    _helsinki("2817", 8, "They’re not going to", "Paul", "not-admit"),
    _helsinki("2817", 10, "I wish President Obama", "Paul", "obama-aggressive"),
]
