from manim import *


class LabelledShapes(Scene):
    def construct(self):
        square = Square(side_length=2, color=GREEN).shift(LEFT * 3)
        triangle = Triangle(color=RED).scale(1.3).shift(RIGHT * 3)
        arrow = Arrow(LEFT, RIGHT)
        square_label = Text("square", font_size=30).next_to(square, DOWN, buff=0.25)
        triangle_label = Text("triangle", font_size=30).next_to(triangle, DOWN, buff=0.25)
        arrow_label = MathTex(r"\to", r"\text{becomes}").scale(0.7).next_to(arrow, UP, buff=0.1)
        inside = MathTex("A = s^2").move_to(square)
        self.play(Create(square), Create(triangle), GrowArrow(arrow))
        self.play(Write(square_label), Write(triangle_label), Write(arrow_label), Write(inside))
        self.wait(1)
