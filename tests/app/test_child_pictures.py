"""A child's pictures: a real JPEG and PNG are taken and made again with no metadata; anything
else is refused with a clear message and nothing is stored; a picture is served to the people of
its meeting only (404 for anyone else), by the same rules as items."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from tests.app.test_child_answers import room  # noqa: F401  (the fixture)
from tests.helpers import Person, admit_and_enter, join, new_meeting


def jpeg_with_location() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010E] = "SECRET-DESCRIPTION"           # ImageDescription
    exif[0x8825] = {2: (51.0, 30.0, 0.0), 1: "N"}  # GPS: where it was taken
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"SECRET-COMMENT")
    return out.getvalue() + b"SECRET-APPENDED"


def png_with_text() -> bytes:
    from PIL.PngImagePlugin import PngInfo
    info = PngInfo()
    info.add_text("Comment", "SECRET-PNG-TEXT")
    out = io.BytesIO()
    Image.new("RGBA", (30, 20), (0, 128, 0, 255)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def png_bomb() -> bytes:
    """A tiny file that claims 40000 × 40000 pixels (1.6 billion): a decompression bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", 40000, 40000, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 40001 * 8)  # the start of the rows only: it is the size that matters
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


async def upload(person, meeting_id, data, name="drawing.png", kind="image/png", **fields):
    form = {"child": "Jayden", "column": "worries", "description": "Jayden's drawing of his houses", **fields}
    return await person.client.post(f"/meetings/{meeting_id}/pictures", data=form, files={"picture": (name, data, kind)},
                                     headers={"sec-fetch-site": "same-origin", "hx-request": "true",
                                              "x-csrf-token": person.csrf})


async def pictures(app, meeting_id):
    return (await app.state.mr.boards.board(meeting_id)).pictures


async def test_a_real_jpeg_and_png_are_taken_and_made_again_without_metadata(app, room):  # noqa: F811
    chair, mum, child, pro, meeting_id = room
    for person, data, name, kind in ((pro, jpeg_with_location(), "house.jpg", "image/jpeg"),
                                     (chair, png_with_text(), "house.png", "image/png")):
        r = await upload(person, meeting_id, data, name, kind)
        assert r.status_code == 200 and "Added" in r.text, r.text
    found = await pictures(app, meeting_id)
    assert [p.content_type for p in found] == ["image/jpeg", "image/png"]
    for picture in found:
        for person in (chair, mum, child, pro):
            r = await person.get(f"/meetings/{meeting_id}/pictures/{picture.id}")
            assert r.status_code == 200 and r.headers["content-type"] == picture.content_type
            assert r.headers["content-disposition"].startswith("inline") and r.headers["x-content-type-options"] == "nosniff"
            assert b"SECRET" not in r.content
            again = Image.open(io.BytesIO(r.content))
            assert not again.getexif() and "Comment" not in again.info and "exif" not in again.info
    page = (await mum.get(f"/meetings/{meeting_id}/record")).text
    assert 'alt="Jayden&#39;s drawing of his houses"' in page
    data = (await mum.get(f"/meetings/{meeting_id}/record.json")).json()
    assert len(data["childs_pictures"]) == 2 and data["childs_pictures"][0]["house"] == "House of Worries"


@pytest.mark.parametrize("what,data,name,kind,words", [
    ("text named .png", b"just some words, not a picture", "house.png", "image/png", "not a picture"),
    ("a truncated image", jpeg_with_location()[:300], "house.jpg", "image/jpeg", "not a picture"),
    ("a decompression bomb", png_bomb(), "bomb.png", "image/png", "too many pixels"),
    ("an empty file", b"", "empty.png", "image/png", "empty"),
    ("a GIF", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "a.gif", "image/gif", "not a picture"),
])
async def test_anything_else_is_refused_and_nothing_is_stored(app, room, what, data, name, kind, words):  # noqa: F811
    chair, mum, child, pro, meeting_id = room
    r = await upload(pro, meeting_id, data, name, kind)
    assert r.status_code == 400 and words in r.text, (what, r.status_code, r.text[:300])
    assert await pictures(app, meeting_id) == []


