"""Hand-labelled same-fact sentence pairs between the seed articles (test data).

Each of the five seed pages in ``../shared/seeds/`` reports the Putin–Xi summit in Beijing
on 4 February 2022. For six pairs of them both articles were read in full, sentence by
sentence, and every pair of sentences, one from each article, that report the SAME FACT was
written down by hand: the same claim, event or statement, however differently worded (both
say the leaders oppose NATO's expansion; both say Russia will supply China with more gas;
both give the same quote, one of them re-translated). Sentences that merely share a topic
(both about Taiwan, or both about the gas trade, but saying different things) are not
linked. A sentence may be linked to several sentences of the other article when it restates
several of them. Sentences copied verbatim (quotes of the joint statement and of Putin recur
word for word) are labelled like any other: telling copy from paraphrase is the benchmark's
job, not the labels'. The labels were made by reading alone; no linking code of Parallax was
run on these pairs, so they can measure it.

Format. ``LABELS[(a, b)]`` is a list of ``(excerpt_a, excerpt_b, confidence)``:

* ``a`` and ``b`` are seed ids, the three-digit prefix of a file name in ``SEED_FILES``;
* ``excerpt_a`` is the opening words (six to ten, fewer only for a shorter sentence) of a
  sentence of body ``a``, exactly as they appear there, and likewise ``excerpt_b`` for ``b``.
  Only the openings are kept, so that the project holds no article text;
* ``confidence`` is ``"sure"`` when the two sentences plainly state the same fact, and
  ``"maybe"`` when the link is borderline: the shared fact is only a side clause of one of
  the sentences, or one sentence is a looser or more general version of the other.

Bodies. A body is the article text as Parallax stores it: the raw seed file run through
``app.ingest.extract_text`` and its non-empty paragraphs joined by one blank line
(``app.services.articles.body_from``), which is what ``tests.stories.corpora.load_seeds``
gives as ``Doc.body``. Sentences are ``app.facts.split_sentences(body)``.

Resolving. An excerpt names the first sentence of its body whose text starts with it;
``tests/facts/test_seed_fact_labels.py`` checks that exactly one sentence does. The splitter
cuts a few sentences short (000 breaks "U.S-led" after "U."), so an excerpt may open with
what reads as the middle of a sentence ("S-led alliance, ..."). If the extractor or the
splitter changes, re-check the labels before trusting a score computed from them.

Held out. ``HELD_OUT_LABELS`` has the same shape and follows the same rules for the four
remaining pairs (000-004, 001-003, 001-004, 002-004). They were labelled later, by reading
alone, without running or reading any linking code of Parallax, to measure links on pairs
the weights were never fitted on. 001 and 004 are both AP copy, so most of the 001-004 links
are near-verbatim sentence pairs; they are labelled like any other.
"""

from __future__ import annotations

SEED_FILES = {
    "000": "000_ad3bfccb636176e3.txt",  # Newsweek's own report
    "001": "001_6b1d6993757bcc95.txt",  # TheJournal.ie, AP copy
    "002": "002_bfc1200b97cbf55b.txt",  # machine-translated from Spanish
    "003": "003_b802ec7bfaceef8d.txt",  # PTI-style copy
    "004": "004_e7c2231e7c8682f0.txt",  # America Age, AP copy
}

CONFIDENCES = ("sure", "maybe")

