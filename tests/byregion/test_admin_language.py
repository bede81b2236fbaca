"""Every admin page a staff member sees is nynorsk, for every role (issue 12).

`PAGES` lists the page types; each role walks those it may open, and each page's visible strings
(text, options, buttons, title/aria-label/placeholder/alt) must hold no untranslated catalogue
entry and no bokmål or English giveaway (tests/nynorsk.py). To cover a new page type, add a line.
What JavaScript and TinyMCE write is checked in tests/browser/test_admin_language.py.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from reversion.models import Version

from byregion.editorial.workflow import approval_send
from regions.models import County, Municipality, Region
from tests.factories import make_region, make_result, make_theme
from tests.formdata import admin_save, change_url, form_data
from tests.nynorsk import NynorskCheck, django_untranslated, visible_strings
from tests.personas import PASSWORD, make_cast
from tests.two_factor import sign_in

pytestmark = pytest.mark.django_db

ROLES = ("astrid", "per", "kari", "ola", "signe")
EVERYONE = frozenset(ROLES)
ALL_REGIONS = frozenset({"astrid", "per", "signe"})  # administrator, programme staff, superuser
USER_ADMINS = frozenset({"astrid", "signe"})
SUPERUSER = frozenset({"signe"})


@dataclass
class Scene:
    """The people, and content in every state a page can show: revisions, deleted, logged."""

    people: dict
    regions: dict
    deleted_region: Version
    deleted_result: Version
    theme: object
    draft: object  # Kari's, hers to hand over
    handed_over: object  # Kari's, awaiting approval

    def region(self, role):
        return self.regions[role]

    def result(self, role):
        return self.regions[role].results.exclude(pk__in=[self.draft.pk, self.handed_over.pk]).get()


def admin(view, *args):
    return reverse(f"admin:{view}", args=args)


def versions(obj):
    return list(Version.objects.get_for_object(obj).order_by("pk"))


def deleted_version(client, obj):
    # A save that changes nothing keeps no version (issue 12): change something.
    admin_save(
        client, obj, **{"project_name" if obj._meta.model_name == "region" else "teaser": "Ny"}
    )
    url = admin(f"{obj._meta.app_label}_{obj._meta.model_name}_delete", obj.pk)
    assert client.post(url, {"post": "yes"}).status_code == 302
    return Version.objects.get_deleted(type(obj)).get(object_id=str(obj.pk))


@pytest.fixture
def scene(client_for):
    cast = make_cast()
    signe = get_user_model().objects.create_superuser(
        "signe", "signe@byregion.test", PASSWORD, first_name="Signe"
    )
    per = client_for(cast.per)
    for region in (cast.vest_telemark, cast.hallingdal):
        admin_save(per, region, project_name="Første utgåve")
        admin_save(per, region, project_name="Andre utgåve")
        result = region.results.get()
        admin_save(per, result, teaser="Første utgåve av ingressen.")
        admin_save(per, result, teaser="Andre utgåve av ingressen.")
    gone_region = make_region(name="Nedlagd region", slug="nedlagd", municipalities=(), goals=1)
    gone_result = make_result(cast.vest_telemark, title="Sletta resultat", goals=[1])
    deleted_region, deleted_result = (
        deleted_version(per, gone_region),
        deleted_version(per, gone_result),
    )
    login = {"ip_address": "127.0.0.1", "user_agent": "Firefox/128.0", "http_accept": "*/*"}
    login |= {"path_info": "/admin/login/", "username": "kari"}
    AccessAttempt.objects.create(**login, get_data="", post_data="", failures_since_start=2)
    AccessFailureLog.objects.create(**login, locked_out=False)
    AccessLog.objects.create(**login)
    draft = make_result(cast.vest_telemark, published=False, title="Eit utkast", goals=[1])
    handed_over = make_result(cast.vest_telemark, published=False, title="Til godkjenning")
    approval_send(
        obj=handed_over, user=cast.kari, message="Kan du sjå på dette?", approvers=[], link="/"
    )
    people = {"astrid": cast.astrid, "per": cast.per, "kari": cast.kari, "ola": cast.ola}
    regions = dict.fromkeys(ALL_REGIONS | {"kari"}, cast.vest_telemark) | {"ola": cast.hallingdal}
    return Scene(
        people=people | {"signe": signe},
        regions=regions,
        deleted_region=deleted_region,
        deleted_result=deleted_result,
        theme=make_theme(name="Offentleg innkjøp", slug="offentleg-innkjop"),
        draft=draft,
        handed_over=handed_over,
    )


def _changed_elsewhere(scene, role, client, url):
    """Open the form, let someone else save, then save what was opened: the conflict page."""
    opened = form_data(client.get(url))
    other = sign_in(Client(), scene.people["signe"])
    admin_save(other, scene.region(role), project_name="Endra av Signe")
    return opened


@dataclass(frozen=True)
class PageType:
    """One kind of admin page: where it is, who may open it, and how it is reached."""

    name: str
    url: Callable
    roles: frozenset = EVERYONE
    # (scene, role, client, url) -> form data to POST; the answer is the page to check.
    post: Callable | None = None
    follow: bool = False
    status: int = 200


def _region(view, *extra):
    return lambda s, r: admin(f"regions_region_{view}", s.region(r).pk, *extra)


def _result(view, *extra):
    return lambda s, r: admin(f"cases_resultexample_{view}", s.result(r).pk, *extra)


def _compare(model):
    def url(s, r):
        obj = s.region(r) if model == "region" else s.result(r)
        older, newer = versions(obj)[-2:]
        base = admin(f"{obj._meta.app_label}_{model}_compare", obj.pk)
        return f"{base}?fra={older.pk}&til={newer.pk}"

    return url


def _revision(model):
    def url(s, r):
        obj = s.region(r) if model == "region" else s.result(r)
        return admin(f"{obj._meta.app_label}_{model}_revision", obj.pk, versions(obj)[0].pk)

    return url


def _rendered_form(s, r, client, url):
    return form_data(client.get(url))


def _emptied(field):
    return lambda s, r, client, url: form_data(client.get(url)) | {field: ""}


def _selected(objects):
    return lambda s, r, client, url: {
        "action": "delete_selected",
        "_selected_action": [obj.pk for obj in objects(s, r)],
    }


PAGES = [
    PageType("index", lambda s, r: admin("index")),
    PageType("app: byregionar", lambda s, r: admin("app_list", "regions")),
    PageType("app: resultat", lambda s, r: admin("app_list", "cases")),
    PageType("app: brukarar", lambda s, r: admin("app_list", "auth"), USER_ADMINS),
    PageType("app: logg", lambda s, r: admin("app_list", "admin"), USER_ADMINS),
    PageType("app: innloggingar", lambda s, r: admin("app_list", "axes"), SUPERUSER),
    # Byregionar: the list in its states, the forms with inlines, history and restore.
    PageType("region list", lambda s, r: admin("regions_region_changelist")),
    PageType("region list, counts", lambda s, r: admin("regions_region_changelist") + "?_facets=1"),
    PageType(
        "region list, searched and filtered",
        lambda s, r: admin("regions_region_changelist") + "?q=Vest&status__exact=published",
    ),
    PageType(
        "region list, delete selected",
        lambda s, r: admin("regions_region_changelist"),
        ALL_REGIONS,
        post=_selected(lambda s, r: [s.region(r)]),
    ),
    PageType("region add", lambda s, r: admin("regions_region_add"), ALL_REGIONS),
    PageType(
        "region add, errors",
        lambda s, r: admin("regions_region_add"),
        ALL_REGIONS,
        post=_emptied("name"),
    ),
    PageType("region change", _region("change")),
    PageType("region change, errors", _region("change"), post=_emptied("name")),
    PageType(
        "region change, saved",
        _region("change"),
        post=lambda s, r, c, u: _rendered_form(s, r, c, u) | {"_continue": "1"},
        follow=True,
    ),
    PageType("region change, conflict", _region("change"), post=_changed_elsewhere),
    PageType("region delete", _region("delete"), ALL_REGIONS),
    PageType("region history", _region("history")),
    PageType("region compare", _compare("region")),
    PageType("region revision", _revision("region")),
    PageType("region recover list", lambda s, r: admin("regions_region_recoverlist"), ALL_REGIONS),
    PageType(
        "region recover",
        lambda s, r: admin("regions_region_recover", s.deleted_region.pk),
        ALL_REGIONS,
    ),
    # Resultat.
    PageType("result list", lambda s, r: admin("cases_resultexample_changelist")),
    PageType(
        "result list, counts", lambda s, r: admin("cases_resultexample_changelist") + "?_facets=1"
    ),
    PageType(
        "result list, delete selected",
        lambda s, r: admin("cases_resultexample_changelist"),
        post=_selected(lambda s, r: [s.result(r)]),
    ),
    PageType("result add", lambda s, r: admin("cases_resultexample_add")),
    PageType(
        "result add, errors", lambda s, r: admin("cases_resultexample_add"), post=_emptied("title")
    ),
    PageType("result change", _result("change")),
    PageType("result delete", _result("delete")),
    PageType("result history", _result("history")),
    PageType("result compare", _compare("resultexample")),
    PageType("result revision", _revision("resultexample")),
    PageType(
        "result recover list", lambda s, r: admin("cases_resultexample_recoverlist"), ALL_REGIONS
    ),
    PageType(
        "result recover",
        lambda s, r: admin("cases_resultexample_recover", s.deleted_result.pk),
        ALL_REGIONS,
    ),
    # Hand-over for approval and the checks before publishing (issue 13).
    PageType(
        "result, send for approval",
        lambda s, r: admin("cases_resultexample_approval_send", s.draft.pk),
        frozenset({"kari"}),
    ),
    PageType(
        "result, approval",
        lambda s, r: admin("cases_resultexample_approval_decide", s.handed_over.pk),
        ALL_REGIONS,
    ),
    PageType(
        "region quality report",
        lambda s, r: admin("cases_resultexample_quality_report", s.region(r).pk),
    ),
    PageType("app: byregion", lambda s, r: admin("app_list", "byregion"), ALL_REGIONS),
    PageType("link statuses", lambda s, r: admin("byregion_linkstatus_changelist"), ALL_REGIONS),
    PageType("theme list", lambda s, r: admin("cases_theme_changelist")),
    PageType("theme add", lambda s, r: admin("cases_theme_add"), ALL_REGIONS),
    PageType("theme change", lambda s, r: admin("cases_theme_change", s.theme.pk)),
    # Reference data, to look up.
    PageType("county list", lambda s, r: admin("regions_county_changelist")),
    PageType("county", lambda s, r: admin("regions_county_change", County.objects.first().pk)),
    PageType("municipality list", lambda s, r: admin("regions_municipality_changelist")),
    PageType(
        "municipality list, counts",
        lambda s, r: admin("regions_municipality_changelist") + "?_facets=1",
    ),
    PageType(
        "municipality",
        lambda s, r: admin("regions_municipality_change", Municipality.objects.first().pk),
    ),
    PageType(
        "former municipality list", lambda s, r: admin("regions_formermunicipality_changelist")
    ),
    # Users, roles and the action log.
    PageType("user list", lambda s, r: admin("auth_user_changelist"), USER_ADMINS),
    PageType(
        "user list, counts", lambda s, r: admin("auth_user_changelist") + "?_facets=1", USER_ADMINS
    ),
    PageType("user add", lambda s, r: admin("auth_user_add"), USER_ADMINS),
    PageType(
        "user add, errors",
        lambda s, r: admin("auth_user_add"),
        USER_ADMINS,
        post=lambda s, r, c, u: {"username": "", "usable_password": "true", "password1": "kort"},
    ),
    PageType("user change", lambda s, r: change_url(s.people["kari"]), USER_ADMINS),
    PageType(
        "user password",
        lambda s, r: admin("auth_user_password_change", s.people["kari"].pk),
        USER_ADMINS,
    ),
    PageType(
        "user password, errors",
        lambda s, r: admin("auth_user_password_change", s.people["kari"].pk),
        USER_ADMINS,
        post=lambda s, r, c, u: {"usable_password": "true", "password1": "a", "password2": "b"},
    ),
    PageType(
        "user list, deactivate selected",
        lambda s, r: admin("auth_user_changelist"),
        USER_ADMINS,
        post=lambda s, r, c, u: {"action": "deactivate_selected", "_selected_action": []},
        follow=True,
    ),
    PageType("role list", lambda s, r: admin("auth_group_changelist"), USER_ADMINS),
    PageType(
        "role", lambda s, r: admin("auth_group_change", Group.objects.first().pk), USER_ADMINS
    ),
    PageType("role add", lambda s, r: admin("auth_group_add"), SUPERUSER),
    PageType("action log", lambda s, r: admin("admin_logentry_changelist"), USER_ADMINS),
    PageType(
        "action log, counts",
        lambda s, r: admin("admin_logentry_changelist") + "?_facets=1",
        USER_ADMINS,
    ),
    PageType(
        "action log entry",
        lambda s, r: admin("admin_logentry_change", LogEntry.objects.first().pk),
        USER_ADMINS,
    ),
    # django-axes: the login records, for the superuser.
    PageType("login attempts", lambda s, r: admin("axes_accessattempt_changelist"), SUPERUSER),
    PageType(
        "login attempt",
        lambda s, r: admin("axes_accessattempt_change", AccessAttempt.objects.get().pk),
        SUPERUSER,
    ),
    PageType("login failures", lambda s, r: admin("axes_accessfailurelog_changelist"), SUPERUSER),
    PageType(
        "login failure",
        lambda s, r: admin("axes_accessfailurelog_change", AccessFailureLog.objects.get().pk),
        SUPERUSER,
    ),
    PageType("logins", lambda s, r: admin("axes_accesslog_changelist"), SUPERUSER),
    PageType(
        "login",
        lambda s, r: admin(
            "axes_accesslog_change", AccessLog.objects.filter(username="kari").get().pk
        ),
        SUPERUSER,
    ),
    # The person's own account, and what a refusal looks like.
    PageType("password change", lambda s, r: admin("password_change")),
    PageType(
        "password change, errors",
        lambda s, r: admin("password_change"),
        post=lambda s, r, c, u: {
            "old_password": "feil",
            "new_password1": "a",
            "new_password2": "b",
        },
    ),
    PageType("password changed", lambda s, r: admin("password_change_done")),
    PageType(
        "forbidden",
        lambda s, r: admin("auth_user_changelist"),
        EVERYONE - USER_ADMINS,
        status=403,
    ),
    PageType(
        "not found",
        lambda s, r: admin("regions_region_change", Region.objects.get(slug="hallingdal").pk),
        frozenset({"kari"}),
        status=404,
    ),
    PageType(
        "logged out",
        lambda s, r: admin("logout"),
        post=lambda s, r, c, u: {},
    ),
]


def _reset_link(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])


def _failed_logins(client, url, times):
    for _attempt in range(times - 1):
        client.post(url, {"username": "kari", "password": "feil-passord"})
    return {"username": "kari", "password": "feil-passord"}


# Before signing in.
ANONYMOUS_PAGES = [
    PageType("login", lambda s, r: admin("login")),
    PageType(
        "login, wrong password",
        lambda s, r: admin("login"),
        post=lambda s, r, c, u: {"username": "kari", "password": "feil-passord"},
    ),
    PageType(
        "login, locked out",
        lambda s, r: admin("login"),
        post=lambda s, r, c, u: _failed_logins(c, u, 5),
        status=429,
    ),
    PageType("password reset", lambda s, r: reverse("admin_password_reset")),
    PageType(
        "password reset, errors",
        lambda s, r: reverse("admin_password_reset"),
        post=lambda s, r, c, u: {"email": "ikkje ei adresse"},
    ),
    PageType("password reset sent", lambda s, r: reverse("password_reset_done")),
    PageType("password reset link", lambda s, r: _reset_link(s.people["kari"]), follow=True),
    PageType(
        "password reset link, errors",
        lambda s, r: _reset_link(s.people["kari"]),
        post=lambda s, r, c, u: {"new_password1": "kort", "new_password2": "anna"},
        follow=True,
    ),
    PageType(
        "password reset link, used",
        lambda s, r: reverse("password_reset_confirm", args=["MQ", "brukt"]),
    ),
    PageType("password reset complete", lambda s, r: reverse("password_reset_complete")),
]


def pages_for(role):
    return [page for page in PAGES if role in page.roles]


def open_page(page, scene, role, client):
    url = page.url(scene, role)
    if page.post is None:
        response = client.get(url, follow=page.follow)
    else:
        if page.follow and page.name.startswith("password reset link"):
            url = client.get(url, follow=True).redirect_chain[-1][0]
        response = client.post(url, page.post(scene, role, client, url), follow=page.follow)
    assert response.status_code == page.status, f"{page.name}: {response.status_code} at {url}"
    return response.content.decode()


@pytest.fixture
def check():
    return NynorskCheck(django_untranslated())


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_page_is_nynorsk_for(role, scene, check):
    problems = []
    for page in pages_for(role):
        client = sign_in(Client(), scene.people[role])
        html = open_page(page, scene, role, client)
        problems += [f"{page.name}: {problem}" for problem in check.problems(visible_strings(html))]
    assert problems == [], "\n".join(problems)


def test_every_page_before_signing_in_is_nynorsk(scene, check):
    problems = []
    for page in ANONYMOUS_PAGES:
        html = open_page(page, scene, None, Client())
        problems += [f"{page.name}: {problem}" for problem in check.problems(visible_strings(html))]
    assert problems == [], "\n".join(problems)
