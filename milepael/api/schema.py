"""Error bodies as the OpenAPI schema documents them, and the responses each kind of
operation can give."""

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from .serializers import RatingConflictSerializer


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in Danish.")


class ValidationErrorSerializer(serializers.Serializer):
    """Field name → messages (Danish); `non_field_errors` for the request as a whole."""


class ValidationErrorExtension(OpenApiSerializerExtension):
    target_class = ValidationErrorSerializer

    def map_serializer(self, auto_schema, direction):
        return {
            "type": "object",
            "description": (
                "Field name → list of messages (Danish); `non_field_errors` for the request as a whole. "
                "A malformed body gives `detail` (a string) instead."
            ),
            "additionalProperties": {
                "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}],
            },
            "example": {"effort_comment": ["Forklar en neutral eller sur smiley for indsatsen."]},
        }


UNAUTHENTICATED = OpenApiResponse(ErrorSerializer, description="No or invalid credentials.")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="The user has no right to do this.")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such object.")
INVALID = OpenApiResponse(ValidationErrorSerializer, description="The request breaks a rule; see the messages.")
CONFLICT = OpenApiResponse(
    RatingConflictSerializer,
    description="Someone saved the rating after the version you sent; `current` is what is stored now.",
)

THROTTLED = OpenApiResponse(
    ErrorSerializer,
    description="Too many requests (per user, or per address without credentials); wait `Retry-After` seconds.",
)

READ_ERRORS = {401: UNAUTHENTICATED, 403: FORBIDDEN, 429: THROTTLED}
LIST_ERRORS = {**READ_ERRORS, 400: INVALID}
DETAIL_ERRORS = {**READ_ERRORS, 404: NOT_FOUND}
WRITE_ERRORS = {**READ_ERRORS, 400: INVALID, 409: CONFLICT}
