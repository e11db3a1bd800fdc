from manim import *


class BraceLabel(Scene):
    def construct(self):
        line = Line(LEFT * 3, RIGHT * 3)
        brace = Brace(line, DOWN)
        label = brace.get_text("6 units")
        self.play(Create(line), GrowFromCenter(brace), FadeIn(label))
        self.wait(1)
