"""The private-address guard (opt-in: ``CrawlSettings(block_private=True)``, ``--block-private``).

A crawler fed user-supplied URLs must not be turned against the network it runs in: the
loopback interface, the LAN, link-local and cloud-metadata endpoints (``169.254.169.254``,
``fd00:ec2::254``), multicast and reserved ranges. What is refused, and how:

- ``is_public_address`` decides, for one address, as a pure function: only globally routable
  unicast passes. IPv4-mapped (``::ffff:10.0.0.1``), NAT64 (``64:ff9b::/96``) and 6to4
  (``2002::/16``) IPv6 addresses are judged by the IPv4 address they carry.
- The check is made after DNS resolution, when the connection is opened: ``GuardedBackend`` is
  the httpcore network backend of every client of the crawl (pages, redirects, robots.txt),
  so every hop is checked, and it connects to the very address it checked. A name that
  resolves to a public address at check time and a private one a moment later (DNS
  rebinding) cannot slip through, since nothing resolves the name again. TLS still verifies
  the certificate against the host name and sends it as SNI; the Host header is the URL's.
- Literal IP hosts are refused before anything is sent (``check_url``), robots.txt included.
- Proxies from the environment are not used while the guard is on: a proxy resolves names
  itself, out of the guard's sight.

``allow_networks`` lets chosen networks through (an internal mirror, or 127.0.0.1 in tests).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable, Sequence
from typing import Any

import httpcore

from scraper.errors import PrivateAddress
from scraper.fetcher.urls import redact_url
from scraper.settings import Resolver

__all__ = ["AddressGuard", "GuardedBackend", "Resolver", "is_public_address", "system_resolver"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

#: IPv6 prefixes that embed an IPv4 address in their last 32 bits (RFC 6052 NAT64).
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def is_public_address(address: IPAddress) -> bool:
    """Whether ``address`` is globally routable unicast: not loopback, private, link-local
    (cloud metadata), shared (CGN), multicast, reserved, unspecified or documentation."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public_address(embedded)
        if address.is_site_local:  # deprecated fec0::/10, not in is_private
            return False
    return address.is_global and not (address.is_multicast or address.is_reserved
                                      or address.is_loopback or address.is_link_local
                                      or address.is_unspecified)


async def system_resolver(host: str, port: int) -> Sequence[str]:
    """The system's resolver (getaddrinfo), off the event loop."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


class AddressGuard:
    """Resolves hosts and refuses the ones that are not public (or allowed)."""

    def __init__(self, allow_networks: Iterable[str] = (),
                 resolver: Resolver | None = None) -> None:
        self._allowed: list[Network] = [ipaddress.ip_network(net, strict=False)
                                        for net in allow_networks]
        self._resolve = resolver or system_resolver

    def allows(self, address: IPAddress) -> bool:
        """Public, or inside one of ``allow_networks``."""
        return is_public_address(address) or any(
            address.version == net.version and address in net for net in self._allowed)

    def check_url(self, url: str, host: str | None) -> None:
        """Refuse a URL whose host is a literal IP that is not allowed (no DNS needed)."""
        literal = _literal(host or "")
        if literal is not None and not self.allows(literal):
            raise PrivateAddress(f"refused {redact_url(url)}: {literal} is not a public address",
                                 url=url)

    async def resolve(self, host: str, port: int) -> list[str]:
        """The addresses to connect to for ``host``, all checked; ``PrivateAddress`` if any is
        refused (a name with one private address is not trusted with the others)."""
        literal = _literal(host)
        if literal is not None:
            addresses = [literal]
        else:
            try:
                found = await self._resolve(host, port)
            except OSError as exc:
                raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
            addresses = [ipaddress.ip_address(text.split("%", 1)[0]) for text in found]
            if not addresses:
                raise httpcore.ConnectError(f"{host} resolves to no address")
        refused = [address for address in addresses if not self.allows(address)]
        if refused:
            raise PrivateAddress(f"refused {host}: it resolves to {refused[0]}, not a public "
                                 "address")
        return [str(address) for address in addresses]


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that resolves and checks each host itself, then connects
    to the checked address (TLS and the Host header keep the name)."""

    def __init__(self, guard: AddressGuard,
                 inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._guard = guard
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[Any] | None = None
                          ) -> httpcore.AsyncNetworkStream:
        last: Exception | None = None
        for address in await self._guard.resolve(host, port):
            try:
                return await self._inner.connect_tcp(address, port, timeout, local_address,
                                                      socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc  # the next address of the name, as getaddrinfo's order says
        assert last is not None
        raise last

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[Any] | None = None
                                  ) -> httpcore.AsyncNetworkStream:
        raise PrivateAddress(f"refused the unix socket {path}")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
