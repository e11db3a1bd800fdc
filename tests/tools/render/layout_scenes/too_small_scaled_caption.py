from manim import *


class ScaledCaption(Scene):
    def construct(self):
        square = Square(side_length=3)
        caption = Text("side length three").scale(0.15).next_to(square, DOWN)
        self.play(Create(square), FadeIn(caption))
        self.wait(1)
