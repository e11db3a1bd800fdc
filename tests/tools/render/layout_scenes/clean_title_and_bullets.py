from manim import *


class TitleAndBullets(Scene):
    def construct(self):
        title = Title("Newton's laws")
        bullets = BulletedList("Inertia", "F = ma", "Action and reaction", font_size=40)
        bullets.next_to(title, DOWN, buff=0.6)
        self.play(Write(title))
        self.play(FadeIn(bullets))
        self.wait(1)
