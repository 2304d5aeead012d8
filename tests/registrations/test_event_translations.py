"""An event's title and description in the languages staff typed them in."""


def test_a_title_staff_typed_in_a_language_is_used_and_none_stands_for_untranslated(
    make_event, session
):
    event = make_event(title="Spieleabend", description="Wir spielen Karten.")
    event.translations = {"en": {"title": " Games night ", "description": ""}}
    session.commit()
    session.expire_all()
    assert event.title_in("de") == "Spieleabend"
    assert event.title_in("en") == "Games night"
    assert event.description_in("en") is None  # typed empty: the German one is introduced
    assert event.title_in("tr") is None
    assert event.description_in("de") == "Wir spielen Karten."