LABELS: dict[tuple[str, str], list[tuple[str, str, str]]] = {
    ("000", "002"): [
        ("Presidents Vladimir Putin and Xi Jinping", "The leaders of Russia and China", "maybe"),
        (
            "Presidents Vladimir Putin and Xi Jinping",
            "The Russian president traveled to China",
            "maybe",
        ),
        ("Russia and China's leaders issued a", "The leaders of Russia and China", "maybe"),
        ("Russia and China's leaders issued a", "Russian President Vladimir Putin and his", "sure"),
        ("Russia and China's leaders issued a", "According to the statement, Russia and", "sure"),
        ("Russia and China's leaders issued a", "“The parties are opposed to a", "sure"),
        (
            "The statement released by the Kremlin",
            "Russian President Vladimir Putin and his",
            "sure",
        ),
        ("The statement released by the Kremlin", "“The parties are opposed to a", "sure"),
        (
            "S-led alliance, calling on the organization",
            "Russian President Vladimir Putin and his",
            "maybe",
        ),
        ("S-led alliance, calling on the organization", "“The parties are opposed to a", "sure"),
        ('NATO should "respect the sovereignty, security', "“The parties are opposed to a", "sure"),
        ("The statement has underlined Moscow and", "The leaders met for three hours", "maybe"),
        (
            "Friday's summit was the first in-person",
            "For its part, Washington accuses the",
            "maybe",
        ),
        ("In what appeared to be a", "Regarding the security guarantees requested by", "sure"),
        ("Reuters has reported that the meeting", "The meeting in Beijing also resulted", "sure"),
        ("Reuters has reported that the meeting", "Following the dialogue between Xi and", "sure"),
        (
            "Reuters has reported that the meeting",
            "According to the newspaper Guardian, one",
            "maybe",
        ),
        ('Putin said Moscow had prepared "very', "The meeting in Beijing also resulted", "maybe"),
        ('Putin said Moscow had prepared "very', "Following the dialogue between Xi and", "maybe"),
        (
            'Putin said Moscow had prepared "very',
            "According to the newspaper Guardian, one",
            "sure",
        ),
    ],
    ("000", "003"): [
        (
            "Presidents Vladimir Putin and Xi Jinping",
            "Beijing: China joined Russia on Friday",
            "maybe",
        ),
        (
            "Presidents Vladimir Putin and Xi Jinping",
            "Chinese President Xi Jinping and his",
            "maybe",
        ),
        ("Russia and China's leaders issued a", "Beijing: China joined Russia on Friday", "sure"),
        (
            "Russia and China's leaders issued a",
            "China firmly backed Russia's opposition to",
            "sure",
        ),
        ("Russia and China's leaders issued a", "The joint statement said the sides", "sure"),
        (
            "Russia and China's leaders issued a",
            "Similarly, Russia backed China in opposing",
            "sure",
        ),
        ("Russia and China's leaders issued a", "The sides stand against the formation", "sure"),
        ("The statement released by the Kremlin", "Beijing: China joined Russia on Friday", "sure"),
        (
            "The statement released by the Kremlin",
            "China firmly backed Russia's opposition to",
            "sure",
        ),
        ("The statement released by the Kremlin", "The joint statement said the sides", "sure"),
        (
            "S-led alliance, calling on the organization",
            "The joint statement said the sides",
            "sure",
        ),
        (
            'NATO should "respect the sovereignty, security',
            "The joint statement said the sides",
            "sure",
        ),
        ("The statement has underlined Moscow and", "After their summit, Xi and Putin", "maybe"),
        (
            "Friday's summit was the first in-person",
            "China firmly backed Russia's opposition to",
            "maybe",
        ),
        ("In what appeared to be a", "China firmly backed Russia's opposition to", "maybe"),
        ("Reuters has reported that the meeting", "Putin told Xi that Russia had", "sure"),
        ('Putin said Moscow had prepared "very', "Putin told Xi that Russia had", "sure"),
        ('Putin said Moscow had prepared "very', '"Our oilmen have prepared very good', "sure"),
    ],
    ("002", "003"): [
        ("The leaders of Russia and China", "Beijing: China joined Russia on Friday", "maybe"),
        (
            "Russian President Vladimir Putin and his",
            "Beijing: China joined Russia on Friday",
            "sure",
        ),
        (
            "Russian President Vladimir Putin and his",
            "China firmly backed Russia's opposition to",
            "sure",
        ),
        ("Russian President Vladimir Putin and his", "The joint statement said the sides", "sure"),
        ("The meeting in Beijing also resulted", "Putin told Xi that Russia had", "sure"),
        ("The meeting in Beijing also resulted", '"Our oilmen have prepared very good', "maybe"),
        (
            "The Russian president traveled to China",
            "Chinese President Xi Jinping and his",
            "maybe",
        ),
        ("The Russian president traveled to China", "Putin was the star leader at", "maybe"),
        (
            "According to the statement, Russia and",
            "Beijing: China joined Russia on Friday",
            "sure",
        ),
        (
            "According to the statement, Russia and",
            "Similarly, Russia backed China in opposing",
            "sure",
        ),
        ("According to the statement, Russia and", "The sides stand against the formation", "sure"),
        ("“The parties are opposed to a", "Beijing: China joined Russia on Friday", "sure"),
        ("“The parties are opposed to a", "China firmly backed Russia's opposition to", "sure"),
        ("“The parties are opposed to a", "The joint statement said the sides", "sure"),
        (
            "Regarding the security guarantees requested by",
            "China firmly backed Russia's opposition to",
            "maybe",
        ),
        ("Following the dialogue between Xi and", "Putin told Xi that Russia had", "sure"),
        ("Following the dialogue between Xi and", '"Our oilmen have prepared very good', "maybe"),
        ("According to the newspaper Guardian, one", "Putin told Xi that Russia had", "sure"),
        (
            "For its part, Washington accuses the",
            "China firmly backed Russia's opposition to",
            "maybe",
        ),
    ],
    ("000", "001"): [
        ("Presidents Vladimir Putin and Xi Jinping", "THE LEADERS OF Russia and China", "sure"),
        ("Russia and China's leaders issued a", "THE LEADERS OF Russia and China", "sure"),
        ("Russia and China's leaders issued a", "Putin and Xi accused both Nato", "sure"),
        (
            "Russia and China's leaders issued a",
            "“The parties oppose the further expansion",
            "sure",
        ),
        ("The statement released by the Kremlin", "THE LEADERS OF Russia and China", "sure"),
        (
            "The statement released by the Kremlin",
            "“The parties oppose the further expansion",
            "sure",
        ),
        (
            "S-led alliance, calling on the organization",
            "“The parties oppose the further expansion",
            "sure",
        ),
        ("Russian news agencies focused on the", "Russia’s Vladimir Putin and China’s Xi", "sure"),
        (
            "The statement has underlined Moscow and",
            "The discussions mark their first in-person",
            "maybe",
        ),
        (
            "Friday's summit was the first in-person",
            "The discussions mark their first in-person",
            "sure",
        ),
        ("Friday's summit was the first in-person", "A buildup of more than 100,000", "maybe"),
        ("In what appeared to be a", "The two leaders are looking to", "maybe"),
        (
            "Reuters has reported that the meeting",
            "Putin highlighted close economic ties, including",
            "sure",
        ),
        ("Reuters has reported that the meeting", "“For our meeting today, our oilmen", "maybe"),
        (
            'Putin said Moscow had prepared "very',
            "Putin highlighted close economic ties, including",
            "sure",
        ),
        ('Putin said Moscow had prepared "very', "“For our meeting today, our oilmen", "sure"),
    ],
    ("001", "002"): [
        ("THE LEADERS OF Russia and China", "The leaders of Russia and China", "maybe"),
        ("THE LEADERS OF Russia and China", "Russian President Vladimir Putin and his", "sure"),
        ("THE LEADERS OF Russia and China", "The Russian president traveled to China", "maybe"),
        ("THE LEADERS OF Russia and China", "“The parties are opposed to a", "sure"),
        (
            "The two leaders are looking to",
            "Regarding the security guarantees requested by",
            "maybe",
        ),
        (
            "Putin is the highest-profile guest at",
            "The Russian president traveled to China",
            "maybe",
        ),
        (
            "Putin praised “unprecedented” close relations with",
            "Putin celebrated that relations with Beijing",
            "sure",
        ),
        ("“They have indeed become", "Putin celebrated that relations with Beijing", "sure"),
        (
            "Putin highlighted close economic ties, including",
            "The meeting in Beijing also resulted",
            "sure",
        ),
        (
            "Putin highlighted close economic ties, including",
            "Following the dialogue between Xi and",
            "sure",
        ),
        (
            "Putin highlighted close economic ties, including",
            "According to the newspaper Guardian, one",
            "sure",
        ),
        ("“For our meeting today, our oilmen", "The meeting in Beijing also resulted", "maybe"),
        ("“For our meeting today, our oilmen", "Following the dialogue between Xi and", "maybe"),
        ("A buildup of more than 100,000", "For its part, Washington accuses the", "sure"),
        (
            "Russia has denied planning an offensive",
            "Regarding the security guarantees requested by",
            "maybe",
        ),
        ("Putin and Xi accused both Nato", "The leaders of Russia and China", "maybe"),
        ("Putin and Xi accused both Nato", "According to the statement, Russia and", "sure"),
        (
            "“The parties oppose the further expansion",
            "Russian President Vladimir Putin and his",
            "sure",
        ),
        ("“The parties oppose the further expansion", "“The parties are opposed to a", "sure"),
    ],
    ("003", "004"): [
        ("Beijing: China joined Russia on Friday", "BEIJING (AP) — The leaders of", "sure"),
        ("Beijing: China joined Russia on Friday", "The two leaders are looking to", "maybe"),
        ("Beijing: China joined Russia on Friday", "Putin and Xi accused other countries", "sure"),
        (
            "Beijing: China joined Russia on Friday",
            "“The parties oppose the further expansion",
            "sure",
        ),
        ("Chinese President Xi Jinping and his", "BEIJING (AP) — The leaders of", "maybe"),
        (
            "Chinese President Xi Jinping and his",
            "Putin’s presence makes him the highest-profile",
            "maybe",
        ),
        ("Putin was the star leader at", "Putin’s presence makes him the highest-profile", "sure"),
        ("After their summit, Xi and Putin", "“Some forces representing a minority on", "sure"),
        (
            "Some forces representing a minority on",
            "“Some forces representing a minority on",
            "sure",
        ),
        ("China firmly backed Russia's opposition to", "BEIJING (AP) — The leaders of", "sure"),
        (
            "China firmly backed Russia's opposition to",
            "Russia’s Vladimir Putin and China’s Xi",
            "maybe",
        ),
        ("China firmly backed Russia's opposition to", "The two leaders are looking to", "maybe"),
        ("China firmly backed Russia's opposition to", "A buildup of more than 100,000", "maybe"),
        (
            "China firmly backed Russia's opposition to",
            "Russia has denied planning an offensive",
            "maybe",
        ),
        (
            "China firmly backed Russia's opposition to",
            "“The parties oppose the further expansion",
            "sure",
        ),
        ("The joint statement said the sides", "BEIJING (AP) — The leaders of", "sure"),
        ("The joint statement said the sides", "“The parties oppose the further expansion", "sure"),
        (
            "Similarly, Russia backed China in opposing",
            "Putin and Xi accused other countries",
            "sure",
        ),
        ("The sides stand against the formation", "Putin and Xi accused other countries", "sure"),
        (
            "Putin told Xi that Russia had",
            "Putin highlighted close economic ties, including",
            "sure",
        ),
        ("Putin told Xi that Russia had", "“For our meeting today, our oilmen", "maybe"),
        ("Russia, a major hydrocarbon exporter and", "Russia has long been a key", "maybe"),
        (
            '"Our oilmen have prepared very good',
            "Putin highlighted close economic ties, including",
            "maybe",
        ),
        ('"Our oilmen have prepared very good', "“For our meeting today, our oilmen", "sure"),
    ],
}

