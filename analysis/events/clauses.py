"""Clause tests for event extraction: what may stand between an actor and its verb, and what
makes an act hypothetical, negated, planned or background.

Regular expressions over the raw text between two positions; no tables, no lexicon.
"""

from __future__ import annotations

import re

_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_TIME = (
    rf"on\s+{_DAY}|on\s+{_MONTH}\s+\d+|in\s+{_MONTH}(?:\s+\d{{4}})?|in\s+\d{{4}}|last\s+(?:week|month|year|{_DAY}|night)"
    rf"|this\s+(?:week|month|year|morning)|earlier\s+(?:this|on)\s+\w+|in\s+the\s+(?:summer|spring|autumn|winter|past)"
    rf"|\d+\s+(?:days?|weeks?|months?|years?)\s+ago|months\s+ago|years\s+ago"
)
_AUX_WORD = (
    r"has|have|had|been|is|are|was|were|be|being|did|does|do|also|already|again|then|now|today|yesterday|"
    r"reportedly|jointly|together|recently|just|once|later|further|still|even|first|earlier|"
    r"allegedly|officially|formally|effectively|"
    r"and\s+[a-z]+ly|(?:started|began|begun|continued|continues|continue|starts|begins)\s+to|[a-z]+ly"
)
#: Words and time phrases that may stand between a subject and its verb ("Russia on Wednesday vetoed").
TRAILING = re.compile(rf"(?:\s*,?\s*(?:{_AUX_WORD}|{_TIME})\b)+\s*,?\s*$")
#: Lower-case head words after a demonym or possessive: "Russian forces", "China's ministry of ...".
NP_TAIL = re.compile(
    r"(?:[’']s)?(?:\s+(?!(?:that|which|who|whom|and|or|but|to|as|if|when|while|said|says|on|in|at|for|with|by|from|"
    r"about|over|into|against)\b)[a-z][a-z-]*){1,5}\s*"
)
#: Negation, modality, infinitive: the act is not asserted ("could invade", "did not attack", "plans to").
UNREAL = re.compile(
    r"\b(?:not|never|no\s+longer|would|could|might|may|will|shall|should|can|cannot|must|to|"
    r"if|unless|whether|neither|nor|lest|refused|refuses|declined|failed|potentially|possibly|allegedly|"
    r"supposedly|accused\s+of|suspected\s+of|charged\s+with)\b|n[’']t\b"
)
#: Before the subject: a conditional or negated clause opening ("if Russia invades", "neither ... nor").
UNREAL_BEFORE = re.compile(
    r"\b(?:if|unless|whether|neither|nor|lest|should|once|any)\s+(?:\S+\s+){0,3}$", re.I
)
#: Before the subject: the content of a claim or denial ("Russian claims that Ukraine was threatening").
CLAIM_BEFORE = re.compile(
    r"\b(?:claims?|claimed|claiming|allegations?|alleged|alleging|suggestions?|suggested|rumou?rs?|"
    r"accusations?|accused|denied|denies|deny|denying|fears?|feared|fearing|warned|warning|predicted)\s+(?:that\s+)?(?:\S+\s+){0,2}$",
    re.I,
)
#: A passive auxiliary right before the verb ("Kyiv was hit by", "has been suspended from").
PASSIVE_AUX = re.compile(r"\b(?:was|were|is|are|been|being|be|get|got)\s+(?:[a-z]+ly\s+)?$")
#: Determiners and adverbs between a verb and its direct object.
DIRECT_GAP = re.compile(
    r"\s*(?:(?:the|a|an|its|his|her|their|our|both|all|several|two|three|again|also|\w+ly)\s+)*"
    r"(?:(?:the\s+)?(?:[\w-]+\s+){0,2}(?:district|region|community|city|area|province|oblast|suburbs?|outskirts|capital|port)\s+(?:of|in)\s+(?:the\s+)?)?"
)
#: Objects of "send"/"give" that are no aid: "sent a note to Austria", "gave an interview to France".
NOT_MATERIAL = re.compile(
    r"\b(?:notes?|letters?|messages?|demands?|proposals?|requests?|invitations?|signals?|warnings?|responses?|"
    r"lists?|drafts?|replies|reply|condolences|greetings|congratulations|interviews?|speech|address|statement|"
    r"delegations?|envoys?|diplomats?|ambassadors?|representatives?|observers?|journalists?|reporters?|"
    r"texts?|resolutions?|documents?|reports?|petitions?|awards?|prizes?|medals?)\b",
    re.I,
)
#: Objects of "send"/"deploy" that make the act a deployment (MOBILIZE), not aid.
TROOPS = re.compile(
    r"\b(?:troops|soldiers|servicemen|battalions?|tactical\s+groups|brigades?|divisions?|forces|warships|"
    r"fighter\s+jets|paratroopers|marines|mercenaries)\b",
    re.I,
)
#: An optional determiner before an actor phrase (in regexes built around a preposition).
DET = r"(?:(?:the|a|an|his|her|its|their|our|both)\s+)?"
#: A clause boundary inside an object search window.
BOUNDARY = re.compile(
    r"[;:.!?“”\"]|\b(?:that|which|who|whom|while|but|because|although|whereas|after|before|said|says)\b"
)
#: Prepositions and determiners a nominal event may not follow (background: "since Russia's invasion").
BACKGROUND = re.compile(
    r"\b(?:since|after|before|amid|following|over|despite|because\s+of|ahead\s+of|for|of|in|from|against|about|"
    r"on|into|under|behind|toward|towards|than|without|like|possible|potential|any|future|planned|proposed|"
    r"predicted|expected|new)\s+(?:(?:the|a|an|its|their|his|her|this|that|last|recent|latest|[\w-]+[’']s)\s+)*"
    r"(?:[\w-]+\s+)?$",
    re.I,
)
#: Verbs after which a noun's event is not asserted ("predicted the sale", "called for talks").
NOMINAL_UNREAL_VERB = re.compile(
    r"\b(?:predict|plan|propos|expect|consider|discuss|reject|den(?:y|ie)|threaten|call(?:ed|s)?\s+for|seek|sought|"
    r"want|urg|demand|fear|warn|hope|prepar|avert|avoid|prevent|seek|await|rul(?:e|ed)\s+out|oppos|request|ask|"
    r"would|could|might|will|not)\w*\s+(?:\S+\s+){0,3}$",
    re.I,
)


