"""An out-of-scope record shows the Dutch 404 page, also with DEBUG on."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("debug", [False, True])
def test_out_of_scope_child_shows_the_dutch_404_page(client_for, pm_b, child_a, debug):
    with override_settings(DEBUG=debug):
        response = client_for(pm_b).get(reverse("child_detail", args=[child_a.pk]))

    assert response.status_code == 404
    with translation.override("nl"):
        assert gettext("Page not found") in response.content.decode()
    assert "technical_404" not in response.content.decode()
    assert "Emma" not in response.content.decode()
