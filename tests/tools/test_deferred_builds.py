"""`pydantic_builds_deferred`: what is defined inside builds its validator on first use."""

from __future__ import annotations

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.dataclasses import dataclass

from tools.deferred_builds import pydantic_builds_deferred


def test_models_adapters_and_dataclasses_defined_inside_build_on_first_use() -> None:
    with pydantic_builds_deferred():

        class Point(BaseModel):
            x: int

        @dataclass
        class Size:
            w: int

        points = TypeAdapter(list[Point])

    assert Point.__pydantic_complete__ is False  # nothing built at definition
    assert Size.__pydantic_complete__ is False
    assert points.pydantic_complete is False
    assert points.validate_python([{"x": "1"}]) == [Point(x=1)]  # built now, and it validates
    assert points.pydantic_complete is True
    assert points.json_schema()["type"] == "array"
    assert Point.model_validate({"x": 3}).x == 3 and Point.__pydantic_complete__ is True
    assert Size(w="2").w == 2  # type: ignore[arg-type] - validated: the string is coerced
    try:
        Point(x="not a number")  # type: ignore[arg-type]
    except ValidationError as error:
        assert error.error_count() == 1
    else:
        raise AssertionError("a deferred model must still refuse bad input")


def test_after_the_block_models_build_at_definition_again() -> None:
    with pydantic_builds_deferred():
        pass

    class Later(BaseModel):
        y: int

    assert Later.__pydantic_complete__ is True
    assert TypeAdapter(list[Later]).pydantic_complete is True
