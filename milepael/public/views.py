"""The public pages: no login, Danish, cacheable. The administrators' publishing pages are in
manage_views.py (login, internal layout, never cached)."""

import datetime
from functools import wraps

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from milepael.core.downloads import attachment
from milepael.core.middleware import PUBLIC_MAX_AGE, cached_response, shared_cacheable
from milepael.core.shortcuts import get_or_404
from milepael.core.xlsx import XLSX_CONTENT_TYPE
from milepael.plans import selectors as plan_selectors

from . import opendata, selectors
from .feeds import PublishedRoundsFeed
from .forms import PublicFilterForm

STATEMENT_DATE = datetime.date(2026, 12, 5)  # update when the statement is reviewed


def public_page(*query_params: str):
    """No login, Danish, shared-cacheable, the whole anonymous response cached.

    The public layout has no form, CSRF token or session use, and is always Danish. Marked
    `shared_cacheable`, so the caching middleware strips every cookie from the response and
    answers `private` instead of `public` to a visitor with a session; marked
    `cached_response`, so an anonymous visitor gets the stored response (and its ETag, a 304
    on revalidation) until the data version changes. `query_params` are the parameters the
    view reads (only such addresses are stored)."""

    def decorate(view):
        @shared_cacheable
        @cached_response(*query_params)
        @require_safe
        @cache_control(public=True, max_age=PUBLIC_MAX_AGE)
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            with translation.override("da"):
                response = view(request, *args, **kwargs)
            response["Content-Language"] = "da"
            return response

        return wrapped

    return decorate


def _canonical(request, url: str) -> str:
    return request.build_absolute_uri(url)


@public_page()
def index(request):
    return render(
        request,
        "public/index.html",
        {"entries": selectors.published_plans(), "canonical_url": _canonical(request, reverse("public:index"))},
    )


@public_page("theme", "department", "status", "side")
def plan_page(request, plan_pk: int):
    """The plan's initiatives with the smileys of its published rounds, filtered; folded by
    theme (and the themes paged) when there are more than MILEPAEL_FOLD_THEMES_ABOVE
    (the same threshold as the internal pages)."""
    plan = get_or_404(selectors.public_plan, plan_pk)
    rounds = selectors.published_rounds(plan.agreement_id)
    themes = selectors.themes_of(plan)
    form = PublicFilterForm(
        request.GET or None,
        themes=themes,
        departments=plan_selectors.departments_of(plan),
        latest_round=rounds[-1] if rounds else None,
    )
    filters = form.to_filter()
    summaries = selectors.theme_summaries(plan, rounds, filters, themes)
    shown = sum(summary.initiatives for summary in summaries)
    context = {
        "plan": plan,
        "rounds": rounds,
        "latest_round": rounds[-1] if rounds else None,
        "shown": shown,
        "form": form,
        "filters": filters,
        "canonical_url": _canonical(request, reverse("public:plan", args=[plan.pk])),
    }
    if shown > settings.MILEPAEL_FOLD_THEMES_ABOVE:
        page = Paginator(summaries, settings.MILEPAEL_FOLD_THEMES_PER_PAGE).get_page(request.GET.get("side"))
        context.update(folded=page, theme_query=_query(request, "department", "status"))
        context.update(page_query=_query(request, "theme", "department", "status"))
        context["counts"] = selectors.summed_counts(summaries, rounds)
    else:
        context["groups"] = groups = selectors.plan_overview(plan, rounds, filters)
        context["counts"] = selectors.effort_counts(groups, rounds)
    return render(request, "public/plan.html", context)


def _query(request, *names: str) -> str:
    """The filters among `names` that the request carries, as a query string ("" or "?…")."""
    kept = QueryDict(mutable=True)
    for name in names:
        if request.GET.get(name):
            kept[name] = request.GET[name]
    return f"?{kept.urlencode()}" if kept else ""


