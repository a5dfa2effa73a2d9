"""Test helper: what a browser posts when the user confirms an import preview."""


def confirm_data(response, **choices) -> dict:
    """The confirm form of a preview as the browser sends it: its hidden fields and every
    choice as the page preselects it (a new department to create, unless it resembles an
    existing one), overridden by `choices` (field name → value), and the confirm button."""
    form = response.context["confirm_form"]
    data = {field.html_name: field.value() or "" for field in form}
    data.update(choices)
    data["confirm"] = "1"
    return data
