from manim import *


class Sabotage(VMobject):
    """Answers the audit's questions with an error: the render must still succeed."""

    def get_fill_opacities(self):
        raise RuntimeError("no opacity for you")


class AuditBreaks(Scene):
    def construct(self):
        words = Text("numerator", font_size=44)
        other = Text("denominator", font_size=44).move_to(DOWN * 0.1)
        shape = Sabotage().set_points_as_corners([LEFT, RIGHT, UP])
        self.play(FadeIn(words), FadeIn(other), Create(shape))
        self.wait(1)
