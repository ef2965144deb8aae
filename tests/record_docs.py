"""``docs/record.md``, the record reference, generated from ``scraper/article.schema.json``.
After changing the schema, regenerate with ``python -m tests.record_docs`` and review the
diff; ``test_record_docs`` fails while the file and the schema disagree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "scraper" / "article.schema.json"
RECORD_DOCS = ROOT / "docs" / "record.md"

HEADER = ("<!-- Generated from scraper/article.schema.json by `python -m tests.record_docs`; "
          "do not edit by hand (tests/test_record_docs.py checks it). -->\n\n")


def _type(spec: dict[str, Any]) -> str:
    if "enum" in spec:
        return " \\| ".join("`null`" if value is None else f"`{value}`"
                            for value in spec["enum"])
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in spec:
        return " or ".join(_type(option) for option in spec["anyOf"])
    kinds = spec.get("type", "")
    names = kinds if isinstance(kinds, list) else [kinds]
    out = []
    for name in names:
        if name == "array":
            items = spec.get("items", {})
            out.append(f"array of {_type(items)}" if items else "array")
        else:
            out.append(name)
    text = " or ".join(out)
    if "minimum" in spec or "maximum" in spec:
        text += f" ({spec.get('minimum', '')}-{spec.get('maximum', '')})".replace("(-", "(..-")
    return text


def _table(properties: dict[str, Any], required: list[str]) -> list[str]:
    lines = ["| field | type | always present | meaning |", "|---|---|---|---|"]
    for name, spec in properties.items():
        meaning = spec.get("description", "").replace("|", "\\|")
        lines.append(f"| `{name}` | {_type(spec)} | {'yes' if name in required else 'no'} "
                     f"| {meaning} |")
    return lines


def render_record_docs() -> str:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    block = schema["$defs"]["block"]
    lines = [f"# {schema['title']}", "", schema["description"], "",
             "One JSON object a line in JSONL output (`Article.to_dict()` in the library). "
             "Fields in record order:", "",
             *_table(schema["properties"], schema["required"]), "",
             "## Blocks", "", "Each entry of `blocks` (and `comments`):", "",
             *_table(block["properties"], block["required"]), "",
             "Which fields a block of each type carries:", "",
             "| type | required fields |", "|---|---|"]
    for rule in block["allOf"]:
        kinds = rule["if"]["properties"]["type"]
        names = [kinds["const"]] if "const" in kinds else kinds["enum"]
        lines.append(f"| {', '.join(f'`{n}`' for n in names)} | "
                     f"{', '.join(f'`{f}`' for f in rule['then']['required'])} |")
    link = schema["$defs"]["link"]
    lines += ["", "## Links", "", "Each entry of a block's `links`:", "",
              *_table(link["properties"], link["required"])]
    return HEADER + "\n".join(lines) + "\n"


if __name__ == "__main__":
    RECORD_DOCS.write_text(render_record_docs(), encoding="utf-8")
    print(f"wrote {RECORD_DOCS}")
