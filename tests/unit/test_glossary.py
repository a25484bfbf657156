"""Plain words for jargon: found in capitals or as phrases, each meaning once, never inside words."""

from meeting_room.core.glossary import marked, terms_in


def test_jargon_is_found_in_capitals_and_as_phrases_each_meaning_once():
    found = terms_in("After the ICPC the CP plan said MASH and s47; section 47 again. Review Child Protection Conference.")
    assert [t.word for t in found] == ["ICPC", "CP plan", "MASH", "s47", "Review Child Protection Conference"]
    assert found[0].meaning == "the first child protection meeting"


def test_everyday_words_are_not_flagged():
    assert terms_in("Mash potatoes, a lac of sleep, the iron, musical chairs and the cinema.") == []
    assert terms_in("") == []


def test_the_text_is_marked_in_pieces_that_put_it_back_together():
    text = "Dad asked what the ICPC and a safety goal are."
    pieces = marked(text)
    assert "".join(p for p, _ in pieces) == text
    assert [p for p, term in pieces if term] == ["ICPC", "safety goal"]


def test_domestic_abuse_terms_a_school_uses_have_plain_words():
    found = terms_in("There was a MARAC referral; the school was told under Operation Encompass and the DSL knows.")
    assert [t.word for t in found] == ["MARAC", "Operation Encompass", "DSL"]
    assert terms_in("a marac, a dsl") == []  # letters in capitals count only in capitals
