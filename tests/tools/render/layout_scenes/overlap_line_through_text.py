from manim import *


class LineThroughText(Scene):
    def construct(self):
        words = Text("slope of the tangent", font_size=40)
        line = Line(LEFT * 5 + DOWN * 0.5, RIGHT * 5 + UP * 0.5, color=YELLOW)
        self.play(Write(words))
        self.play(Create(line))
        self.wait(1)