HELD_OUT_LABELS: dict[tuple[str, str], list[tuple[str, str, str]]] = {
    ("000", "004"): [
        ("Presidents Vladimir Putin and Xi Jinping", "BEIJING (AP) — The leaders of", "sure"),
        ("Russia and China's leaders issued a", "BEIJING (AP) — The leaders of", "sure"),
        ("Russia and China's leaders issued a", "Putin and Xi accused other countries", "sure"),
        (
            "Russia and China's leaders issued a",
            "“The parties oppose the further expansion",
            "sure",
        ),
        ("The statement released by the Kremlin", "BEIJING (AP) — The leaders of", "sure"),
        (
            "The statement released by the Kremlin",
            "“The parties oppose the further expansion",
            "sure",
        ),
        (
            "S-led alliance, calling on the organization",
            "“The parties oppose the further expansion",
            "sure",
        ),
        ("Russian news agencies focused on the", "Russia’s Vladimir Putin and China’s Xi", "sure"),
        (
            "The statement has underlined Moscow and",
            "The discussions mark their first in-person",
            "maybe",
        ),
        (
            "Friday's summit was the first in-person",
            "The discussions mark their first in-person",
            "sure",
        ),
        ("Friday's summit was the first in-person", "A buildup of more than 100,000", "maybe"),
        (
            "Friday's summit was the first in-person",
            "Russia’s Vladimir Putin and China’s Xi",
            "maybe",
        ),
        ("In what appeared to be a", "The two leaders are looking to", "maybe"),
        (
            "Reuters has reported that the meeting",
            "Putin highlighted close economic ties, including",
            "sure",
        ),
        ("Reuters has reported that the meeting", "“For our meeting today, our oilmen", "maybe"),
        (
            'Putin said Moscow had prepared "very',
            "Putin highlighted close economic ties, including",
            "sure",
        ),
        ('Putin said Moscow had prepared "very', "“For our meeting today, our oilmen", "sure"),
    ],
    ("001", "003"): [
        ("THE LEADERS OF Russia and China", "Beijing: China joined Russia on Friday", "sure"),
        ("Putin and Xi accused both Nato", "Beijing: China joined Russia on Friday", "sure"),
        (
            "“The parties oppose the further expansion",
            "Beijing: China joined Russia on Friday",
            "sure",
        ),
        ("The two leaders are looking to", "Beijing: China joined Russia on Friday", "maybe"),
        ("China and Russia are committed to", "Beijing: China joined Russia on Friday", "maybe"),
        ("THE LEADERS OF Russia and China", "Chinese President Xi Jinping and his", "maybe"),
        ("Putin is the highest-profile guest at", "Chinese President Xi Jinping and his", "maybe"),
        ("China and Russia are committed to", "Chinese President Xi Jinping and his", "maybe"),
        ("Putin is the highest-profile guest at", "Putin was the star leader at", "sure"),
        ("“Some forces representing a minority on", "After their summit, Xi and Putin", "sure"),
        (
            "“Some forces representing a minority on",
            "Some forces representing a minority on",
            "sure",
        ),
        ("THE LEADERS OF Russia and China", "China firmly backed Russia's opposition to", "sure"),
        ("The two leaders are looking to", "China firmly backed Russia's opposition to", "maybe"),
        ("A buildup of more than 100,000", "China firmly backed Russia's opposition to", "maybe"),
        (
            "Russia has denied planning an offensive",
            "China firmly backed Russia's opposition to",
            "maybe",
        ),
        (
            "“The parties oppose the further expansion",
            "China firmly backed Russia's opposition to",
            "sure",
        ),
        ("THE LEADERS OF Russia and China", "The joint statement said the sides", "sure"),
        ("“The parties oppose the further expansion", "The joint statement said the sides", "sure"),
        ("Putin and Xi accused both Nato", "Similarly, Russia backed China in opposing", "sure"),
        ("Putin and Xi accused both Nato", "The sides stand against the formation", "sure"),
        (
            "Putin highlighted close economic ties, including",
            "Putin told Xi that Russia had",
            "sure",
        ),
        ("“For our meeting today, our oilmen", "Putin told Xi that Russia had", "maybe"),
        ("Russia has long been a key", "Russia, a major hydrocarbon exporter and", "maybe"),
        (
            "Putin highlighted close economic ties, including",
            '"Our oilmen have prepared very good',
            "maybe",
        ),
        ("“For our meeting today, our oilmen", '"Our oilmen have prepared very good', "sure"),
    ],
    ("001", "004"): [
        ("Both countries also agreed on their", "BEIJING (AP) — The leaders of", "sure"),
        ("Both countries also agreed on their", "The joint statement said that Russia", "sure"),
        ("THE LEADERS OF Russia and China", "BEIJING (AP) — The leaders of", "sure"),
        ("THE LEADERS OF Russia and China", "“The parties oppose the further expansion", "sure"),
        ("THE LEADERS OF Russia and China", "The joint statement said that Russia", "sure"),
        (
            "Russia’s Vladimir Putin and China’s Xi",
            "Russia’s Vladimir Putin and China’s Xi",
            "sure",
        ),
        (
            "“Some forces representing a minority on",
            "“Some forces representing a minority on",
            "sure",
        ),
        ("The two leaders are looking to", "The two leaders are looking to", "sure"),
        (
            "Putin is the highest-profile guest at",
            "Putin’s presence makes him the highest-profile",
            "sure",
        ),
        (
            "Putin praised “unprecedented” close relations with",
            "Meeting with Xi, Putin praised “unprecedented”",
            "sure",
        ),
        ("Putin praised “unprecedented” close relations with", "“They have indeed become", "sure"),
        (
            "Relations “are developing in a progressive",
            "Relations “are developing in a progressive",
            "sure",
        ),
        ("“They have indeed become", "Meeting with Xi, Putin praised “unprecedented”", "sure"),
        ("“They have indeed become", "“They have indeed become", "sure"),
        (
            "Putin highlighted close economic ties, including",
            "Putin highlighted close economic ties, including",
            "sure",
        ),
        (
            "Putin highlighted close economic ties, including",
            "“For our meeting today, our oilmen",
            "maybe",
        ),
        (
            "“For our meeting today, our oilmen",
            "Putin highlighted close economic ties, including",
            "maybe",
        ),
        ("“For our meeting today, our oilmen", "“For our meeting today, our oilmen", "sure"),
        ("Russia has long been a key", "Russia has long been a key", "sure"),
        (
            "China’s state-run news agency reported the",
            "China’s state-run news agency reported the",
            "sure",
        ),
        ("They did not appear to shake", "They did not appear to shake", "sure"),
        ("Putin also recalled his presence in", "Putin also recalled his presence in", "sure"),
        (
            "The discussions mark their first in-person",
            "The discussions mark their first in-person",
            "sure",
        ),
        ("Leaders of the five ex-Soviet Central", "Leaders of the five ex-Soviet Central", "sure"),
        ("A buildup of more than 100,000", "A buildup of more than 100,000", "sure"),
        ("A buildup of more than 100,000", "Russia’s Vladimir Putin and China’s Xi", "maybe"),
        (
            "Russia has denied planning an offensive",
            "Russia has denied planning an offensive",
            "sure",
        ),
        ("Putin and Xi accused both Nato", "Putin and Xi accused other countries", "sure"),
        (
            "“The parties oppose the further expansion",
            "“The parties oppose the further expansion",
            "sure",
        ),
        ("“The parties oppose the further expansion", "BEIJING (AP) — The leaders of", "sure"),
        ("Chinese foreign minister Wang Yi told", "Chinese Foreign Minister Wang Yi told", "sure"),
        (
            "Some observers suggested that Beijing is",
            "Some observers suggested that Beijing is",
            "sure",
        ),
        ("The joint statement said that Russia", "The joint statement said that Russia", "sure"),
        ("The joint statement said that Russia", "BEIJING (AP) — The leaders of", "sure"),
        (
            "Economic and diplomatic cooperation has expanded",
            "Russia and China have held a",
            "sure",
        ),
        ("In August, Russian troops for the", "In August, Russian troops for the", "sure"),
        ("Putin has also noted that Russia", "Putin has also noted that Russia", "sure"),
    ],
    ("002", "004"): [
        ("The leaders of Russia and China", "BEIJING (AP) — The leaders of", "maybe"),
        ("The leaders of Russia and China", "Putin and Xi accused other countries", "maybe"),
        ("Russian President Vladimir Putin and his", "BEIJING (AP) — The leaders of", "sure"),
        (
            "Russian President Vladimir Putin and his",
            "“The parties oppose the further expansion",
            "sure",
        ),
        (
            "The meeting in Beijing also resulted",
            "Putin highlighted close economic ties, including",
            "sure",
        ),
        ("The meeting in Beijing also resulted", "“For our meeting today, our oilmen", "maybe"),
        ("The Russian president traveled to China", "BEIJING (AP) — The leaders of", "maybe"),
        (
            "The Russian president traveled to China",
            "Putin’s presence makes him the highest-profile",
            "maybe",
        ),
        (
            "Putin celebrated that relations with Beijing",
            "Meeting with Xi, Putin praised “unprecedented”",
            "sure",
        ),
        ("Putin celebrated that relations with Beijing", "“They have indeed become", "sure"),
        ("According to the statement, Russia and", "Putin and Xi accused other countries", "sure"),
        ("“The parties are opposed to a", "BEIJING (AP) — The leaders of", "sure"),
        ("“The parties are opposed to a", "“The parties oppose the further expansion", "sure"),
        (
            "Regarding the security guarantees requested by",
            "The two leaders are looking to",
            "maybe",
        ),
        (
            "Regarding the security guarantees requested by",
            "Russia has denied planning an offensive",
            "maybe",
        ),
        (
            "Following the dialogue between Xi and",
            "Putin highlighted close economic ties, including",
            "sure",
        ),
        ("Following the dialogue between Xi and", "“For our meeting today, our oilmen", "maybe"),
        (
            "According to the newspaper Guardian, one",
            "Putin highlighted close economic ties, including",
            "sure",
        ),
        ("For its part, Washington accuses the", "A buildup of more than 100,000", "sure"),
        ("For its part, Washington accuses the", "Russia’s Vladimir Putin and China’s Xi", "maybe"),
    ],
}
