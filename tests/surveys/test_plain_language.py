"""Plain-language hints for question writers."""

from __future__ import annotations

from surveys.plain_language import hints


def test_plain_questions_get_no_hints() -> None:
    assert hints("How easy was it to get an appointment?") == []


def test_jargon_acronyms_and_long_sentences_are_pointed_out() -> None:
    found = hints(
        "To what extent do you feel the commissioning of ASC provision across the "
        "borough has been delivered in a way that meets the needs of people like you "
        "and your family"
    )
    assert any("commissioning" in h for h in found)
    assert any("provision" in h for h in found)
    assert any("ASC" in h for h in found)
    assert any("words" in h for h in found)
    assert not any("NHS" in h for h in hints("Is your NHS GP near you?"))


def test_double_barrelled_agreement_questions() -> None:
    assert any(
        "two things" in h for h in hints("Staff were kind and quick", agreement=True)
    )
    assert not any("two things" in h for h in hints("Staff were kind", agreement=True))


def test_double_negatives() -> None:
    assert any("double negative" in h for h in hints("It is not unusual to wait"))
