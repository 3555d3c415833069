from __future__ import annotations

import callpilot.knowledge as knowledge


def test_the_package_exports_exactly_its_public_api() -> None:
    public = {name for name in dir(knowledge) if not name.startswith("_")}
    modules = {"embed", "facts", "load", "mentions", "model", "names", "numwords", "retrieve"}
    modules |= {"units", "value", "static", "encoders"}

    assert set(knowledge.__all__) == public - modules
    for name in knowledge.__all__:
        assert getattr(knowledge, name) is not None
