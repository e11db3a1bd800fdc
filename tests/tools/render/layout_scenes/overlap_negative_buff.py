from manim import *


class CrampedList(Scene):
    def construct(self):
        items = VGroup(*[Text(f"Step {i}: do the thing", font_size=36) for i in range(1, 4)])
        items.arrange(DOWN, buff=-0.3)
        self.play(FadeIn(items))
        self.wait(1)
