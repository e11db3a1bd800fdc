from manim import *


class TitleOverAxes(Scene):
    def construct(self):
        axes = Axes(x_range=[0, 5], y_range=[0, 5], x_length=6, y_length=5)
        title = Text("Growth of f(x)", font_size=44).move_to(axes.c2p(2.5, 2.5))
        graph = axes.plot(lambda x: x, color=YELLOW)
        self.play(Create(axes), Create(graph), Write(title))
        self.wait(1)
