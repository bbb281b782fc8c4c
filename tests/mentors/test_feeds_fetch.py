"""The feed fetcher: which addresses it refuses, redirects, size and time limits, pinned connections."""

import datetime as dt
import gzip
import ipaddress
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from mentors import feeds
from tests.mentors.feed_server import FeedServer
from tests.mentors.ics import one_event

BODY = one_event("20270310T140000Z", "20270310T150000Z")


@pytest.fixture
def loopback_only_for_the_test_server(monkeypatch, settings):
    """Production's policy (private addresses refused), except the test server's own 127.0.0.1:
    so a redirect from it to any other refused address meets the real check."""
    settings.CALENDAR_FEEDS_ALLOW_PRIVATE = False
    real = feeds.address_refusal
    monkeypatch.setattr(feeds, "address_refusal", lambda ip: None if str(ip) == "127.0.0.1" else real(ip))


# --- addresses ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/calendar.ics", "loopback"),
        ("http://127.8.9.10:8080/calendar.ics", "loopback"),
        ("http://localhost/calendar.ics", "loopback"),
        ("http://10.1.2.3/calendar.ics", "private"),
        ("http://172.16.0.5/calendar.ics", "private"),
        ("http://192.168.1.1/calendar.ics", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://100.64.0.1/calendar.ics", "not public"),
        ("http://0.0.0.0/calendar.ics", "unspecified"),
        ("http://224.0.0.251/calendar.ics", "multicast"),
        ("http://240.0.0.1/calendar.ics", "reserved"),
        ("http://[::1]/calendar.ics", "loopback"),
        ("http://[::]/calendar.ics", "unspecified"),
        ("http://[fe80::1]/calendar.ics", "link-local"),
        ("http://[fd00::1]/calendar.ics", "private"),
        ("http://[ff02::1]/calendar.ics", "multicast"),
        ("http://[::ffff:127.0.0.1]/calendar.ics", "loopback"),
        ("http://[::ffff:10.0.0.1]/calendar.ics", "private"),
        ("http://[2002:a9fe:a9fe::1]/calendar.ics", "link-local"),  # 6to4 around 169.254.169.254
        ("http://[64:ff9b::a00:1]/calendar.ics", "private"),  # NAT64 around 10.0.0.1
    ],
)
def test_private_and_special_addresses_are_refused_in_production(settings, url, reason):
    settings.CALENDAR_FEEDS_ALLOW_PRIVATE = False
    with pytest.raises(feeds.FeedRefused) as caught:
        feeds.check_feed_url(url)
    assert f"({reason})" in str(caught.value)


def test_a_host_with_one_private_address_among_public_ones_is_refused(monkeypatch, settings):
    settings.CALENDAR_FEEDS_ALLOW_PRIVATE = False
    monkeypatch.setattr(feeds, "_lookup", lambda host, port: ["93.184.215.14", "10.0.0.7"])
    with pytest.raises(feeds.FeedRefused):
        feeds.check_feed_url("https://calendar.example.test/feed.ics")


def test_a_public_address_passes_and_webcal_is_read_as_https(monkeypatch, settings):
    settings.CALENDAR_FEEDS_ALLOW_PRIVATE = False
    monkeypatch.setattr(feeds, "_lookup", lambda host, port: ["93.184.215.14", "2606:2800:21f:cb07::1"])
    assert feeds.check_feed_url(" webcal://calendar.example.test/feed.ics ") == (
        "https://calendar.example.test/feed.ics"
    )


@pytest.mark.parametrize(
    "url",
    [
        "ftp://calendar.example.test/feed.ics",
        "file:///etc/passwd",
        "gopher://calendar.example.test/",
        "https://user:secret@calendar.example.test/feed.ics",
        "https:///feed.ics",
        "https://calendar.example.test:99999/feed.ics",
        "https://calendar.example.test/feed.ics\r\nHost: evil.test",
        "calendar.example.test/feed.ics",
    ],
)
def test_anything_but_a_plain_http_or_https_address_is_refused(url):
    with pytest.raises(feeds.FeedRefused):
        feeds.check_feed_url(url)


