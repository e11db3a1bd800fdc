from manim import *


class FormulaOverSentence(Scene):
    def construct(self):
        sentence = Text("The area of a circle grows with its radius squared", font_size=30)
        formula = MathTex(r"A = \pi r^2", font_size=60).move_to(sentence.get_center() + UP * 0.1)
        self.play(Write(sentence))
        self.play(Write(formula))
        self.wait(1)
