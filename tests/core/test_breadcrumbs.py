"""Pages give only the breadcrumb items; the base layouts draw the DKFDS navigation once."""

from django.template import Context, Template
from django.test import SimpleTestCase


def render(source: str, **context) -> str:
    return Template("{% load breadcrumbs %}" + source).render(Context(context))


class BreadcrumbTests(SimpleTestCase):
    def test_a_crumb_with_a_url_is_a_link_and_the_last_is_the_current_page(self):
        html = render('{% breadcrumbs %}{% crumb "Forside" "/" %}{% crumb title %}{% endbreadcrumbs %}', title="3.04")
        self.assertInHTML(
            '<nav class="breadcrumbs" aria-label="Brødkrummesti"><ol class="breadcrumbs__list">'
            '<li class="breadcrumbs__list-item"><a class="breadcrumbs__link" href="/">Forside</a></li>'
            '<li class="breadcrumbs__list-item" aria-current="page">3.04</li></ol></nav>',
            html,
        )

    def test_labels_are_escaped(self):
        html = render("{% breadcrumbs %}{% crumb title %}{% endbreadcrumbs %}", title="<b>x</b>")
        self.assertIn("&lt;b&gt;x&lt;/b&gt;", html)

    def test_a_page_without_crumbs_has_no_navigation(self):
        self.assertEqual(render("{% breadcrumbs %}  \n{% endbreadcrumbs %}"), "")
