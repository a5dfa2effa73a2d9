from rest_framework.pagination import LimitOffsetPagination

# Beyond this an offset cannot address a row anyway; it also keeps SQLite's 64-bit integers safe.
MAX_OFFSET = 2**31 - 1


class Pagination(LimitOffsetPagination):
    """limit/offset pages of at most 1000 rows (100 unless `limit` says otherwise)."""

    max_limit = 1000

    def get_offset(self, request) -> int:
        return min(super().get_offset(request), MAX_OFFSET)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.limit_query_param: (1, self.max_limit), self.offset_query_param: (0, MAX_OFFSET)}
        for parameter in parameters:
            if parameter["name"] in bounds:
                low, high = bounds[parameter["name"]]
                parameter["schema"].update(minimum=low, maximum=high)
        return parameters
