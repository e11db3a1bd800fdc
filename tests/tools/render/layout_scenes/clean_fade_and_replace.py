from manim import *


class FadeThenReplace(Scene):
    def construct(self):
        first = Text("Step one: draw").move_to(UP)
        second = Text("Step two: measure").move_to(UP)
        note = Text("then compare", font_size=32).move_to(UP)
        self.play(Write(first))
        self.wait(0.5)
        self.play(FadeOut(first))
        self.play(FadeIn(second))
        self.wait(0.5)
        self.play(second.animate.set_opacity(0))
        self.play(FadeIn(note))
        self.play(FadeOut(note), FadeIn(first))
        self.play(Transform(first, second.copy().set_opacity(1)))
        self.wait(0.5)
