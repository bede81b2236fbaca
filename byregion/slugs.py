"""URL slugs for Norwegian names."""

from django.utils.text import slugify

_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def slug_from_name(name: str) -> str:
    """Return a URL slug for a Norwegian name: «Bø i Telemark» → «bo-i-telemark»."""
    return slugify(name.translate(_LETTERS))
