"""A real HTTP server on loopback for the feeds of the tests (and the benchmark), and small builders
of iCalendar and RSS/Atom feeds."""

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    """What the server answers: `body` with its `content_type`; `etag`/`last_modified` make it answer
    304 to a request carrying them; `stall` seconds of silence before answering (a server that never
    answers); `chunks` sends the body in pieces without Content-Length."""

    body: bytes = b""
    content_type: str = "text/calendar; charset=utf-8"
    status: int = 200
    etag: str = ""
    last_modified: str = ""
    stall: float = 0
    chunked: bool = False
    headers: dict = field(default_factory=dict)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        server = self.server
        server.requests.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
        answer = server.answers.get(self.path.split("?")[0], Answer(status=404))
        if answer.stall:
            server.stop.wait(answer.stall)
            if server.stop.is_set():
                return
        not_modified = (answer.etag and self.headers.get("If-None-Match") == answer.etag) or (
            answer.last_modified and self.headers.get("If-Modified-Since") == answer.last_modified
        )
        self.send_response(304 if not_modified else answer.status)
        for name, value in (("ETag", answer.etag), ("Last-Modified", answer.last_modified), *answer.headers.items()):
            if value:
                self.send_header(name, value)
        if not_modified:
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_header("Content-Type", answer.content_type)
        if answer.chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(answer.body), 1 << 20):
                piece = answer.body[start : start + (1 << 20)]
                try:
                    self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                except OSError:
                    return  # the client stopped reading: what a size limit does
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)

    def log_message(self, *args):
        pass


@contextmanager
def feed_server():
    """A ThreadingHTTPServer on 127.0.0.1: set `server.answers[path] = Answer(...)`; `server.url(path)`."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.answers, server.requests, server.stop = {}, [], threading.Event()
    server.url = lambda path: f"http://127.0.0.1:{server.server_port}{path}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()
        thread.join()
        time.sleep(0)


def vevent(uid, start, end, summary, *, tz="Europe/Paris", description="", location="", url="", extra=()):
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20260101T000000Z",
        f"DTSTART;TZID={tz}:{start}" if tz else f"DTSTART;VALUE=DATE:{start}",
        f"DTEND;TZID={tz}:{end}" if tz else f"DTEND;VALUE=DATE:{end}",
        f"SUMMARY:{summary}",
    ]
    if description:
        lines.append("DESCRIPTION:" + description.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,"))
    if location:
        lines.append("LOCATION:" + location.replace(",", "\\,"))
    if url:
        lines.append(f"URL:{url}")
    lines += [*extra, "END:VEVENT"]
    return "\r\n".join(lines)


def calendar(*events):
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Centre de test//Agenda//FR\r\nX-WR-TIMEZONE:Europe/Paris\r\n"
    return (head + "\r\n".join(events) + "\r\nEND:VCALENDAR\r\n").encode()


def rss(*items, encoding="utf-8", declaration=True):
    head = f'<?xml version="1.0" encoding="{encoding}"?>\n' if declaration else ""
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{guid}</guid>"
        f"<description>{description}</description><pubDate>{date}</pubDate></item>"
        for guid, title, link, description, date in items
    )
    text = f'{head}<rss version="2.0"><channel><title>Actualités</title><link>https://centre.example/</link>{body}</channel></rss>'
    return text.encode(encoding)


def atom(*entries):
    body = "".join(
        f'<entry><id>{guid}</id><title type="html">{title}</title><link href="{link}"/>'
        f'<updated>{date}</updated><summary type="html">{summary}</summary></entry>'
        for guid, title, link, summary, date in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Actualités</title>'
        f"<id>urn:centre</id><updated>2026-12-01T10:00:00Z</updated>{body}</feed>"
    ).encode()