def test_a_host_that_does_not_resolve_is_a_clear_error(monkeypatch):
    with pytest.raises(feeds.FeedError, match="could not be found"):
        feeds.check_feed_url("https://no-such-host.invalid/feed.ics")


def test_only_scheme_and_host_of_a_url_are_ever_shown():
    assert feeds.mask_url("https://calendar.google.com/calendar/ical/abc%40group/private-xyz/basic.ics") == (
        "https://calendar.google.com/…"
    )
    assert feeds.mask_url("http://cal.example.test:8080/s3cr3t.ics") == "http://cal.example.test:8080/…"
    assert feeds.mask_url("not a url") == "…"


# --- what is sent, and where to ---------------------------------------------------------------------


def test_the_connection_goes_to_the_checked_address_and_names_the_real_host(
    feed_server, monkeypatch, loopback_only_for_the_test_server
):
    # calendar.example.test resolves nowhere but through our lookup: reaching the server proves
    # the fetch connected to the address that was checked, not to a second DNS answer.
    lookups = []

    def lookup(host, port):
        lookups.append(host)
        return ["127.0.0.1"]

    monkeypatch.setattr(feeds, "_lookup", lookup)
    feed_server.serve("/feed.ics", BODY)
    result = feeds.fetch(f"http://calendar.example.test:{feed_server.port}/feed.ics?token=abc")
    assert result.body == BODY and lookups == ["calendar.example.test"]
    (seen,) = feed_server.requests
    assert seen.path == "/feed.ics?token=abc"
    assert seen.headers["host"] == f"calendar.example.test:{feed_server.port}"
    assert seen.headers["user-agent"].startswith("Mentora")


def test_conditional_headers_are_sent_and_a_304_says_not_modified(feed_server, allow_private_feeds):
    url = feed_server.serve(
        "/feed.ics", BODY, etag='"v1"', headers={"Last-Modified": "Wed, 03 Mar 2027 10:00:00 GMT"}
    )
    first = feeds.fetch(url)
    assert (first.not_modified, first.etag, first.last_modified) == (
        False,
        '"v1"',
        "Wed, 03 Mar 2027 10:00:00 GMT",
    )
    second = feeds.fetch(url, etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.body == b""
    assert feed_server.requests[1].headers["if-none-match"] == '"v1"'
    assert feed_server.requests[1].headers["if-modified-since"] == "Wed, 03 Mar 2027 10:00:00 GMT"


def test_an_http_error_is_reported_with_its_status(feed_server, allow_private_feeds):
    url = feed_server.serve("/feed.ics", "Internal error", status=500)
    with pytest.raises(feeds.FeedError, match="HTTP 500"):
        feeds.fetch(url)


# --- redirects ------------------------------------------------------------------------------------


def test_a_redirect_to_a_refused_address_is_not_followed(loopback_only_for_the_test_server):
    with FeedServer() as public, FeedServer(host="127.0.0.2") as internal:
        internal.serve("/admin", "secret")
        url = public.serve("/feed.ics", status=302, headers={"Location": internal.url("/admin")})
        with pytest.raises(feeds.FeedRefused, match="redirected"):
            feeds.fetch(url)
        assert internal.requests == []  # never contacted


@pytest.mark.parametrize(
    "location",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:1/feed.ics",
        "http://10.0.0.1/",
        "file:///etc/passwd",
    ],
)
def test_redirects_to_metadata_localhost_or_files_are_refused(
    feed_server, loopback_only_for_the_test_server, location
):
    url = feed_server.serve("/feed.ics", status=301, headers={"Location": location})
    with pytest.raises(feeds.FeedRefused):
        feeds.fetch(url)


def test_redirects_are_followed_hop_by_hop_up_to_the_limit(feed_server, allow_private_feeds, settings):
    settings.CALENDAR_FEEDS_MAX_REDIRECTS = 2
    feed_server.serve("/a", status=301, headers={"Location": "/b"})
    feed_server.serve("/b", status=307, headers={"Location": feed_server.url("/feed.ics")})
    feed_server.serve("/feed.ics", BODY)
    assert feeds.fetch(feed_server.url("/a")).body == BODY
    assert [seen.path for seen in feed_server.requests] == ["/a", "/b", "/feed.ics"]

    feed_server.serve("/loop", status=302, headers={"Location": "/loop"})
    with pytest.raises(feeds.FeedError, match="more than 2 times"):
        feeds.fetch(feed_server.url("/loop"))


