"""Rules about regions, memberships and goals, held by named database constraints."""

import pytest
from django.db import IntegrityError, transaction

from regions.models import Goal, Membership, Municipality, Region, Status
from tests.factories import make_region

pytestmark = pytest.mark.django_db


def test_goal_numbers_are_unique_within_a_region():
    region = make_region(goals=1)
    with (
        pytest.raises(IntegrityError, match="goal_unique_number_per_region|UNIQUE"),
        transaction.atomic(),
    ):
        Goal.objects.create(region=region, number=1, text="<p>Igjen</p>")


def test_the_same_goal_number_may_be_used_by_another_region():
    make_region(goals=1)
    other = make_region(goals=1)
    assert other.goals.get().number == 1


def test_goal_numbers_start_at_one():
    region = make_region(goals=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Goal.objects.create(region=region, number=0, text="<p>Null</p>")


def test_a_region_has_one_applicant_at_most():
    region = make_region(municipalities=("4030",))
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            region=region, municipality=Municipality.objects.get(number="4032"), applicant=True
        )


def test_two_programme_era_municipalities_can_be_one_municipality_today():
    region = make_region(municipalities=())
    midt_telemark = Municipality.objects.get(number="4020")
    Membership.objects.create(region=region, municipality=midt_telemark, name="Bø")
    Membership.objects.create(region=region, municipality=midt_telemark, name="Sauherad")
    names = [m.display_name for m in region.memberships.all()]
    assert sorted(names) == ["Bø (no Midt-Telemark)", "Sauherad (no Midt-Telemark)"]
    assert [c.name for c in region.counties()] == ["Telemark"]


def test_a_programme_era_name_is_unique_within_a_region():
    region = make_region(municipalities=("4030",))
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            region=region, municipality=Municipality.objects.get(number="4030")
        )


def test_a_region_takes_part_in_some_phase():
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(name="Utan fase", slug="utan-fase")


def test_publishing_without_a_time_sets_the_time():
    region = make_region(published=False)
    region.status = Status.PUBLISHED
    region.save()
    assert region.published_at is not None
    assert Region.objects.published().filter(pk=region.pk).exists()


def test_a_future_publish_time_keeps_the_region_from_visitors():
    from django.utils import timezone

    region = make_region(published_at=timezone.now() + timezone.timedelta(days=1))
    assert not Region.objects.published().filter(pk=region.pk).exists()
    assert not region.is_public


def test_counties_follow_from_the_municipalities():
    region = make_region(municipalities=("4030", "3303"))
    assert [c.number for c in region.counties()] == ["33", "40"]
