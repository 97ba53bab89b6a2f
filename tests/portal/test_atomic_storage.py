"""Issue 12, item 2: a write cut off half-way leaves no file under its name."""

import contextlib

from django.core.files.base import ContentFile, File

from common.storage import PARTIAL_PREFIX, AtomicFileSystemStorage


class CutOff(File):
    """A file whose reading stops with an error after the first chunk, as a killed worker."""

    def __init__(self):
        super().__init__(None, name="bao-cao.pdf")
        self.size = 3

    def chunks(self, chunk_size=None):
        yield b"%PDF-1.7 first half"
        raise OSError("the worker died")


def test_a_saved_file_is_complete_under_its_name(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    name = storage.save("2025/bao-cao.xlsx", ContentFile(b"PK\x03\x04 whole workbook"))
    assert storage.open(name).read() == b"PK\x03\x04 whole workbook"
    assert [p.name for p in (tmp_path / "2025").iterdir()] == ["bao-cao.xlsx"]


def test_a_write_cut_off_half_way_leaves_no_file_under_its_name_nor_a_partial_one(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    with contextlib.suppress(OSError):
        storage.save("2025/bao-cao.pdf", CutOff())
    assert not storage.exists("2025/bao-cao.pdf")
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(PARTIAL_PREFIX)]


def test_a_second_file_of_the_same_name_gets_a_new_name_and_keeps_the_first(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    first = storage.save("anh.jpg", ContentFile(b"first"))
    second = storage.save("anh.jpg", ContentFile(b"second"))
    assert first != second
    assert storage.open(first).read() == b"first"
    assert storage.open(second).read() == b"second"
