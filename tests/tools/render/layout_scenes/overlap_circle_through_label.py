from manim import *


class LabelOnCircleEdge(Scene):
    def construct(self):
        c = Circle(radius=2)
        label = Text("circumference", font_size=36).move_to(c.point_at_angle(0))
        self.play(Create(c), FadeIn(label))
        self.wait(1)
