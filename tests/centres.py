"""Centres for tests: the default one's values, and a second centre."""

from __future__ import annotations

from sqlalchemy import select

from voice.models import Centre


def default_centre(session, **values) -> Centre:
    """The default centre (made by the migration), with these values set."""
    centre = session.scalar(select(Centre).where(Centre.is_default))
    for name, value in values.items():
        setattr(centre, name, value)
    session.commit()
    return centre


def second_centre(session, slug: str = "weststadt", name: str = "Weststadt", **values) -> Centre:
    """Another centre besides the default one."""
    centre = Centre(slug=slug, name=name, **values)
    session.add(centre)
    session.commit()
    return centre
