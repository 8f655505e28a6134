"""Rate limits on the public forms that store or send something, per e-mail address and per IP.

Each form has a limit in ``settings.RATE_LIMITS``: at most ``per_email`` submissions from one
address and ``per_ip`` from one client IP within ``seconds``. Only submissions the form accepts
count; a refused one, or one with a typing mistake, takes nothing.

The count lives in the shared cache (a database table, or Redis), so every app process sees
the same one. A limit of N is N slots per address: a submission takes the first free slot with
``cache.add``, which only one caller can win, and the slot frees itself ``seconds`` after it
was taken. So no more than N pass in any window of that length, whichever process serves them.
Cache keys hold a keyed hash, never the address itself.
"""

import hashlib
import ipaddress
import logging

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

REFUSED_MESSAGE = _(
    "This form has been sent too often from your e-mail address or your network in a short "
    "time. Please try again later: what you typed is kept below."
)
# IPv6 clients often get a whole /64 network: count it as one address.
IPV6_PREFIX = 64


def client_ip(request):
    """The client's IP address as text, or None when it cannot be read.

    ``REMOTE_ADDR``, unless ``settings.CLIENT_IP_HEADER`` names the header in which a reverse
    proxy passes the client's address. Only a proxy that overwrites that header may be trusted
    this way, or every client could choose its own address; of a list, the last entry (the one
    the nearest proxy wrote) is taken.
    """
    address = request.META.get("REMOTE_ADDR", "")
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header:
        meta_name = "HTTP_" + header.upper().replace("-", "_")
        forwarded = request.META.get(meta_name, "").split(",")[-1].strip()
        address = forwarded or address
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def allow(form_name, *, email, ip):
    """Take one slot of ``form_name``'s limit for ``email`` and for ``ip`` (either may be
    empty). Returns False, taking nothing, when either has none left.

    When the cache cannot be reached the submission is let through (and a warning logged):
    a cache outage must not stop applications.
    """
    limit = settings.RATE_LIMITS[form_name]
    taken = []
    try:
        for kind, value, most in (
            ("email", (email or "").strip().lower(), limit["per_email"]),
            ("ip", ip_group(ip), limit["per_ip"]),
        ):
            if not value:
                continue
            slot = take_slot(slot_prefix(form_name, kind, value), most, limit["seconds"])
            if slot is None:
                for key in taken:
                    cache().delete(key)
                logger.info("Rate limit reached on the %s form (per %s).", form_name, kind)
                return False
            taken.append(slot)
    except Exception:
        logger.warning("Rate limit of the %s form not checked: cache unavailable.", form_name)
        return True
    return True


def take_slot(prefix, most, seconds):
    """The key of the slot taken under ``prefix``, or None when all ``most`` are taken."""
    keys = [f"{prefix}:{number}" for number in range(most)]
    held = cache().get_many(keys)
    for key in keys:
        if key not in held and cache().add(key, 1, timeout=seconds):
            return key
    return None


def slot_prefix(form_name, kind, value):
    digest = hashlib.blake2b(
        value.encode(), key=settings.SECRET_KEY.encode()[:64], digest_size=16
    ).hexdigest()
    return f"ratelimit:{form_name}:{kind}:{digest}"


def ip_group(ip):
    """The address as counted: itself for IPv4, its /64 network for IPv6."""
    if not ip:
        return ""
    address = ipaddress.ip_address(ip)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    return str(address)


def cache():
    return caches["default"]
