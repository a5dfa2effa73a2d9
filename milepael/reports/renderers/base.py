"""Report renderers: one small class per (report kind, format), registered in one dict.

Modelled on pretix's exporters (`pretix.base.exporter.BaseExporter`: `identifier`,
`verbose_name`, `render`). A renderer only lays out a report model that was built once
(`document.PlanReport`, `term_builders.TermReport`), cleaned of control characters; it
never queries. The services find
one with `renderer_for(kind, format)`, the pages list the formats with `renderers_of(kind)`.
"""

from collections.abc import Callable
from typing import Any, ClassVar

from django.utils.functional import Promise

from milepael.core.text import clean_data

# The report kinds: the implementation plan with its follow-up reports (a PlanReport),
# and the election-term status report (a TermReport).
PLAN = "plan"
TERM = "term"
# The whole agreement at round N: a summary across its committees, then each plan's report
# (an agreement.AgreementReport).
AGREEMENT = "agreement"
# The order in which pages offer the formats.
FORMAT_ORDER = ("html", "pdf", "docx", "xlsx")

Progress = Callable[[int, int], None]  # (initiatives done, total), now and then


class UnknownFormat(LookupError):
    """No renderer lays out this kind of report in this format."""

    def __init__(self, report_kind: str, format: str):
        super().__init__(f"no renderer for the {report_kind} report in format {format!r}")
        self.report_kind, self.format = report_kind, format


class Renderer:
    """Lays out one kind of report in one format. Subclasses set the class attributes
    and implement `lay_out`, then register with `@register`."""

    report_kind: ClassVar[str]  # PLAN, TERM or AGREEMENT
    identifier: ClassVar[str]  # the format, as in the address: "html", "pdf", "docx", "xlsx"
    verbose_name: ClassVar[Promise]  # what the user reads in a link: "PDF", "Word" …
    content_type: ClassVar[str]
    extension: ClassVar[str]  # of the file name
    # False for HTML: shown as a page in the request, never a download or a background job.
    downloadable: ClassVar[bool] = True

    def render(self, report: Any, progress: Progress | None = None) -> bytes:
        """The report laid out in this format. Every text is cleaned of control characters
        first (core.text): they are removed when saved, but data written around the models
        must still give a valid file, never an error for everyone."""
        return self.lay_out(clean_data(report), progress)

    def lay_out(self, report: Any, progress: Progress | None = None) -> bytes:
        """The cleaned report laid out in this format. Renderers that take long call
        `progress(done, total)` as they go."""
        raise NotImplementedError

    def __str__(self) -> str:
        return f"{self.report_kind}.{self.identifier}"


REGISTRY: dict[tuple[str, str], Renderer] = {}


def register(renderer_class: type[Renderer]) -> type[Renderer]:
    """Class decorator: make `renderer_class` the renderer of its (report kind, format)."""
    key = (renderer_class.report_kind, renderer_class.identifier)
    if key in REGISTRY:
        raise ValueError(f"{key} already has a renderer: {REGISTRY[key]!r}")
    REGISTRY[key] = renderer_class()
    return renderer_class


def renderer_for(report_kind: str, format: str) -> Renderer:
    """The renderer of `report_kind` in `format`; UnknownFormat if there is none."""
    try:
        return REGISTRY[(report_kind, format)]
    except KeyError:
        raise UnknownFormat(report_kind, format) from None


def renderers_of(report_kind: str) -> list[Renderer]:
    """Every renderer of `report_kind`, in the order pages offer them."""
    found = [renderer for (kind, _format), renderer in REGISTRY.items() if kind == report_kind]
    return sorted(found, key=lambda renderer: FORMAT_ORDER.index(renderer.identifier))
