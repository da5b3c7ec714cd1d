"""One dated archive holds the whole site: the database, the public and the private media, with a
manifest (date, schema, engine, every file with its size and SHA-256) and a SHA256SUMS file; a
`<archive>.sha256` file next to it lets a copy be checked anywhere with `sha256sum -c`.

A restore checks every checksum before it changes anything, then replaces the database and the
media and rebuilds the search index (derived data, never archived)."""

import hashlib
import io
import json
import re
import shutil
import tarfile
import tempfile
import uuid
import zlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from passerelles.search_index.services import indexing

from . import database
from .errors import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
CHUNK = 1024 * 1024
NAME = re.compile(r"^passerelles-(\d{8}-\d{6})(?:-(\d+))?\.tar\.gz$")


def media_roots() -> dict[str, Path]:
    """Archive folder -> the folder of the site it holds."""
    return {"media": Path(settings.MEDIA_ROOT), "private-media": Path(settings.PASSERELLES["PRIVATE_MEDIA_ROOT"])}


# ---- backup ---------------------------------------------------------------------------------


def create(output: str | Path, keep: int | None = None) -> Path:
    """Write a new archive in `output` and return its path; keep only the `keep` newest."""
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    now = timezone.localtime()
    target = _free_name(output, now.strftime("%Y%m%d-%H%M%S"))
    partial = output / f".{target.name}.partial"
    engine = database.engine()
    try:
        with tempfile.TemporaryDirectory(dir=output, prefix=".dump-") as work:
            dump = Path(work) / database.DUMP_NAMES[engine]
            database.dump(dump)  # first: files uploaded meanwhile are extra, never missing
            files = []
            with (
                partial.open("wb") as raw,
                _Hashing(raw) as hashed,
                tarfile.open(fileobj=hashed, mode="w:gz", compresslevel=6) as tar,
            ):
                files.append(_add(tar, dump, dump.name))
                for folder, root in media_roots().items():
                    for path in _files_under(root):
                        files.append(_add(tar, path, f"{folder}/{path.relative_to(root).as_posix()}"))
                manifest = _manifest(now, engine, files)
                manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                _add_bytes(tar, MANIFEST, manifest_bytes)
                sums = [(hashlib.sha256(manifest_bytes).hexdigest(), MANIFEST)]
                sums += [(entry["sha256"], entry["path"]) for entry in files]
                _add_bytes(tar, SUMS, "".join(f"{digest}  {path}\n" for digest, path in sums).encode())
            partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    Path(f"{target}.sha256").write_text(f"{hashed.hexdigest()}  {target.name}\n", encoding="utf-8")
    if keep:
        prune(output, keep)
    return target


def _free_name(output: Path, stamp: str) -> Path:
    target = output / f"passerelles-{stamp}.tar.gz"
    counter = 1
    while target.exists():
        target = output / f"passerelles-{stamp}-{counter}.tar.gz"
        counter += 1
    return target


