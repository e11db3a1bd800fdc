"""The page loads the chat's video player ahead: the script is wired into Chainlit's config and
names the player module that Chainlit's build serves."""

from __future__ import annotations

import tomllib
from pathlib import Path

from chat import preload

ROOT = Path(__file__).resolve().parents[2]


def test_chainlit_loads_the_preload_script_with_every_page() -> None:
    config = tomllib.loads((ROOT / ".chainlit" / "config.toml").read_text())
    assert config["UI"]["custom_js"] == preload.PRELOAD_ROUTE


async def test_the_script_preloads_the_video_player_module_chainlit_serves() -> None:
    [route] = [r for r in preload.router.routes if getattr(r, "path", "") == preload.PRELOAD_ROUTE]
    answer = await preload.preload()
    assert answer.media_type == "text/javascript" and route is not None
    [player] = [url for url in preload.modules_ahead() if "/FilePlayer-" in url]
    assert (
        f'"{player}"' in bytes(answer.body).decode()
        and 'link.rel = "modulepreload"' in bytes(answer.body).decode()
    )
    served = Path(preload.build_dir) / "assets" / Path(player).name
    assert served.is_file() and "import" in served.read_text()
