"""Who is on the other end of a request: the one rule for the client address behind reverse proxies.

Throttles, quote-approval evidence and the audit log all use `client_address`. A forwarding header is believed
only when the connection comes from a trusted proxy (TRUSTED_PROXIES), and then only as far back as the chain of
trusted proxies goes: anyone can write `X-Forwarded-For`, but the last address a trusted proxy appended is the one
that proxy saw.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_networks(text: str) -> tuple[IPNetwork, ...]:
    """`10.0.0.1, 192.168.0.0/16 ::1` -> networks; raises ValueError naming the first entry that is neither."""
    networks = []
    for entry in text.replace(",", " ").split():
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"{entry!r} is not an IP address or network (e.g. 127.0.0.1 or 10.0.0.0/8)") from None
    return tuple(networks)


def parse_address(value: str) -> IPAddress | None:
    """An address as forwarding headers and servers write it (`1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:443`,
    `::ffff:1.2.3.4`), or None."""
    text = value.strip().strip('"')
    if text.startswith("["):  # [IPv6] or [IPv6]:port
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:  # IPv4:port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _forwarded_chain(forwarded: str, forwarded_for: str) -> list[str]:
    """Client-to-proxy order. RFC 7239 `Forwarded: for=…` when present, else `X-Forwarded-For`."""
    if forwarded.strip():
        chain = []
        for element in forwarded.split(","):
            for pair in element.split(";"):
                name, _, value = pair.strip().partition("=")
                if name.lower() == "for":
                    chain.append(value)
        return chain
    return [entry for entry in forwarded_for.split(",") if entry.strip()]


def client_address(peer: str, *, forwarded_for: str, forwarded: str, trusted: Sequence[IPNetwork]) -> str:
    """The browser's address: the connection's own peer, unless that peer is a trusted proxy; then the nearest
    address in the forwarding chain that is not itself a trusted proxy."""
    current = parse_address(peer)
    if current is None:
        return peer[:64]
    for hop in reversed(_forwarded_chain(forwarded, forwarded_for)):
        if not any(current in network for network in trusted):
            break
        previous = parse_address(hop)
        if previous is None:  # "unknown" or an obfuscated name: the last address we can vouch for stands
            break
        current = previous
    return str(current)


def is_trusted(peer: str, trusted: Sequence[IPNetwork]) -> bool:
    address = parse_address(peer)
    return address is not None and any(address in network for network in trusted)


def forwarded_scheme(peer: str, *, forwarded_proto: str, trusted: Sequence[IPNetwork]) -> str | None:
    """`https` or `http` as a trusted proxy says the browser connected (X-Forwarded-Proto, its first entry when
    several proxies wrote it), or None: the connection's own scheme stands."""
    if not is_trusted(peer, trusted):
        return None
    scheme = forwarded_proto.split(",", 1)[0].strip().lower()
    return scheme if scheme in ("http", "https") else None
