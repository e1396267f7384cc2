import pytest

from docnorm.errors import InputError
from docnorm.extractor.readers.text import decode_bytes, read_document
from tests.conftest import DOCS, source_text

SEED = "000_487862950e7e3971.txt"


def test_utf8_with_and_without_bom():
    text = source_text(SEED)
    assert decode_bytes(text.encode("utf-8"), SEED).text == text
    decoded = decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"), SEED)
    assert decoded.text == text and decoded.encoding == "utf-8-sig"


def test_gb18030_copy_decodes_to_the_same_text():
    text = source_text(SEED)
    decoded = decode_bytes(text.encode("gb18030"), SEED)
    assert decoded.text == text and decoded.encoding == "gb18030"


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_become_lf(newline):
    text = source_text(SEED)
    assert decode_bytes(text.replace("\n", newline).encode(), SEED).text == text


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04rest-of-zip", "ZIP"),
        (b"abc\x00\x00\x00def", "NUL byte at byte offset 3"),
    ],
)
def test_unreadable_input_names_file_and_reason(data, words):
    with pytest.raises(InputError) as info:
        decode_bytes(data, "bad.txt")
    assert "bad.txt" in str(info.value) and words in str(info.value)


def test_invalid_utf8_after_bom_names_the_offset():
    with pytest.raises(InputError, match=r"bad\.txt: invalid utf-8 at byte offset 3"):
        decode_bytes(b"\xef\xbb\xbf\xff\xfe\xfd", "bad.txt")


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        read_document(tmp_path / "nope.txt")


def test_read_document_on_a_seed():
    assert read_document(DOCS / SEED).text.startswith("\n\n项目支出绩效目标表")
