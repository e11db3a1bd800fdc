"""The ApiIndex queries the validator relies on."""

from __future__ import annotations

from tools.check import ApiIndex


def test_lineage(api_index: ApiIndex) -> None:
    assert api_index.lineage("MovingCameraScene")[:2] == ("MovingCameraScene", "Scene")
    assert "Mobject" in api_index.lineage("Circle")
    assert api_index.lineage("NoSuchClass") == ()


def test_opengl_only_methods_do_not_count_for_cairo(api_index: ApiIndex) -> None:
    assert api_index.any_class_has_attribute("scale_to_fit_width", include_opengl=False)
    # set_width is a method of OpenGLMobject only (Cairo mobjects fake it in __getattr__).
    if api_index.any_class_has_attribute("set_width"):
        assert not api_index.any_class_has_attribute("set_width", include_opengl=False)


def test_methods_are_not_properties(api_index: ApiIndex) -> None:
    assert api_index.any_class_has_method("move_to")
    assert not api_index.any_class_has_method("animate")  # a property


def test_accepted_kwargs_follow_the_constructor_chain(api_index: ApiIndex) -> None:
    circle = api_index.accepted_kwargs("Circle")
    assert circle is not None
    assert {"radius", "color", "fill_opacity", "stroke_width"} <= circle
    assert "radiuss" not in circle


def test_kwargs_taken_out_of_kwargs_by_name_are_accepted(api_index: ApiIndex) -> None:
    arrow = api_index.accepted_kwargs("Arrow")
    assert arrow is not None
    assert "tip_shape" in arrow  # Arrow.__init__ does kwargs.pop("tip_shape", ...)


def test_kwargs_forwarded_elsewhere_leave_the_chain_open(api_index: ApiIndex) -> None:
    # TransformMatchingShapes hands **kwargs to inner Transforms, not to its parent.
    assert api_index.accepted_kwargs("TransformMatchingShapes") is None


def test_param_name_unions(api_index: ApiIndex) -> None:
    assert {"x_range", "y_range", "x_length", "color"} <= api_index.init_param_names("Axes")
    assert "x_range" in api_index.method_param_names("plot")
    assert "x_min" not in api_index.method_param_names("plot")
