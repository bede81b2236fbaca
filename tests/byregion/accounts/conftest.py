"""Mona: a user manager who is not an administrator."""

import pytest

from byregion.roles import REGIONAL_EDITOR
from tests.personas import make_person

USER_MANAGEMENT = ["auth.view_user", "auth.add_user", "auth.change_user", "auth.view_group"]


@pytest.fixture
def mona(cast):
    """Mona edits Hallingdal and manages user accounts, with no other right than Kari's role."""
    return make_person(
        "mona",
        first_name="Mona",
        roles=[REGIONAL_EDITOR],
        regions=[cast.hallingdal],
        permissions=USER_MANAGEMENT,
    )
