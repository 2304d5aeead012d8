"""The directory of centres: a call finds its centre by the number it called."""

from __future__ import annotations

from voice.centres import directory
from voice.models import Centre


def test_the_migration_makes_the_first_centre_the_default(app, session):
    with app.app_context():
        places = directory().places
    assert [p.slug for p in places] == ["alter-eselsberg"]
    assert places[0].is_default


def test_a_call_goes_to_the_centre_that_claims_its_number_else_to_the_default(app, session):
    session.add(Centre(slug="weststadt", name="Weststadt", numbers="+49731111 +49731222"))
    session.commit()
    with app.app_context():
        found = directory()
    assert found.for_number("+49731222").slug == "weststadt"
    assert found.for_number("+49 731 111").slug == "weststadt"
    assert found.for_number("+49730000").slug == "alter-eselsberg"
    assert not found.claimed("+49730000")
    assert found.by_slug("weststadt") is not None and found.by_slug("nowhere") is None
