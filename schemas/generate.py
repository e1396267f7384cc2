"""Write the JSON Schema files of the contracts next to this module.

Run ``python -m docnorm.schemas.generate`` after changing a model; a test fails while they differ.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from docnorm.schemas.document import DocumentResult, GoldenDocument
from docnorm.schemas.form_a import FormADocument
from docnorm.schemas.form_b import FormBDocument
from docnorm.schemas.form_p import FormPDocument

SCHEMA_DIR = Path(__file__).parent
MODELS: dict[str, type[BaseModel]] = {
    "document_result": DocumentResult,
    "golden_document": GoldenDocument,
    "form_a": FormADocument,
    "form_b": FormBDocument,
    "form_p": FormPDocument,
}


def render(model: type[BaseModel]) -> str:
    return json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def schema_path(name: str) -> Path:
    return SCHEMA_DIR / f"{name}.schema.json"


def main() -> None:
    for name, model in MODELS.items():
        schema_path(name).write_text(render(model), encoding="utf-8")
        print(f"wrote {schema_path(name)}")


if __name__ == "__main__":
    main()
