import pytest

from contests.masking import mask_name


@pytest.mark.parametrize(
    ("full_name", "masked"),
    [
        ("Nguyễn Văn An", "Nguyễn V. A."),
        ("Giàng Thị Mai", "Giàng T. M."),
        ("Đặng Ánh", "Đặng Á."),
        ("Lê Thị Ơn Ưng", "Lê T. Ơ. Ư."),
        ("  Nguyễn   Văn    An  ", "Nguyễn V. A."),
        ("nguyễn văn an", "Nguyễn V. A."),
        ("An", "A."),
        ("ánh", "Á."),
        ("Vàng A Dính", "Vàng A. D."),
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_a_name_keeps_its_family_name_and_the_initials_of_the_rest(full_name, masked):
    assert mask_name(full_name) == masked


def test_decomposed_diacritics_give_the_same_initials_as_composed_ones():
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Đỗ Ước Ánh")
    assert mask_name(decomposed) == "Đỗ Ư. Á."


def test_a_stray_mark_between_words_is_not_an_initial():
    assert mask_name("Nguyễn - Văn An") == "Nguyễn V. A."


def test_the_masked_name_never_contains_a_whole_given_name():
    masked = mask_name("Trần Quốc Tuấn")
    assert "Quốc" not in masked and "Tuấn" not in masked
