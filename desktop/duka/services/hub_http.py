"""Tills on one network exchanging through a hub's HTTP endpoint instead of a shared folder.

The endpoint serves one folder laid out as the folder exchange lays it out
(duka.services.sync: `till-N/FIRST-LAST.batch`, `till-N/state.json`), and says nothing
else: `GET /batches` lists every till's files with their sizes and each till's state,
`GET /files/till-N/NAME` reads a file, `PUT /files/till-N/NAME` writes one, whole. A till
keeps a folder of its own (the mirror), copies files both ways until both folders hold the
same, and runs the ordinary folder exchange on its own folder. A branch's hub serves its
tills' folder and mirrors that same folder with the main hub's endpoint, so every till's
batches travel hub to hub.

Rules the two copies of a folder keep:
- a batch is immutable under its name: a file one side lacks is copied to it, whole (under
  a temporary name, then renamed), so a transfer cut off leaves no half file, and the next
  round copies what is left;
- of a till's two `state.json`, the one its till wrote later wins (its `written` count, then
  its time), on both sides;
- a till's batches that end before its state's `kept_from` were pruned by that till (every
  till had them): neither side copies them, and both delete them.

Every request carries the shop's key (KEY_HEADER): the hash of till 1's first journal entry
(the shop's owner being made, salted PIN and all), which every till's file holds from the
copy it was made from and nobody outside the shop can guess. It keeps strangers on the
network out; it is not encryption, and the network is trusted not to be watched.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from duka.core.errors import InvalidInput, NotAllowed, StoreUnavailable
from duka.i18n import N_
from duka.services.sync_folder import STATE, batch_range, read_state, write_whole, written
from duka.store import journal
from duka.store.database import Connection

DEFAULT_PORT = 8765
KEY_HEADER = "X-Duka-Key"
TIMEOUT_S = 15.0  # a hub that answers nothing for this long is taken as unreachable
MAX_BATCH = 64 * 1024 * 1024  # a batch's bytes, at most (a big import is one change)
MAX_STATE = 1024 * 1024
FOLDER_SUFFIX = ".sync"  # the mirror (or the served folder) beside the shop file

_TILL = re.compile(r"till-[1-9][0-9]{0,8}")
_BATCH = re.compile(r"[0-9]{1,20}-[0-9]{1,20}\.batch")


class HubUnreachable(StoreUnavailable):
    """The hub did not answer, or the connection broke off; the next round tries again."""


class HubRefused(NotAllowed):
    """The hub answered but would not let this till in (another shop's hub)."""


# -- what both sides agree on --------------------------------------------------------------


def shop_key(db: Connection) -> str:
    """The key every till of this shop holds: made from the hash of till 1's first journal
    entry, which a till's file has from the copy it was made from."""
    first = journal.entry_at(db, 1)
    if first is None:
        raise InvalidInput(N_("Set the shop up first: it has no owner yet."))
    return hashlib.sha256(b"duka hub key\n" + first.hash).hexdigest()


def default_folder(shop: Path) -> Path:
    """The folder beside the shop file that a till mirrors with its hub, and that a hub
    serves: `duka.sqlite3.sync` beside `duka.sqlite3`."""
    return shop.with_name(shop.name + FOLDER_SUFFIX)


def hub_address(text: str) -> str:
    """A hub's address as typed (`192.168.1.10`, `host:8765`, `http://host:8765/`) made
    whole: `http://host:port`."""
    given = text.strip()
    if not given:
        raise InvalidInput(N_("Type the hub's address, such as http://192.168.1.10:8765"))
    if "://" not in given:
        given = "http://" + given
    try:
        parts = urllib.parse.urlsplit(given)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme != "http" or not parts.hostname or parts.path not in ("", "/"):
        raise InvalidInput(
            N_("{address} is not a hub's address such as http://192.168.1.10:8765"),
            address=text.strip(),
        )
    host = parts.hostname
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    return f"http://{host}:{port or DEFAULT_PORT}"


def lan_address() -> str:
    """This computer's address on its network, as the tills would type it (no packet is
    sent: a datagram socket only picks the way out); 127.0.0.1 with no network."""
    import socket

    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def valid_name(till_folder: str, name: str) -> bool:
    """Whether `till-N/NAME` is a file the folder exchange writes (no other name at all)."""
    return bool(_TILL.fullmatch(till_folder)) and (
        name == STATE or (_BATCH.fullmatch(name) is not None)
    )


def kept_from(state: dict[str, object] | None) -> int:
    found = state.get("kept_from") if state else None
    return found if isinstance(found, int) and not isinstance(found, bool) else 0


def _state_order(state: dict[str, object] | None) -> tuple[int, str]:
    """Which of two copies of a till's state its till wrote later (None: oldest of all)."""
    if state is None:
        return (-1, "")
    at = state.get("at")
    return (written(state), at if isinstance(at, str) else "")


@dataclass
class TillFiles:
    """One till's subfolder: its batches (name -> bytes) and its state, if any."""

    batches: dict[str, int] = field(default_factory=dict)
    state: dict[str, object] | None = None
    pruned: int = 0  # batches deleted as the listing was made (its till pruned them)


def listing(folder: Path) -> dict[str, TillFiles]:
    """Every till's files in `folder` (by subfolder name), deleting the batches its till's
    state says it pruned."""
    found: dict[str, TillFiles] = {}
    if not folder.is_dir():
        return found
    for place in sorted(folder.iterdir()):
        if not (_TILL.fullmatch(place.name) and place.is_dir()):
            continue
        files = TillFiles(state=read_state(place / STATE))
        gone_before = kept_from(files.state)
        for path in place.iterdir():
            span = batch_range(path) if _BATCH.fullmatch(path.name) else None
            if span is None:
                continue
            if span[1] < gone_before:
                path.unlink(missing_ok=True)
                files.pruned += 1
                continue
            try:
                files.batches[path.name] = path.stat().st_size
            except OSError:
                continue  # deleted meanwhile
        found[place.name] = files
    return found


def _prune_below(place: Path, before: int) -> int:
    gone = 0
    for path in place.glob("*.batch"):
        span = batch_range(path)
        if span is not None and span[1] < before:
            path.unlink(missing_ok=True)
            gone += 1
    return gone


def _check_batch(name: str, body: bytes) -> bool:
    """Whether `body` reads as the batch its name says (its changes within FIRST..LAST):
    a damaged file never enters a folder another till reads."""
    from duka.store.sync import unpack

    span = batch_range(Path(name))
    if span is None:
        return False
    try:
        entries = unpack(body)
    except Exception:  # noqa: BLE001 - damage of any kind (lzma, struct, a short file)
        return False
    return bool(entries) and all(span[0] <= e.seq <= span[1] for e in entries)


# -- storing what arrives, on either side ----------------------------------------------------

_state_lock = threading.Lock()  # one state written at a time in this process


def store_file(folder: Path, till_folder: str, name: str, body: bytes) -> bool:
    """Keep `body` as `folder/till_folder/name` if it belongs there: a batch its till has
    not pruned, a state later than the one here (which then prunes what it says is gone).
    Whether it was kept."""
    place = folder / till_folder
    if name == STATE:
        try:
            state = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return False
        if not isinstance(state, dict):
            return False
        with _state_lock:
            if _state_order(state) <= _state_order(read_state(place / STATE)):
                return False
            place.mkdir(parents=True, exist_ok=True)
            write_whole(place / STATE, body)
        _prune_below(place, kept_from(state))
        return True
    span = batch_range(Path(name))
    if span is None or span[1] < kept_from(read_state(place / STATE)):
        return False
    place.mkdir(parents=True, exist_ok=True)
    write_whole(place / name, body)
    return True


# -- the server ------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return  # a till asks every few seconds: nothing worth a line each time

    def _answer(self, status: int, body: bytes = b"", kind: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def _allowed(self) -> bool:
        given = self.headers.get(KEY_HEADER, "")
        if hmac.compare_digest(given.encode("utf-8", "replace"), self.server.key.encode()):
            return True
        self.close_connection = True
        self._answer(HTTPStatus.FORBIDDEN)
        return False

    def _target(self) -> tuple[str, str] | None:
        """The till folder and file a /files/ request names, if it names one allowed."""
        path = urllib.parse.urlsplit(self.path).path
        parts = path.split("/")
        if len(parts) != 4 or parts[:2] != ["", "files"]:
            return None
        till_folder, name = urllib.parse.unquote(parts[2]), urllib.parse.unquote(parts[3])
        return (till_folder, name) if valid_name(till_folder, name) else None

    def do_GET(self) -> None:
        if not self._allowed():
            return
        if urllib.parse.urlsplit(self.path).path == "/batches":
            found = listing(self.server.folder)
            body = {
                "tills": {
                    name: {"batches": files.batches, "state": files.state}
                    for name, files in found.items()
                }
            }
            self._answer(HTTPStatus.OK, json.dumps(body).encode("utf-8"))
            return
        target = self._target()
        if target is None:
            self._answer(HTTPStatus.BAD_REQUEST)
            return
        try:
            data = (self.server.folder / target[0] / target[1]).read_bytes()
        except OSError:
            self._answer(HTTPStatus.NOT_FOUND)
            return
        self._answer(HTTPStatus.OK, data, "application/octet-stream")

    def do_PUT(self) -> None:
        if not self._allowed():
            return
        target = self._target()
        if target is None:
            self.close_connection = True
            self._answer(HTTPStatus.BAD_REQUEST)
            return
        cap = MAX_STATE if target[1] == STATE else MAX_BATCH
        try:
            size = int(self.headers.get("Content-Length", ""))
        except ValueError:
            size = -1
        if not 0 < size <= cap:
            self.close_connection = True
            too_big = size > cap
            self._answer(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE if too_big else HTTPStatus.LENGTH_REQUIRED
            )
            return
        body = self.rfile.read(size)
        if len(body) != size:  # the till went away mid-way: nothing is kept
            self.close_connection = True
            return
        if target[1] != STATE and not _check_batch(target[1], body):
            self._answer(HTTPStatus.BAD_REQUEST)
            return
        try:
            kept = store_file(self.server.folder, target[0], target[1], body)
        except OSError:  # the hub's disk full, a file held open: the till tries again later
            self._answer(HTTPStatus.SERVICE_UNAVAILABLE)
            return
        self._answer(HTTPStatus.OK, json.dumps({"kept": kept}).encode("utf-8"))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Windows lets a second program bind a port in use with this: a second hub would go
    # unnoticed there instead of being told the port is taken.
    allow_reuse_address = sys.platform != "win32"

    def __init__(self, address: tuple[str, int], folder: Path, key: str) -> None:
        super().__init__(address, _Handler)
        self.folder = folder
        self.key = key

    def handle_error(self, request: object, client_address: object) -> None:
        return  # a till gone mid-request: nothing to print; it tries again next round


class HubServer:
    """The endpoint serving `folder` to the shop's tills, in a thread of its own."""

    def __init__(self, folder: Path, key: str, address: str = "", port: int = DEFAULT_PORT):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        try:
            self._server = _Server((address, port), folder, key)
        except OSError as error:
            raise StoreUnavailable(
                N_("Cannot serve the tills on port {port}: {reason}"),
                port=port,
                reason=error.strerror or str(error),
            ) from error
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def address(self) -> str:
        return str(self._server.server_address[0])

    def start(self) -> HubServer:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="duka-hub", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop answering; a request under way ends first (its file is whole or absent)."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(TIMEOUT_S)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> HubServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


# -- the client ------------------------------------------------------------------------------


# Straight to the hub: a proxy set for the internet (http_proxy) is not on the shop's network.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class HubClient:
    """Talks to a hub's endpoint at `url` with the shop's `key`."""

    def __init__(self, url: str, key: str, timeout: float = TIMEOUT_S) -> None:
        self.url = hub_address(url)
        self._key = key
        self._timeout = timeout

    def _ask(self, method: str, path: str, body: bytes | None = None) -> bytes:
        request = urllib.request.Request(
            self.url + path, data=body, method=method, headers={KEY_HEADER: self._key}
        )
        if body is not None:
            request.add_header("Content-Type", "application/octet-stream")
        try:
            with _OPENER.open(request, timeout=self._timeout) as answer:
                data: bytes = answer.read()
                expected = answer.headers.get("Content-Length")
        except urllib.error.HTTPError as error:
            if error.code == HTTPStatus.FORBIDDEN:
                raise HubRefused(
                    N_("The hub at {address} refused this till: it serves another shop."),
                    address=self.url,
                ) from error
            raise HubUnreachable(
                N_("The hub at {address} cannot be reached: {reason}"),
                address=self.url,
                reason=f"HTTP {error.code}",
            ) from error
        except (OSError, ValueError) as error:  # refused, timed out, cut off, no such host
            reason = getattr(error, "reason", None) or error
            raise HubUnreachable(
                N_("The hub at {address} cannot be reached: {reason}"),
                address=self.url,
                reason=str(reason),
            ) from error
        if expected is not None and expected.isdigit() and int(expected) != len(data):
            raise HubUnreachable(
                N_("The hub at {address} cannot be reached: {reason}"),
                address=self.url,
                reason="short answer",
            )
        return data

    def listing(self) -> dict[str, TillFiles]:
        try:
            found = json.loads(self._ask("GET", "/batches").decode("utf-8"))
            tills = found["tills"]
            return {
                name: TillFiles(
                    {str(k): int(v) for k, v in listed.get("batches", {}).items()},
                    listed.get("state") if isinstance(listed.get("state"), dict) else None,
                )
                for name, listed in tills.items()
                if _TILL.fullmatch(name) and isinstance(listed, dict)
            }
        except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise HubUnreachable(
                N_("The hub at {address} cannot be reached: {reason}"),
                address=self.url,
                reason="not a Duka hub",
            ) from error

    def get(self, till_folder: str, name: str) -> bytes:
        return self._ask("GET", f"/files/{till_folder}/{name}")

    def put(self, till_folder: str, name: str, body: bytes) -> bool:
        answer = self._ask("PUT", f"/files/{till_folder}/{name}", body)
        try:
            return bool(json.loads(answer.decode("utf-8")).get("kept"))
        except (UnicodeDecodeError, ValueError, AttributeError):
            return False


# -- the mirror ------------------------------------------------------------------------------


def _wanted(file: str, gone_before: int) -> bool:
    """Whether a batch named `file` is one to copy: its till has not pruned it."""
    span = batch_range(Path(file)) if _BATCH.fullmatch(file) else None
    return span is not None and span[1] >= gone_before


@dataclass
class MirrorReport:
    fetched: int = 0  # files copied from the hub
    sent: int = 0  # files copied to the hub
    deleted: int = 0  # pruned batches deleted here


def mirror(folder: Path, client: HubClient, report: MirrorReport | None = None) -> MirrorReport:
    """Copy files between `folder` and the hub until both hold the same, for every till.
    Stops at the first failure (HubUnreachable); what was copied is whole, the rest waits."""
    report = report if report is not None else MirrorReport()
    folder.mkdir(parents=True, exist_ok=True)
    remote = client.listing()
    local = listing(folder)
    for name in sorted(set(remote) | set(local)):
        there = remote.get(name, TillFiles())
        here = local.get(name, TillFiles())
        place = folder / name
        gone_before = max(kept_from(here.state), kept_from(there.state))
        report.deleted += here.pruned + (_prune_below(place, gone_before) if place.is_dir() else 0)

        for file in sorted(set(there.batches) - set(here.batches)):
            if not _wanted(file, gone_before):
                continue
            body = client.get(name, file)
            if len(body) != there.batches[file] or not _check_batch(file, body):
                continue  # changed or damaged on the way: the next round tries again
            if store_file(folder, name, file, body):
                report.fetched += 1
        for file in sorted(set(here.batches) - set(there.batches)):
            if not _wanted(file, gone_before):
                continue
            try:
                body = (place / file).read_bytes()
            except OSError:
                continue  # pruned meanwhile
            if not _check_batch(file, body):
                continue  # damaged here (the hub would refuse it): the rest still goes
            if client.put(name, file, body):
                report.sent += 1
        later = _state_order(there.state)
        if later > _state_order(here.state):
            if store_file(folder, name, STATE, client.get(name, STATE)):
                report.fetched += 1
        elif _state_order(here.state) > later:
            try:
                body = (place / STATE).read_bytes()
            except OSError:
                continue
            if client.put(name, STATE, body):
                report.sent += 1
    return report
