from manim import *


class PlaneCoordinatesAndTransform(Scene):
    def construct(self):
        plane = NumberPlane().add_coordinates()  # its numbers reach the frame edge
        graph = plane.plot(lambda x: 0.25 * x**2 - 3, color=YELLOW)  # runs over its numbers
        five, six = Integer(5).move_to(UL * 2), Integer(6).move_to(UR * 2)
        self.play(Create(plane), Create(graph), FadeIn(five), FadeIn(six))
        self.play(Transform(five, six))  # leaves `five`, shaped like 6, on `six`
        self.wait(1)
