"""A very long word must not stop the whole library from being searched (issue 9.10)."""

from pathlib import Path

from reader.core.library import open_library


def test_a_word_of_40000_characters_does_not_disable_search(tmp_path: Path) -> None:
    bib = tmp_path / "long.bib"
    bib.write_text(
        "@misc{a, title = {Attention is all you need}, abstract = {" + "x" * 40_000 + "}}\n"
        "@misc{b, title = {Diffusion models beat GANs}, abstract = {" + "y" * 32_768 + " tail}}\n",
        encoding="utf-8",
    )
    library = open_library([bib], tmp_path / "db.json", use_cache=False)
    titles = [paper.title for paper in library.papers]
    found = library.search("attention")
    assert not found.error
    assert [titles[i] for i in found.indices] == ["Attention is all you need"]
    fuzzy = library.search("difusion")  # the typo path reads the word lengths
    assert [titles[i] for i in fuzzy.indices] == ["Diffusion models beat GANs"]