async def test_too_big_wrong_child_or_no_description_is_refused(app, room):  # noqa: F811
    chair, mum, child, pro, meeting_id = room
    big = io.BytesIO()
    Image.frombytes("RGB", (1500, 1300), bytes(range(256)) * (1500 * 1300 * 3 // 256) + b"\x00" * (1500 * 1300 * 3 % 256)
                    ).save(big, "PNG", compress_level=0)
    assert big.tell() > 5 * 1024 * 1024
    r = await upload(pro, meeting_id, big.getvalue())
    assert r.status_code == 400 and "too big" in r.text
    r = await upload(pro, meeting_id, big.getvalue() * 2)  # far over: refused before it is read
    assert r.status_code == 413 and "too much to send" in r.text
    assert (await upload(pro, meeting_id, png_with_text(), child="Somebody Else")).status_code == 400
    assert (await upload(pro, meeting_id, png_with_text(), description="")).status_code == 400
    r = await upload(mum, meeting_id, png_with_text())
    assert r.status_code == 403
    assert await pictures(app, meeting_id) == []


async def test_a_picture_is_for_its_meeting_and_its_rules_only(app, room, database_url):  # noqa: F811
    chair, mum, child, pro, meeting_id = room
    assert (await upload(pro, meeting_id, png_with_text(), professionals_only="1")).status_code == 200
    assert (await upload(pro, meeting_id, jpeg_with_location(), "a.jpg", "image/jpeg")).status_code == 200
    hidden, shown = await pictures(app, meeting_id)
    assert (await mum.get(f"/meetings/{meeting_id}/pictures/{hidden.id}")).status_code == 404
    assert (await pro.get(f"/meetings/{meeting_id}/pictures/{hidden.id}")).status_code == 200
    assert "Jayden&#39;s drawing" not in (await mum.get(f"/meetings/{meeting_id}/record")).text.split(
        "view</h2>")[1].split("<h2")[0] or shown  # the shown one is listed; the hidden one is not:
    record = (await mum.get(f"/meetings/{meeting_id}/record.json")).json()
    assert [p["address"].rsplit("/", 1)[1] for p in record["childs_pictures"]] == [shown.id]
    # Someone of another meeting (another chair's, too) gets 404, even with the right address.
    other = Person.in_process(app)
    await chair.get("/meetings/new")
    other_meeting, code = await new_meeting(chair, "Another family")
    await join(other, code, "Stranger", "mum")
    await admit_and_enter(chair, other, other_meeting, "Stranger")
    for url in (f"/meetings/{meeting_id}/pictures/{shown.id}", f"/meetings/{other_meeting}/pictures/{shown.id}"):
        assert (await other.get(url)).status_code == 404
    assert (await Person.in_process(app).get(f"/meetings/{meeting_id}/pictures/{shown.id}")).status_code == 404
    await other.close()


async def test_the_pdf_holds_the_pictures_its_reader_may_see(app, room):  # noqa: F811
    """The PDF fetches nothing: the pictures of this copy go in inline, the hidden ones not at all."""
    from pypdf import PdfReader
    chair, mum, child, pro, meeting_id = room
    assert (await upload(pro, meeting_id, png_with_text(), professionals_only="1")).status_code == 200
    assert (await upload(pro, meeting_id, jpeg_with_location(), "a.jpg", "image/jpeg")).status_code == 200

    def images(pdf: bytes) -> list[tuple[int, int]]:
        return [(i.image.width, i.image.height) for page in PdfReader(io.BytesIO(pdf)).pages for i in page.images]

    family = await mum.get(f"/meetings/{meeting_id}/record.pdf")
    full = await chair.get(f"/meetings/{meeting_id}/record.pdf")
    assert family.status_code == 200 and full.status_code == 200
    assert set(images(family.content)) == {(64, 48)}  # the JPEG only: the hidden PNG (30×20) stays out
    assert set(images(full.content)) == {(30, 20), (64, 48)}
    assert b"SECRET" not in family.content and b"SECRET" not in full.content
