"""Every file Milepæl hands out (reports, workbooks, the calendar feed) leaves through
`attachment`, so each gets the same headers."""

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header


def attachment(
    content: bytes | str, filename: str, content_type: str, *, inline: bool = False, public: bool = False
) -> HttpResponse:
    """`content` as a download named `filename` (shown in the browser with `inline`).

    Internal documents must not linger in shared caches or the browser's cache on a
    municipal PC, hence `private, no-store`; nosniff keeps the browser to `content_type`.
    `public` data (the open data of published plans) is left to the caller's caching, like
    the public pages it comes from."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    if not public:
        patch_cache_control(response, private=True, no_store=True)
    return response
