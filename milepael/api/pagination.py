from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

# Beyond this an offset cannot address a row anyway; it also keeps SQLite's 64-bit integers safe.
MAX_OFFSET = 2**31 - 1


class Pagination(LimitOffsetPagination):
    """limit/offset pages of at most 1000 rows (100 unless `limit` says otherwise)."""

    max_limit = 1000

    def get_offset(self, request) -> int:
        """The offset asked for; above MAX_OFFSET (the schema's maximum) the request is refused,
        as the schema promises, rather than quietly answered with another page."""
        offset = super().get_offset(request)
        if offset > MAX_OFFSET:
            raise ValidationError(
                {self.offset_query_param: [_("offset må højst være %(maximum)d.") % {"maximum": MAX_OFFSET}]}
            )
        return offset

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.limit_query_param: (1, self.max_limit), self.offset_query_param: (0, MAX_OFFSET)}
        for parameter in parameters:
            if parameter["name"] in bounds:
                low, high = bounds[parameter["name"]]
                parameter["schema"].update(minimum=low, maximum=high)
        return parameters
