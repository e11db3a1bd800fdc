from manim import *


class PlaneWithLabel(Scene):
    def construct(self):
        plane = NumberPlane()
        label = MathTex(r"(2, 1)").next_to(plane.c2p(2, 1), UR, buff=0.15)
        dot = Dot(plane.c2p(2, 1), color=YELLOW)
        title = Text("The coordinate plane", font_size=36).to_edge(UP)
        title.add_background_rectangle()
        self.play(Create(plane), run_time=1.5)
        self.play(FadeIn(dot), Write(label), Write(title))
        self.wait(1)
