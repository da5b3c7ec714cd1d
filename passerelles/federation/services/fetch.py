"""Fetching a feed of a centre's website: one conditional GET (ETag, Last-Modified; 304 means
unchanged), a timeout on every wait and on the whole download, a size limit checked while the body
streams in, redirects followed by hand so that each address is checked, and never an address of the
machine or of its private network outside development (a feed is fetched by the server: a centre
must not make it read what only the server can reach).

Every failure is a `FeedError` whose message is for the centre's staff, in French."""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings

USER_AGENT = "Passerelles (moisson des agendas et actualités des centres)"
MAX_REDIRECTS = 3


class FeedError(Exception):
    """The feed could not be harvested; the message is for the centre's staff, in French."""


@dataclass
class Fetched:
    """A feed's answer: `body` is None when the server says it has not changed (304)."""

    body: bytes | None
    content_type: str = ""
    charset: str = ""
    etag: str = ""
    last_modified: str = ""


def limits() -> dict:
    config = settings.PASSERELLES
    return {
        "max_bytes": config["FEED_MAX_MB"] * 1024 * 1024,
        "timeout": config["FEED_TIMEOUT_SECONDS"],
        "allow_private": config["FEED_ALLOW_PRIVATE_HOSTS"],
    }


def check_address(url: str, allow_private: bool | None = None, unknown_ok: bool = False) -> None:
    """Refuse what is not http(s), and (unless allowed) a host that is or resolves to an address of
    the machine or of a private, link-local or reserved network. `unknown_ok`: a name that does not
    resolve now passes (a form: the harvest will say it, and check again)."""
    try:
        parts = urlsplit(url)
        port = parts.port  # out of range (« :99999 »): ValueError
    except ValueError:
        raise FeedError(f"« {url} » n'est pas une adresse http(s) valide.") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FeedError(f"« {url} » n'est pas une adresse http(s) valide.")
    if limits()["allow_private"] if allow_private is None else allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        if unknown_ok:
            return
        raise FeedError(f"Le nom de domaine « {parts.hostname} » n'existe pas ou ne répond pas.") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global:
            raise FeedError(
                f"L'adresse « {parts.hostname} » mène à un réseau privé ou local : seuls les sites "
                "publics peuvent être moissonnés."
            )


def check_peer(response: requests.Response, url: str, allow_private: bool) -> None:
    """The address the connection really reached: a name may resolve to a public address when
    checked, then to a private one when connecting (DNS rebinding). Checked before the body is read."""
    if allow_private:
        return
    connection = getattr(response.raw, "connection", None) or getattr(response.raw, "_connection", None)
    sock = getattr(connection, "sock", None)
    try:
        peer = ipaddress.ip_address(str(sock.getpeername()[0]).split("%", 1)[0]) if sock else None
    except (OSError, ValueError):
        peer = None
    if peer is None or not peer.is_global:
        response.close()
        raise FeedError(
            f"L'adresse « {urlsplit(url).hostname} » mène à un réseau privé ou local : seuls les sites "
            "publics peuvent être moissonnés."
        )


def fetch(url: str, etag: str = "", last_modified: str = "") -> Fetched:
    """The feed at `url`, asked with the validators of the previous answer."""
    limit = limits()
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    with requests.Session() as session:
        session.trust_env = False  # no proxy nor .netrc credentials from the environment
        for _ in range(MAX_REDIRECTS + 1):
            check_address(url)
            response = _get(session, url, headers, limit["timeout"])
            check_peer(response, url, limit["allow_private"])
            if response.is_redirect and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                response.close()
                continue
            with response:
                return _read(response, url, limit)
    raise FeedError(f"Le flux {url} redirige trop de fois : moisson arrêtée.")


def _get(session: requests.Session, url: str, headers: dict, timeout: float) -> requests.Response:
    try:
        return session.get(url, headers=headers, timeout=(timeout, timeout), stream=True, allow_redirects=False)
    except requests.Timeout:
        raise FeedError(f"Le site {url} n'a pas répondu à temps (délai de {timeout:g} s).") from None
    except requests.ConnectionError:
        raise FeedError(f"Le site {url} est injoignable : la connexion a échoué ou a été interrompue.") from None
    except requests.RequestException:
        raise FeedError(f"La requête au site {url} a échoué.") from None


def _read(response: requests.Response, url: str, limit: dict) -> Fetched:
    if response.status_code == 304:
        return Fetched(
            None, etag=response.headers.get("ETag", ""), last_modified=response.headers.get("Last-Modified", "")
        )
    if response.status_code != 200:
        raise FeedError(f"Le site a répondu par une erreur HTTP {response.status_code} à l'adresse {url}.")
    declared = response.headers.get("Content-Length", "")
    too_big = FeedError(
        f"Le flux dépasse la taille admise ({limit['max_bytes'] // (1024 * 1024)} Mo) : moisson arrêtée."
    )
    if declared.isdigit() and int(declared) > limit["max_bytes"]:
        raise too_big
    chunks, size = [], 0
    deadline = time.monotonic() + 3 * limit["timeout"]  # a server trickling bytes one by one
    try:
        for chunk in response.iter_content(chunk_size=65536):  # decompressed: the limit holds for a gzip bomb
            size += len(chunk)
            if size > limit["max_bytes"]:
                raise too_big
            if time.monotonic() > deadline:
                raise FeedError(f"Le site {url} envoie le flux trop lentement : moisson arrêtée.")
            chunks.append(chunk)
    except requests.Timeout:
        raise FeedError(f"Le site {url} a cessé de répondre pendant l'envoi du flux.") from None
    except requests.RequestException:
        raise FeedError(f"La lecture du flux {url} a été interrompue.") from None
    content_type = response.headers.get("Content-Type", "")
    media, _, params = content_type.partition(";")
    charset = ""
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.lower() == "charset":
            charset = value.strip().strip('"').lower()
    return Fetched(
        b"".join(chunks),
        content_type=media.strip().lower(),
        charset=charset,
        etag=response.headers.get("ETag", "")[:500],
        last_modified=response.headers.get("Last-Modified", "")[:100],
    )