def _theme_context(request, plan_pk: int, theme_number: int) -> dict:
    plan = get_or_404(selectors.public_plan, plan_pk)
    theme = get_or_404(selectors.public_theme, plan, theme_number)
    rounds = selectors.published_rounds(plan.agreement_id)
    form = PublicFilterForm(
        request.GET or None, themes=[theme], departments=plan_selectors.departments_of(plan), latest_round=None
    )
    filters = form.to_filter()
    filters.theme = theme.number
    return {
        "plan": plan,
        "theme": theme,
        "rounds": rounds,
        "groups": selectors.plan_overview(plan, rounds, filters),
        "plan_query": _query(request, "department", "status"),
        "canonical_url": _canonical(request, reverse("public:theme", args=[plan.pk, theme.number])),
    }


@public_page("department", "status")
def theme_page(request, plan_pk: int, theme_number: int):
    """One theme of a folded plan page as a page of its own (the link without JavaScript)."""
    return render(request, "public/theme.html", _theme_context(request, plan_pk, theme_number))


@public_page("department", "status")
def theme_rows(request, plan_pk: int, theme_number: int):
    """One theme's rows (table and phone cards), which htmx puts into the folded plan page."""
    return render(request, "public/_theme_rows.html", _theme_context(request, plan_pk, theme_number))


@public_page()
def initiative_page(request, plan_pk: int, number: str):
    """One initiative's milestones, approved smileys and public comments, round by round."""
    plan = get_or_404(selectors.public_plan, plan_pk)
    rounds = selectors.published_rounds(plan.agreement_id)
    initiative = get_or_404(selectors.public_initiative, plan, number, rounds)
    latest = next((rating for _round, _m, rating in reversed(initiative.public_by_round) if rating), None)
    context = {
        "plan": plan,
        "initiative": initiative,
        "rounds": rounds,
        "latest": latest,
        "canonical_url": _canonical(request, reverse("public:initiative", args=[plan.pk, initiative.number])),
    }
    return render(request, "public/initiative.html", context)


@public_page()
def accessibility(request):
    return render(
        request,
        "public/accessibility.html",
        {
            "canonical_url": _canonical(request, reverse("public:accessibility")),
            "statement_date": STATEMENT_DATE,
            "contacts": selectors.published_plan_contacts(),
        },
    )


@shared_cacheable
@require_safe
@cache_control(public=True, max_age=24 * 60 * 60)
def robots_txt(request):
    """Search engines may index the public pages; the internal app is not for them."""
    lines = [
        "User-agent: *",
        f"Allow: {reverse('public:index')}",
        f"Disallow: {reverse('public:manage')}",
        "Allow: /static/",
        "Disallow: /",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@shared_cacheable
@require_safe
@cache_control(public=True, max_age=24 * 60 * 60)
def favicon(request):
    """Browsers ask for /favicon.ico without reading the page (PDFs, downloads): point them to the icon."""
    return HttpResponseRedirect(static("milepael/favicon.ico"))


# --- Open data ----------------------------------------------------------------------------

_DATA_TYPES = {"csv": opendata.CSV_CONTENT_TYPE, "json": opendata.JSON_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}


@public_page()
def plan_data(request, plan_pk: int, fmt: str):
    """The published plan as open data (CSV, JSON or Excel); public and cacheable like its page."""
    if fmt not in _DATA_TYPES:
        raise Http404
    plan = get_or_404(selectors.public_plan, plan_pk)
    rounds = selectors.published_rounds(plan.agreement_id)
    data = opendata.rows(
        plan, rounds, lambda number: _canonical(request, reverse("public:initiative", args=[plan.pk, number]))
    )
    if fmt == "csv":
        content = opendata.as_csv(data)
    elif fmt == "json":
        content = opendata.as_json(plan, data)
    else:
        content = opendata.as_xlsx(plan, data)
    return attachment(content, opendata.filename(plan, fmt), _DATA_TYPES[fmt], public=True)


@public_page()
def open_data(request):
    """What can be downloaded, and the column schema."""
    context = {
        "entries": selectors.published_plans(),
        "columns": opendata.COLUMNS,
        "schema_version": opendata.SCHEMA_VERSION,
        "canonical_url": _canonical(request, reverse("public:open_data")),
    }
    return render(request, "public/open_data.html", context)


feed = public_page()(PublishedRoundsFeed())
