"""The Excel exports as core.exports makers, so that a large plan's workbook is made by the
worker like a large report (the queue is reports.jobs'); registered in ExchangeConfig.ready."""

from milepael.core import exports
from milepael.core.formatting import download_name
from milepael.core.xlsx import XLSX_CONTENT_TYPE
from milepael.followup.selectors import round_for_page
from milepael.plans.selectors import plan_for_page

from . import selectors
from .xlsx_plan import export_plan_xlsx
from .xlsx_ratings import export_ratings_xlsx

PLAN_WORKBOOK = "exchange.plan-xlsx"
RATINGS_WORKBOOK = "exchange.ratings-xlsx"


def _workbook(content: bytes, *name_parts: str) -> exports.Download:
    return exports.Download(content, download_name(*name_parts, extension="xlsx"), XLSX_CONTENT_TYPE)


def plan_workbook(params: dict, user) -> exports.Download:
    """The plan as an Excel workbook, to edit and import again. params: {"plan": pk}."""
    plan = plan_for_page(params["plan"])
    return _workbook(export_plan_xlsx(plan), "udmøntning", plan.agreement.title, plan.committee.name)


def ratings_workbook(params: dict, user) -> exports.Download:
    """One round's ratings of a plan, with the rows `user` rates. params: {"plan": pk, "round": pk}."""
    round_ = round_for_page(params["round"])
    plan = selectors.plan_of_round(round_, params["plan"])
    return _workbook(export_ratings_xlsx(plan, round_, user), "vurderinger", round_.name, plan.committee.name)


def register() -> None:
    exports.register_maker(PLAN_WORKBOOK, plan_workbook)
    exports.register_maker(RATINGS_WORKBOOK, ratings_workbook)
