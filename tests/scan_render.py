"""Make "scans" of rendered golden pages: rasterized at a given dpi, then a grey paper tone, a
slight rotation, blur, sensor noise and JPEG artefacts (Pillow and numpy, seeded: the same
arguments give the same image). The goldens stay the truth: a scan is printed from a PDF
printed from a golden."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Any

from tests.conftest import GOLDEN


def degrade(image: Any, dpi: int, seed: int, *, angle: float | None = None) -> Any:
    """The page as a mediocre scanner returns it."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    grey = image.convert("L")
    tilt = rng.uniform(-2.0, 2.0) if angle is None else angle
    grey = grey.rotate(tilt, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    grey = grey.filter(ImageFilter.GaussianBlur(radius=0.8 * dpi / 300))
    pixels = np.asarray(grey, dtype=np.float32) / 255.0
    paper = rng.uniform(205, 225)  # grey background: white becomes paper, black stays ink
    pixels = 20 + pixels * (paper - 20)
    noise = np.random.default_rng(seed).normal(0.0, 10.0, pixels.shape)
    grey = Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8), mode="L")
    buffer = io.BytesIO()
    grey.save(buffer, format="JPEG", quality=55)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


def scan_pages(pdf: Path, dpi: int, seed: int = 0) -> list[Any]:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return [degrade(page.render(scale=dpi / 72).to_pil(), dpi, seed + i) for i, page in enumerate(doc)]
    finally:
        doc.close()


def save_png(image: Any, out: Path, dpi: int) -> Path:
    image.save(out, format="PNG", dpi=(dpi, dpi))
    return out


def save_scan_pdf(images: list[Any], out: Path, dpi: int) -> Path:
    """An image-only PDF (no text layer), as a scanner writes it."""
    images[0].save(out, format="PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return out


def golden_data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLDEN / f"{Path(name).stem}.json").read_text(encoding="utf-8"))
    return data


def first_projects(name: str, count: int) -> dict[str, Any]:
    """A Form A golden cut to its first unit and that unit's first `count` projects (a one-page
    table, to keep the OCR tests short); the cut golden is as true of its rendering."""
    data = golden_data(name)
    content = data["content"]
    unit = content["units"][0]
    content["units"] = [unit]
    content["projects"] = [p for p in content["projects"] if p["unit"] == unit["name"]][:count]
    content["unplaced"] = []
    return data
