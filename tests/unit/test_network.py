"""The client address behind reverse proxies: believed only from a trusted proxy, never from the client itself."""

import pytest

from customer_portal.domain.network import client_address, forwarded_scheme, parse_address, parse_networks

CADDY = parse_networks("127.0.0.1, ::1")
TWO_PROXIES = parse_networks("10.0.0.0/8 192.168.1.10")


def _address(peer: str, *, xff: str = "", forwarded: str = "", trusted=CADDY) -> str:
    return client_address(peer, forwarded_for=xff, forwarded=forwarded, trusted=trusted)


def test_without_trusted_proxies_the_peer_is_the_client_whatever_it_claims():
    assert _address("203.0.113.9", xff="198.51.100.1", trusted=()) == "203.0.113.9"
    assert _address("127.0.0.1", xff="198.51.100.1", trusted=()) == "127.0.0.1"


def test_a_forged_header_from_an_untrusted_client_is_ignored():
    assert _address("203.0.113.9", xff="10.1.1.1, 198.51.100.1") == "203.0.113.9"


def test_behind_a_trusted_proxy_the_address_it_saw_counts():
    assert _address("127.0.0.1", xff="198.51.100.7") == "198.51.100.7"
    # The client wrote a value of its own first; Caddy appended the real one: only that one is believed.
    assert _address("127.0.0.1", xff="6.6.6.6, 198.51.100.7") == "198.51.100.7"
    assert _address("::1", xff="2001:db8::5") == "2001:db8::5"


def test_a_chain_of_trusted_proxies_is_walked_back_to_the_first_untrusted_hop():
    assert _address("10.0.0.2", xff="6.6.6.6, 198.51.100.7, 192.168.1.10", trusted=TWO_PROXIES) == "198.51.100.7"
    # An untrusted hop in the middle stops the walk there.
    assert _address("10.0.0.2", xff="198.51.100.7, 203.0.113.1", trusted=TWO_PROXIES) == "203.0.113.1"


def test_rfc_7239_forwarded_is_read_before_x_forwarded_for():
    forwarded = 'for=6.6.6.6;proto=https, for="[2001:db8:cafe::17]:4711";by=127.0.0.1'
    assert _address("127.0.0.1", forwarded=forwarded, xff="9.9.9.9") == "2001:db8:cafe::17"
    assert _address("127.0.0.1", forwarded="for=unknown", xff="9.9.9.9") == "127.0.0.1"


def test_garbage_and_missing_headers_leave_the_peer():
    assert _address("127.0.0.1") == "127.0.0.1"
    assert _address("127.0.0.1", xff="not-an-ip") == "127.0.0.1"
    assert _address("127.0.0.1", xff="1.2.3.4:5678") == "1.2.3.4"
    assert parse_address("::ffff:198.51.100.7").version == 4


def test_bad_trusted_proxy_settings_are_named():
    with pytest.raises(ValueError, match=r"'proxy\.local' is not an IP address or network"):
        parse_networks("127.0.0.1 proxy.local")


def test_only_a_trusted_proxy_says_which_scheme_the_browser_used():
    assert forwarded_scheme("127.0.0.1", forwarded_proto="https", trusted=CADDY) == "https"
    assert forwarded_scheme("127.0.0.1", forwarded_proto="HTTPS, http", trusted=CADDY) == "https"
    assert forwarded_scheme("127.0.0.1", forwarded_proto="gopher", trusted=CADDY) is None
    assert forwarded_scheme("203.0.113.9", forwarded_proto="https", trusted=CADDY) is None
    assert forwarded_scheme("127.0.0.1", forwarded_proto="https", trusted=()) is None
