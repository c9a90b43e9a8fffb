"""``{% elided_pages page_obj as numbers %}``: page numbers around the current one, with "…"."""

from django import template

register = template.Library()


@register.simple_tag
def elided_pages(page_obj):
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
