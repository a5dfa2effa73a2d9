"""Breadcrumbs: the base layouts draw the DKFDS wrapper once ({% breadcrumbs %}), pages give
only the items ({% crumb %}) in their `crumbs` block:

    {% block crumbs %}{% url 'start:home' as home %}{% crumb _("Forside") home %}{% crumb plan.title %}{% endblock %}
"""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def crumb(label, url: str = "") -> str:
    """One item: a link to `url`, or, without a url, the current page (aria-current)."""
    if url:
        return format_html(
            '<li class="breadcrumbs__list-item"><a class="breadcrumbs__link" href="{}">{}</a></li>', url, label
        )
    return format_html('<li class="breadcrumbs__list-item" aria-current="page">{}</li>', label)


class BreadcrumbsNode(template.Node):
    def __init__(self, nodelist: template.NodeList):
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        items = self.nodelist.render(context).strip()
        if not items:  # a page without breadcrumbs gets no empty navigation landmark
            return ""
        # The items are rendered template output (escaped by their tags), not user input.
        return render_to_string("core/_breadcrumbs.html", {"items": mark_safe(items)})  # noqa: S308


@register.tag
def breadcrumbs(parser: template.base.Parser, token: template.base.Token) -> BreadcrumbsNode:
    """{% breadcrumbs %}…items…{% endbreadcrumbs %}: the navigation around the items, if any."""
    nodelist = parser.parse(("endbreadcrumbs",))
    parser.delete_first_token()
    return BreadcrumbsNode(nodelist)
