"""Serializer fields for rich text: every rich-text field goes out twice, as sanitised
HTML (`<name>_html`) and as plain text (`<name>_text`)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from milepael.core.richtext import html_to_text, sanitize_html


@extend_schema_field(OpenApiTypes.STR)
class HTMLField(serializers.Field):
    """Sanitised HTML (the rich-text allow-list), safe to insert into a page as is."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        kwargs.setdefault("help_text", "Sanitised HTML (p, ul, ol, li, strong, em, h3, h4, a, blockquote, br).")
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        # Stored values are sanitised on save; sanitising again keeps data written around
        # the model inert too (same as the |richtext template filter).
        return sanitize_html(value or "")


@extend_schema_field(OpenApiTypes.STR)
class PlainTextField(serializers.Field):
    """The plain text of a rich-text field, whitespace folded."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        kwargs.setdefault("help_text", "Plain text of the HTML twin, whitespace folded.")
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        # From the sanitised HTML, so the text never carries what the HTML may not (a script's body).
        return html_to_text(sanitize_html(value or ""))


def rich_text(source: str) -> tuple[HTMLField, PlainTextField]:
    """The HTML field and its plain-text twin for model field `source`."""
    return HTMLField(source=source), PlainTextField(source=source)
