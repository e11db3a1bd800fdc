from manim import *


class TextIntro(Scene):
    def construct(self):
        title = Text("The Pythagorean theorem", font_size=44)
        subtitle = Text("a² + b² = c²", font_size=36, color=YELLOW).next_to(title, DOWN)
        self.play(Write(title))
        self.play(FadeIn(subtitle, shift=UP))
        self.play(title.animate.to_edge(UP), subtitle.animate.scale(1.5))
