"""Plain words for the jargon of child protection meetings.

An item that uses one of these terms gets a gentle hint: its writer is offered a plainer way to
say it (never stopped), and everyone reading can open what the word means. Only terms that mean
one thing are here: everyday words with a special sense ("contact", "placement") would be
flagged wrongly in ordinary sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Term:
    word: str      # as written in the item
    meaning: str   # in plain words


# (ways it is written, what it means)
TERMS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("section 47", "s47", "s.47"), "child protection enquiry: the checks the council must make when it "
                                    "thinks a child may be seriously harmed"),
    (("strategy discussion", "strategy meeting"), "a meeting between the council, police, health and school "
                                                  "to decide whether to make child protection enquiries"),
    (("ICPC", "initial child protection conference"), "the first child protection meeting"),
    (("RCPC", "review child protection conference"), "a child protection review meeting"),
    (("CP plan", "child protection plan"), "a written plan of what everyone will do to keep the child safe"),
    (("core group",), "the smaller group of family and professionals who meet to put the plan into action"),
    (("CIN", "child in need"), "a child who needs extra help from the council"),
    (("LAC", "CLA", "looked after child"), "a child in care"),
    (("section 20", "s20", "s.20"), "looked after by the council with your agreement; you keep parental "
                                    "responsibility"),
    (("PLO", "pre-proceedings", "letter before proceedings"), "the steps before the council can go to court: a "
                                                              "letter and a meeting where you can bring a solicitor"),
    (("ICO", "interim care order", "care order"), "a court order letting the council decide where a child lives"),
    (("significant harm",), "serious harm to a child's health or development"),
    (("danger statement",), "what we are worried could happen to the child if nothing changes"),
    (("safety goal",), "what everyone needs to see to be sure the child is safe"),
    (("complicating factors", "grey areas"), "things that make the worries harder to sort out, or that we are "
                                             "not sure about"),
    (("existing safety",), "what people already do to keep the child safe when things go wrong"),
    (("safety network",), "family and friends who know about the worries and help keep the child safe"),
    (("disguised compliance",), "a professional's phrase: ask them to say what was agreed and what happened"),
    (("non-engagement", "failed to engage", "hard to reach", "service resistant"),
     "a professional's phrase: ask them to say what happened and what got in the way"),
    (("was not brought", "did not attend"), "did not go to an appointment"),
    (("toxic trio",), "a professional's phrase for three worries together: domestic abuse, drug or alcohol use, "
                      "and mental ill-health"),
    (("contact centre",), "a family centre, where children see their family"),
    (("MASH",), "the council's front door team that first looks at worries about a child"),
    (("LADO",), "the council officer who looks into worries about adults who work with children"),
    (("IRO",), "the independent person who reviews a child's plan"),
    (("CAMHS",), "children's mental health service"),
    (("written agreement",), "a list of things you are asked to agree to; it is not a court order"),
    (("NEET",), "not in education, training or work"),
    (("MARAC",), "a meeting of police, health, housing and others to keep someone at high risk of domestic "
                 "abuse safe"),
    (("Operation Encompass",), "the police tell a child's school, by the next school day, that there was "
                               "domestic abuse at home, so the school can look after the child"),
    (("DSL", "designated safeguarding lead"), "the person at a school who is in charge of keeping children safe"),
)


def _compile(words: list[str], flags: int) -> re.Pattern:
    # Longest first, so that a long phrase wins over a shorter one inside it.
    words = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", flags)


@lru_cache(maxsize=1)
def _patterns() -> tuple[list[re.Pattern], dict[str, str]]:
    """Letters in capitals ("ICPC", "MASH") count only in capitals: "mash" is food. Phrases count
    however they are written."""
    meanings = {variant.lower(): meaning for variants, meaning in TERMS for variant in variants}
    variants = [v for vs, _ in TERMS for v in vs]
    capitals = [v for v in variants if v.isupper()]
    phrases = [v for v in variants if not v.isupper()]
    return [_compile(capitals, 0), _compile(phrases, re.IGNORECASE)], meanings


def terms_in(text: str) -> list[Term]:
    """The jargon in `text`, each meaning once, in the order it first appears."""
    patterns, meanings = _patterns()
    matches = sorted((m.start(), m.group(1)) for p in patterns for m in p.finditer(text or ""))
    found: dict[str, Term] = {}
    for _, word in matches:
        meaning = meanings[word.lower()]
        if meaning not in found:
            found[meaning] = Term(word, meaning)
    return list(found.values())


def marked(text: str) -> list[tuple[str, bool]]:
    """`text` in pieces, each saying whether it is a term that has a plain meaning here."""
    patterns, _ = _patterns()
    spans = sorted((m.start(1), m.end(1)) for p in patterns for m in p.finditer(text or ""))
    pieces, at = [], 0
    for start, end in spans:
        if start < at:
            continue  # inside a longer term already marked
        pieces += [(text[at:start], False), (text[start:end], True)]
        at = end
    pieces.append((text[at:], False))
    return [(piece, term) for piece, term in pieces if piece]
