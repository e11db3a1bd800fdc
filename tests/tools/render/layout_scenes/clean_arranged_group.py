from manim import *


class ArrangedList(Scene):
    def construct(self):
        items = VGroup(
            Text("1. Read the problem", font_size=32),
            Text("2. Draw a picture", font_size=32),
            MathTex(r"3.\ a^2 + b^2 = c^2"),
            Text("4. Check the answer", font_size=32),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        box = SurroundingRectangle(items, buff=0.3)
        numbers = VGroup(*[Integer(n) for n in range(5)]).arrange(RIGHT, buff=0.5).to_edge(DOWN)
        self.play(LaggedStart(*[Write(i) for i in items], lag_ratio=0.3), Create(box))
        self.play(FadeIn(numbers))
        self.wait(1)
