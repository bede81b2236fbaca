"""Every response carries the security headers; the public site needs no inline script or style."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from byregion.middleware import client_ip
from tests.factories import make_region, make_result

pytestmark = pytest.mark.django_db

PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
ADMIN_POLICY = {**PUBLIC_POLICY, "style-src-attr": ["'unsafe-inline'"]}


def policy(response):
    """Return the Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"].split(", ")
    assert {"camera=()", "microphone=()", "geolocation=()", "payment=()"} <= set(permissions)


class _InlineFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inline = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src"):
            self.inline.append("<script> without src")
        if tag == "style":
            self.inline.append("<style>")
        self.inline.extend(f"{name}= on <{tag}>" for name in attrs if name.startswith("on"))
        if "style" in attrs:
            self.inline.append(f"style= on <{tag}>")


def inline_code(html):
    finder = _InlineFinder()
    finder.feed(html)
    return finder.inline


@pytest.fixture
def public_urls():
    region = make_region(name="Vest-Telemark", slug="vest-telemark", goals=2)
    result = make_result(region, goals=[1])
    return [
        reverse("home"),
        reverse("regions:region_list"),
        region.get_absolute_url(),
        reverse("cases:result_list"),
        result.get_absolute_url(),
        reverse("search") + "?q=resultat",
        reverse("accessibility"),
    ]


def test_public_pages_send_the_strict_policy_and_the_security_headers(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert policy(response) == PUBLIC_POLICY, url
        assert "unsafe" not in response["Content-Security-Policy"]
        assert_common_headers(response)


def test_public_pages_hold_no_inline_script_style_or_event_handler(client, public_urls):
    for url in public_urls:
        assert inline_code(client.get(url).content.decode()) == [], url


def test_a_missing_page_and_the_health_check_carry_the_headers_too(client):
    for url, status in [("/finst-ikkje/", 404), (reverse("health"), 200)]:
        response = client.get(url)
        assert response.status_code == status
        assert policy(response) == PUBLIC_POLICY
        assert_common_headers(response)


def test_the_admin_may_use_style_attributes_and_nothing_more(admin_client):
    for url in [
        reverse("admin:login"),
        reverse("admin:index"),
        reverse("admin:cases_resultexample_add"),
        reverse("admin:regions_region_add"),
    ]:
        response = admin_client.get(url)
        assert response.status_code in (200, 302), url
        assert policy(response) == ADMIN_POLICY, url
        assert_common_headers(response)


def test_the_admin_pages_themselves_hold_no_inline_script(admin_client):
    html = admin_client.get(reverse("admin:cases_resultexample_add")).content.decode()
    assert not [found for found in inline_code(html) if not found.startswith("style=")]


def test_a_request_id_from_the_proxy_is_echoed_and_a_bad_one_replaced(client):
    response = client.get(reverse("health"), headers={"X-Request-ID": "lb-1234.abc"})
    assert response["X-Request-ID"] == "lb-1234.abc"
    response = client.get(reverse("health"), headers={"X-Request-ID": "<script>"})
    assert len(response["X-Request-ID"]) == 32
    assert response["X-Request-ID"].isalnum()


@pytest.mark.parametrize(
    ("proxies", "forwarded", "client"),
    [
        (0, "6.6.6.6", "172.18.0.5"),
        (1, "81.0.0.5", "81.0.0.5"),
        (1, "6.6.6.6, 81.0.0.5", "81.0.0.5"),
        (2, "6.6.6.6, 81.0.0.5, 10.0.0.2", "81.0.0.5"),
        (1, "", "172.18.0.5"),
    ],
)
def test_the_login_throttle_sees_the_client_the_proxies_saw(
    rf, settings, proxies, forwarded, client
):
    settings.PROXY_COUNT = proxies
    request = rf.get("/admin/login/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == client