_AUX_SET = frozenset(
    "has have had been is are was were be being did does do also already again then now today yesterday "
    "reportedly jointly together recently just once later further still even first earlier allegedly "
    "officially formally effectively".split()
)
_ASPECT = frozenset("started began begun continued continues continue starts begins".split())
_DAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
_MONTHS = frozenset(
    "January February March April May June July August September October November December "
    "Jan. Feb. Aug. Sept. Sep. Oct. Nov. Dec.".split()
)
_TIME_HEAD = frozenset("on in last this earlier".split())
_PERIODS = frozenset("week month year night morning summer spring autumn winter past".split())
_WORD = re.compile(r"[^\s,]+")


def _time_phrase(words: list[str], j: int) -> int:
    """How many words a time phrase ending at ``words[j]`` has ("on Wednesday", "in March 2014"), or 0."""
    w = words[j]
    if j >= 2 and words[j - 1] in ("days", "weeks", "months", "years") and w == "ago":
        return 3 if words[j - 2].isdigit() else 2
    if j >= 1 and w == "ago" and words[j - 1] in ("months", "years", "weeks", "days"):
        return 2
    if j >= 1 and w.isdigit() and len(w) == 4:
        if words[j - 1] == "in":
            return 2
        if words[j - 1] in _MONTHS and j >= 2 and words[j - 2] == "in":
            return 3
    if j >= 1 and (w in _DAYS or w in _MONTHS or w in _PERIODS) and words[j - 1] in _TIME_HEAD:
        return 2
    if j >= 2 and w in _PERIODS and words[j - 1] == "the" and words[j - 2] == "in":
        return 3
    if j >= 2 and w.isdigit() and words[j - 1] in _MONTHS and words[j - 2] == "on":
        return 3
    return 0


def strip_trailing(text: str, lo: int, hi: int) -> int:
    """Where the words between ``lo`` and ``hi`` end once auxiliaries, adverbs and time phrases
    at their end are dropped ("Russia has also, on Sunday, shelled": the position after "Russia")."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text, max(lo, hi - 80), hi)]
    words = [text[a:b] for a, b in spans]
    j = len(words) - 1
    cut = hi
    while j >= 0:
        w = words[j]
        lw = w.lower()
        if lw in _AUX_SET or (lw.endswith("ly") and lw.isalpha() and w.islower()):
            n = 1
        elif lw == "and" and j >= 1 and words[j - 1].endswith("ly") and words[j - 1].islower():
            n = 1  # "continually and indiscriminately"
        elif lw == "to" and j >= 1 and words[j - 1].lower() in _ASPECT:
            n = 2
        else:
            n = _time_phrase(words, j)
            if not n:
                break
        j -= n
        cut = spans[j + 1][0]
    if cut < hi:
        # words set off by commas go with their commas ("Russia and Iran, together, are"); a comma
        # before plain stripped words closes an aside and stays ("..., started to provide")
        marks = " ," if "," in text[cut:hi] else " "
        while cut > lo and text[cut - 1] in marks:
            cut -= 1
    return cut
