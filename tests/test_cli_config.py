"""Subcommands obey config.toml as the app does; messages a new user reads (issue 10)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from reader.cli import build_parser, main, make_app
from reader.core.config import Settings, load_settings, setting_parsers
from reader.core.library import open_library
from reader.core.paths import short_path
from tests.conftest import FIXTURES, SAMPLE


def write_config(text: str) -> Path:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "reader" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_settings_keys_come_from_the_dataclass_fields() -> None:
    assert list(setting_parsers()) == list(Settings._fields)
    path = write_config('export_dir = "~/papers-out"\nnope = 1\n')
    settings, problems = load_settings(path)
    assert settings.export_dir == Path("~/papers-out").expanduser()
    assert problems and "export_dir" in problems[0]  # the list of known keys names it


def test_stats_and_db_check_use_the_configured_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("READER_DB")
    configured = tmp_path / "configured.json"
    write_config(f'db = "{configured}"\n')
    library = open_library([], configured)
    library.set_tags(library.papers[0], ("configured-tag",))
    assert main(["stats"]) == 0
    assert "configured-tag" in capsys.readouterr().out
    assert main(["db", "check"]) == 0
    assert str(configured) in capsys.readouterr().out


def test_export_orders_papers_by_the_configured_default_sort(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write_config('default_sort = "title"\n')
    assert main(["export", "--format", "csv", str(SAMPLE)]) == 0
    header, *rows = csv.reader(io.StringIO(capsys.readouterr().out))
    titles = [row[header.index("title")] for row in rows]
    assert len(titles) == 80 and titles == sorted(titles, key=str.casefold)


def test_status_cycle_from_config_applies_to_the_library_subcommands_open(
    db_path: Path,
) -> None:
    write_config('status_cycle = ["unread", "read"]\n')
    from reader.core.library import open_configured

    settings, _ = load_settings()
    library = open_configured([SAMPLE], settings, db=db_path)
    library.cycle_status(library.papers[0])
    assert library.annotation(library.papers[0]).status.value == "read"


def test_theme_in_config_that_does_not_exist_is_one_line_naming_the_key(db_path: Path) -> None:
    write_config('theme = "nope"\n')
    app = make_app(db_path=db_path)
    lines = [line for line in app._problems if "nope" in line]
    assert len(lines) == 1 and "theme 'nope'" in lines[0] and "config.toml" in lines[0]


def test_check_report_on_stdout_with_singular_paper(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = tmp_path / "one.bib"
    one.write_text("@article{a, title={Only one}, year={2024}}\n")
    assert main(["check", str(one)]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == f"{one}: 1 paper, 0 skipped" and err == ""


def test_fetch_bad_date_says_what_it_wants(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["fetch", "--date", "2024-13-45"])
    assert "not a date: 2024-13-45 (want YYYY-MM-DD)" in capsys.readouterr().err


def test_import_says_what_happened_to_each_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(bytes(range(256)) * 4)
    good = FIXTURES / "arxiv-api.xml"
    assert main(["import", str(good), str(garbage)]) == 2
    err = capsys.readouterr().err
    assert f"{good}: " in err and "not imported (a file failed)" in err
    assert f"{garbage}: not imported: " in err
    assert "nothing imported; fix or leave out" in err


def test_paths_are_shortened_with_home_and_an_ellipsis_never_mid_name() -> None:
    home = Path.home()
    assert short_path(home / "a" / "b.json") == "~/a/b.json"
    long = Path("/very") / ("x" * 30) / ("y" * 30) / "annotations.json"
    short = short_path(long, width=40)
    assert short.startswith("…/") and short.endswith("/annotations.json")
    assert all(part in long.parts for part in short.split("/")[1:])
    help_text = build_parser().format_help()
    assert str(Path.home()) not in help_text or "~" in help_text


def test_csv_export_never_shows_internal_title_ids(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "csv", str(SAMPLE)]) == 0
    assert "title:" not in capsys.readouterr().out


def test_one_paper_is_said_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = tmp_path / "one.bib"
    one.write_text("@article{a, title={Only one}, year={2024}}\n")
    assert main(["stats", str(one)]) == 0
    assert main(["export", "--format", "bib", str(one), "-o", str(tmp_path / "o.bib")]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("1 paper\n") and "exported 1 paper to" in err
    assert "1 papers" not in out + err
