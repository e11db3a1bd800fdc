from manim import *


class LongTitle(Scene):
    def construct(self):
        title = Text("Why the sum of the angles of every triangle is always one hundred eighty degrees").to_edge(UP)
        self.play(Write(title))
        self.wait(1)
