"""Rate limits on the public forms that store or send something, per e-mail address and per IP.

Each form has a limit in ``settings.RATE_LIMITS``: at most ``per_email`` submissions from one
address and ``per_ip`` from one client IP within ``seconds``. Only submissions the form accepts
count; a refused one, or one with a typing mistake, takes nothing.

The count lives in the shared cache (a database table, or Redis), so every app process sees
the same one. A limit of N is N slots per address, taken in turn: a submission takes the next
slot with ``cache.add``, which only one caller can win, and a slot frees itself ``seconds``
after it was taken. The next slot is the one taken longest ago, so when it and the slots after
it are still held, N submissions passed within the window and this one is refused. A few cache
calls per submission, whatever N is, and no more than N pass in any window of that length,
whichever process serves them. Cache keys hold a keyed hash, never the address itself.
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
    header = settings.CLIENT_IP_HEADER
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

    When the cache cannot be reached, or takes no writes, the submission is let through (and
    a warning logged): a cache outage must not stop applications.
    """
    limit = settings.RATE_LIMITS[form_name]
    counted = [
        (kind, slot_prefix(form_name, kind, value), most)
        for kind, value, most in (
            ("email", (email or "").strip().lower(), limit["per_email"]),
            ("ip", ip_group(ip), limit["per_ip"]),
        )
        if value
    ]
    if not counted:
        return True
    taken = []
    try:
        # Both limits in two reads: where each one's next slot is, then which are held.
        starts = cache().get_many([f"{prefix}:next" for _kind, prefix, _most in counted])
        candidates = {
            prefix: next_slots(prefix, starts.get(f"{prefix}:next", 0), most)
            for _kind, prefix, most in counted
        }
        held = cache().get_many([key for slots in candidates.values() for key in slots])
        for kind, prefix, most in counted:
            number = take_slot(prefix, most, candidates[prefix], held, limit["seconds"])
            if number is None:
                start = starts.get(f"{prefix}:next", 0)
                number = take_slot_further_on(prefix, most, start, limit["seconds"])
            if number is None:
                for earlier_prefix, earlier_number in taken:
                    give_back(earlier_prefix, earlier_number, limit["seconds"])
                logger.info("Rate limit reached on the %s form (per %s).", form_name, kind)
                return False
            taken.append((prefix, number))
    except Exception:
        logger.warning("Rate limit of the %s form not checked: cache unavailable.", form_name)
        return True
    return True


# Submissions at the same moment from other processes may win the next slots: try a few.
TRIES = 8


def next_slots(prefix, start, most, count=TRIES):
    """The keys of ``count`` slots to try in turn from ``start`` (fewer when there are fewer),
    with their numbers; none for a limit of zero."""
    if most < 1:
        return {}
    return {f"{prefix}:{(start + step) % most}": (start + step) % most for step in range(count)}


def take_slot(prefix, most, slots, held, seconds):
    """The number of the slot taken of ``slots``, or None when they are all held."""
    for key, number in slots.items():
        if key not in held and cache().add(key, 1, timeout=seconds):
            cache().set(f"{prefix}:next", (number + 1) % most, timeout=seconds)
            return number
    return None


# How many rounds of TRIES slots a submission reads before it is refused.
ROUNDS = 16


def take_slot_further_on(prefix, most, start, seconds):
    """After the TRIES slots from ``start`` were all held: the number of a free slot further
    on, or None when every slot is held (of a limit above ROUNDS x TRIES, that many).

    The pointer to the next slot is set by whichever submission finished last, so one that
    was slow to finish can set it back over slots that others have taken since. Only a look
    further on tells such a crowd from a limit that is reached.
    """
    for offset in range(TRIES, min(most, ROUNDS * TRIES), TRIES):
        slots = next_slots(prefix, start + offset, most, count=min(TRIES, most - offset))
        number = take_slot(prefix, most, slots, cache().get_many(list(slots)), seconds)
        if number is not None:
            return number
    return None


def give_back(prefix, number, seconds):
    """Free a slot taken for a submission that another limit refused."""
    cache().delete(f"{prefix}:{number}")
    cache().set(f"{prefix}:next", number, timeout=seconds)


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
