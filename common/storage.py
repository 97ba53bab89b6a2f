"""File storage whose writes are atomic: a file is complete under its name, or absent.

Django's FileSystemStorage writes a new file in place, chunk by chunk: a worker
killed (``kill -9``) in the middle of a report or a thumbnail leaves a
half-written file under the final name. Here the bytes go to a hidden
``.partial-*`` file in the same directory, are flushed to disk, and only then
linked to the final name (a link never replaces an existing file, as Django's
``O_EXCL`` open does not). A crash leaves at most a ``.partial-*`` file, which no
name of a model points at.
"""

import contextlib
import os
import tempfile

from django.core.files.storage import FileSystemStorage

PARTIAL_PREFIX = ".partial-"


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, mode=self.directory_permissions_mode or 0o777, exist_ok=True)
        handle, partial = tempfile.mkstemp(prefix=PARTIAL_PREFIX, dir=directory)
        try:
            with os.fdopen(handle, "wb") as out:
                if hasattr(content, "temporary_file_path"):
                    with open(content.temporary_file_path(), "rb") as source:
                        while chunk := source.read(1024 * 1024):
                            out.write(chunk)
                else:
                    for chunk in content.chunks():
                        out.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                out.flush()
                os.fsync(out.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(partial, self.file_permissions_mode)
            else:
                os.chmod(partial, 0o666 & ~_umask())
            while True:
                try:
                    os.link(partial, full_path)
                    break
                except FileExistsError:
                    # Another file took the name meanwhile: take the next free one.
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
        return str(name).replace("\\", "/")


def _umask():
    current = os.umask(0)
    os.umask(current)
    return current
