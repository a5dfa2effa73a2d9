"""The client's address, as the login lockout (django-axes), the API's throttling and the
access log all see it.

Behind the municipality's TLS proxy every request comes from the proxy, so REMOTE_ADDR
names the proxy for everyone; the client is in X-Forwarded-For. But that header is written
by whoever sends the request: only the entries our own proxies appended can be trusted.
With MILEPAEL_TRUSTED_PROXIES=N proxies in front of the app, each appends the address it
received the request from, so the client is the N-th entry from the right; anything to
the left of it is the client's own claim and is ignored. With 0 (the default: the app is
reached directly) the header is ignored entirely.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> str | None:
    """`text` as a normalised IP address, also with a port ("1.2.3.4:80", "[2001:db8::1]:80");
    None for anything else."""
    candidates = [text]
    if text.startswith("[") and "]" in text:
        candidates.append(text[1 : text.index("]")])
    elif text.count(":") == 1:
        candidates.append(text.split(":", 1)[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that sent `request` (see the module docstring). Falls back
    to REMOTE_ADDR when the header has fewer entries than there are trusted proxies (the
    request did not come through them) or the entry is not an address."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.MILEPAEL_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    return _address(hops[-proxies]) or remote