def _files_under(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def _add(tar: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as handle, _Hashing(handle) as hashed:
        tar.addfile(info, hashed)
    return {"path": name, "size": info.size, "sha256": hashed.hexdigest()}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o644
    tar.addfile(info, io.BytesIO(data))


def _manifest(now: datetime, engine: str, files: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "created_at": now.isoformat(timespec="seconds"),
        "schema": schema(),
        "database": {"engine": engine, "file": database.DUMP_NAMES[engine], "tables": database.tables()},
        "files": files,
    }


def schema() -> dict[str, str]:
    """The latest migration applied, per app: what the archived database is made of."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[database.ALIAS]).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def prune(output: str | Path, keep: int) -> list[Path]:
    """Delete the oldest archives of `output` beyond the `keep` newest (other files are left alone)."""
    archives: list[tuple[tuple[str, int], Path]] = []
    for path in Path(output).iterdir():
        match = NAME.match(path.name)
        if match:
            archives.append(((match[1], int(match[2] or 0)), path))
    archives.sort()
    removed = []
    for _, path in archives[: max(len(archives) - keep, 0)]:
        path.unlink()
        Path(f"{path}.sha256").unlink(missing_ok=True)
        removed.append(path)
    return removed


class _Hashing(io.RawIOBase):
    """A file that hashes what goes through it, read or written."""

    def __init__(self, handle: IO[bytes]) -> None:
        super().__init__()
        self.handle = handle
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data

    def write(self, data: Any) -> int:
        self.digest.update(data)
        return self.handle.write(data)

    def hexdigest(self) -> str:
        return self.digest.hexdigest()

    def close(self) -> None:  # the handle belongs to the caller
        super().close()


# ---- checks ---------------------------------------------------------------------------------

UNREADABLE = (tarfile.TarError, EOFError, zlib.error, OSError, UnicodeDecodeError, ValueError)


def verify(archive: str | Path) -> dict[str, Any]:
    """Read the whole archive and check every file against the manifest and SHA256SUMS; return the
    manifest. Nothing is written anywhere."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"L'archive {archive} est introuvable.")
    _check_sidecar(archive)
    found: dict[str, tuple[int, str]] = {}
    special: dict[str, bytes] = {}
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                data = _member_stream(tar, member)
                if member.name in (MANIFEST, SUMS):
                    special[member.name] = data.read()
                else:
                    found[member.name] = _digest(data)
            while tar.fileobj.read(CHUNK):  # a damaged header ends the listing early: read on to gzip's CRC
                pass
        if MANIFEST not in special or SUMS not in special:
            raise BackupError(
                f"L'archive {archive.name} est tronquée ou endommagée (manifeste ou sommes de contrôle absents), "
                "ou ce n'est pas une sauvegarde de Passerelles : rien n'a été modifié."
            )
        manifest = json.loads(special[MANIFEST])
        listed = dict(_sums_line(line) for line in special[SUMS].decode().splitlines())
    except UNREADABLE as error:
        raise BackupError(
            f"L'archive {archive.name} est illisible ou tronquée ({error}) : rien n'a été modifié."
        ) from error
    if not _well_formed(manifest):
        raise BackupError(f"{archive.name} n'est pas une archive de sauvegarde de Passerelles : rien n'a été modifié.")
    expected = {entry["path"]: (entry["size"], entry["sha256"]) for entry in manifest["files"]}
    sums = {MANIFEST: hashlib.sha256(special[MANIFEST]).hexdigest()} | {p: sha for p, (_, sha) in expected.items()}
    damaged = {path for path in expected.keys() | found.keys() if found.get(path) != expected.get(path)}
    damaged |= {path for path in listed.keys() | sums.keys() if listed.get(path) != sums.get(path)}
    if damaged:
        names = sorted(damaged)
        raise BackupError(
            f"L'archive {archive.name} est endommagée : la somme de contrôle ne correspond pas pour "
            f"{', '.join(names[:5])}{' …' if len(names) > 5 else ''}. Rien n'a été modifié."
        )
    return manifest


def _well_formed(manifest: object) -> bool:
    return (
        isinstance(manifest, dict)
        and manifest.get("format") == FORMAT
        and isinstance(manifest.get("schema"), dict)
        and isinstance(manifest.get("database"), dict)
        and {"engine", "file", "tables"} <= manifest["database"].keys()
        and isinstance(manifest.get("files"), list)
        and all(isinstance(entry, dict) and {"path", "size", "sha256"} <= entry.keys() for entry in manifest["files"])
    )


def _sums_line(line: str) -> tuple[str, str]:
    digest, path = line.split("  ", 1)  # as sha256sum writes it
    return path, digest


def _check_sidecar(archive: Path) -> None:
    sidecar = Path(f"{archive}.sha256")
    if not sidecar.exists():
        return
    recorded = sidecar.read_text(encoding="utf-8").split()[:1]
    with archive.open("rb") as handle:
        actual = _digest(handle)[1]
    if recorded != [actual]:
        raise BackupError(
            f"L'archive {archive.name} est endommagée : sa somme de contrôle ne correspond pas à celle de "
            f"{sidecar.name}. Rien n'a été modifié."
        )


def _member_stream(tar: tarfile.TarFile, member: tarfile.TarInfo) -> IO[bytes]:
    path = Path(member.name)
    stream = tar.extractfile(member) if member.isfile() else None  # never written anywhere by itself
    if stream is None or path.is_absolute() or ".." in path.parts:
        raise BackupError(f"L'archive contient un élément refusé ({member.name}) : rien n'a été modifié.")
    return stream


def _digest(handle: IO[bytes]) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def check_compatible(manifest: dict[str, Any]) -> None:
    """The same engine, and no migration this code does not know (an archive from a newer version)."""
    engine = database.engine()
    archived = manifest["database"]["engine"]
    if archived != engine:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise BackupError(
            f"Cette archive contient une base {names.get(archived, archived)} et ce site utilise "
            f"{names[engine]} : restaurez-la sur un site du même moteur. Rien n'a été modifié."
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = sorted(f"{app}.{name}" for app, name in manifest["schema"].items() if (app, name) not in known)
    if unknown:
        raise BackupError(
            "Cette archive vient d'une version plus récente de Passerelles (migrations inconnues ici : "
            f"{', '.join(unknown)}) : mettez le code à jour avant de restaurer. Rien n'a été modifié."
        )


# ---- restore --------------------------------------------------------------------------------


def restore(
    archive: str | Path,
    progress: Callable[[str], object] = print,
    confirm: Callable[[dict[str, Any]], object] | None = None,
) -> dict[str, Any]:
    """Check the archive, then replace the database and the media with its content, bring the
    schema up to this code's migrations and rebuild the search index. Returns the manifest.
    `confirm(manifest)` is asked once the archive is known whole, before anything changes."""
    archive = Path(archive)
    manifest = verify(archive)
    check_compatible(manifest)
    if confirm:
        confirm(manifest)
    roots = media_roots()
    staged = {
        folder: root.with_name(f".{root.name}.restoring-{uuid.uuid4().hex[:8]}") for folder, root in roots.items()
    }
    with tempfile.TemporaryDirectory(prefix="passerelles-restore-") as work:  # TMPDIR: room for the database
        dump = Path(work) / manifest["database"]["file"]
        try:
            _extract(archive, manifest, dump, staged)
            database.load(dump, manifest["database"]["tables"])
            progress("Base de données restaurée.")
            for folder, root in roots.items():
                _replace_contents(root, staged[folder])
            progress("Fichiers restaurés.")
        finally:
            for path in staged.values():
                shutil.rmtree(path, ignore_errors=True)
    call_command("migrate", interactive=False, verbosity=0)  # an archive older than this code
    cache.clear()
    count = indexing.rebuild()
    progress(f"Index de recherche reconstruit : {count} document(s).")
    return manifest


def _extract(archive: Path, manifest: dict[str, Any], dump: Path, staged: dict[str, Path]) -> None:
    """Write the database copy and the media to their staging places, checking each file again."""
    expected = {entry["path"]: entry for entry in manifest["files"]}
    for path in staged.values():
        path.mkdir(parents=True)
    with tarfile.open(archive, mode="r:gz") as tar:
        for member in tar:
            if member.name not in expected:
                continue
            folder, _, rest = member.name.partition("/")
            target = dump if member.name == manifest["database"]["file"] else staged[folder] / rest
            target.parent.mkdir(parents=True, exist_ok=True)
            with _member_stream(tar, member) as source, target.open("wb") as out, _Hashing(out) as hashed:
                shutil.copyfileobj(source, hashed, CHUNK)
            if hashed.hexdigest() != expected[member.name]["sha256"]:
                raise BackupError(f"L'archive a changé pendant la restauration ({member.name}) : recommencez.")


def _replace_contents(root: Path, staged: Path) -> None:
    """Empty `root` and move the staged files in (`root` itself stays: it may be a mount point)."""
    root.mkdir(parents=True, exist_ok=True)
    for entry in root.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in staged.iterdir():
        shutil.move(str(entry), str(root / entry.name))
