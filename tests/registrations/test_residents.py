"""Residents' numbers: masked the same way wherever staff see them."""

from __future__ import annotations

import pytest

from voice.registrations.residents import masked


@pytest.mark.parametrize(
    ("phone", "shown"),
    [
        ("+497311234567", "+49 731 ***4567"),  # a landline in Ulm
        ("+4915112345678", "+49 151 ***5678"),  # a mobile number, one digit longer
        ("+49731123", "+49 731 ***1123"),  # nine characters: the shortest shown in part
        ("+4973112", "***"),  # too short to show any part without giving it away
        ("1234", "***"),
        ("", "***"),
    ],
)
def test_numbers_are_masked_keeping_country_area_and_last_four(phone, shown):
    assert masked(phone) == shown