# --- size and time --------------------------------------------------------------------------------


@pytest.mark.parametrize("content_length", [True, False])
def test_a_body_over_the_limit_fails_whatever_content_length_says(
    feed_server, allow_private_feeds, settings, content_length
):
    settings.CALENDAR_FEEDS_MAX_BYTES = 4096
    url = feed_server.serve("/big.ics", b"X" * 10_000, content_length=content_length)
    with pytest.raises(feeds.FeedTooLarge, match="larger than 4 kB"):
        feeds.fetch(url)


def test_a_compressed_body_counts_at_its_unpacked_size(feed_server, allow_private_feeds, settings):
    settings.CALENDAR_FEEDS_MAX_BYTES = 64 * 1024
    packed = gzip.compress(b"BEGIN:VCALENDAR\r\n" + b" " * 5_000_000)  # 5 MB in about 5 kB
    url = feed_server.serve("/bomb.ics", packed, headers={"Content-Encoding": "gzip"})
    with pytest.raises(feeds.FeedTooLarge):
        feeds.fetch(url)


def test_a_compressed_body_within_the_limit_is_read(feed_server, allow_private_feeds):
    url = feed_server.serve("/small.ics", gzip.compress(BODY), headers={"Content-Encoding": "gzip"})
    assert feeds.fetch(url).body == BODY


@pytest.mark.parametrize("stall_after", [-1, 10])
def test_a_server_that_stops_answering_is_cut_off_at_the_time_limit(
    feed_server, allow_private_feeds, settings, stall_after
):
    settings.CALENDAR_FEEDS_TIMEOUT = 0.5
    url = feed_server.serve("/slow.ics", BODY, stall_after=stall_after)
    with pytest.raises(feeds.FeedTimeout, match="within 0.5 seconds"):
        feeds.fetch(url)


# --- TLS to a pinned address ------------------------------------------------------------------------


def _certificates(tmp_path, names):
    """A test authority and a server certificate for `names`, signed by it."""
    now = dt.datetime.now(dt.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Mentora test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, cert_file, key_file = tmp_path / "ca.pem", tmp_path / "cert.pem", tmp_path / "key.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return str(ca_file), str(cert_file), str(key_file)


@pytest.fixture
def tls_server(tmp_path):
    """An HTTPS calendar server on 127.0.0.1 with a certificate for calendar.example.test only;
    it records the name each client asked for in TLS (SNI)."""
    ca_file, cert_file, key_file = _certificates(tmp_path, ["calendar.example.test"])
    names: list[str | None] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)

        def log_message(self, *args):
            pass

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], ca_file, names
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_https_to_the_pinned_address_still_checks_the_certificate_for_the_real_host(
    tls_server, monkeypatch, loopback_only_for_the_test_server
):
    port, ca_file, names = tls_server
    monkeypatch.setattr(feeds, "_lookup", lambda host, port: ["127.0.0.1"])
    result = feeds.fetch(f"https://calendar.example.test:{port}/feed.ics", ca_certs=ca_file)
    assert result.body == BODY and names == ["calendar.example.test"]

    with pytest.raises(feeds.FeedError, match="certificate is not valid"):
        feeds.fetch(f"https://other.example.test:{port}/feed.ics", ca_certs=ca_file)


def test_the_address_policy_reads_ipv4_inside_ipv6():
    assert feeds.address_refusal(ipaddress.ip_address("::ffff:169.254.169.254")) == "link-local"
    assert feeds.address_refusal(ipaddress.ip_address("93.184.215.14")) is None
    assert feeds.address_refusal(ipaddress.ip_address("2606:2800:21f:cb07::1")) is None


def test_a_refused_connection_is_reported_as_such(allow_private_feeds):
    with pytest.raises(feeds.FeedError, match="Could not connect to 127.0.0.1") as caught:
        feeds.fetch("http://127.0.0.1:1/feed.ics")
    assert not isinstance(caught.value, feeds.FeedTimeout)
