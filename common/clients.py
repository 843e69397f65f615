"""The address of the client a request comes from, as far as the site can trust it.

Behind a proxy every request arrives from the proxy's address, and `X-Forwarded-For` is a list that
anyone can start: only the entries appended by proxies we run are true. TRUSTED_PROXY_COUNT says how
many of ours sit in front of the site (0, the default: none, use REMOTE_ADDR); the client is then the
address the outermost of them saw, the TRUSTED_PROXY_COUNT-th entry from the right. allauth's rate
limits follow the same rule (ALLAUTH_TRUSTED_PROXY_COUNT is set from the same variable).
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address; IPv6 addresses as their /64, which one subscriber usually holds whole."""
    address = request.META.get("REMOTE_ADDR", "") or ""
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.headers.get("X-Forwarded-For", "")
    if trusted > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        # Fewer entries than our proxies add means the header did not come through them: ignore it.
        if len(hops) >= trusted:
            address = hops[-trusted]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64] or "unknown"
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)
