from manim import *


class ZoomToLabel(MovingCameraScene):
    def construct(self):
        circle = Circle(radius=2, color=BLUE)
        label = Text("radius", font_size=24).next_to(circle.get_right(), RIGHT, buff=0.2)
        title = Text("A circle").to_edge(UP)
        self.play(Create(circle), Write(label), Write(title))
        self.play(self.camera.frame.animate.scale(0.5).move_to(label))
        self.wait(1)
        self.play(self.camera.frame.animate.scale(2).move_to(ORIGIN))
        self.wait(0.5)
