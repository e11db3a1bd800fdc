from manim import *


class LabelOffRight(Scene):
    def construct(self):
        dot = Dot(RIGHT * 5)
        label = Text("the far end of the segment", font_size=36).next_to(dot, RIGHT)
        self.play(FadeIn(dot), Write(label))
        self.wait(1)
