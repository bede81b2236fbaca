"""Template tags for the maps: {% national_map regions %} and {% region_map region memberships %}."""

from django import template

from regions import maps

register = template.Library()


@register.inclusion_tag("regions/includes/national_map.html")
def national_map(regions):
    """Norway with each of `regions` a link to its page (nothing when there are none)."""
    return {"map": maps.national_map(regions)}


@register.inclusion_tag("regions/includes/region_map.html")
def region_map(region, memberships):
    """The region's member municipalities among their neighbours (nothing without members)."""
    return {"map": maps.region_map(memberships), "region": region}
