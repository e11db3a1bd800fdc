from manim import *


class ArrowThroughLabels(Scene):
    def construct(self):
        cause = Text("more heat", font_size=40).shift(LEFT * 2.5)
        effect = Text("faster molecules", font_size=40).shift(RIGHT * 2.5)
        arrow = Arrow(cause.get_left(), effect.get_right(), buff=0)
        self.play(Write(cause), Write(effect))
        self.play(GrowArrow(arrow))
        self.wait(1)
