"""Rate limits on the public forms, per e-mail address and per client IP, in the shared cache.

A limit of N submissions within ``seconds`` is N slots, each held for ``seconds`` after an
accepted submission took it: no more than N pass in any window of that length. A slot is taken
with ``cache.add`` on a key that also names the period (of ``seconds``) it was taken in, so no
key is written again once it has expired: every ``add`` is an insert that only one process can
win, on Redis and on Django's database cache alike. Keys hold a keyed hash, never the address
itself.
"""

import hashlib
import ipaddress
import logging
import random
import time

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
# Of a larger limit, this many slots chosen at random are looked at: never more than the limit
# passes, but close to it a submission may be refused while a slot elsewhere is free.
SLOTS_READ = 64


class CacheNotWriting(Exception):
    """The cache reads but takes no writes (Django's database cache does not raise then)."""


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
    """Take a slot of ``form_name``'s limit (``settings.RATE_LIMITS``) for ``email`` and one
    for ``ip`` (either may be empty). Returns False, keeping neither, when either has none left.

    When the cache cannot be read or takes no writes, the submission is let through (and a
    warning logged): a cache outage must not stop applications. Call it outside a transaction,
    so that a slot taken is at once seen by every process.
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
    seconds = limit["seconds"]
    taken = []
    try:
        # The slots of the address and of the network, read at once.
        read = read_slots([(prefix, most) for _kind, prefix, most in counted], seconds)
        for (kind, prefix, most), slots in zip(counted, read, strict=True):
            key = take_slot(prefix, most, seconds, slots)
            if key is None:
                cache().delete_many(taken)
                logger.info("Rate limit reached on the %s form (per %s).", form_name, kind)
                return False
            taken.append(key)
    except Exception:
        logger.warning("Rate limit of the %s form not checked: cache unavailable.", form_name)
    return True


def read_slots(limits, seconds):
    """For each ``(prefix, most)`` of ``limits``, the slots to look at with their entries, read
    in one go: ``(now, {number: (key of this period, key of the last)}, {key: taken at})``.
    Of a limit over ``SLOTS_READ``, that many chosen at random; a slot's key of the last period
    counts too, as one taken then may still be held."""
    now = time.time()
    period = int(now // seconds)
    looked_at = [
        {
            n: (slot_key(prefix, n, period), slot_key(prefix, n, period - 1))
            for n in (range(most) if most <= SLOTS_READ else random.sample(range(most), SLOTS_READ))
        }
        for prefix, most in limits
    ]
    keys = [key for slots in looked_at for pair in slots.values() for key in pair]
    taken_at = cache().get_many(keys)
    return [(now, slots, taken_at) for slots in looked_at]


def take_slot(prefix, most, seconds, read=None):
    """The key of the slot taken of ``most``, or None when every slot looked at is held.
    ``read``: the slots as :func:`read_slots` read them; read now when not given."""
    now, slots, taken_at = read or read_slots([(prefix, most)], seconds)[0]
    window_start = now - seconds
    free = [n for n, keys in slots.items() if all(taken_at.get(k, 0) <= window_start for k in keys)]
    # In random order: submissions at the same moment then seldom want the same slot.
    random.shuffle(free)
    period = int(now // seconds)
    for number in free:
        key = slots[number][0]
        if not claim(key, now, seconds):
            continue
        if time.time() < (period + 1) * seconds:
            return key
        # Written after its period ended: a submission of the next period may have found the
        # slot free before. Given back, and a slot taken in the new period instead.
        cache().delete(key)
        return take_slot(prefix, most, seconds)
    return None


def claim(key, taken_at, seconds):
    """Whether this call took ``key``; False when another submission holds it.

    Django's database cache answers a write that failed with False, as it does for a key that
    is there: only a key that then reads absent tells the two apart. A winner that gave its
    slot back meanwhile leaves it absent too, hence the second try.
    """
    # A second more than the window: the database cache keeps expiry times in whole seconds.
    for _attempt in range(2):
        if cache().add(key, taken_at, timeout=seconds + 1):
            return True
        if cache().get(key) is not None:
            return False
    raise CacheNotWriting(key)


def slot_key(prefix, number, period):
    return f"{prefix}:{number}:{period}"


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
