from pathlib import Path

from dotterel.pipeline._clean import clean_text

GOLD = Path(__file__).parents[1] / "gold"


def test_view_keeps_every_offset_and_blanks_boilerplate():
    text = (GOLD / "gallant-austin.txt").read_text(encoding="utf-8")
    clean = clean_text(text)
    assert len(clean.view) == len(text)
    roles = [b.role for b in clean.blocks]
    assert roles[:4] == ["caption", "boilerplate", "headline", "byline"]
    assert "Photo Credit" not in clean.view
    assert "Share this article" not in clean.view
    assert "The Jewish Press" not in clean.view
    # the caption keeps its date and is cut from the credit glued to it
    caption = clean.blocks[0].span.of(text)
    assert caption.endswith("Dec. 18, 2023.")


def test_dateline_is_found_and_kept_out_of_the_parse():
    text = "KYIV, Ukraine (Dotterel Wire) — Russian troops shelled Kharkiv on Monday.\n"
    clean = clean_text(text)
    assert clean.dateline is not None and clean.dateline.of(text) == "KYIV, Ukraine"
    assert clean.view.lstrip().startswith("Russian troops")


def test_plain_text_is_all_body():
    text = "Police arrested 12 protesters in Dhaka on Sunday, officials said."
    clean = clean_text(text)
    assert [b.role for b in clean.blocks] == ["body"]
    assert clean.view == text
