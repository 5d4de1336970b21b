"""Common Dutch passwords (dressed up with digits, signs and look-alikes) are refused."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.password_validation import (
    DutchCommonPasswordValidator,
    candidates,
    common_words,
    is_common,
)

WEAK = [
    "wachtwoord12",
    "Welkom2024!",
    "W@chtw00rd123",
    "welkomwelkom",
    "Feyenoord010!",
    "ajaxajaxajax",
    "Kinderopvang1",
    "KINDERDAGVERBLIJF",
    "zomer-vakantie2024",
    "L1efde123456",
    "123456schatje",
    "ouderportaal2026",
    "prinses!!!!!!",
    "$ch@tje12345",
]
STRONG = [
    "mijn hond heet Bobby en is lief",
    "Op woensdag gaan we naar het bos",
    "paars-fietsbel-onder-water-9",
    "kX7#pL2!qR9@",
]


def test_the_list_has_a_few_hundred_words():
    words = common_words()
    assert len(words) >= 300
    for word in ("wachtwoord", "welkom", "geheim", "voetbal", "ajax", "feyenoord", "psv"):
        assert word in words
    assert all(word == word.lower().strip() for word in words)


@pytest.mark.parametrize("password", WEAK)
def test_a_dressed_up_common_word_is_refused(password):
    assert is_common(password)
    with pytest.raises(ValidationError) as raised:
        DutchCommonPasswordValidator().validate(password)
    assert raised.value.error_list[0].code == "password_too_common_dutch"


@pytest.mark.parametrize("password", STRONG)
def test_a_good_password_passes(password):
    assert not is_common(password)
    validate_password(password)


def test_the_message_is_dutch():
    with translation.override("nl"), pytest.raises(ValidationError) as raised:
        validate_password("wachtwoord12")

    assert any("te makkelijk te raden" in message for message in raised.value.messages)


def test_the_validator_is_configured(settings):
    names = [entry["NAME"] for entry in settings.AUTH_PASSWORD_VALIDATORS]
    assert "accounts.password_validation.DutchCommonPasswordValidator" in names


def test_look_alikes_are_undone():
    assert "wachtwoord" in candidates("W@chtw00rd!")
    assert "liefde" in candidates("l13fd3")
    assert "welkom" in candidates("welkomwelkomwelkom")


def test_help_text_is_dutch():
    with translation.override("nl"):
        assert "veelgebruikt" in DutchCommonPasswordValidator().get_help_text()


def test_the_change_password_page_refuses_it(pm_a, client_for):
    from django.urls import reverse

    from tests.factories import TEST_PASSWORD

    response = client_for(pm_a).post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Welkom2024!!",
            "new_password2": "Welkom2024!!",
        },
    )

    assert response.status_code == 200
    assert "te makkelijk te raden" in response.text
