from manim import *


class Boxed(Scene):
    def construct(self):
        eq = MathTex(r"\int_0^1 x\,dx = \frac{1}{2}", font_size=56)
        box = SurroundingRectangle(eq, color=YELLOW)
        note = Text("area under y = x", font_size=30).next_to(box, DOWN)
        self.play(Write(eq))
        self.play(Create(box), FadeIn(note))
        self.wait(1)
