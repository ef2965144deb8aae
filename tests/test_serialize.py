import gzip
import json
from pathlib import Path

import pytest
import zstandard

from scraper.errors import ConfigError
from scraper.models import Article, Block, BlockType
from scraper.serialize import JsonlWriter, error_record, to_json_line


def test_json_line_is_one_line_and_keeps_unicode() -> None:
    article = Article(title="Zürich\nnews", text="a\n\nb",
                      blocks=[Block(BlockType.PARAGRAPH, text="a")])
    line = to_json_line(article)
    assert line.endswith("\n") and line.count("\n") == 1
    assert "Zürich" in line
    assert json.loads(line)["blocks"] == [{"type": "paragraph", "text": "a"}]


def test_writer_overwrites_unless_append(tmp_path: Path) -> None:
    target = tmp_path / "out" / "records.jsonl"
    with JsonlWriter(target) as writer:
        writer.write(error_record("u1", "timeout", "slow"))
    with JsonlWriter(target, append=True) as writer:
        writer.write(error_record("u2", "timeout", "slow"))
    assert [json.loads(x)["url"] for x in target.read_text().splitlines()] == ["u1", "u2"]
    with JsonlWriter(target) as writer:
        writer.write(error_record("u3", "empty", "nothing"))
    lines = target.read_text().splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0]) == {"url": "u3", "error": {"kind": "empty",
                                                           "message": "nothing"}}


def test_writer_compresses_by_extension_and_appends_members(tmp_path: Path) -> None:
    for name, opener in (("e.jsonl.gz", gzip.open), ("e.jsonl.zst", zstandard.open)):
        target = tmp_path / name
        for url, append in (("u1", False), ("u2", True)):
            with JsonlWriter(target, append=append) as writer:
                writer.write(error_record(url, "timeout", "slow"))
                assert writer.path is None  # not rereadable by a resumed crawl
        with opener(target, "rt", encoding="utf-8") as fh:
            assert [json.loads(x)["url"] for x in fh.read().splitlines()] == ["u1", "u2"]


def test_writer_refuses_a_directory_with_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a directory"):
        JsonlWriter(tmp_path, option="--errors")


def test_block_dict_leaves_out_fields_of_other_types() -> None:
    table = Block(BlockType.TABLE, rows=[["a", "b"], ["1", "2"]], header=True)
    assert table.to_dict() == {"type": "table", "rows": [["a", "b"], ["1", "2"]],
                               "header": True}
    assert table.plain_text() == "a | b\n1 | 2"
    items = Block(BlockType.LIST, items=["x", "y"], ordered=True)
    assert items.plain_text() == "- x\n- y"
