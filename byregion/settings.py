"""Settings for Byregion, read from the environment (see .env.example)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    return env(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("BYREGION_TESTING", False)

_INSECURE_KEY = "django-insecure-local-development-only"
SECRET_KEY = env("SECRET_KEY", _INSECURE_KEY)
if (
    not DEBUG
    and not TESTING
    and (SECRET_KEY == _INSECURE_KEY or len(SECRET_KEY) < 40 or SECRET_KEY.startswith("change-me"))
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 40 characters when DEBUG is off."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG or TESTING else "")
if not DEBUG and not TESTING and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host names when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "tinymce",
    "reversion",
    "byregion.accounts.apps.AxesConfig",
    "csp",
    # Two-factor sign-in (byregion/accounts/two_factor.py): an app (TOTP) and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "byregion",
    "byregion.accounts",
    "regions",
    "cases",
]

MIDDLEWARE = [
    "byregion.middleware.RequestIdMiddleware",
    "byregion.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "byregion.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Serves anonymous pages from the page cache before any of the work below (byregion/cache.py).
    "byregion.cache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "byregion.middleware.EditorCspMiddleware",
    # Refuses a NUL in the path or a parameter (400) before anything can pass it to a query.
    "byregion.middleware.NulCharacterMiddleware",
    # Below CSP and security headers so its 503 page carries them; above everything that queries.
    "byregion.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session given its second factor? Then the admin asks
    # for it from those who have one or must have one.
    "django_otp.middleware.OTPMiddleware",
    "byregion.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "reversion.middleware.RevisionMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "byregion.urls"
WSGI_APPLICATION = "byregion.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "byregion.site.context_processors.site",
            ],
        },
    },
]

# Database: embedded SQLite unless DATABASE_URL names another one.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared between app servers), local memory otherwise.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "byregion",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))
# Sessions live in the database (read through the shared cache), so any app server can serve anyone.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (byregion/accounts/throttle.py), for an hour: five failures lock a user name from
# one address; twenty failures lock the address for every user name, so guesses spread over many
# names (five names, four passwords each) are stopped too. Twenty, not five, leaves room for an
# office behind one address where several people mistype. No lock on a user name alone: anyone
# could then shut any editor out from anywhere (two-factor sign-in guards the accounts that matter).
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(env("AXES_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
# Axes has one limit for all parameter sets; this handler gives the address its own, and a good
# login forgets only that user name's failures, not the address's count of guesses at others.
AXES_HANDLER = "byregion.accounts.throttle.LoginThrottle"
AXES_LOCKOUT_CALLABLE = "byregion.accounts.throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# Behind PROXY_COUNT proxies (docker-compose.yml has one) the client is in X-Forwarded-For.
PROXY_COUNT = int(env("PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "byregion.middleware.client_ip"
# Password-reset requests (byregion/accounts/password_reset.py) per hour: per client address, and
# per e-mail address typed, whether or not an account has it, so the limit tells nothing either.
PASSWORD_RESET_WINDOW_SECONDS = 3600
PASSWORD_RESET_ADDRESS_LIMIT = int(env("PASSWORD_RESET_ADDRESS_LIMIT", "10"))
PASSWORD_RESET_ACCOUNT_LIMIT = int(env("PASSWORD_RESET_ACCOUNT_LIMIT", "3"))

# Two-factor sign-in: the name the authenticator app shows beside the user name.
OTP_TOTP_ISSUER = "Byregion"

# Languages: nynorsk first and without a URL prefix, bokmål under /nb/, English under /en/.
LANGUAGE_CODE = "nn"
LANGUAGES = [("nn", _("Nynorsk")), ("nb", _("Bokmål")), ("en", _("English"))]
# The project's own strings (makemessages writes to locale/), then nynorsk for Django's and the
# packages' strings where their nn catalogue lacks them or is in bokmål (README, Translations).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not TESTING
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Media in an S3-compatible bucket (pip install ".[s3]") when several hosts share no volume.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
MEDIA_ORIGINS = []
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN") or None
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN,
            "location": env("AWS_LOCATION", "media"),
            # Stored names are random; never overwrite, never sign public image URLs.
            "file_overwrite": False,
            "querystring_auth": False,
            "default_acl": env("AWS_DEFAULT_ACL") or None,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    MEDIA_ORIGINS = [
        f"https://{AWS_S3_CUSTOM_DOMAIN}"
        if AWS_S3_CUSTOM_DOMAIN
        else AWS_S3_ENDPOINT_URL or f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
    ]

# Uploads: refuse large bodies early; images are checked again by cases.images.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644
IMAGE_UPLOAD_MAX_BYTES = int(env("IMAGE_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
IMAGE_UPLOAD_MAX_PIXELS = 40_000_000
# A whole request body (an admin form with several images) is refused above this before it is read.
REQUEST_MAX_BYTES = int(env("REQUEST_MAX_BYTES", str(64 * 1024 * 1024)))

# Where to report a security problem (/.well-known/security.txt): a mailto: or https: address.
SECURITY_CONTACT = env("SECURITY_CONTACT", "mailto:tryggleik@byregion.example")

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Byregion <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's own address, for links in e-mails sent outside a request (send_review_reminders).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Security headers; the HTTPS-only ones switch on with DEBUG off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HTTPS = env_bool("HTTPS", not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
# The health check must answer plain HTTP from the load balancer.
SECURE_REDIRECT_EXEMPT = [r"^helse/$"]

# Content-Security-Policy: everything from this origin, no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# TinyMCE 7 styles its UI through the CSSOM (allowed) and loads its skins as files, but it still
# writes a few style attributes as markup (new blocks after Enter, the link dialog). So the admin,
# and only the admin, may use style *attributes*; <style> elements and inline script stay refused
# everywhere (tests/browser/test_admin_csp.py). The public site needs no exception at all.
CSP_EDITOR_PATHS = ["/admin/"]
CSP_EDITOR_UPDATE = {"style-src-attr": ["'unsafe-inline'"]}
# Browser features the site never uses, switched off for every page (Permissions-Policy).
PERMISSIONS_POLICY_DENY = [
    "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
    "magnetometer", "microphone", "midi", "payment", "usb",
]  # fmt: skip

# Rich text editing: the toolbar of DESIGN.md, nynorsk UI, GPL licence key, no inline styles.
# TinyMCE has no nynorsk; the project's pack is static/tinymce/langs/nn.js (byregion/editor_language.py).
# Alt+0 opens the help: keyboard shortcuts and navigation only (the other tabs link off-site).
TINYMCE_JS_URL = STATIC_URL + "tinymce/tinymce.min.js"
TINYMCE_DEFAULT_CONFIG = {
    "license_key": "gpl",
    "language": "nn",
    "menubar": False,
    "branding": False,
    "promotion": False,
    "height": 320,
    "plugins": "lists link autolink help",
    "help_tabs": ["shortcuts", "keyboardnav"],
    "toolbar": "undo redo | blocks | bold italic | bullist numlist | link blockquote | removeformat",
    "block_formats": "Avsnitt=p; Overskrift 2=h2; Overskrift 3=h3; Overskrift 4=h4",
    "valid_elements": "p,br,h2,h3,h4,strong/b,em/i,ul,ol,li,blockquote,a[href|title]",
    "invalid_styles": "color font-size font-family background-color",
    "link_default_protocol": "https",
    "relative_urls": False,
    "entity_encoding": "raw",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "byregion.logging.RequestIdFilter"}},
    "formatters": {"json": {"()": "byregion.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": [], "propagate": False},
    },
}
