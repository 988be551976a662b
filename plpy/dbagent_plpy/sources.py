"""Where a CSV comes from, resolved the same way for analyse_csv and import_csv.

A source is one of:

* ``upload:<source_id>`` — bytes the client sent over the database connection
  (agent.upload_begin / upload_chunk / upload_finish), kept in dbagent's storage directory;
* ``https://...`` / ``http://...`` — fetched by the server: size cap, timeout, at most 3
  redirects, and no loopback, private, link-local or cloud-metadata address unless the admin
  allow-lists it (setting ``url_allowlist``: host names or CIDR networks); the address is
  resolved once and connected to directly, so DNS cannot change it between check and use;
* ``import:<relative path>`` — a file in the admin's import directory (setting
  ``import_dir``); ``..``, absolute paths and symbolic links out of it are refused.

Files live under the storage directory (setting ``storage_dir``), one folder per base. Agents
see source ids, never paths.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import os
import re
import socket
import ssl
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

MAX_CHUNK = 16 << 20
QUOTA_HINT = ("Free space in the base, or ask the admin to raise its max_storage_bytes (agent.admin_set_limits); "
              "sources expire after the retention period.")
DEFAULTS = {
    "max_source_bytes": 4 << 30,
    "url_timeout_s": 30,
    "url_max_redirects": 3,
}


class SourceError(Exception):
    def __init__(self, message: str, *, sqlstate: str = "22023", hint: str | None = None,
                 detail: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate
        self.hint = hint
        self.detail = detail


@dataclass
class Source:
    source_id: str
    kind: str
    name: str
    path: str
    bytes: int


def base_dir(storage: str, base_id: str) -> str:
    path = os.path.join(storage, str(uuid.UUID(str(base_id))))
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


# ------------------------------------------------------------------------ uploads
def begin_upload(storage: str, base_id: str, name: str, size: int | None, max_bytes: int) -> tuple[str, str]:
    if size is not None and size > max_bytes:
        raise SourceError(f"the file is {size} bytes; sources may have at most {max_bytes}", sqlstate="54000",
                          hint="Split the file, or ask the admin to raise max_source_bytes.")
    source_id = str(uuid.uuid4())
    path = os.path.join(base_dir(storage, base_id), source_id + ".csv")
    with open(path, "wb"):
        pass
    return source_id, path


def write_chunk(path: str, offset: int, data: bytes, max_bytes: int) -> int:
    """Write DATA at OFFSET; a chunk sent again (a retry) is accepted. Returns the file size."""
    size = os.path.getsize(path)
    if offset < 0 or offset > size:
        raise SourceError(f"chunk at offset {offset} does not follow the {size} bytes received",
                          hint=f"Send the chunk that starts at byte {size}.")
    if offset + len(data) > max_bytes:
        raise SourceError(f"the upload exceeds {max_bytes} bytes", sqlstate="54000",
                          hint="Split the file, or ask the admin to raise max_source_bytes.")
    with open(path, "r+b") as fh:  # a retried chunk in the middle overwrites, what follows stays
        fh.seek(offset)
        fh.write(data)
    return max(size, offset + len(data))


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(4 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ------------------------------------------------------------------------ import directory
def import_path(import_dir: str | None, relative: str) -> str:
    if not import_dir:
        raise SourceError("there is no import directory on this server", sqlstate="42501",
                          hint="Upload the file (dbagent csv import BASE ./file.csv sends it), or ask the admin "
                               "to set one with agent.admin_set_settings('{\"import_dir\": \"/srv/imports\"}').")
    if relative.startswith("/") or "\x00" in relative:
        raise SourceError("import paths are relative to the import directory", sqlstate="42501",
                          hint="Write import:folder/file.csv.")
    root = os.path.realpath(import_dir)
    full = os.path.realpath(os.path.join(root, relative))
    if os.path.commonpath([root, full]) != root:
        raise SourceError("the path leaves the import directory", sqlstate="42501",
                          hint="Name a file inside the import directory, without '..' or links out of it.")
    if not os.path.isfile(full):
        raise SourceError(f'there is no file "{relative}" in the import directory', sqlstate="58P01")
    return full


# ------------------------------------------------------------------------ URLs
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"),
             ipaddress.ip_address("100.100.100.200")}


def address_refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if ip in _METADATA:
        return "a cloud metadata address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return address_refusal(ip.ipv4_mapped)
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private or ip.is_reserved or ip.is_multicast or ip.is_unspecified:
        return "a private or reserved address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in ipaddress.ip_network("100.64.0.0/10"):
        return "a shared (carrier-grade NAT) address"
    return None


def allowed(host: str, ip: ipaddress.IPv4Address | ipaddress.IPv6Address, allowlist: list[str]) -> bool:
    for entry in allowlist:
        entry = entry.strip().lower()
        if not entry:
            continue
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            if host.lower() == entry or host.lower().endswith("." + entry.lstrip("*.")) and entry.startswith("*."):
                return True
    return False


def _resolve(host: str, port: int) -> list[tuple[Any, ...]]:
    try:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise SourceError(f'cannot resolve host "{host}"', sqlstate="08001", detail=str(e)) from None


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, ip: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, ip: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._ip = ip

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def fetch(url: str, dest: str, *, allowlist: list[str], max_bytes: int, timeout_s: float,
          max_redirects: int, quota_room: int | None = None) -> tuple[int, str]:
    """Download URL into DEST with the SSRF rules above. Returns (bytes, final URL).

    QUOTA_ROOM: the bytes the base may still store; the download stops there (53400)."""
    deadline = time.monotonic() + timeout_s
    for _hop in range(max_redirects + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise SourceError(f'URL scheme "{parts.scheme}" is not allowed', sqlstate="42501",
                              hint="Use an http or https URL.")
        if parts.username or parts.password:
            raise SourceError("URLs with credentials are not allowed", sqlstate="42501",
                              hint="dbagent does not store secrets: use a pre-signed URL or upload the file.")
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = _resolve(host, port)
        chosen = None
        refusal = None
        for family, _t, _p, _c, sockaddr in infos:
            ip = ipaddress.ip_address(sockaddr[0])
            why = address_refusal(ip)
            if why and not allowed(host, ip, allowlist):
                refusal = why
                continue
            chosen = sockaddr[0]
            break
        if chosen is None:
            raise SourceError(f'host "{host}" resolves to {refusal or "no usable address"}', sqlstate="42501",
                              hint="The server fetches public URLs only; an admin may allow-list hosts or networks "
                                   "(setting url_allowlist), or upload the file instead.")
        remaining = max(deadline - time.monotonic(), 0.5)
        cls = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        conn = cls(host, chosen, port, remaining)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            conn.request("GET", path, headers={"User-Agent": "dbagent", "Accept": "text/csv, */*"})
            resp = conn.getresponse()
            if resp.status in (301, 302, 303, 307, 308):
                location = resp.getheader("Location")
                resp.read(0)
                conn.close()
                if not location:
                    raise SourceError(f"redirect without a Location from {host}", sqlstate="08006")
                url = urljoin(url, location)
                continue
            if resp.status != 200:
                raise SourceError(f"the URL answered HTTP {resp.status}", sqlstate="08006",
                                  hint="Check the URL; it must answer 200 with the CSV.")
            declared = resp.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise SourceError(f"the file is {declared} bytes; sources may have at most {max_bytes}",
                                  sqlstate="54000")
            if declared and declared.isdigit() and quota_room is not None and int(declared) > quota_room:
                raise SourceError(f"the file is {declared} bytes; the base's storage quota leaves room for {quota_room}",
                                  sqlstate="53400", hint=QUOTA_HINT)
            total = 0
            with open(dest, "wb") as out:
                while True:
                    if time.monotonic() > deadline:
                        raise SourceError(f"the download took longer than {timeout_s:.0f} s", sqlstate="57014")
                    block = resp.read(1 << 20)
                    if not block:
                        break
                    total += len(block)
                    if total > max_bytes:
                        raise SourceError(f"the file exceeds {max_bytes} bytes", sqlstate="54000")
                    if quota_room is not None and total > quota_room:
                        raise SourceError(f"the file exceeds the {quota_room} bytes the base's storage quota leaves",
                                          sqlstate="53400", hint=QUOTA_HINT)
                    out.write(block)
            return total, url
        except (OSError, http.client.HTTPException) as e:
            raise SourceError(f"cannot download {host}: {e}", sqlstate="08006") from None
        finally:
            conn.close()
    raise SourceError(f"more than {max_redirects} redirects", sqlstate="08006")


SOURCE_RE = re.compile(r"^(upload|source):([0-9a-fA-F-]{36})$")
