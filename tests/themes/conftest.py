import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "eval" / "golden"

GOALS = [
    "党组织服务群众经费。发挥基层党组织战斗堡垒作用，加强党员教育管理。",
    "社区党员活动经费。组织党员开展主题党日活动，提升党组织凝聚力。",
    "两新组织党员活动经费。推进两新组织党建工作，加强党员教育。",
    "环卫保洁类经费。保障辖区道路清扫保洁，生活垃圾及时清运。",
    "垃圾分类专项经费。推进生活垃圾分类，提升环境卫生水平。",
    "市政环卫保洁经费。开展环境卫生整治，垃圾清运和保洁。",
    "居家养老服务经费。为老年人提供居家养老服务，提升长者生活质量。",
    "颐康服务站运营经费。为辖内长者提供养老服务，助餐配餐。",
    "长者长寿保健金。发放长寿保健金，提高老年人幸福感。",
]


@pytest.fixture()
def out_dir(tmp_path: Path) -> Path:
    """An extraction output folder made of the golden documents (valid content models)."""
    out = tmp_path / "out"
    out.mkdir()
    for path in sorted(GOLDEN.glob("*.json")):
        shutil.copy(path, out / path.name)
    return out
