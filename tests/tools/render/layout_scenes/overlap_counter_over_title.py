from manim import *


class CounterOverTitle(Scene):
    def construct(self):
        title = Text("Counting up", font_size=48)
        n = DecimalNumber(0, num_decimal_places=2, font_size=60)
        self.play(Write(title), FadeIn(n))
        self.play(ChangeDecimalToValue(n, 10), run_time=1.5)
        self.wait(0.5)
