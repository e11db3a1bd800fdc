from manim import *


class Line0to10(Scene):
    def construct(self):
        nl = NumberLine(x_range=[0, 10, 1], length=11, include_numbers=True)
        dot = Dot(nl.n2p(3), color=RED)
        label = MathTex("3").next_to(dot, UP)
        self.play(Create(nl), FadeIn(dot), Write(label))
        self.play(dot.animate.move_to(nl.n2p(7)), label.animate.next_to(nl.n2p(7), UP, buff=0.4))
        self.wait(0.5)
