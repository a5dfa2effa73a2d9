"""The choices of the search page's filters."""

from milepael.core.smileys import EFFORT_VALUES, FACES
from milepael.organisation.models import Committee, Department
from milepael.plans.models import Agreement


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    years = Agreement.objects.order_by("-budget_year").values_list("budget_year", flat=True).distinct()
    return {
        "year": [(str(year), str(year)) for year in years],
        "committee": [(str(pk), name) for pk, name in Committee.objects.order_by("name").values_list("pk", "name")],
        "department": [(str(pk), name) for pk, name in Department.objects.order_by("name").values_list("pk", "name")],
        "smiley": [(value, FACES[value][1]) for value in EFFORT_VALUES],
    }
